import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type DbKind = 'sqlite' | 'postgres';

export function dbKind(dbUrl: string): DbKind {
  return /^postgres(ql)?:\/\//.test(dbUrl) ? 'postgres' : 'sqlite';
}

/**
 * One set of entities and migrations for both engines. `?schema=name` on a PostgreSQL URL puts every table
 * in that schema (tests use it to run in isolation); it is applied through search_path so raw migration SQL
 * needs no qualification.
 */
export function dataSourceOptions(dbUrl: string): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (dbKind(dbUrl) === 'postgres') {
    const url = new URL(dbUrl);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}" in the database URL`);
    return {
      ...common,
      type: 'postgres',
      url: url.toString(),
      schema,
      extra: { max: 20, ...(schema ? { options: `-c search_path=${schema}` } : {}) },
    };
  }
  if (dbUrl !== ':memory:') mkdirSync(dirname(dbUrl), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: dbUrl,
    // The embedded database belongs to one controller process (replicas share PostgreSQL): an exclusive
    // lock, taken before WAL is first used, keeps a second process out and spares every statement the
    // file-lock and shared-memory system calls of a shared database. WAL lets readers proceed during a
    // write; busy_timeout makes a second opener wait, then fail with "database is locked".
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('busy_timeout = 5000');
      if (dbUrl !== ':memory:') {
        db.pragma('locking_mode = EXCLUSIVE');
        db.pragma('journal_mode = WAL');
        // Set, not left to the default: better-sqlite3 builds SQLite with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1,
        // so in WAL mode a commit would be written but not synced (a login answered, an identity disabled,
        // an enrollment token used, then lost with the power), while PRAGMA synchronous still reads 2.
        // test/contract/durability.spec.ts counts the syncs.
        db.pragma('synchronous = FULL');
      }
      db.pragma('foreign_keys = ON');
    },
  };
}

/** Opens the database and applies pending migrations (the only way the schema changes). */
export async function openDatabase(dbUrl: string): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(dbUrl));
  await ds.initialize();
  if (dbKind(dbUrl) === 'postgres') {
    const schema = (ds.options as { schema?: string }).schema;
    if (schema) await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  }
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
