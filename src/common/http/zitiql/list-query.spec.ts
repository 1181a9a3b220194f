import { ZitiQlError } from './errors';
import type { ZqlFieldMap } from './field-map';
import { buildListQuery, clampLimit, clampOffset, type ListQueryInput } from './list-query';

const fields: ZqlFieldMap = {
  name: { column: '"i"."name"', type: 'string' },
  createdAt: { column: '"i"."createdAt"', type: 'datetime' },
};
const build = (input: ListQueryInput) => buildListQuery(input, fields, 'sqlite');

function failure(input: ListQueryInput): ZitiQlError {
  try {
    build(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ZitiQlError);
    return err as ZitiQlError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to fail`);
}

describe('buildListQuery: pagination', () => {
  it('defaults to the first page of 10 with no filter and no order', () => {
    expect(build({})).toEqual({ where: null, order: [], limit: 10, offset: 0 });
  });

  it.each([
    [undefined, 10], ['', 10], ['0', 10], [0, 10], ['-2', 10], ['-100', 10], ['-1', 500], [-1, 500],
    ['1', 1], ['+25', 25], [250, 250], ['500', 500], ['501', 500], ['9007199254740991', 500],
  ])('turns limit %j into %d', (limit, expected) => {
    expect(build({ limit }).limit).toBe(expected);
  });

  it.each([
    [undefined, 0], ['', 0], ['0', 0], ['-1', 0], [-50, 0], ['30', 30], ['100000', 100000], ['100001', 100000],
  ])('turns offset %j into %d', (offset, expected) => {
    expect(build({ offset }).offset).toBe(expected);
  });

  it.each([
    { limit: 'ten' }, { limit: '1.5' }, { limit: 1.5 }, { limit: ' 5' }, { limit: '5 ' }, { limit: '0x10' },
    { limit: '1e2' }, { limit: '99999999999999999999' }, { offset: 'abc' }, { offset: Number.NaN }, { offset: '--1' },
  ])('rejects the non-integer pagination %j', (input) => {
    expect(failure(input)).toMatchObject({ kind: 'pagination' });
  });

  it('names the offending parameter', () => {
    expect(failure({ offset: 'x' }).message).toBe('offset must be an integer');
    expect(failure({ limit: 'x' }).message).toBe('limit must be an integer');
  });

  it('exposes the clamping rules for other callers', () => {
    expect([clampLimit(undefined), clampLimit(-1), clampLimit(42), clampLimit(10_000)]).toEqual([10, 500, 42, 500]);
    expect([clampOffset(undefined), clampOffset(-3), clampOffset(7), clampOffset(1e9)]).toEqual([0, 0, 7, 100000]);
  });
});

describe('buildListQuery: filter and sort', () => {
  it('compiles the filter and the sort parameter', () => {
    expect(build({ filter: 'name contains "a"', sort: 'createdAt desc, name' })).toEqual({
      where: { sql: 'instr("i"."name", :zq0) > 0', params: { zq0: 'a' } },
      order: [{ column: '"i"."createdAt"', direction: 'DESC' }, { column: '"i"."name"', direction: 'ASC' }],
      limit: 10,
      offset: 0,
    });
  });

  it('lets sort, skip and limit inside the filter win over the query parameters', () => {
    const query = build({ filter: 'name = "a" sort by name desc skip 40 limit 20', sort: 'createdAt', limit: '5', offset: '3' });
    expect(query).toMatchObject({ order: [{ column: '"i"."name"', direction: 'DESC' }], limit: 20, offset: 40 });
  });

  it('keeps the query parameters for clauses the filter does not have', () => {
    expect(build({ filter: 'limit 7', sort: 'name', offset: '3' })).toEqual({
      where: null, order: [{ column: '"i"."name"', direction: 'ASC' }], limit: 7, offset: 3,
    });
  });

  it('applies the same bounds to clauses inside the filter', () => {
    expect(build({ filter: 'limit none' }).limit).toBe(500);
    expect(build({ filter: 'limit 0' }).limit).toBe(10);
    expect(build({ filter: 'limit 9000 skip 200000' })).toMatchObject({ limit: 500, offset: 100000 });
  });

  it('treats an empty filter as no filter and filter=true as an always-true predicate', () => {
    expect(build({ filter: '' }).where).toBeNull();
    expect(build({ filter: 'true' }).where).toEqual({ sql: '1 = 1', params: {} });
  });

  it('reports each problem with its own kind', () => {
    expect(failure({ filter: 'name =' }).kind).toBe('filter');
    expect(failure({ filter: 'nope = 1' }).kind).toBe('filter');
    expect(failure({ sort: 'name sideways' }).kind).toBe('sort');
    expect(failure({ sort: 'nope' })).toMatchObject({ kind: 'sort', message: 'unknown sort field "nope"' });
    expect(failure({ filter: 'sort by nope' })).toMatchObject({ kind: 'sort', message: 'unknown sort field "nope"' });
  });
});
