import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

/**
 * Timestamps are stored as epoch milliseconds in a BIGINT on both SQLite and PostgreSQL. That avoids the
 * time-zone guessing of `timestamp without time zone`, sorts and compares the same on both engines, and lets
 * filters bind plain numbers. (PostgreSQL returns BIGINT as a string, hence Number().)
 */
export const epochMs: ValueTransformer = {
  to: (v: Date | null | undefined) => (v instanceof Date ? v.getTime() : v),
  from: (v: string | number | null) => (v === null || v === undefined ? v : new Date(Number(v))),
};

export function DateColumn(options: Pick<ColumnOptions, 'nullable' | 'name'> = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: epochMs, ...options });
}

/** JSON documents (tags, appData, envInfo...) as text on both engines. */
export function JsonColumn(options: Pick<ColumnOptions, 'nullable' | 'name'> = {}): PropertyDecorator {
  return Column({ type: 'simple-json', ...options });
}

/** A JSON object column's value. (`any` values: TypeORM's partial-update types reject `unknown`.) */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = Record<string, any>;
