import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

interface SqliteStatement {
  get(params: Record<string, unknown>): Record<string, unknown> | undefined;
}
interface SqliteDb {
  prepare(sql: string): SqliteStatement;
}

/**
 * A narrow fast path for the few queries on every request (the session lookup): a prepared statement
 * run synchronously on SQLite, one parameterised query on PostgreSQL, and rows hydrated through TypeORM's
 * own column metadata (so transformers and type conversions stay in one place). Named parameters
 * (`:name`) only; values are always bound, never spliced.
 */
export class FastSql {
  private readonly sqlite?: SqliteDb;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly ds: DataSource) {
    if (ds.options.type === 'better-sqlite3') this.sqlite = (ds.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
  }

  async one(sql: string, params: Record<string, string | number | null>): Promise<Record<string, unknown> | undefined> {
    if (this.sqlite) {
      let stmt = this.statements.get(sql);
      if (!stmt) {
        stmt = this.sqlite.prepare(sql);
        this.statements.set(sql, stmt);
      }
      return stmt.get(params);
    }
    const [query, values] = this.ds.driver.escapeQueryWithParameters(sql, params);
    const rows = (await this.ds.query(query, values)) as Record<string, unknown>[];
    return rows[0];
  }

  /** `alias.col AS alias__col, ...` for every column of an entity. */
  selectList(entity: EntityTarget<ObjectLiteral>, alias: string): string {
    return this.ds
      .getMetadata(entity)
      .columns.map((c) => `${alias}.${c.databaseName} AS ${alias}__${c.databaseName}`)
      .join(', ');
  }

  /** An entity instance from the aliased columns of a row. */
  hydrate<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, row: Record<string, unknown>): T {
    const meta = this.ds.getMetadata(entity);
    const obj = meta.create() as Record<string, unknown>;
    for (const c of meta.columns) obj[c.propertyName] = this.ds.driver.prepareHydratedValue(row[`${alias}__${c.databaseName}`], c);
    return obj as T;
  }
}
