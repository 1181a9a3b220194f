import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { randomId } from '../../src/common/crypto/random';
import { openDatabase } from '../../src/database/data-source';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  /** A ZT_DB_URL for this database (a temp SQLite file or a PostgreSQL schema of its own). */
  url: string;
  open(): Promise<DataSource>;
  drop(): Promise<void>;
}

export const PG_URL = process.env.TEST_PG_URL;

export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'ztc-db-'));
  const url = join(dir, 'ztc.db');
  return { kind: 'sqlite', url, open: () => openDatabase(url), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh schema per suite, dropped after, so runs never see each other's rows. */
export function postgresDatabase(base = PG_URL as string): TestDatabase {
  const schema = `ztc_t_${randomId(10).toLowerCase()}`;
  const u = new URL(base);
  u.searchParams.set('schema', schema);
  return {
    kind: 'postgres',
    url: u.toString(),
    open: () => openDatabase(u.toString()),
    drop: async () => {
      const admin = new DataSource({ type: 'postgres', url: base });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.destroy();
    },
  };
}

/**
 * Runs a repository contract suite on SQLite always and on PostgreSQL when TEST_PG_URL is set, so both
 * engines are held to the same behaviour.
 */
export function describeEachDatabase(name: string, fn: (db: () => TestDatabase) => void): void {
  describe(`${name} [sqlite]`, () => {
    const db = sqliteDatabase();
    afterAll(() => db.drop());
    fn(() => db);
  });
  if (PG_URL) {
    describe(`${name} [postgres]`, () => {
      const db = postgresDatabase();
      afterAll(() => db.drop());
      fn(() => db);
    });
  } else {
    describe.skip(`${name} [postgres: set TEST_PG_URL to run]`, () => {
      it('skipped', () => undefined);
    });
  }
}
