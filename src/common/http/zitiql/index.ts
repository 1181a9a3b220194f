export type { CompareOp, Expr, Literal, ParsedFilter, SortKey, TextOp } from './ast';
export { compileSort, compileWhere, type CompiledOrder, type CompiledWhere } from './compile';
export { ZitiQlError } from './errors';
export type { ZqlDialect, ZqlField, ZqlFieldMap, ZqlFieldType } from './field-map';
export {
  buildListQuery, clampLimit, clampOffset, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET,
  type ListQuery, type ListQueryInput,
} from './list-query';
export { parseFilter, parseSort } from './parser';
