/** A literal value as written in a filter. Datetimes are already parsed to an instant. */
export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'datetime'; value: Date }
  | { type: 'null' };

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type TextOp = 'contains' | 'icontains' | 'startsWith' | 'endsWith';

/** `position` on a leaf is the offset of its field name, so compile errors can point at it. */
export type Expr =
  | { kind: 'bool'; value: boolean }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'compare'; field: string; op: CompareOp; value: Literal; position: number }
  | { kind: 'text'; field: string; op: TextOp; negated: boolean; value: Literal; position: number }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[]; position: number };

export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

/** A parsed `filter`: the predicate (null when absent) and the trailing clauses, when present. */
export interface ParsedFilter {
  where: Expr | null;
  sort?: SortKey[];
  skip?: number;
  limit?: number;
}
