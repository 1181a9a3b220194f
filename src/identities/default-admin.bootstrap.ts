import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { APP_CONFIG, ROOT_LOGGER } from '../app.tokens';
import { AuthenticatorsService } from '../authenticators/authenticators.service';
import { Clock } from '../common/clock';
import { randomToken } from '../common/crypto/random';
import type { AppConfig } from '../config/config.schema';
import { TransactionRunner } from '../database/transaction-runner';
import { IdentityRepository } from './identity.repository';
import { newIdentity } from './new-identity';

export const ADMIN_PASSWORD_FILE = 'admin-password';

/** Writes a generated admin password where only the controller's user can read it. */
export function writeAdminPasswordFile(dataDir: string, password: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, ADMIN_PASSWORD_FILE);
  writeFileSync(path, `${password}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/**
 * On first start (no default admin in the database) creates the default admin identity with a
 * username/password authenticator. A generated password goes to a 0600 file; its path is logged, never
 * the password.
 */
@Injectable()
export class DefaultAdminBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly authenticators: AuthenticatorsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.identities.findDefaultAdmin()) return;
    const generated = this.config.adminPassword === undefined;
    const password = this.config.adminPassword ?? randomToken(18);
    if (password.length < 5 || password.length > 100) throw new Error('ZT_ADMIN_PASSWORD must be 5 to 100 characters');
    await this.tx.run(async (m) => {
      const admin = await this.identities.insert(newIdentity({ name: 'Default Admin', type: 'User', isAdmin: true, isDefaultAdmin: true }, this.clock.now()), m);
      await this.authenticators.createUpdb(admin.id, this.config.adminUsername, password, m);
    });
    if (generated) {
      const path = writeAdminPasswordFile(this.config.dataDir, password);
      this.logger.warn({ username: this.config.adminUsername, passwordFile: path }, 'created the default admin with a generated password');
    } else {
      this.logger.info({ username: this.config.adminUsername }, 'created the default admin');
    }
  }
}
