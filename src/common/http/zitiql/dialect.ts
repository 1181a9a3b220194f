import type { TextOp } from './ast';
import type { ZqlDialect, ZqlField } from './field-map';

/** SQLite keeps datetimes as text; this is the canonical form TypeORM writes for a Date. */
const SQLITE_DATETIME = "'%Y-%m-%d %H:%M:%f'";

/**
 * The column side of a comparison.
 * - SQLite datetimes are normalised with strftime: TypeORM writes `YYYY-MM-DD HH:MM:SS.SSS` for a
 *   Date, but a `@CreateDateColumn` filled by the column default `datetime('now')` has no
 *   milliseconds, and plain text comparison would then order `...:05` before `...:05.000`.
 * - PostgreSQL numbers are compared as numeric: an untyped parameter takes the column's type, so
 *   `1.5` against an integer column would otherwise fail with "invalid input syntax" (a 500).
 */
export function columnExpr(field: ZqlField, dialect: ZqlDialect): string {
  if (field.storage === 'epochMs') return field.column;
  if (dialect === 'sqlite' && field.type === 'datetime') return `strftime(${SQLITE_DATETIME}, ${field.column})`;
  if (dialect === 'postgres' && field.type === 'number') return `CAST(${field.column} AS numeric)`;
  return field.column;
}

/**
 * The value bound for a parameter. Booleans stay JS booleans: TypeORM's better-sqlite3 query runner
 * binds every boolean as 1/0. Dates on SQLite are formatted here instead: TypeORM formats a Date bound
 * as `:p` but passes `IN (:...p)` elements through untouched, and better-sqlite3 refuses to bind a
 * Date. The text is the UTC form TypeORM writes for a Date column and strftime above produces.
 */
export function paramValue(value: string | number | boolean | Date, dialect: ZqlDialect, field?: ZqlField): unknown {
  if (field?.storage === 'epochMs' && value instanceof Date) return value.getTime();
  if (dialect === 'sqlite' && value instanceof Date) {
    const iso = value.toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  }
  return value;
}

/**
 * Case-sensitive substring tests with the value as a bound parameter. LIKE is avoided on purpose:
 * SQLite's LIKE ignores ASCII case, and with instr/strpos/substr a `%` or `_` in the value is just a
 * character, so there is no wildcard to escape. `icontains` lowers both sides (SQLite's lower() folds
 * ASCII only). An empty value matches every non-null string, as it should.
 */
export function textExpr(op: TextOp, col: string, p: string, dialect: ZqlDialect): string {
  if (dialect === 'postgres') {
    const v = `CAST(${p} AS text)`;
    switch (op) {
      case 'contains': return `strpos(${col}, ${v}) > 0`;
      case 'icontains': return `strpos(lower(${col}), lower(${v})) > 0`;
      case 'startsWith': return `left(${col}, length(${v})) = ${v}`;
      case 'endsWith': return `right(${col}, length(${v})) = ${v}`;
    }
  }
  switch (op) {
    case 'contains': return `instr(${col}, ${p}) > 0`;
    case 'icontains': return `instr(lower(${col}), lower(${p})) > 0`;
    case 'startsWith': return `substr(${col}, 1, length(${p})) = ${p}`;
    // Not `substr(col, -length(p))`: for an empty p that is substr(col, 0), the whole string, so
    // `endsWith ""` would fail. Counting from the start is right for every length, including a
    // value longer than the column (the start index goes to 0 or below and the lengths differ).
    case 'endsWith': return `substr(${col}, length(${col}) - length(${p}) + 1) = ${p}`;
  }
}
