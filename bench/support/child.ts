import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

const TAIL_BYTES = 8192;

/** A Node child process whose output is kept (last few KB) for error messages, and which we stop by its pid. */
export class Child {
  /** Every child still running, so an interrupted bench leaves none behind. */
  private static readonly live = new Set<Child>();
  private tail = '';
  private exited: Promise<number | null>;
  private code: number | null | undefined;

  private constructor(
    readonly label: string,
    readonly proc: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    Child.live.add(this);
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code) => {
        Child.live.delete(this);
        resolve((this.code = code));
      }),
    );
  }

  static stopAll(graceMs?: number): Promise<void> {
    return Promise.all([...Child.live].map((c) => c.stop(graceMs))).then(() => undefined);
  }

  static start(label: string, entry: string, opts: { env: NodeJS.ProcessEnv; cwd: string }): Child {
    const proc = spawn(process.execPath, [entry], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Child(label, proc);
  }

  get running(): boolean {
    return this.code === undefined;
  }

  output(): string {
    return this.tail.trim();
  }

  /** Resolves with the exit code if the child dies first: lets callers stop waiting on a crashed child. */
  whenExited(): Promise<number | null> {
    return this.exited;
  }

  /** SIGTERM (the controller shuts down gracefully), SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A port that was free a moment ago (the child binds it itself; a collision shows up as a start failure). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
