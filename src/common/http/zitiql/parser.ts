import type { CompareOp, Expr, Literal, ParsedFilter, SortKey, TextOp } from './ast';
import { quoteInput, ZitiQlError } from './errors';
import { tokenize, type Token } from './lexer';
import { TokenCursor } from './token-cursor';

/** Limits keep a hostile filter (or sort) from exhausting the stack or the database's parameter budget. */
export const MAX_FILTER_LENGTH = 8192;
export const MAX_NESTING = 32;
export const MAX_IN_LIST = 1000;

/** "Return everything" is never allowed on the public API: `limit none` means the maximum page. */
export const LIMIT_NONE = 500;

const COMPARE_OPS = new Set<string>(['=', '!=', '>', '>=', '<', '<=']);
const TEXT_OPS: Record<string, TextOp> = {
  contains: 'contains', icontains: 'icontains', startswith: 'startsWith', endswith: 'endsWith',
};
const CLAUSES = ['sort', 'skip', 'limit'] as const;

/** Grammar: `[or-expr] [sort by keys] [skip N] [limit N|none]`, with not > and > or. */
export function parseFilter(input: string): ParsedFilter {
  if (input.length > MAX_FILTER_LENGTH) {
    throw new ZitiQlError('filter', `filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const p = new Parser(tokenize(input, 'filter'), 'filter');
  const where = p.peek().kind === 'eof' || p.atClause() ? null : p.parseOr();
  const result: ParsedFilter = { where };
  p.parseClauses(result);
  p.expectEnd();
  return result;
}

/** The `sort` query parameter: `name asc, createdAt DESC`; direction defaults to asc. */
export function parseSort(input: string): SortKey[] {
  if (input.length > MAX_FILTER_LENGTH) {
    throw new ZitiQlError('sort', `sort is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const p = new Parser(tokenize(input, 'sort'), 'sort');
  const keys = p.peek().kind === 'eof' ? [] : p.parseSortKeys();
  p.expectEnd();
  return keys;
}

class Parser extends TokenCursor {
  private depth = 0;

  atClause(): boolean {
    return CLAUSES.some((c) => this.atKeyword(c));
  }

  parseOr(): Expr {
    let left = this.parseAnd();
    while (this.takeKeyword('or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  parseSortKeys(): SortKey[] {
    const keys: SortKey[] = [];
    do {
      const field = this.expectIdent('a sort field').text;
      const direction = this.takeKeyword('desc') ? 'desc' : (this.takeKeyword('asc'), 'asc');
      keys.push({ field, direction });
    } while (this.takeSymbol(','));
    return keys;
  }

  /** Trailing clauses may come in any order, each at most once. */
  parseClauses(result: ParsedFilter): void {
    while (this.atClause()) {
      const clause = this.next();
      const name = clause.text as (typeof CLAUSES)[number];
      if (result[name] !== undefined) {
        throw this.errorAt(clause.position, `duplicate "${name}" clause`);
      }
      if (name === 'sort') {
        if (!this.takeKeyword('by')) throw this.unexpected('"by" after "sort"');
        result.sort = this.parseSortKeys();
      } else if (name === 'limit' && this.takeKeyword('none')) {
        result.limit = LIMIT_NONE;
      } else {
        result[name] = this.expectCount(name);
      }
    }
  }

  expectEnd(): void {
    if (this.peek().kind === 'eof') return;
    throw this.unexpected(this.kind === 'sort' ? '"," or the end of the sort' : '"and", "or" or the end of the filter');
  }

  private parseAnd(): Expr {
    let left = this.parseUnary();
    while (this.takeKeyword('and')) left = { kind: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (this.takeKeyword('not')) return this.nested(token, () => ({ kind: 'not', operand: this.parseUnary() }));
    if (this.takeSymbol('(')) {
      return this.nested(token, () => {
        const inner = this.parseOr();
        if (!this.takeSymbol(')')) throw this.unexpected(`")" to close the "(" at position ${token.position}`);
        return inner;
      });
    }
    if (token.kind === 'literal' && token.literal?.type === 'boolean') {
      this.next();
      return { kind: 'bool', value: token.literal.value };
    }
    if (token.kind === 'ident') return this.parseCondition(this.next());
    throw this.unexpected('a field name, "(", "not", true or false');
  }

  private parseCondition(field: Token): Expr {
    const base = { field: field.text, position: field.position };
    const op = this.peek();
    if (op.kind === 'symbol' && COMPARE_OPS.has(op.text)) {
      this.next();
      const value = this.expectValue();
      if (value.type === 'null' && op.text !== '=' && op.text !== '!=') {
        throw this.errorAt(op.position, 'null can only be compared with = or !=');
      }
      return { kind: 'compare', ...base, op: op.text as CompareOp, value };
    }
    const negated = this.takeKeyword('not');
    if (this.takeKeyword('in')) return { kind: 'in', ...base, negated, values: this.parseList() };
    const word = this.peek();
    if (word.kind === 'keyword' && Object.hasOwn(TEXT_OPS, word.text)) {
      this.next();
      return { kind: 'text', ...base, op: TEXT_OPS[word.text], negated, value: this.expectValue() };
    }
    throw this.unexpected(negated
      ? '"in", "contains", "icontains", "startsWith" or "endsWith" after "not"'
      : `an operator after ${quoteInput(field.text)}`);
  }

  private parseList(): Literal[] {
    if (!this.takeSymbol('[')) throw this.unexpected('"[" to start the in list');
    const values: Literal[] = [];
    if (this.takeSymbol(']')) return values;
    do {
      const at = this.peek().position;
      const value = this.expectValue();
      if (value.type === 'null') throw this.errorAt(at, 'null is not allowed in an in list; use = null');
      if (values.push(value) > MAX_IN_LIST) throw this.errorAt(at, `in list has more than ${MAX_IN_LIST} values`);
    } while (this.takeSymbol(','));
    if (!this.takeSymbol(']')) throw this.unexpected('"," or "]" in the in list');
    return values;
  }

  /** Count `(` and `not` nesting: recursion depth is bounded, so deep input cannot overflow the stack. */
  private nested(opener: Token, parse: () => Expr): Expr {
    if (++this.depth > MAX_NESTING) {
      throw this.errorAt(opener.position, `filter nests deeper than ${MAX_NESTING} levels`);
    }
    const result = parse();
    this.depth -= 1;
    return result;
  }
}
