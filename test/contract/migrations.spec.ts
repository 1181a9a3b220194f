import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ControllerMetaRepository } from '../../src/database/controller-meta.repository';
import { MIGRATIONS } from '../../src/database/migrations';
import { describeEachDatabase } from '../support/databases';

describeEachDatabase('migrations and controller meta', (db) => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await db().open();
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('applies every migration once and records it', async () => {
    const rows: { name: string }[] = await ds.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
  });

  it('is idempotent: reopening applies nothing and keeps data', async () => {
    const repo = new ControllerMetaRepository(ds);
    const id = await repo.instanceId();
    // The embedded database admits one process at a time: a restart closes it first.
    if (db().kind === 'sqlite') await ds.destroy();
    const again = await db().open();
    try {
      expect(await again.showMigrations()).toBe(false);
      expect(await new ControllerMetaRepository(again).instanceId()).toBe(id);
    } finally {
      if (db().kind === 'sqlite') ds = again;
      else await again.destroy();
    }
  });

  it('SQLite: a second opener of a database in use waits, then is refused (one controller per file)', async () => {
    if (db().kind !== 'sqlite') return;
    await ds.query('SELECT 1');
    const started = Date.now();
    await expect(db().open()).rejects.toMatchObject({ message: expect.stringMatching(/database is locked/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    // The first connection is unaffected.
    expect(await new ControllerMetaRepository(ds).instanceId()).toMatch(/\S/);
  }, 20_000);

  it('getOrInit keeps the first value under concurrency', async () => {
    const repo = new ControllerMetaRepository(ds);
    const values = await Promise.all(Array.from({ length: 10 }, (_, i) => repo.getOrInit('race', () => `v${i}`)));
    expect(new Set(values).size).toBe(1);
  });

  it('stores timestamps as epoch milliseconds and reads them back as dates', async () => {
    const repo = new ControllerMetaRepository(ds);
    await repo.getOrInit('stamp', () => 'x');
    const [row] = await ds.query("SELECT updated_at FROM controller_meta WHERE key = 'stamp'");
    expect(Math.abs(Number(row.updated_at) - Date.now())).toBeLessThan(60_000);
  });
});
