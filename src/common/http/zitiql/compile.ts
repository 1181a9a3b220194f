import type { Expr, Literal, SortKey } from './ast';
import { columnExpr, paramValue, textExpr } from './dialect';
import { ZitiQlError } from './errors';
import { lookupField, type ZqlDialect, type ZqlField, type ZqlFieldMap } from './field-map';

export interface CompiledWhere {
  sql: string;
  params: Record<string, unknown>;
}

export interface CompiledOrder {
  column: string;
  direction: 'ASC' | 'DESC';
}

/** Must also fit TypeORM's own parameter pattern (`:name`, `:...name`) so every placeholder is bound. */
const PARAM_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SQL_OPS = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;

/**
 * Compile a filter AST to a WHERE fragment for `qb.andWhere(sql, params)`. Only two things reach the
 * SQL text: column expressions from the developer's field map and fixed operator text. Every value
 * from the filter becomes a named parameter, so no filter can change the shape of the query.
 * Compound expressions are always parenthesised, so the fragment is safe next to other conditions.
 */
export function compileWhere(expr: Expr, fields: ZqlFieldMap, dialect: ZqlDialect, paramPrefix = 'zq'): CompiledWhere {
  if (!PARAM_PREFIX.test(paramPrefix)) throw new TypeError(`invalid ZitiQL parameter prefix "${paramPrefix}"`);
  const params: Record<string, unknown> = {};
  const bind = (value: string | number | boolean | Date, field: ZqlField): string => {
    const name = `${paramPrefix}${Object.keys(params).length}`;
    params[name] = paramValue(value, dialect, field);
    return `:${name}`;
  };
  const bindList = (values: Literal[], field: ZqlField): string => {
    const name = `${paramPrefix}${Object.keys(params).length}`;
    params[name] = values.map((v) => paramValue(literalValue(v), dialect, field));
    return `:...${name}`;
  };

  const walk = (e: Expr): string => {
    switch (e.kind) {
      case 'bool':
        return e.value ? '1 = 1' : '1 = 0';
      case 'and':
      case 'or':
        return `(${walk(e.left)} ${e.kind.toUpperCase()} ${walk(e.right)})`;
      case 'not':
        return `NOT (${walk(e.operand)})`;
      // SQL's three-valued logic applies: `note != "x"` and `not (note = "x")` skip rows where note is null.
      case 'compare': {
        const field = resolve(fields, e.field, e.position);
        if (e.value.type === 'null') return `${field.column} IS ${e.op === '=' ? '' : 'NOT '}NULL`;
        checkValue(field, e.field, e.value, e.position);
        if (field.type === 'boolean' && e.op !== '=' && e.op !== '!=') {
          throw filterError(`boolean field "${e.field}" only supports = and !=`, e.position);
        }
        return `${columnExpr(field, dialect)} ${SQL_OPS[e.op]} ${bind(literalValue(e.value), field)}`;
      }
      case 'text': {
        const field = resolve(fields, e.field, e.position);
        if (field.type !== 'string' || e.value.type !== 'string') {
          throw filterError(`${e.op} needs a string field and a string value (field "${e.field}")`, e.position);
        }
        const sql = textExpr(e.op, field.column, bind(e.value.value, field), dialect);
        return e.negated ? `NOT (${sql})` : sql;
      }
      case 'in': {
        const field = resolve(fields, e.field, e.position);
        e.values.forEach((v) => checkValue(field, e.field, v, e.position));
        // `IN ()` is a syntax error in SQL; an empty list matches nothing (and `not in []` everything).
        if (e.values.length === 0) return e.negated ? '1 = 1' : '1 = 0';
        return `${columnExpr(field, dialect)} ${e.negated ? 'NOT IN' : 'IN'} (${bindList(e.values, field)})`;
      }
    }
  };
  return { sql: walk(expr), params };
}

/** Map sort keys to trusted column expressions for `qb.addOrderBy(column, direction)`. */
export function compileSort(keys: SortKey[], fields: ZqlFieldMap): CompiledOrder[] {
  return keys.map((key) => {
    const field = lookupField(fields, key.field);
    if (!field) throw new ZitiQlError('sort', `unknown sort field "${key.field}"`);
    return { column: field.column, direction: key.direction === 'desc' ? 'DESC' : 'ASC' };
  });
}

/** Only fields in the map exist; anything else (including `tags.*`, for now) is the client's error. */
function resolve(fields: ZqlFieldMap, name: string, position: number): ZqlField {
  const field = lookupField(fields, name);
  if (!field) throw filterError(`unknown field "${name}"`, position);
  return field;
}

function checkValue(field: ZqlField, name: string, value: Literal, position: number): void {
  if (value.type !== field.type) {
    throw filterError(`field "${name}" is a ${field.type} and cannot be compared with a ${value.type}`, position);
  }
  // The parser never yields NaN or Infinity, but an AST may be built elsewhere, and TypeORM writes
  // numbers into SQLite statements as text: only finite numbers may ever get that far.
  if (value.type === 'number' && !Number.isFinite(value.value)) {
    throw filterError(`field "${name}" cannot be compared with a non-finite number`, position);
  }
}

function literalValue(value: Literal): string | number | boolean | Date {
  if (value.type === 'null') throw new TypeError('null has no parameter value');
  return value.value;
}

function filterError(message: string, position: number): ZitiQlError {
  return new ZitiQlError('filter', message, position);
}
