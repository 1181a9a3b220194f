import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type ControllerHandle, createController } from '../../src/bootstrap';
import { ManualClock } from '../../src/common/clock';
import { type AppConfig, loadConfig } from '../../src/config/config.schema';
import { HttpsClient } from './https-client';

export interface TestContextOptions {
  env?: Record<string, string>;
  /** Reuse directories (restart tests); otherwise a fresh temp dir. */
  dir?: string;
  clock?: ManualClock;
}

/** Captures every log line the controller writes, so tests can assert on logs (e.g. redaction). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/**
 * A whole controller over real HTTPS on port 0, with its PKI and SQLite database in a temp dir (or the
 * PostgreSQL schema named by env). Tests create what they need through the API, never shared seed data.
 */
export class TestContext {
  readonly logs = new LogCapture();
  handle!: ControllerHandle;
  api!: HttpsClient;
  config!: AppConfig;
  private ownsDir: boolean;
  readonly dir: string;
  readonly clock: ManualClock;

  private constructor(private readonly opts: TestContextOptions) {
    this.ownsDir = opts.dir === undefined;
    this.dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'ztc-e2e-'));
    this.clock = opts.clock ?? new ManualClock(new Date());
  }

  static async start(opts: TestContextOptions = {}): Promise<TestContext> {
    const ctx = new TestContext(opts);
    await ctx.boot();
    return ctx;
  }

  private async boot(): Promise<void> {
    this.config = loadConfig(
      {
        ZT_PORT: '0',
        ZT_DATA_DIR: join(this.dir, 'data'),
        ZT_PKI_DIR: join(this.dir, 'pki'),
        ZT_LOG_LEVEL: 'debug',
        ZT_ADMIN_PASSWORD: 'admin-Passw0rd!',
        ...this.opts.env,
      },
      this.dir,
    );
    this.handle = await createController(this.config, { clock: this.clock, logDestination: this.logs });
    this.api = new HttpsClient(this.handle.url, this.handle.ctx.pki.trustBundlePem);
  }

  /** POST /authenticate?method=password; returns the zt-session token and the whole response. */
  async login(username: string, password: string, api: 'client' | 'management' = 'client') {
    const res = await this.api.post(`/edge/${api}/v1/authenticate?method=password`, { username, password });
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${res.text}`);
    return { token: String(res.headers['zt-session']), res };
  }

  /** A client that carries the given zt-session token. */
  as(token: string): HttpsClient {
    return this.api.withHeaders({ 'zt-session': token });
  }

  /** A client logged in as the bootstrap admin (fully authenticated), made once per context. */
  async admin(): Promise<HttpsClient> {
    if (!this.adminClient) {
      const { token } = await this.login(this.config.adminUsername, this.config.adminPassword as string, 'management');
      this.adminClient = this.as(token);
    }
    return this.adminClient;
  }
  private adminClient?: HttpsClient;

  async restart(): Promise<void> {
    this.adminClient = undefined;
    await this.handle.close();
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.handle?.close();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
