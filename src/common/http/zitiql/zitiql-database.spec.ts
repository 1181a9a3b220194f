import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Column, CreateDateColumn, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { paramValue } from './dialect';
import type { ZqlDialect, ZqlFieldMap } from './field-map';
import { buildListQuery, type ListQueryInput } from './list-query';

@Entity({ name: 'zq_item' })
class ZqItemEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar', nullable: true })
  note: string | null;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @CreateDateColumn()
  createdAt: Date;
}

const fields: ZqlFieldMap = {
  id: { column: '"t"."id"', type: 'number' },
  name: { column: '"t"."name"', type: 'string' },
  note: { column: '"t"."note"', type: 'string', nullable: true },
  size: { column: '"t"."size"', type: 'number' },
  enabled: { column: '"t"."enabled"', type: 'boolean' },
  createdAt: { column: '"t"."createdAt"', type: 'datetime' },
};

const ROWS: ZqItemEntity[] = [
  { id: 1, name: 'Alpha', note: 'first', size: 1, enabled: true, createdAt: new Date('2021-01-01T00:00:00.000Z') },
  { id: 2, name: 'alpha', note: null, size: 2, enabled: false, createdAt: new Date('2021-01-02T03:04:05.006Z') },
  { id: 3, name: 'Beta 50%', note: 'x_y', size: 3, enabled: true, createdAt: new Date('2021-06-01T12:00:00.500Z') },
  { id: 4, name: 'gamma', note: '', size: -4, enabled: false, createdAt: new Date('2022-01-01T00:00:00.000Z') },
  { id: 5, name: 'O\'Brien "q"', note: null, size: 10, enabled: true, createdAt: new Date('2020-12-31T23:59:59.999Z') },
];
const ALL = [1, 2, 3, 4, 5];

/** filter -> ids, in id order. Identical on both dialects: that is the point of the compiler. */
const CASES: [string, number[]][] = [
  ['name = "alpha"', [2]],
  ['name != "alpha"', [1, 3, 4, 5]],
  ['name = "O\'Brien \\"q\\""', [5]],
  ['name = ":zq0"', []],
  ['size > 2', [3, 5]],
  ['size >= 2', [2, 3, 5]],
  ['size < 0', [4]],
  ['size <= 1', [1, 4]],
  ['size = 2.5', []],
  ['size < 2.5', [1, 2, 4]],
  ['name contains "lph"', [1, 2]],
  ['name contains "Alp"', [1]],
  ['name icontains "ALP"', [1, 2]],
  ['name not contains "lph"', [3, 4, 5]],
  ['name not icontains "ALPHA"', [3, 4, 5]],
  ['name startsWith "a"', [2]],
  ['name startsWith "A"', [1]],
  ['name not startsWith "A"', [2, 3, 4, 5]],
  ['name endsWith "a"', [1, 2, 4]],
  ['name endsWith "A"', []],
  ['name endsWith "lpha"', [1, 2]],
  ['name endsWith "xalpha"', []],
  ['name endsWith "\\""', [5]],
  ['name contains ""', ALL],
  ['name startsWith ""', ALL],
  ['name endsWith ""', ALL],
  ['name contains "%"', [3]],
  ['name contains "_"', []],
  ['note contains "_"', [3]],
  ['name startsWith "%"', []],
  ['name in ["alpha", "gamma"]', [2, 4]],
  ['name not in ["alpha", "gamma"]', [1, 3, 5]],
  ['name in []', []],
  ['name not in []', ALL],
  ['size in [1, 10, 2.5]', [1, 5]],
  ['enabled in [false]', [2, 4]],
  ['createdAt in [datetime(2021-01-02T03:04:05.006Z), datetime(2022-01-01T01:00:00+01:00)]', [2, 4]],
  ['note = null', [2, 5]],
  ['note != null', [1, 3, 4]],
  ['note = ""', [4]],
  ['note != "first"', [3, 4]],
  ['enabled = true', [1, 3, 5]],
  ['enabled != true', [2, 4]],
  ['enabled = false', [2, 4]],
  ['createdAt = datetime(2021-01-02T03:04:05.006Z)', [2]],
  ['createdAt = datetime(2021-01-02T05:04:05.006+02:00)', [2]],
  ['createdAt > datetime(2021-01-02T03:04:05.006Z)', [3, 4]],
  ['createdAt >= datetime(2021-01-02T03:04:05.006Z)', [2, 3, 4]],
  ['createdAt < datetime(2021-01-01T00:00:00Z)', [5]],
  ['createdAt <= datetime(2021-01-01T00:00:00Z)', [1, 5]],
  ['(enabled = true or size < 0) and not name contains "a"', [5]],
  ['not (size > 1 and size < 10) or id = 3', [1, 3, 4, 5]],
  ['true', ALL],
  ['false', []],
];

/** Values that would break out of a string literal if they were ever concatenated into SQL. */
const INJECTIONS = [
  'name = "x\\" OR 1=1 --"',
  'name = "\'; DROP TABLE zq_item; --"',
  'name = "\' OR \'1\'=\'1"',
  'name contains "\'); DELETE FROM zq_item; --"',
  'note icontains "%\' OR 1=1 --"',
  'name in ["a\') OR (1=1", "\'; DROP TABLE zq_item; --"]',
  'name endsWith "\' OR \'\'=\'"',
];

async function ids(ds: DataSource, dialect: ZqlDialect, input: ListQueryInput): Promise<number[]> {
  const query = buildListQuery(input, fields, dialect);
  const qb = ds.getRepository(ZqItemEntity).createQueryBuilder('t');
  if (query.where) qb.andWhere(query.where.sql, query.where.params);
  for (const { column, direction } of query.order) qb.addOrderBy(column, direction);
  if (query.order.length === 0) qb.addOrderBy('"t"."id"', 'ASC');
  const rows = await qb.limit(query.limit).offset(query.offset).getMany();
  return rows.map((r) => r.id);
}

function rowChecks(dialect: ZqlDialect, source: () => DataSource): void {
  it.each(CASES)('%s', async (filter, expected) => {
    await expect(ids(source(), dialect, { filter })).resolves.toEqual(expected);
  });

  it('sorts and pages with the parameters and with clauses inside the filter', async () => {
    const ds = source();
    await expect(ids(ds, dialect, { sort: 'enabled desc, size asc' })).resolves.toEqual([1, 3, 5, 4, 2]);
    await expect(ids(ds, dialect, { filter: 'sort by size desc limit 2' })).resolves.toEqual([5, 3]);
    await expect(ids(ds, dialect, { filter: 'size > 0 sort by createdAt skip 1 limit 2', limit: 50 })).resolves.toEqual([1, 2]);
    await expect(ids(ds, dialect, { sort: 'createdAt desc', offset: '3', limit: '10' })).resolves.toEqual([1, 5]);
  });

  it('matches nothing for injection attempts and leaves the table intact', async () => {
    const ds = source();
    for (const filter of INJECTIONS) {
      await expect(ids(ds, dialect, { filter })).resolves.toEqual([]);
    }
    await expect(ds.getRepository(ZqItemEntity).count()).resolves.toBe(ROWS.length);
  });
}

describe('ZitiQL on SQLite (better-sqlite3)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [ZqItemEntity], synchronize: true });
    await ds.initialize();
    await ds.getRepository(ZqItemEntity).insert(ROWS);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  rowChecks('sqlite', () => ds);

  it('binds datetimes in the exact text TypeORM stores for a Date', async () => {
    const [{ createdAt }] = await ds.query('SELECT "createdAt" FROM "zq_item" WHERE "id" = 2');
    expect(createdAt).toBe(paramValue(ROWS[1].createdAt, 'sqlite'));
  });

  it('compares datetimes written by the column default, which have no milliseconds', async () => {
    const [{ now }] = await ds.query(`SELECT datetime('now') AS now`);
    expect(now).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await ds.query(`INSERT INTO "zq_item" ("id", "name", "size", "enabled", "createdAt") VALUES (6, 'd', 0, 0, '2023-05-06 07:08:09')`);
    try {
      for (const op of ['=', '>=', '<=']) {
        await expect(ids(ds, 'sqlite', { filter: `createdAt ${op} datetime(2023-05-06T07:08:09Z) and id = 6` })).resolves.toEqual([6]);
      }
      await expect(ids(ds, 'sqlite', { filter: 'createdAt > datetime(2023-05-06T07:08:08.999Z) and id = 6' })).resolves.toEqual([6]);
      await expect(ids(ds, 'sqlite', { filter: 'createdAt in [datetime(2023-05-06T07:08:09Z)]' })).resolves.toEqual([6]);
    } finally {
      await ds.query('DELETE FROM "zq_item" WHERE "id" = 6');
    }
  });

  it('relies on TypeORM for booleans but must format Dates in IN lists itself', async () => {
    const qb = () => ds.getRepository(ZqItemEntity).createQueryBuilder('t');
    await expect(qb().where('"t"."enabled" IN (:...v)', { v: [true] }).getCount()).resolves.toBe(3);
    await expect(qb().where('"t"."enabled" = :v', { v: false }).getCount()).resolves.toBe(2);
    await expect(qb().where('"t"."createdAt" IN (:...v)', { v: [ROWS[1].createdAt] }).getCount()).rejects.toThrow(/bind/);
    await expect(qb().where('"t"."createdAt" = :v', { v: ROWS[1].createdAt }).getCount()).resolves.toBe(1);
  });
});

(process.env.TEST_PG_URL ? describe : describe.skip)('ZitiQL on PostgreSQL', () => {
  const schema = `zq_${randomBytes(6).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: process.env.TEST_PG_URL, schema, entities: [ZqItemEntity], synchronize: false });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.synchronize();
    await ds.getRepository(ZqItemEntity).insert(ROWS);
  });

  afterAll(async () => {
    if (!ds?.isInitialized) return;
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  });

  rowChecks('postgres', () => ds);
});
