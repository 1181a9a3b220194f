import type { Literal } from './ast';
import { errorAt, quoteInput, type ZitiQlError } from './errors';
import type { Token } from './lexer';

/** A read position over a token list, with the small helpers the parser needs and uniform errors. */
export class TokenCursor {
  private index = 0;

  constructor(private readonly tokens: Token[], protected readonly kind: 'filter' | 'sort') {}

  peek(): Token {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  atKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.text === word;
  }

  takeKeyword(word: string): boolean {
    return this.atKeyword(word) ? (this.next(), true) : false;
  }

  takeSymbol(symbol: string): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.text === symbol ? (this.next(), true) : false;
  }

  expectValue(): Literal {
    const token = this.peek();
    if (token.kind !== 'literal' || !token.literal) throw this.unexpected('a value');
    this.next();
    return token.literal;
  }

  expectIdent(what: string): Token {
    if (this.peek().kind !== 'ident') throw this.unexpected(what);
    return this.next();
  }

  /** A plain non-negative integer (no sign, fraction or exponent), as `skip` and `limit` take. */
  expectCount(clause: string): number {
    const token = this.peek();
    const ok = token.kind === 'literal' && /^\d+$/.test(token.text) && Number.isSafeInteger(Number(token.text));
    if (!ok) throw this.unexpected(`a non-negative integer after "${clause}"${clause === 'limit' ? ' (or none)' : ''}`);
    return Number(this.next().text);
  }

  /** "at position N: expected X, found Y": the message names both what was wanted and what was there. */
  unexpected(expected: string): ZitiQlError {
    const token = this.peek();
    const found = token.kind === 'eof' ? `the end of the ${this.kind}` : quoteInput(token.text);
    return this.errorAt(token.position, `expected ${expected}, found ${found}`);
  }

  errorAt(position: number, message: string): ZitiQlError {
    return errorAt(this.kind, position, message);
  }
}
