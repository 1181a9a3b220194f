import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { FastSql } from '../../src/database/fast-sql';
import { sqliteDatabase, type TestDatabase } from '../support/databases';

interface RawSqlite {
  prepare(sql: string): { run(...values: unknown[]): unknown };
}

/** Whether this machine can trace this process's system calls (strace installed, ptrace allowed). */
const tracing = spawnSync('strace', ['-V']).status === 0;

/** Starts strace on this process (every thread), counting fsync/fdatasync calls; resolves once it is attached. */
async function traceSyncs(): Promise<{ stop(): Promise<number> } | string> {
  const dir = mkdtempSync(join(tmpdir(), 'ztc-strace-'));
  const out = join(dir, 'trace.txt');
  const tracer = spawn('strace', ['-f', '-e', 'trace=fsync,fdatasync', '-o', out, '-p', String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<void>((resolve) => tracer.once('exit', () => resolve()));
  const attached = await new Promise<boolean>((resolve) => {
    tracer.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
      if (err.includes('attached')) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  if (!attached) {
    rmSync(dir, { recursive: true, force: true });
    return err.trim() || 'strace exited';
  }
  // Every thread is attached once the last "attached" line is out; give strace a moment to reach them all.
  await new Promise((r) => setTimeout(r, 300));
  return {
    async stop() {
      tracer.kill('SIGINT');
      await exited;
      const calls = readFileSync(out, 'utf8').split('\n').filter((l) => /\b(fsync|fdatasync)\(/.test(l)).length;
      rmSync(dir, { recursive: true, force: true });
      return calls;
    },
  };
}

/** The fsync/fdatasync calls this process makes while `work` runs, or null (with a visible message) when they cannot be traced. */
async function syncsDuring(work: () => Promise<void> | void): Promise<number | null> {
  if (!tracing) {
    console.warn('SKIPPED: strace is not installed, so the syncs of a commit cannot be observed');
    return null;
  }
  const trace = await traceSyncs();
  if (typeof trace === 'string') {
    console.warn(`SKIPPED: strace cannot attach to this process (${trace})`);
    return null;
  }
  await work();
  return trace.stop();
}

describe('SQLite durability', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let insert: { run(...values: unknown[]): unknown };
  const commits = 20;

  beforeAll(async () => {
    db = sqliteDatabase();
    ds = await db.open();
    await ds.query('CREATE TABLE durability_probe (n INTEGER)');
    insert = (ds.driver as unknown as { databaseConnection: RawSqlite }).databaseConnection.prepare('INSERT INTO durability_probe (n) VALUES (?)');
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('syncs the write-ahead log at every commit, so an answered write survives a power loss (synchronous = FULL)', async () => {
    // better-sqlite3 builds SQLite with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1: in WAL mode a commit is then only
    // written, not synced, while PRAGMA synchronous still reads 2. Only the system calls tell them apart.
    const syncs = await syncsDuring(() => {
      for (let i = 0; i < commits; i++) insert.run(i);
    });
    if (syncs !== null) expect(syncs).toBeGreaterThanOrEqual(commits);
  });

  it('does not wait for the disk on a transaction asked not to (the session of a login), and syncs the next commit again', async () => {
    const fast = FastSql.of(ds);
    const relaxed = await syncsDuring(async () => {
      for (let i = 0; i < commits; i++) {
        expect(await fast.transaction([{ sql: 'INSERT INTO durability_probe (n) VALUES (:n)', params: { n: i } }], { syncCommit: false })).toBe(true);
      }
    });
    if (relaxed !== null) expect(relaxed).toBe(0);
    const after = await syncsDuring(() => {
      insert.run(-1);
    });
    if (after !== null) expect(after).toBeGreaterThanOrEqual(1);
  });
});
