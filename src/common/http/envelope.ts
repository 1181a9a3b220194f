import { isoTime } from './iso-time';

/** The OpenZiti success envelopes (reference §1.1). Controllers return these; nothing else shapes a body. */

export interface Envelope<T> {
  data: T;
  meta: Record<string, unknown>;
}

export interface Pagination {
  limit: number;
  offset: number;
  totalCount: number;
}

export function ok<T>(data: T): Envelope<T> {
  return { data, meta: {} };
}

export function empty(): Envelope<Record<string, never>> {
  return { data: {}, meta: {} };
}

/** 201 body: the new id and a relative link, e.g. `./identities/<id>`. */
export function created(plural: string, id: string): Envelope<{ id: string; _links: { self: { href: string } } }> {
  return { data: { id, _links: { self: { href: `./${plural}/${id}` } } }, meta: {} };
}

export function list<T>(items: T[], pagination: Pagination, filterableFields: string[]): Envelope<T[]> {
  const meta: Record<string, unknown> = { pagination };
  // OpenZiti omits filterableFields when empty (omitempty).
  if (filterableFields.length > 0) meta.filterableFields = filterableFields;
  return { data: items, meta };
}

export function link(href: string): { href: string } {
  return { href };
}

/** RFC 3339 with milliseconds, UTC: what every date on the wire looks like. */
export function rfc3339(d: Date): string;
export function rfc3339(d: Date | null | undefined): string | null;
export function rfc3339(d: Date | null | undefined): string | null {
  return d ? isoTime(d) : null;
}
