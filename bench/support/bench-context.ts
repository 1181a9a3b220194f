import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from './argon2';
import { Child } from './child';
import type { BenchClientCert } from './client-certs';
import { type RunningController, dbFile, startController } from './controller';
import type { BenchSigner } from './ext-jwt';
import { seedDatabase } from './seed';
import type { BenchSettings } from './settings';
import type { Throughput } from './types';
import { type BenchUser, HttpError, benchUsers, createUsersViaApi, login } from './users';

/** State shared by the scenarios: the temp dir, the running controllers, the bench users, raw figures. */
export class BenchContext {
  readonly runId = randomBytes(3).toString('hex');
  readonly dir = mkdtempSync(join(tmpdir(), 'ztc-bench-'));
  readonly pkiDir = join(this.dir, 'pki');
  readonly dataDir = join(this.dir, 'data');
  readonly adminPassword = `admin-${randomBytes(9).toString('base64url')}`;
  readonly users: BenchUser[];
  /** Raw measurements by key (e.g. "logins.empty"), for later scenarios and the JSON output. */
  readonly figures: Record<string, Throughput> = {};
  readonly notes: string[] = [];
  /** The ext-jwt scenario's registered signer and one token per bench user, for the loaded-database scenario. */
  extJwt: { signer: BenchSigner; tokens: string[] } | undefined;
  /** The cert-login scenario's client certificates (one per bench user, registered), for the loaded-database scenario. */
  certs: BenchClientCert[] | undefined;
  private primary: RunningController | undefined;
  private phc: Promise<string> | undefined;

  constructor(readonly settings: BenchSettings) {
    this.users = benchUsers(settings.benchUsers, this.runId);
  }

  /** The controller on the run's own data directory. */
  get controller(): RunningController {
    if (!this.primary) throw new Error('the controller is not running');
    return this.primary;
  }

  /** The bench users' password hashed once with the controller's argon2 parameters. */
  passwordHash(): Promise<string> {
    this.phc ??= hashPassword(this.users[0].password, this.settings.argon2);
    return this.phc;
  }

  private launch(dataDir: string): Promise<RunningController> {
    return startController({ cwd: this.dir, dataDir, pkiDir: this.pkiDir, adminPassword: this.adminPassword }, this.settings);
  }

  async start(): Promise<RunningController> {
    this.primary = await this.launch(this.dataDir);
    return this.primary;
  }

  async stop(): Promise<void> {
    await this.primary?.child.stop();
    this.primary = undefined;
  }

  /** Stops the controller, lets `change` edit its database file, starts it again on the same data and PKI. */
  async offline(change: (dbPath: string) => void | Promise<void>): Promise<void> {
    await this.stop();
    await change(dbFile(this.dataDir));
    await this.start();
  }

  /** With the controller stopped: a copy of its data directory (database and any WAL) under a new name. */
  copyData(name: string): string {
    if (this.primary) throw new Error('stop the controller before copying its database');
    const to = join(this.dir, name);
    mkdirSync(to, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) {
      const from = dbFile(this.dataDir) + suffix;
      if (existsSync(from)) copyFileSync(from, dbFile(to) + suffix);
    }
    return to;
  }

  /** A second controller on another data directory (same PKI), stopped by close(). */
  startOther(dataDir: string): Promise<RunningController> {
    return this.launch(dataDir);
  }

  /**
   * Creates the bench users through the management API; while that API is missing (or refuses the bootstrap
   * admin), seeds them into the database instead and says so in the output.
   */
  async prepareUsers(): Promise<void> {
    const { url, ca } = this.controller;
    try {
      await createUsersViaApi(url, ca, this.adminPassword, this.users);
      return;
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      this.notes.push(`bench users seeded into the database: the management API could not create them (${e.message.split('\n')[0]})`);
    }
    const passwordHash = await this.passwordHash();
    const users = this.users;
    await this.offline((file) => {
      seedDatabase(file, { count: users.length, names: (i) => ({ name: `${users[i].username}-seeded`, username: users[i].username }), passwordHash, sessions: false });
    });
  }

  /** A fresh zt-session token per bench user. */
  async tokens(c: RunningController = this.controller): Promise<string[]> {
    const out: string[] = [];
    for (const u of this.users) out.push(await login(c.url, c.ca, u));
    return out;
  }

  /**
   * Stops every child process (controllers shut down gracefully; an interrupted run passes a short grace,
   * since a controller still serving keep-alive load would not finish draining), removes the temp dir.
   */
  async close(graceMs?: number): Promise<void> {
    this.primary = undefined;
    await Child.stopAll(graceMs);
    if (!this.settings.keepTmp) rmSync(this.dir, { recursive: true, force: true });
  }
}
