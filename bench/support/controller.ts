import { join, resolve } from 'node:path';
import { Child, freePort, sleep } from './child';
import { call, readCa } from './https';
import type { BenchSettings } from './settings';

/** Repository root, from dist/bench/support/. */
export const ROOT = resolve(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const READY_TIMEOUT_MS = 90_000;

export interface RunningController {
  url: string;
  ca: string[];
  child: Child;
}

export interface ControllerDirs {
  /** The temporary directory the run owns (the controller's cwd, so no developer .env is read). */
  cwd: string;
  dataDir: string;
  pkiDir: string;
  adminPassword: string;
}

/** Where the controller keeps its SQLite database for a given ZT_DATA_DIR (its default ZT_DB_URL). */
export const dbFile = (dataDir: string) => join(dataDir, 'ztc.db');

/**
 * Starts `node dist/src/main.js` in its own process, so the load generator never shares its event loop, and
 * waits for GET /version. Inherited ZT_* variables are dropped: the bench decides the whole configuration.
 */
export async function startController(dirs: ControllerDirs, settings: BenchSettings): Promise<RunningController> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZT_')));
  Object.assign(env, {
    ZT_PORT: String(port),
    ZT_HOST: '127.0.0.1',
    ZT_DATA_DIR: dirs.dataDir,
    ZT_PKI_DIR: dirs.pkiDir,
    ZT_ADMIN_USERNAME: 'admin',
    ZT_ADMIN_PASSWORD: dirs.adminPassword,
    ZT_LOG_LEVEL: 'warn',
    // The default (64) would answer 429 under load; the bench measures throughput, not the limiter.
    ZT_AUTH_MAX_IN_FLIGHT: '1000',
    ZT_ARGON2_MEMORY_KIB: String(settings.argon2.memoryKib),
    ZT_ARGON2_ITERATIONS: String(settings.argon2.iterations),
    ZT_ARGON2_PARALLELISM: String(settings.argon2.parallelism),
  });
  const child = Child.start('controller', MAIN, { env, cwd: dirs.cwd });
  const url = `https://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let died = false;
  void child.whenExited().then(() => (died = true));
  for (;;) {
    if (died) throw new Error(`the controller exited during start-up:\n${child.output()}`);
    try {
      // The PKI is created by the first start, so the CA is read only once the controller answers.
      const ca = readCa(dirs.pkiDir);
      const res = await call('GET', `${url}/version`, ca, { timeoutMs: 2000 });
      if (res.status === 200) return { url, ca, child };
    } catch {
      // not listening yet (or PKI not written yet)
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`the controller did not answer GET /version within ${READY_TIMEOUT_MS / 1000}s:\n${child.output()}`);
    }
    await sleep(200);
  }
}
