import type { Literal } from './ast';
import { errorAt, quoteInput, type ZitiQlError } from './errors';
import { parseRfc3339, readString } from './literals';

export type TokenKind = 'ident' | 'keyword' | 'literal' | 'symbol' | 'eof';

/**
 * `text` is the field name for `ident`, the lower-cased word for `keyword` (keywords are
 * case-insensitive), the operator or bracket for `symbol`, and the source text for `literal`.
 */
export interface Token {
  kind: TokenKind;
  text: string;
  position: number;
  literal?: Literal;
}

/** Reserved words: none of these can be a field name, which keeps the grammar unambiguous. */
const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'contains', 'icontains', 'startswith', 'endswith', 'true', 'false',
  'null', 'sort', 'by', 'asc', 'desc', 'skip', 'limit', 'none', 'datetime',
]);

/** Longest first, so `>=` is not read as `>` then `=`. */
const SYMBOLS = ['!=', '>=', '<=', '=', '>', '<', '(', ')', '[', ']', ','];

const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD_CHAR = /[A-Za-z0-9_.]/;
const OPEN_PAREN = /\s*\(/y;

/**
 * Split a ZitiQL string into tokens. Anything outside the grammar (`;`, `'`, `--`, `*`, ...) is
 * rejected here with its position, so hostile text never reaches the parser, let alone SQL.
 */
export function tokenize(input: string, kind: ZitiQlError['kind']): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const start = i;
    if (ch === '"') {
      const { value, end } = readString(input, i, kind);
      tokens.push({ kind: 'literal', text: input.slice(start, end), position: start, literal: { type: 'string', value } });
      i = end;
      continue;
    }
    const word = matchAt(WORD, input, i);
    if (word !== null) {
      const lower = word.toLowerCase();
      if (lower === 'datetime' && matchAt(OPEN_PAREN, input, i + word.length) !== null) {
        i = readDatetime(input, i, kind, tokens);
      } else {
        tokens.push(KEYWORDS.has(lower) ? keyword(lower, word, start) : { kind: 'ident', text: word, position: start });
        i += word.length;
      }
      continue;
    }
    const num = matchAt(NUMBER, input, i);
    if (num !== null) {
      i += num.length;
      const value = Number(num);
      // A number glued to letters (`5abc`, `1.2.3`) is a typo, not two tokens. Infinity cannot be a
      // SQL literal (TypeORM inlines numbers on SQLite), so out-of-range numbers are rejected too.
      if ((i < input.length && WORD_CHAR.test(input[i])) || !Number.isFinite(value)) {
        throw errorAt(kind, start, 'invalid number');
      }
      tokens.push({ kind: 'literal', text: num, position: start, literal: { type: 'number', value } });
      continue;
    }
    const symbol = SYMBOLS.find((s) => input.startsWith(s, i));
    if (symbol === undefined) {
      throw errorAt(kind, i, `unexpected character ${quoteInput(ch)}`);
    }
    tokens.push({ kind: 'symbol', text: symbol, position: start });
    i += symbol.length;
  }
  tokens.push({ kind: 'eof', text: '', position: input.length });
  return tokens;
}

function keyword(lower: string, word: string, position: number): Token {
  if (lower === 'true' || lower === 'false') {
    return { kind: 'literal', text: word, position, literal: { type: 'boolean', value: lower === 'true' } };
  }
  if (lower === 'null') return { kind: 'literal', text: word, position, literal: { type: 'null' } };
  return { kind: 'keyword', text: lower, position };
}

/** `datetime(<RFC 3339>)`: the inside is not a quoted string, so it is read here as one token. */
function readDatetime(input: string, start: number, kind: ZitiQlError['kind'], tokens: Token[]): number {
  const open = input.indexOf('(', start);
  const close = input.indexOf(')', open);
  if (close < 0) throw errorAt(kind, start, 'missing ")" after datetime(');
  const body = input.slice(open + 1, close).trim();
  const value = parseRfc3339(body);
  if (value === null) {
    throw errorAt(kind, start, `invalid datetime ${quoteInput(body)}, expected RFC 3339`);
  }
  tokens.push({ kind: 'literal', text: input.slice(start, close + 1), position: start, literal: { type: 'datetime', value } });
  return close + 1;
}

function matchAt(re: RegExp, input: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(input);
  return m ? m[0] : null;
}
