/**
 * Reads unique and foreign-key violations out of driver errors (better-sqlite3 and pg), so repositories can
 * let the table's constraints decide clashes and turn the verdict into a result. Pure: no I/O, no TypeORM.
 */

export interface ConstraintViolation {
  kind: 'unique' | 'foreign-key';
  /**
   * What the driver names: SQLite the columns (`identities.name`; `t.a, t.b` for a composite key), PostgreSQL
   * the constraint (`uq_identities_name`). Empty when the driver names nothing (SQLite foreign keys).
   */
  names: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The violation behind `err` (a TypeORM `QueryFailedError`, or the raw driver error), or undefined. */
export function constraintViolation(err: unknown): ConstraintViolation | undefined {
  // TypeORM wraps the driver's error in QueryFailedError.driverError.
  const e = ((err as { driverError?: unknown } | null | undefined)?.driverError ?? err) as { code?: unknown; message?: unknown; constraint?: unknown } | null | undefined;
  const code = str(e?.code);
  const message = str(e?.message);
  switch (code) {
    case '23505': // pg unique_violation (primary keys included)
      return { kind: 'unique', names: str(e?.constraint) };
    case '23503': // pg foreign_key_violation, from the child's insert or the parent's RESTRICT delete alike
      return { kind: 'foreign-key', names: str(e?.constraint) };
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      // "UNIQUE constraint failed: identities.name"
      return { kind: 'unique', names: message.replace(/^.*constraint failed: /, '') };
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return { kind: 'foreign-key', names: '' };
    case 'SQLITE_CONSTRAINT_TRIGGER':
      // SQLite enforces ON DELETE RESTRICT with an internal trigger, so that refusal has the generic trigger code.
      return message.includes('FOREIGN KEY') ? { kind: 'foreign-key', names: '' } : undefined;
    default:
      return undefined;
  }
}

/** A unique key: its column, or for a composite key its columns (in index order) and PostgreSQL constraint name. */
export type UniqueKey = string | { columns: readonly string[]; constraint: string };

/**
 * Which of a table's unique keys (wire field → key) a unique violation hit; undefined when `err` is no unique
 * violation or hit another key (the primary key, say). A single column's PostgreSQL constraint is taken to be
 * `<constraintPrefix>_<column>`, as the migrations name them (`uq_identities_external_id`).
 */
export function uniqueFieldOf<F extends string>(err: unknown, table: string, keys: Readonly<Record<F, UniqueKey>>, constraintPrefix = `uq_${table}`): F | undefined {
  const v = constraintViolation(err);
  if (v?.kind !== 'unique') return undefined;
  return (Object.keys(keys) as F[]).find((field) => {
    const key = keys[field];
    const columns = typeof key === 'string' ? [key] : key.columns;
    const constraint = typeof key === 'string' ? `${constraintPrefix}_${key}` : key.constraint;
    return v.names === constraint || v.names === columns.map((c) => `${table}.${c}`).join(', ');
  });
}
