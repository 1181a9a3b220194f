import { DataSource, EntitySchema, QueryFailedError } from 'typeorm';
import { randomId } from '../common/crypto/random';
import { constraintViolation, uniqueFieldOf } from './constraint-violation';

/**
 * The error shapes are not written by hand: each case really violates a constraint of two tiny tables, on
 * an in-memory SQLite always and on PostgreSQL (a temp schema of its own) when TEST_PG_URL is set.
 */
const Parent = new EntitySchema<{ id: string }>({
  name: 'Parent',
  tableName: 'parents',
  columns: { id: { type: 'varchar', primary: true } },
});
const Widget = new EntitySchema<{ id: string; name: string; parentId: string; slot: number; parent?: { id: string } }>({
  name: 'Widget',
  tableName: 'widgets',
  columns: {
    id: { type: 'varchar', primary: true },
    name: { type: 'varchar' },
    parentId: { type: 'varchar', name: 'parent_id' },
    slot: { type: 'int' },
  },
  uniques: [
    { name: 'uq_widgets_name', columns: ['name'] },
    { name: 'uq_widgets_parent_slot', columns: ['parentId', 'slot'] },
  ],
  relations: {
    parent: { type: 'many-to-one', target: 'Parent', joinColumn: { name: 'parent_id', foreignKeyConstraintName: 'fk_widgets_parent' }, onDelete: 'RESTRICT' },
  },
});

const KEYS = { name: 'name', slot: { columns: ['parent_id', 'slot'], constraint: 'uq_widgets_parent_slot' } } as const;

interface Engine {
  open(): Promise<DataSource>;
  close(ds: DataSource): Promise<void>;
  /** What the driver names for a key: SQLite the columns, PostgreSQL the constraint. */
  names(sqlite: string, pg: string): string;
}

const base = { entities: [Parent, Widget], synchronize: true, logging: false };

const sqlite: Engine = {
  open: () => new DataSource({ ...base, type: 'better-sqlite3', database: ':memory:', prepareDatabase: (db: { pragma(s: string): unknown }) => void db.pragma('foreign_keys = ON') }).initialize(),
  close: (ds) => ds.destroy(),
  names: (s) => s,
};

const PG_URL = process.env.TEST_PG_URL;
const pgSchema = `ztc_t_${randomId(10).toLowerCase()}`;
const postgres: Engine = {
  open: async () => {
    const admin = await new DataSource({ type: 'postgres', url: PG_URL }).initialize();
    await admin.query(`CREATE SCHEMA "${pgSchema}"`);
    await admin.destroy();
    return new DataSource({ ...base, type: 'postgres', url: PG_URL, schema: pgSchema }).initialize();
  },
  close: async (ds) => {
    await ds.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
    await ds.destroy();
  },
  names: (_s, pg) => pg,
};

/** The error `op` rejects with; fails the test when it resolves. */
async function failure(op: () => Promise<unknown>): Promise<unknown> {
  try {
    await op();
  } catch (err) {
    return err;
  }
  throw new Error('expected the write to fail');
}

describe('constraintViolation / uniqueFieldOf on shapes that are not driver errors', () => {
  it.each([undefined, null, 'text', 42, new Error('boom'), { code: 'ENOENT' }, { driverError: null }])('%p is no violation', (err) => {
    expect(constraintViolation(err)).toBeUndefined();
    expect(uniqueFieldOf(err, 'widgets', KEYS)).toBeUndefined();
  });
});

const engines: [string, Engine | undefined][] = [
  ['sqlite', sqlite],
  ['postgres', PG_URL ? postgres : undefined],
];

describe.each(engines)('constraintViolation / uniqueFieldOf [%s]', (kind, engine) => {
  if (!engine) {
    it.skip('set TEST_PG_URL to run', () => undefined);
    return;
  }
  let ds: DataSource;
  const widgets = () => ds.getRepository(Widget);
  beforeAll(async () => {
    ds = await engine.open();
    await ds.getRepository(Parent).insert([{ id: 'p1' }, { id: 'p2' }]);
    await widgets().insert({ id: 'w1', name: 'one', parentId: 'p1', slot: 1 });
  });
  afterAll(() => engine.close(ds));

  it('a duplicate single-column key is a unique violation naming that key', async () => {
    const err = await failure(() => widgets().insert({ id: 'w2', name: 'one', parentId: 'p2', slot: 1 }));
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(constraintViolation(err)).toEqual({ kind: 'unique', names: engine.names('widgets.name', 'uq_widgets_name') });
    expect(uniqueFieldOf(err, 'widgets', KEYS)).toBe('name');
    // The driver's own error reads the same as TypeORM's wrapper.
    expect(uniqueFieldOf((err as QueryFailedError).driverError, 'widgets', KEYS)).toBe('name');
  });

  it('a duplicate composite key names all its columns (SQLite) or its constraint (PostgreSQL)', async () => {
    const err = await failure(() => widgets().insert({ id: 'w2', name: 'two', parentId: 'p1', slot: 1 }));
    expect(constraintViolation(err)).toEqual({ kind: 'unique', names: engine.names('widgets.parent_id, widgets.slot', 'uq_widgets_parent_slot') });
    expect(uniqueFieldOf(err, 'widgets', KEYS)).toBe('slot');
  });

  it('an update into a taken value is reported like an insert', async () => {
    await widgets().insert({ id: 'w3', name: 'three', parentId: 'p2', slot: 3 });
    const err = await failure(() => widgets().update({ id: 'w3' }, { name: 'one' }));
    expect(uniqueFieldOf(err, 'widgets', KEYS)).toBe('name');
  });

  it('a duplicate primary key is a unique violation of no listed key', async () => {
    const err = await failure(() => widgets().insert({ id: 'w1', name: 'other', parentId: 'p2', slot: 9 }));
    expect(constraintViolation(err)?.kind).toBe('unique');
    expect(uniqueFieldOf(err, 'widgets', KEYS)).toBeUndefined();
  });

  it('a constraint named by another prefix is found only with that prefix', async () => {
    const err = await failure(() => widgets().insert({ id: 'w4', name: 'one', parentId: 'p2', slot: 4 }));
    // SQLite names columns, so the prefix only matters on PostgreSQL.
    expect(uniqueFieldOf(err, 'widgets', { name: 'name' }, 'uq_other')).toBe(kind === 'sqlite' ? 'name' : undefined);
    expect(uniqueFieldOf(err, 'widgets', { name: 'name' }, 'uq_widgets')).toBe('name');
  });

  it('a reference to a missing row is a foreign-key violation', async () => {
    const err = await failure(() => widgets().insert({ id: 'w5', name: 'five', parentId: 'nope', slot: 5 }));
    expect(constraintViolation(err)).toEqual({ kind: 'foreign-key', names: engine.names('', 'fk_widgets_parent') });
    expect(uniqueFieldOf(err, 'widgets', KEYS)).toBeUndefined();
  });

  it('deleting a row still referenced (ON DELETE RESTRICT) is a foreign-key violation', async () => {
    const err = await failure(() => ds.getRepository(Parent).delete({ id: 'p1' }));
    expect(constraintViolation(err)).toEqual({ kind: 'foreign-key', names: engine.names('', 'fk_widgets_parent') });
  });

  it('other constraints (NOT NULL) are no violation of either kind', async () => {
    const err = await failure(() => ds.query('INSERT INTO widgets (id, parent_id, slot) VALUES ($1, $2, $3)'.replace(/\$\d/g, kind === 'sqlite' ? '?' : '$&'), ['w6', 'p1', 6]));
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(constraintViolation(err)).toBeUndefined();
  });
});
