import { readFileSync } from 'node:fs';
import { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { passwordRuleViolation } from '../auth-policies/password-rules';
import { AuthenticatorEntity } from '../authenticators/authenticator.entity';
import { ApiSessionEntity } from '../api-sessions/api-session.entity';
import { PasswordHasher } from '../common/crypto/password-hasher';
import { randomToken } from '../common/crypto/random';
import { loadConfig } from '../config/config.schema';
import { openDatabase } from '../database/data-source';
import { writeAdminPasswordFile } from '../identities/default-admin.bootstrap';
import { IdentityEntity } from '../identities/identity.entity';
import { type ParsedArgs, UsageError } from './args';

export const ADMIN_HELP = `Usage: ztc admin reset-password [--password-stdin]

Sets a new password for the default admin, directly in the controller's database (ZT_DB_URL /
ZT_DATA_DIR, as the controller reads them). Meant for a stopped controller. The admin's sessions
end, and a lockout is lifted. With --password-stdin the password is read from standard input;
otherwise one is generated and written to <data dir>/admin-password (mode 0600).`;

export async function adminCommand(args: ParsedArgs, out: (s: string) => void): Promise<number> {
  const [sub] = args.positionals;
  if (args.options.help) {
    out(ADMIN_HELP);
    return 0;
  }
  if (sub !== 'reset-password') throw new UsageError(sub ? `unknown admin command "${sub}"` : 'missing admin command');
  const config = loadConfig();
  // A generated password has upper and lower case, a digit and a special character, so any rule set passes.
  const password = args.options['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : `${randomToken(18)}-aZ9`;
  if (password.length < 5 || password.length > 100) throw new UsageError('the password must be 5 to 100 characters');
  let ds;
  try {
    ds = await openDatabase(config.dbUrl);
  } catch (e) {
    // The controller holds its SQLite file with an exclusive lock while it runs.
    if ((e as { code?: unknown }).code === 'SQLITE_BUSY') {
      out(`ztc: the database ${config.dbUrl} is in use: stop the controller first`);
      return 1;
    }
    throw e;
  }
  try {
    const admin = await ds.getRepository(IdentityEntity).findOneBy({ isDefaultAdmin: true });
    const auth = admin && (await ds.getRepository(AuthenticatorEntity).findOneBy({ identityId: admin.id, method: 'updb' }));
    if (!admin || !auth) {
      out('ztc: no default admin with a password in this database (start the controller once to create it)');
      return 1;
    }
    // The admin's own policy rules apply here as everywhere a password is set.
    const policy = await ds.getRepository(AuthPolicyEntity).findOneByOrFail({ id: admin.authPolicyId });
    const violation = passwordRuleViolation(password, policy);
    if (violation) {
      out(`ztc: the password ${violation} (policy "${policy.name}")`);
      return 2;
    }
    const hash = await new PasswordHasher(config.argon2).hash(password);
    const now = new Date();
    await ds.transaction(async (m) => {
      await m.getRepository(AuthenticatorEntity).update({ id: auth.id }, { passwordHash: hash, updatedAt: now });
      await m.getRepository(IdentityEntity).update({ id: admin.id }, { disabledAt: null, disabledUntil: null, failedAttempts: 0, updatedAt: now });
      await m.getRepository(ApiSessionEntity).delete({ identityId: admin.id });
    });
    if (args.options['password-stdin']) out(`password of ${auth.username} reset`);
    else out(`password of ${auth.username} reset; written to ${writeAdminPasswordFile(config.dataDir, password)}`);
    return 0;
  } finally {
    await ds.destroy();
  }
}
