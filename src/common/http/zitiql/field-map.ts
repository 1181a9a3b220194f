/** The value type a filterable field holds; decides which operators and literals it accepts. */
export type ZqlFieldType = 'string' | 'number' | 'boolean' | 'datetime';

/**
 * One filterable/sortable field. `column` is a trusted SQL expression written by the developer
 * (already quoted and aliased, e.g. `"identity"."name"`); it is pasted into SQL verbatim, so it must
 * never come from a request. `nullable` documents the column; `= null` / `!= null` work on any field.
 */
export interface ZqlField {
  column: string;
  type: ZqlFieldType;
  nullable?: boolean;
  /** How a datetime is stored: `epochMs` binds dates as milliseconds (ztc's entities, see database/columns.ts). */
  storage?: 'epochMs';
}

/** Wire (API) field name -> column. Only names listed here can appear in a filter or sort. */
export type ZqlFieldMap = Record<string, ZqlField>;

export type ZqlDialect = 'sqlite' | 'postgres';

/**
 * Look a wire name up without walking the prototype chain: `constructor`, `toString` or
 * `__proto__` must be unknown fields, not the methods of Object.prototype.
 */
export function lookupField(fields: ZqlFieldMap, name: string): ZqlField | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}
