import { jest } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from '../../support/test-context';

// Every CLI test runs child processes (~0.6 s each to start); a loaded CI machine needs headroom.
jest.setTimeout(90_000);

const ENTRY = resolve('dist/src/cli/main.js');
/** What the compiled CLI is built from; a change elsewhere in src does not affect the child process. */
const CLI_SOURCES = ['src/cli', 'src/x509'].map((d) => resolve(d));
const LOCK = join(tmpdir(), 'ztc-cli-e2e-build.lock');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = () => !existsSync(ENTRY) || CLI_SOURCES.some((d) => newest(d) > statSync(ENTRY).mtimeMs);

/**
 * Builds dist/ when the CLI's sources are newer than it. Jest runs spec files in parallel workers and
 * `nest build` empties dist/ first, so builds are serialised with a lock directory.
 */
export async function buildCliIfNeeded(): Promise<void> {
  if (!stale()) return;
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (waited > 240_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (stale()) {
      try {
        execFileSync(process.execPath, ['scripts/build-if-needed.js'], { stdio: 'pipe' });
      } catch (e) {
        // tsc still emits when some other part of src has a type error (work in progress elsewhere);
        // what matters here is a fresh CLI, so only fail when none was written.
        if (stale()) throw e;
      }
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/src/cli/main.js ...args` as a child process (asynchronously: the controller lives in this process). */
export function ztc(configDir: string, args: string[], input = '', env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ENTRY, ...args], {
      env: { ...process.env, ZTC_CONFIG_DIR: configDir, ZT_CONTROLLER: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A temp dir for the CLI's config (session file) and files, plus the controller's CA as a PEM file. */
export function cliWorkspace(t: TestContext): { dir: string; caFile: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ztc-cli-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, t.handle.ctx.pki.trustBundlePem.join(''));
  return { dir, caFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A free loopback port: the controller is started on it with a matching advertised address, so the JWT
 * issuer and the server certificate's SAN are an address the CLI can reach.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
