import { ZitiQlError } from './errors';
import { tokenize } from './lexer';
import { parseRfc3339 } from './literals';

const kinds = (input: string) => tokenize(input, 'filter').map((t) => `${t.kind}:${t.text}`);
const literal = (input: string) => tokenize(input, 'filter')[0].literal;

function lexError(input: string): ZitiQlError {
  try {
    tokenize(input, 'filter');
  } catch (err) {
    expect(err).toBeInstanceOf(ZitiQlError);
    return err as ZitiQlError;
  }
  throw new Error(`expected ${input} to fail`);
}

describe('tokenize', () => {
  it('splits identifiers, symbols, keywords and literals with their positions', () => {
    const tokens = tokenize('tags.foo >= 5 AND name != "x"', 'filter');
    expect(tokens.map((t) => [t.kind, t.text, t.position])).toEqual([
      ['ident', 'tags.foo', 0], ['symbol', '>=', 9], ['literal', '5', 12], ['keyword', 'and', 14],
      ['ident', 'name', 18], ['symbol', '!=', 23], ['literal', '"x"', 26], ['eof', '', 29],
    ]);
  });

  it('reads every symbol, longest first', () => {
    expect(kinds('= != > >= < <= ( ) [ ] ,').slice(0, -1)).toEqual(
      ['=', '!=', '>', '>=', '<', '<=', '(', ')', '[', ']', ','].map((s) => `symbol:${s}`),
    );
    expect(kinds('a>=1')).toEqual(['ident:a', 'symbol:>=', 'literal:1', 'eof:']);
  });

  it('lower-cases keywords but keeps identifiers as written', () => {
    expect(kinds('NoT CONTAINS IContains StartsWith ENDSWITH In createdAt _x1')).toEqual([
      'keyword:not', 'keyword:contains', 'keyword:icontains', 'keyword:startswith', 'keyword:endswith',
      'keyword:in', 'ident:createdAt', 'ident:_x1', 'eof:',
    ]);
  });

  it('reads true, false and null as literals in any case', () => {
    expect(literal('TRUE')).toEqual({ type: 'boolean', value: true });
    expect(literal('false')).toEqual({ type: 'boolean', value: false });
    expect(literal('Null')).toEqual({ type: 'null' });
  });

  it.each([
    ['42', 42], ['-7', -7], ['3.25', 3.25], ['-0.5', -0.5], ['.5', 0.5], ['1e3', 1000], ['2.5E-1', 0.25],
  ])('reads the number %s', (text, value) => {
    expect(literal(text)).toEqual({ type: 'number', value });
  });

  it.each(['5abc', '1.2.3', '1e999', '-', '1.'])('rejects the malformed number %s', (text) => {
    expect(lexError(text).kind).toBe('filter');
  });

  it('decodes JSON-style escapes in strings', () => {
    expect(literal(String.raw`"a\"b\\c\/d\n\t\r\b\f\u00e9"`)).toEqual({ type: 'string', value: 'a"b\\c/d\n\t\r\b\f\u00e9' });
    expect(literal('""')).toEqual({ type: 'string', value: '' });
    expect(literal('"it\'s; -- %_"')).toEqual({ type: 'string', value: "it's; -- %_" });
  });

  it('reports bad escapes and unterminated strings with positions', () => {
    expect(lexError(String.raw`name = "a\qb"`)).toMatchObject({ position: 9, message: 'at position 9: invalid escape sequence "\\q"' });
    expect(lexError(String.raw`name = "a\u12"`).position).toBe(9);
    expect(lexError('name = "abc')).toMatchObject({ position: 7, message: 'at position 7: unterminated string' });
    expect(lexError('name = "abc\\"').position).toBe(7);
    expect(lexError('name = "abc\\').position).toBe(7);
  });

  it('reads datetime(...) literals in any case and with inner spaces', () => {
    expect(literal('datetime(2021-01-02T03:04:05Z)')).toEqual({ type: 'datetime', value: new Date('2021-01-02T03:04:05.000Z') });
    expect(literal('DateTime( 2021-01-02T03:04:05.123456+02:00 )')).toEqual({
      type: 'datetime', value: new Date('2021-01-02T01:04:05.123Z'),
    });
    expect(kinds('createdAt < datetime(2021-01-02t03:04:05-01:30) and x = 1')).toEqual([
      'ident:createdAt', 'symbol:<', 'literal:datetime(2021-01-02t03:04:05-01:30)', 'keyword:and',
      'ident:x', 'symbol:=', 'literal:1', 'eof:',
    ]);
  });

  it('rejects malformed datetimes with the literal position', () => {
    expect(lexError('a = datetime(2021-13-01T00:00:00Z)')).toMatchObject({ position: 4 });
    expect(lexError('a = datetime(2021-01-02)').message).toContain('expected RFC 3339');
    expect(lexError('a = datetime(2021-01-02T03:04:05Z').message).toBe('at position 4: missing ")" after datetime(');
  });

  it.each([';', "'", '*', '#', '{', '!', '&', '|', '\\', '`'])('rejects the stray character %s', (ch) => {
    expect(lexError(`name = 1 ${ch}`)).toMatchObject({ kind: 'filter', position: 9 });
  });

  it('tags errors with the kind it is asked for', () => {
    expect(() => tokenize('name;', 'sort')).toThrow(expect.objectContaining({ kind: 'sort', position: 4 }));
  });
});

describe('parseRfc3339', () => {
  it.each([
    ['2021-01-02T03:04:05Z', '2021-01-02T03:04:05.000Z'],
    ['2021-01-02 03:04:05.1Z', '2021-01-02T03:04:05.100Z'],
    ['2021-01-02T03:04:05.987654321z', '2021-01-02T03:04:05.987Z'],
    ['2021-01-02T03:04:05+05:30', '2021-01-01T21:34:05.000Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('parses %s', (text, iso) => {
    expect(parseRfc3339(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2021-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2021-04-31T00:00:00Z', '2021-00-10T00:00:00Z',
    '2021-01-02T24:00:00Z', '2021-01-02T23:60:00Z', '2021-01-02T23:59:60Z', '2021-01-02T03:04:05',
    '2021-01-02T03:04:05+24:00', '21-01-02T03:04:05Z', '2021-01-02T03:04:05.Z', '0000-01-01T00:00:00+01:00',
    '9999-12-31T23:00:00-02:00', 'yesterday',
  ])('rejects %s', (text) => {
    expect(parseRfc3339(text)).toBeNull();
  });
});
