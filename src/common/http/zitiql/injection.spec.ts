import { compileSort, compileWhere } from './compile';
import { ZitiQlError } from './errors';
import type { ZqlDialect, ZqlFieldMap } from './field-map';
import { buildListQuery } from './list-query';
import { parseFilter, parseSort } from './parser';

const fields: ZqlFieldMap = {
  name: { column: '"t"."name"', type: 'string' },
  size: { column: '"t"."size"', type: 'number' },
};
const COLUMNS = /"t"\."(name|size)"/g;
const PLACEHOLDERS = /:(\.\.\.)?zq\d+/g;
const DIALECTS: ZqlDialect[] = ['sqlite', 'postgres'];

/** What is left of the SQL once trusted columns and placeholders are removed must be plain operator text. */
function assertShapeOnly(sql: string, attack: string): void {
  const rest = sql.replace(COLUMNS, 'C').replace(PLACEHOLDERS, 'P');
  expect(rest).toMatch(/^[A-Za-z0-9_ ()<>=!,+-]*$/);
  expect(rest).not.toMatch(/--|;|\/\*|\bOR\s+1\s*=\s*1|\bDROP\b|\bUNION\b/i);
  expect(sql).not.toContain(attack);
}

describe('values cannot change the shape of the query', () => {
  it.each([
    ['name = "x\\" OR 1=1 --"', 'x" OR 1=1 --'],
    ['name = "\'; DROP TABLE t; --"', "'; DROP TABLE t; --"],
    ['name = "\' OR \'1\'=\'1"', "' OR '1'='1"],
    ['name contains "%\' OR 1=1 /*"', "%' OR 1=1 /*"],
    ['name startsWith "\\u0027) UNION SELECT 1 --"', "') UNION SELECT 1 --"],
    ['name endsWith ":zq1"', ':zq1'],
    ['name in ["a\\") OR (1=1", "\\"; DROP TABLE t"]', 'a") OR (1=1'],
  ])('%s is bound as a parameter', (filter, attack) => {
    const { where } = parseFilter(filter);
    for (const dialect of DIALECTS) {
      const { sql, params } = compileWhere(where!, fields, dialect);
      assertShapeOnly(sql, attack);
      expect(JSON.stringify(Object.values(params))).toContain(JSON.stringify(attack).slice(1, -1));
    }
  });

  it('binds numbers as numbers and rejects number-like attacks', () => {
    expect(compileWhere(parseFilter('size = -1').where!, fields, 'sqlite')).toEqual({ sql: '"t"."size" = :zq0', params: { zq0: -1 } });
    for (const filter of ['size = 1; DROP TABLE t', 'size = 1 OR 1=1', 'size = 0x10', 'size = 1e400', 'size = --1']) {
      expect(() => compileWhere(parseFilter(filter).where!, fields, 'sqlite')).toThrow(ZitiQlError);
    }
  });
});

describe('structure-level attacks are syntax errors', () => {
  it.each([
    'name;drop = 1',
    'name) or (1=1',
    'name = "x") or (1=1',
    'name = "x" or 1=1',
    '1 = 1',
    'name = "x" --',
    'name = "x" /* comment */',
    "name = 'x'",
    "name = x' OR '1'='1",
    'name = "unterminated',
    'name = "a" or "b',
    'name in ["a"',
    'name in ["a", "b"',
    '((name = "a")',
    'name = "a"))',
    'name = "a"; DELETE FROM t',
    'name = "a" union select * from t',
    '"name" = "a"',
    'name = "a" sort by name; drop table t',
    'name = "a" sort by (select 1)',
    'name = "a" limit 1; drop table t',
    'name = "a" limit 1 or 1=1',
    'name = "a" skip -1',
    'name = datetime(2021-01-01T00:00:00Z) or 1=1)',
    'name = "\\x27"',
  ])('%j is rejected with a ZitiQlError', (filter) => {
    expect(() => parseFilter(filter)).toThrow(ZitiQlError);
  });

  it.each(['name;drop', 'name--', 'name desc; drop table t', 'name, (select 1)', 'name asc --', '"name"'])(
    'the sort %j is rejected with a sort error',
    (sort) => {
      expect(() => parseSort(sort)).toThrow(expect.objectContaining({ kind: 'sort' }));
    },
  );

  it('dotted and odd field names never reach SQL: they must be in the field map', () => {
    for (const filter of ['name.x = 1', 't.name = "a"', '_ = 1', 'sqlite_master = 1']) {
      expect(() => compileWhere(parseFilter(filter).where!, fields, 'sqlite')).toThrow(
        expect.objectContaining({ kind: 'filter', message: expect.stringMatching(/^unknown field/) }),
      );
    }
    expect(() => compileSort(parseSort('name.x'), fields)).toThrow(expect.objectContaining({ kind: 'sort' }));
  });

  it('pagination values are checked as integers before use', () => {
    for (const limit of ['1; DROP TABLE t', '1 OR 1=1', '10--']) {
      expect(() => buildListQuery({ limit }, fields, 'sqlite')).toThrow(expect.objectContaining({ kind: 'pagination' }));
    }
  });
});
