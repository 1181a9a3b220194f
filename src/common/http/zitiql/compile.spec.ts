import type { Expr } from './ast';
import { compileSort, compileWhere } from './compile';
import { ZitiQlError } from './errors';
import type { ZqlDialect, ZqlFieldMap } from './field-map';
import { parseFilter } from './parser';

const fields: ZqlFieldMap = {
  name: { column: '"t"."name"', type: 'string' },
  note: { column: '"t"."note"', type: 'string', nullable: true },
  size: { column: '"t"."size"', type: 'number' },
  enabled: { column: '"t"."enabled"', type: 'boolean' },
  createdAt: { column: '"t"."createdAt"', type: 'datetime' },
};

function compile(filter: string, dialect: ZqlDialect = 'sqlite', prefix?: string) {
  const { where } = parseFilter(filter);
  if (!where) throw new Error('no predicate');
  return compileWhere(where, fields, dialect, prefix);
}

function compileFailure(filter: string, dialect: ZqlDialect = 'sqlite'): ZitiQlError {
  try {
    compile(filter, dialect);
  } catch (err) {
    expect(err).toBeInstanceOf(ZitiQlError);
    return err as ZitiQlError;
  }
  throw new Error(`expected ${filter} to fail`);
}

const SQLITE_TS = `strftime('%Y-%m-%d %H:%M:%f', "t"."createdAt")`;
const JAN2 = new Date('2021-01-02T03:04:05.006Z');

describe('compileWhere: comparisons', () => {
  it.each([
    ['=', '='], ['!=', '<>'], ['>', '>'], ['>=', '>='], ['<', '<'], ['<=', '<='],
  ])('compiles %s on strings to a bound parameter on both dialects', (op, sqlOp) => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      expect(compile(`name ${op} "a"`, dialect)).toEqual({ sql: `"t"."name" ${sqlOp} :zq0`, params: { zq0: 'a' } });
    }
  });

  it('compiles numbers, casting the column to numeric on postgres', () => {
    expect(compile('size >= -1.5', 'sqlite')).toEqual({ sql: '"t"."size" >= :zq0', params: { zq0: -1.5 } });
    expect(compile('size >= -1.5', 'postgres')).toEqual({ sql: 'CAST("t"."size" AS numeric) >= :zq0', params: { zq0: -1.5 } });
  });

  it('binds booleans as booleans (TypeORM turns them into 1/0 for sqlite)', () => {
    expect(compile('enabled = true', 'sqlite')).toEqual({ sql: '"t"."enabled" = :zq0', params: { zq0: true } });
    expect(compile('enabled != false', 'postgres')).toEqual({ sql: '"t"."enabled" <> :zq0', params: { zq0: false } });
  });

  it('compares datetimes in canonical UTC text on sqlite and as Date parameters on postgres', () => {
    expect(compile('createdAt < datetime(2021-01-02T05:04:05.006+02:00)', 'sqlite')).toEqual({
      sql: `${SQLITE_TS} < :zq0`, params: { zq0: '2021-01-02 03:04:05.006' },
    });
    expect(compile('createdAt < datetime(2021-01-02T03:04:05.006Z)', 'postgres')).toEqual({
      sql: '"t"."createdAt" < :zq0', params: { zq0: JAN2 },
    });
  });

  it('compiles = null and != null to IS [NOT] NULL without parameters', () => {
    expect(compile('note = null')).toEqual({ sql: '"t"."note" IS NULL', params: {} });
    expect(compile('createdAt != NULL', 'postgres')).toEqual({ sql: '"t"."createdAt" IS NOT NULL', params: {} });
  });
});

describe('compileWhere: text operators', () => {
  it.each([
    ['contains', 'instr("t"."name", :zq0) > 0'],
    ['icontains', 'instr(lower("t"."name"), lower(:zq0)) > 0'],
    ['startsWith', 'substr("t"."name", 1, length(:zq0)) = :zq0'],
    ['endsWith', 'substr("t"."name", length("t"."name") - length(:zq0) + 1) = :zq0'],
  ])('compiles %s on sqlite without LIKE', (op, sql) => {
    expect(compile(`name ${op} "50%_x"`, 'sqlite')).toEqual({ sql, params: { zq0: '50%_x' } });
    expect(compile(`name not ${op} "x"`, 'sqlite')).toEqual({ sql: `NOT (${sql})`, params: { zq0: 'x' } });
  });

  it.each([
    ['contains', 'strpos("t"."name", CAST(:zq0 AS text)) > 0'],
    ['icontains', 'strpos(lower("t"."name"), lower(CAST(:zq0 AS text))) > 0'],
    ['startsWith', 'left("t"."name", length(CAST(:zq0 AS text))) = CAST(:zq0 AS text)'],
    ['endsWith', 'right("t"."name", length(CAST(:zq0 AS text))) = CAST(:zq0 AS text)'],
  ])('compiles %s on postgres without LIKE', (op, sql) => {
    expect(compile(`name ${op} "x"`, 'postgres')).toEqual({ sql, params: { zq0: 'x' } });
    expect(compile(`name NOT ${op} "x"`, 'postgres')).toEqual({ sql: `NOT (${sql})`, params: { zq0: 'x' } });
  });
});

describe('compileWhere: in lists', () => {
  it('uses TypeORM spread parameters', () => {
    expect(compile('name in ["a", "b"]')).toEqual({ sql: '"t"."name" IN (:...zq0)', params: { zq0: ['a', 'b'] } });
    expect(compile('size not in [1, 2]', 'postgres')).toEqual({
      sql: 'CAST("t"."size" AS numeric) NOT IN (:...zq0)', params: { zq0: [1, 2] },
    });
  });

  it('formats datetimes inside sqlite lists, which TypeORM leaves untouched', () => {
    expect(compile('enabled in [true, false]').params).toEqual({ zq0: [true, false] });
    expect(compile('createdAt in [datetime(2021-01-02T03:04:05.006Z)]')).toEqual({
      sql: `${SQLITE_TS} IN (:...zq0)`, params: { zq0: ['2021-01-02 03:04:05.006'] },
    });
    expect(compile('createdAt in [datetime(2021-01-02T03:04:05.006Z)]', 'postgres').params).toEqual({ zq0: [JAN2] });
  });

  it('turns empty lists into constants, since IN () is not valid SQL', () => {
    expect(compile('name in []')).toEqual({ sql: '1 = 0', params: {} });
    expect(compile('name not in []', 'postgres')).toEqual({ sql: '1 = 1', params: {} });
  });
});

describe('compileWhere: structure and parameters', () => {
  it('parenthesises every compound and numbers parameters in order', () => {
    expect(compile('name = "a" or not (size > 1 and enabled = true)')).toEqual({
      sql: '("t"."name" = :zq0 OR NOT (("t"."size" > :zq1 AND "t"."enabled" = :zq2)))',
      params: { zq0: 'a', zq1: 1, zq2: true },
    });
  });

  it('compiles constants', () => {
    expect(compile('true')).toEqual({ sql: '1 = 1', params: {} });
    expect(compile('false or name = "x"')).toEqual({ sql: '(1 = 0 OR "t"."name" = :zq0)', params: { zq0: 'x' } });
  });

  it('uses the given parameter prefix so two filters can share one query', () => {
    expect(compile('name = "a" and size in [1]', 'sqlite', 'f2_')).toEqual({
      sql: '("t"."name" = :f2_0 AND "t"."size" IN (:...f2_1))', params: { f2_0: 'a', f2_1: [1] },
    });
  });

  it('numbers past ten without ambiguity', () => {
    const filter = Array.from({ length: 12 }, (_, i) => `size = ${i}`).join(' or ');
    const { sql, params } = compile(filter);
    expect(sql.match(/:zq\d+/g)).toEqual(Array.from({ length: 12 }, (_, i) => `:zq${i}`));
    expect(params.zq11).toBe(11);
  });

  it.each(['', '1zq', 'zq;', 'zq-1', 'a b', ':zq'])('refuses the programmer error of prefix %j', (prefix) => {
    const expr: Expr = { kind: 'bool', value: true };
    expect(() => compileWhere(expr, fields, 'sqlite', prefix)).toThrow(TypeError);
  });
});

describe('compileWhere: errors', () => {
  it('rejects unknown fields, including Object.prototype names and tags', () => {
    for (const field of ['nope', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'tags.foo']) {
      expect(compileFailure(`size = 1 or ${field} = 1`)).toMatchObject({ kind: 'filter', message: `unknown field "${field}"`, position: 12 });
    }
    expect(compileFailure('name in [] and nope in []').message).toBe('unknown field "nope"');
  });

  it.each([
    ['name > true', 'field "name" is a string and cannot be compared with a boolean'],
    ['size = "1"', 'field "size" is a number and cannot be compared with a string'],
    ['createdAt > "2021-01-01"', 'field "createdAt" is a datetime and cannot be compared with a string'],
    ['enabled = 1', 'field "enabled" is a boolean and cannot be compared with a number'],
    ['size in [1, "2"]', 'field "size" is a number and cannot be compared with a string'],
    ['enabled > false', 'boolean field "enabled" only supports = and !='],
    ['size contains "1"', 'contains needs a string field and a string value (field "size")'],
    ['name icontains 1', 'icontains needs a string field and a string value (field "name")'],
    ['createdAt startsWith "2021"', 'startsWith needs a string field and a string value (field "createdAt")'],
  ])('rejects the type mismatch %j', (filter, message) => {
    expect(compileFailure(filter)).toMatchObject({ kind: 'filter', message, position: 0 });
  });
});

describe('compileSort', () => {
  it('maps wire names to columns and directions', () => {
    expect(compileSort([{ field: 'name', direction: 'asc' }, { field: 'createdAt', direction: 'desc' }], fields)).toEqual([
      { column: '"t"."name"', direction: 'ASC' }, { column: '"t"."createdAt"', direction: 'DESC' },
    ]);
    expect(compileSort([], fields)).toEqual([]);
  });

  it.each(['nope', 'constructor', '__proto__'])('rejects the unknown sort field %j', (field) => {
    expect(() => compileSort([{ field, direction: 'asc' }], fields)).toThrow(
      expect.objectContaining({ kind: 'sort', message: `unknown sort field "${field}"` }),
    );
  });
});

describe('compileWhere: hand-built trees', () => {
  it.each([Number.NaN, Infinity, -Infinity])('refuses the non-finite number %p, which TypeORM would inline on sqlite', (value) => {
    const expr: Expr = { kind: 'compare', field: 'size', op: '=', value: { type: 'number', value }, position: 0 };
    expect(() => compileWhere(expr, fields, 'sqlite')).toThrow(
      expect.objectContaining({ kind: 'filter', message: 'field "size" cannot be compared with a non-finite number' }),
    );
  });
});
