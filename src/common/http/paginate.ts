import { IsOptional, IsString } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Pagination } from './envelope';
import { buildListQuery, type ListQueryInput, type ZqlFieldMap } from './zitiql';

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

/**
 * Applies a list request (limit, offset, sort, ZitiQL filter) to a query builder and runs it. Only the
 * repositories call this; the field map is their own list of filterable columns.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  input: ListQueryInput,
  fields: ZqlFieldMap,
  defaultOrder: { column: string; direction: 'ASC' | 'DESC' }[],
): Promise<Page<T>> {
  const dialect = qb.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  const q = buildListQuery(input, fields, dialect);
  if (q.where) qb.andWhere(`(${q.where.sql})`, q.where.params);
  for (const o of q.order.length > 0 ? q.order : defaultOrder) qb.addOrderBy(o.column, o.direction);
  qb.offset(q.offset).limit(q.limit);
  const [items, totalCount] = await qb.getManyAndCount();
  return { items, pagination: { limit: q.limit, offset: q.offset, totalCount } };
}

/** The list query parameters as they arrive on a request. */
export class ListQueryDto implements ListQueryInput {
  @IsOptional() @IsString() filter?: string;
  @IsOptional() @IsString() sort?: string;
  @IsOptional() @IsString() limit?: string;
  @IsOptional() @IsString() offset?: string;
}
