import type { Expr } from './ast';
import { ZitiQlError } from './errors';
import { MAX_IN_LIST, MAX_NESTING, parseFilter, parseSort } from './parser';

const where = (input: string) => parseFilter(input).where;
const cmp = (field: string, op: string, value: unknown, position = 0) => ({
  kind: 'compare', field, op, value, position,
});
const str = (value: string) => ({ type: 'string', value });
const num = (value: number) => ({ type: 'number', value });

/** A compact rendering that makes precedence visible: (a=1 AND (NOT b=2)). */
function show(e: Expr | null): string {
  if (e === null) return 'null';
  switch (e.kind) {
    case 'bool': return String(e.value);
    case 'and': case 'or': return `(${show(e.left)} ${e.kind.toUpperCase()} ${show(e.right)})`;
    case 'not': return `(NOT ${show(e.operand)})`;
    case 'compare': return `${e.field}${e.op}${e.value.type === 'null' ? 'null' : String(e.value.value)}`;
    case 'text': return `${e.field}${e.negated ? ' not' : ''} ${e.op}`;
    case 'in': return `${e.field}${e.negated ? ' not' : ''} in ${e.values.length}`;
  }
}

function failure(input: string, parse: (s: string) => unknown = parseFilter): ZitiQlError {
  try {
    parse(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ZitiQlError);
    return err as ZitiQlError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to fail`);
}

describe('parseFilter: conditions', () => {
  it.each(['=', '!=', '>', '>=', '<', '<='])('parses the %s comparison', (op) => {
    expect(where(`age ${op} 3`)).toEqual(cmp('age', op, num(3)));
  });

  it('keeps the field position for later errors', () => {
    expect(where('  name = "x"')).toEqual(cmp('name', '=', str('x'), 2));
  });

  it('parses every literal type on the right-hand side', () => {
    expect(where('a = true')).toEqual(cmp('a', '=', { type: 'boolean', value: true }));
    expect(where('a = -2.5')).toEqual(cmp('a', '=', num(-2.5)));
    expect(where('a != NULL')).toEqual(cmp('a', '!=', { type: 'null' }));
    expect(where('a >= datetime(2021-01-02T03:04:05Z)')).toEqual(
      cmp('a', '>=', { type: 'datetime', value: new Date('2021-01-02T03:04:05Z') }),
    );
  });

  it.each([
    ['contains', 'contains'], ['ICONTAINS', 'icontains'], ['startsWith', 'startsWith'], ['endswith', 'endsWith'],
  ])('parses %s and its negation', (word, op) => {
    expect(where(`name ${word} "x"`)).toEqual({ kind: 'text', field: 'name', op, negated: false, value: str('x'), position: 0 });
    expect(where(`name NOT ${word} "x"`)).toMatchObject({ kind: 'text', op, negated: true });
  });

  it('parses in and not in lists, including the empty list', () => {
    expect(where('id in ["a", "b"]')).toEqual({ kind: 'in', field: 'id', negated: false, values: [str('a'), str('b')], position: 0 });
    expect(where('n not in [1,2 , 3]')).toEqual({ kind: 'in', field: 'n', negated: true, values: [num(1), num(2), num(3)], position: 0 });
    expect(where('id IN []')).toMatchObject({ kind: 'in', values: [] });
  });

  it('accepts a lone true or false as the whole filter', () => {
    expect(parseFilter('true')).toEqual({ where: { kind: 'bool', value: true } });
    expect(parseFilter(' FALSE ')).toEqual({ where: { kind: 'bool', value: false } });
  });

  it('returns no predicate for an empty or blank filter', () => {
    expect(parseFilter('')).toEqual({ where: null });
    expect(parseFilter(' \t\n')).toEqual({ where: null });
  });
});

describe('parseFilter: boolean structure', () => {
  it('binds not tighter than and, and and tighter than or', () => {
    expect(show(where('a = 1 or b = 2 and not c = 3'))).toBe('(a=1 OR (b=2 AND (NOT c=3)))');
    expect(show(where('not a = 1 and b = 2'))).toBe('((NOT a=1) AND b=2)');
  });

  it('associates and/or to the left', () => {
    expect(show(where('a = 1 and b = 2 and c = 3'))).toBe('((a=1 AND b=2) AND c=3)');
    expect(show(where('a = 1 OR b = 2 Or c = 3'))).toBe('((a=1 OR b=2) OR c=3)');
  });

  it('lets parentheses override precedence', () => {
    expect(show(where('(a = 1 or b = 2) and c = 3'))).toBe('((a=1 OR b=2) AND c=3)');
    expect(show(where('not (a = 1 or ((b = 2)))'))).toBe('(NOT (a=1 OR b=2))');
    expect(show(where('not not a = 1'))).toBe('(NOT (NOT a=1))');
  });

  it('mixes constants with conditions', () => {
    expect(show(where('true and (false or name contains "x")'))).toBe('(true AND (false OR name contains))');
  });
});

describe('parseFilter: trailing clauses', () => {
  it('parses sort by, skip and limit after a predicate', () => {
    expect(parseFilter('name = "x" sort by name asc, createdAt DESC, id skip 20 limit 5')).toEqual({
      where: cmp('name', '=', str('x')),
      sort: [{ field: 'name', direction: 'asc' }, { field: 'createdAt', direction: 'desc' }, { field: 'id', direction: 'asc' }],
      skip: 20,
      limit: 5,
    });
  });

  it('accepts the clauses alone, in any order and in any case', () => {
    expect(parseFilter('LIMIT 3 SKIP 1')).toEqual({ where: null, limit: 3, skip: 1 });
    expect(parseFilter('Sort By name')).toEqual({ where: null, sort: [{ field: 'name', direction: 'asc' }] });
    expect(parseFilter('true limit 0')).toEqual({ where: { kind: 'bool', value: true }, limit: 0 });
  });

  it('reads limit none as the maximum page of 500', () => {
    expect(parseFilter('a = 1 limit none').limit).toBe(500);
  });

  it.each([
    ['limit -1', 'at position 6: expected a non-negative integer after "limit" (or none), found "-1"', 6],
    ['skip 1.5', 'at position 5: expected a non-negative integer after "skip", found "1.5"', 5],
    ['skip', 'at position 4: expected a non-negative integer after "skip", found the end of the filter', 4],
    ['limit 1 limit 2', 'at position 8: duplicate "limit" clause', 8],
    ['sort name', 'at position 5: expected "by" after "sort", found "name"', 5],
    ['sort by', 'at position 7: expected a sort field, found the end of the filter', 7],
    ['sort by name up', 'at position 13: expected "and", "or" or the end of the filter, found "up"', 13],
    ['limit 5 a = 1', 'at position 8: expected "and", "or" or the end of the filter, found "a"', 8],
  ])('rejects %j', (input, message, position) => {
    expect(failure(input)).toMatchObject({ kind: 'filter', message, position });
  });
});

describe('parseFilter: syntax errors', () => {
  it.each([
    ['name', 'at position 4: expected an operator after "name", found the end of the filter', 4],
    ['name = ', 'at position 7: expected a value, found the end of the filter', 7],
    ['name == "x"', 'at position 6: expected a value, found "="', 6],
    ['name = x', 'at position 7: expected a value, found "x"', 7],
    ['= 1', 'at position 0: expected a field name, "(", "not", true or false, found "="', 0],
    ['a = 1 and', 'at position 9: expected a field name, "(", "not", true or false, found the end of the filter', 9],
    ['a = 1 b = 2', 'at position 6: expected "and", "or" or the end of the filter, found "b"', 6],
    ['(a = 1', 'at position 6: expected ")" to close the "(" at position 0, found the end of the filter', 6],
    ['a = 1)', 'at position 5: expected "and", "or" or the end of the filter, found ")"', 5],
    ['a not = 1', 'at position 6: expected "in", "contains", "icontains", "startsWith" or "endsWith" after "not", found "="', 6],
    ['a in "x"', 'at position 5: expected "[" to start the in list, found "\\"x\\""', 5],
    ['a in [1, 2', 'at position 10: expected "," or "]" in the in list, found the end of the filter', 10],
    ['a in [1,]', 'at position 8: expected a value, found "]"', 8],
    ['a in [null]', 'at position 6: null is not allowed in an in list; use = null', 6],
    ['a > null', 'at position 2: null can only be compared with = or !=', 2],
    ['a contains null and in = 1', 'at position 20: expected a field name, "(", "not", true or false, found "in"', 20],
    ['limit = 5', 'at position 6: expected a non-negative integer after "limit" (or none), found "="', 6],
    ['datetime = 1', 'at position 0: expected a field name, "(", "not", true or false, found "datetime"', 0],
  ])('rejects %j', (input, message, position) => {
    expect(failure(input)).toMatchObject({ kind: 'filter', message, position });
  });

  it('bounds nesting so deep input cannot overflow the stack', () => {
    const ok = `${'('.repeat(MAX_NESTING)}a = 1${')'.repeat(MAX_NESTING)}`;
    expect(show(where(ok))).toBe('a=1');
    expect(failure(`${'('.repeat(MAX_NESTING + 1)}a = 1${')'.repeat(MAX_NESTING + 1)}`).message).toMatch(/nests deeper/);
    expect(failure(`${'not '.repeat(1000)}a = 1`).message).toMatch(/nests deeper/);
  });

  it('bounds the in list and the filter length', () => {
    expect(where(`a in [${Array(MAX_IN_LIST).fill('1').join(',')}]`)).toMatchObject({ kind: 'in' });
    expect(failure(`a in [${Array(MAX_IN_LIST + 1).fill('1').join(',')}]`).message).toBe(`at position ${6 + 2 * MAX_IN_LIST}: in list has more than ${MAX_IN_LIST} values`);
    expect(failure(`a = "${'x'.repeat(9000)}"`).message).toBe('filter is longer than 8192 characters');
  });
});

describe('parseSort', () => {
  it('parses keys with optional, case-insensitive directions', () => {
    expect(parseSort('name asc, createdAt DESC,id')).toEqual([
      { field: 'name', direction: 'asc' }, { field: 'createdAt', direction: 'desc' }, { field: 'id', direction: 'asc' },
    ]);
    expect(parseSort('  ')).toEqual([]);
  });

  it.each([
    ['name ascending', 'at position 5: expected "," or the end of the sort, found "ascending"', 5],
    ['name,', 'at position 5: expected a sort field, found the end of the sort', 5],
    ['"name"', 'at position 0: expected a sort field, found "\\"name\\""', 0],
    ['name; drop', 'at position 4: unexpected character ";"', 4],
    ['sort by name', 'at position 0: expected a sort field, found "sort"', 0],
  ])('rejects %j as a sort error', (input, message, position) => {
    expect(failure(input, parseSort)).toMatchObject({ kind: 'sort', message, position });
  });
});

describe('input size', () => {
  it('bounds the sort length like the filter length', () => {
    expect(parseSort('name,'.repeat(1000).slice(0, -1))).toHaveLength(1000);
    expect(failure('name,'.repeat(2000), parseSort)).toMatchObject({ kind: 'sort', message: 'sort is longer than 8192 characters' });
  });
});
