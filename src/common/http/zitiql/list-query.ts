import { compileSort, compileWhere, type CompiledOrder, type CompiledWhere } from './compile';
import { ZitiQlError } from './errors';
import type { ZqlDialect, ZqlFieldMap } from './field-map';
import { LIMIT_NONE, parseFilter, parseSort } from './parser';

/** The raw list query parameters, as they arrive on the query string. */
export interface ListQueryInput {
  filter?: string;
  sort?: string;
  limit?: string | number;
  offset?: string | number;
}

export interface ListQuery {
  where: CompiledWhere | null;
  order: CompiledOrder[];
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = LIMIT_NONE;
export const MAX_OFFSET = 100_000;

/**
 * Turn list query parameters into a compiled WHERE, ORDER BY and page, with OpenZiti's rules:
 * `sort by` / `skip` / `limit` written inside the filter win over the query parameters, and the page
 * is always bounded (at most 500 rows, offset at most 100000), so no request can ask for everything.
 * An empty order means "none requested"; the caller picks its default.
 */
export function buildListQuery(input: ListQueryInput, fields: ZqlFieldMap, dialect: ZqlDialect): ListQuery {
  const limit = parseInteger(input.limit, 'limit');
  const offset = parseInteger(input.offset, 'offset');
  const parsed = input.filter ? parseFilter(input.filter) : { where: null };
  const sort = parsed.sort ?? (input.sort ? parseSort(input.sort) : []);
  return {
    where: parsed.where ? compileWhere(parsed.where, fields, dialect) : null,
    order: compileSort(sort, fields),
    limit: clampLimit(parsed.limit ?? limit),
    offset: clampOffset(parsed.skip ?? offset),
  };
}

/** Missing, 0 or below -1 means the default page; -1 ("all") and anything above the cap mean the cap. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || limit === 0 || limit < -1) return DEFAULT_LIMIT;
  if (limit === -1 || limit > MAX_LIMIT) return MAX_LIMIT;
  return limit;
}

export function clampOffset(offset: number | undefined): number {
  if (offset === undefined || offset < 0) return 0;
  return Math.min(offset, MAX_OFFSET);
}

/** Like Go's strconv.ParseInt as OpenZiti uses it: an optional sign and digits, nothing else. */
function parseInteger(value: string | number | undefined, name: 'limit' | 'offset'): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new ZitiQlError('pagination', `${name} must be an integer`);
  return n;
}
