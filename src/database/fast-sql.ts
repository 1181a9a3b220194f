import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { MaybePromise } from '../common/maybe-promise';
import { epochMs } from './columns';

interface SqliteStatement {
  get(...params: unknown[]): unknown[] | undefined;
  all(...params: unknown[]): unknown[][];
  run(...params: unknown[]): { changes: number };
  raw(on: boolean): SqliteStatement;
  columns(): { name: string }[];
  readonly reader: boolean;
}
interface SqliteDb {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T;
}

/** A prepared SQLite statement: positional parameters in the order of their `:names`, rows as arrays. */
interface Prepared {
  stmt: SqliteStatement;
  params: string[];
  columns: Map<string, number>;
}

/** One result row, read by column alias. */
export interface Row {
  get(alias: string): unknown;
}

class ArrayRow implements Row {
  constructor(
    private readonly values: unknown[],
    private readonly columns: Map<string, number>,
  ) {}

  get(alias: string): unknown {
    const i = this.columns.get(alias);
    return i === undefined ? undefined : this.values[i];
  }
}

class ObjectRow implements Row {
  constructor(private readonly values: Record<string, unknown>) {}

  get(alias: string): unknown {
    return this.values[alias];
  }
}

export type SqlParams = Record<string, string | number | boolean | null>;

/** One statement of a FastSql.transaction. */
export interface PlannedStatement {
  sql: string;
  params: SqlParams;
  /** When the statement returns (RETURNING) or changes no row, the transaction is rolled back and yields false. */
  mustAffect?: boolean;
}

/** How a FastSql transaction commits. */
export interface TransactionOptions {
  /**
   * false: the commit returns without waiting for the disk (SQLite: `synchronous = NORMAL` for this commit;
   * PostgreSQL: `SET LOCAL synchronous_commit = off`). It is visible to every reader at once and survives a
   * crash of the process; a power loss or an OS crash can lose it, and with it only the commits made the
   * same way since the last synced one (the log is written in order, so the next synced commit makes it
   * durable too). Never corrupts the database. Default true: the commit is synced before it returns.
   */
  syncCommit?: boolean;
}

const INSTANCES = new WeakMap<DataSource, FastSql>();
const CHANGES = 'SELECT total_changes() AS n';
/** Thrown inside a SQLite transaction to roll it back when a `mustAffect` statement found no row. */
const ROLLBACK = new Error('fast-sql: rollback');
/** Answers a cached query keeps at most (then it starts over). */
const CACHE_ROWS = 10_000;

/** Turns one stored value into its entity value (the column's type decides how). */
type Convert = (v: unknown) => unknown;

const toBool: Convert = (v) => (v === null || v === undefined ? v : Boolean(v));
const toJson: Convert = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
const toDate: Convert = (v) => (v === null || v === undefined ? v : new Date(Number(v)));
const toNumber: Convert = (v) => (v === null || v === undefined ? v : Number(v));

/** See FastSql.cached. */
export interface CachedQuery<T> {
  /**
   * The answer for `params`, which `key` identifies (undefined when no row matches). On SQLite outside a
   * transaction it is the value itself, not a promise: the caller on every request saves a microtask per
   * layer by not awaiting what is already there.
   */
  one(key: string, params: SqlParams): MaybePromise<T | undefined>;
}

/** A compiled reader of one entity's aliased columns in a row. */
export interface EntityReader<T> {
  /** `alias.col AS alias__col, ...` for the select list. */
  readonly select: string;
  read(row: Row): T;
}

/**
 * A narrow fast path for the queries on every request and every login: prepared statements run
 * synchronously on SQLite, one parameterised query on PostgreSQL, and rows read by converters compiled
 * once from TypeORM's own column metadata (so the stored formats stay defined in one place, the entities).
 * Named parameters (`:name`) only; values are always bound, never spliced.
 */
export class FastSql {
  private readonly sqlite?: SqliteDb;
  private readonly statements = new Map<string, Prepared>();
  /** better-sqlite3's wrapper of the steps loop, made once (making it defines five functions and their properties). */
  private sqliteSteps?: (steps: PlannedStatement[]) => void;
  /** The connection's own `synchronous` level, restored after a commit that relaxed it. */
  private syncLevel?: number;

  /** The FastSql of a data source: one statement cache per connection. */
  static of(ds: DataSource): FastSql {
    let fast = INSTANCES.get(ds);
    if (!fast) {
      fast = new FastSql(ds);
      INSTANCES.set(ds, fast);
    }
    return fast;
  }

  constructor(private readonly ds: DataSource) {
    if (ds.options.type === 'better-sqlite3') this.sqlite = (ds.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
  }

  async one(sql: string, params: SqlParams): Promise<Row | undefined> {
    if (this.sqlite) return this.sqliteOne(sql, params);
    const [first] = await this.pgQuery(sql, params);
    return first && new ObjectRow(first);
  }

  /**
   * A query answered from memory while nothing has been written since its answer was built. Exact on
   * SQLite: the database is opened with an exclusive lock (no other process writes it) and
   * `total_changes()` counts every row this connection inserts, updates or deletes, so any write anywhere
   * empties the cache before the next read. Inside an open transaction it neither reads nor fills the cache
   * (what it would see might still roll back). PostgreSQL is shared by replicas: there every call queries.
   *
   * `build` turns a row into the answer, once per key and write: the same value goes to every caller until
   * the next write, so it must be immutable (frozen).
   */
  cached<T>(sql: string, build: (row: Row) => T): CachedQuery<T> {
    const answers = new Map<string, T>();
    let validAt = -1;
    const query = async (params: SqlParams): Promise<T | undefined> => {
      const row = await this.one(sql, params);
      return row && build(row);
    };
    return {
      one: (key, params) => {
        if (!this.sqlite || this.sqlite.inTransaction) return query(params);
        const changes = this.statement(CHANGES).stmt.get()?.[0] as number;
        if (changes !== validAt) {
          answers.clear();
          validAt = changes;
        }
        let answer = answers.get(key);
        if (answer === undefined) {
          const row = this.sqliteOne(sql, params);
          if (!row) return undefined;
          answer = build(row);
          if (answers.size >= CACHE_ROWS) answers.clear();
          answers.set(key, answer);
        }
        return answer;
      },
    };
  }

  /**
   * Runs the statements in order in one transaction. On SQLite the whole transaction is synchronous, so
   * nothing else can run on the shared connection in between; callers that may meet a queued TypeORM
   * transaction run it through TransactionRunner.runStatements. Yields false (rolled back) when a
   * `mustAffect` statement found no row. With `syncCommit: false` the commit does not wait for the disk
   * (see TransactionOptions).
   */
  async transaction(steps: PlannedStatement[], opts: TransactionOptions = {}): Promise<boolean> {
    if (this.sqlite) {
      this.sqliteSteps ??= this.sqlite.transaction((planned: PlannedStatement[]) => {
        for (const s of planned) {
          const p = this.statement(s.sql);
          const values = bind(p, s.params);
          const hit = p.stmt.reader ? p.stmt.all(...values).length : p.stmt.run(...values).changes;
          if (s.mustAffect && hit === 0) throw ROLLBACK;
        }
      });
      // The safety level cannot change inside an open transaction (these steps would then commit with it).
      const relaxed = opts.syncCommit === false && !this.sqlite.inTransaction;
      if (relaxed) {
        this.syncLevel ??= Number(this.statement('PRAGMA synchronous').stmt.get()?.[0]);
        this.statement('PRAGMA synchronous = NORMAL').stmt.run();
      }
      try {
        this.sqliteSteps(steps);
        return true;
      } catch (e) {
        if (e === ROLLBACK) return false;
        throw e;
      } finally {
        if (relaxed) this.statement(`PRAGMA synchronous = ${this.syncLevel}`).stmt.run();
      }
    }
    const qr = this.ds.createQueryRunner();
    try {
      await qr.startTransaction();
      if (opts.syncCommit === false) await qr.query('SET LOCAL synchronous_commit = off');
      for (const s of steps) {
        const [query, values] = this.ds.driver.escapeQueryWithParameters(s.sql, s.params);
        const result = (await qr.query(query, values, true)) as { records?: unknown[]; affected?: number };
        const hit = result.records?.length || result.affected || 0;
        if (s.mustAffect && hit === 0) {
          await qr.rollbackTransaction();
          return false;
        }
      }
      await qr.commitTransaction();
      return true;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw e;
    } finally {
      await qr.release();
    }
  }

  /**
   * A reader for `props` of an entity (all columns when omitted) under `alias`. A whole-entity reader
   * builds instances of the entity class; a partial one, plain objects.
   */
  reader<T extends ObjectLiteral, K extends keyof T & string = keyof T & string>(entity: EntityTarget<T>, alias: string, props?: readonly K[]): EntityReader<Pick<T, K>> {
    const meta = this.ds.getMetadata(entity);
    const columns = props ? props.map((p) => mustFind(meta.columns, p, meta.name)) : meta.columns;
    const fields = columns.map((c) => ({ key: `${alias}__${c.databaseName}`, prop: c.propertyName, convert: this.converter(c) }));
    const proto: object | null = !props && typeof meta.target === 'function' ? (meta.target.prototype as object) : Object.prototype;
    return {
      select: columns.map((c) => `${alias}.${c.databaseName} AS ${alias}__${c.databaseName}`).join(', '),
      read: (row) => {
        const obj = Object.create(proto) as Record<string, unknown>;
        for (const f of fields) obj[f.prop] = f.convert(row.get(f.key));
        return obj as Pick<T, K>;
      },
    };
  }

  /** `INSERT` of a whole entity, its values converted as TypeORM would store them. */
  inserter<T extends ObjectLiteral>(entity: EntityTarget<T>): (value: T) => PlannedStatement {
    const meta = this.ds.getMetadata(entity);
    const columns = meta.columns.map((c) => ({ name: c.databaseName, prop: c.propertyName, store: storer(c) }));
    const sql = `INSERT INTO ${meta.tableName} (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map((c) => `:${c.prop}`).join(', ')})`;
    return (value) => {
      const params: SqlParams = {};
      for (const c of columns) params[c.prop] = c.store((value as Record<string, unknown>)[c.prop]);
      return { sql, params };
    };
  }

  private converter(c: ColumnMetadata): Convert {
    if (c.transformer === epochMs) return toDate;
    if (c.transformer) return (v) => this.ds.driver.prepareHydratedValue(v, c);
    if (c.type === 'boolean') return toBool;
    if (c.type === 'simple-json') return toJson;
    if (c.type === 'integer' || c.type === 'int') return toNumber;
    if (c.type === 'varchar' || c.type === 'text') return (v) => v;
    return (v) => this.ds.driver.prepareHydratedValue(v, c);
  }

  /**
   * `one` on SQLite, synchronously. The row comes as an array (the statement is in raw mode): better-sqlite3
   * would otherwise build an object with every column name per row.
   */
  private sqliteOne(sql: string, params: SqlParams): Row | undefined {
    const p = this.statement(sql);
    const values = p.stmt.get(...bind(p, params));
    return values && new ArrayRow(values, p.columns);
  }

  private statement(sql: string): Prepared {
    let p = this.statements.get(sql);
    if (!p) {
      const params: string[] = [];
      // `:name` to `?` (the SQL here is ours: no string literals or casts with colons).
      const stmt = (this.sqlite as SqliteDb).prepare(
        sql.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
          params.push(name);
          return '?';
        }),
      );
      const columns = new Map<string, number>();
      if (stmt.reader) {
        stmt.raw(true);
        stmt.columns().forEach((c, i) => columns.set(c.name, i));
      }
      p = { stmt, params, columns };
      this.statements.set(sql, p);
    }
    return p;
  }

  private async pgQuery(sql: string, params: SqlParams): Promise<Record<string, unknown>[]> {
    const [query, values] = this.ds.driver.escapeQueryWithParameters(sql, params);
    return (await this.ds.query(query, values)) as Record<string, unknown>[];
  }
}

/** How a column's value is bound: TypeORM's own conversions for the column kinds the entities use. */
function storer(c: ColumnMetadata): (v: unknown) => SqlParams[string] {
  const transformer = c.transformer && !Array.isArray(c.transformer) ? c.transformer : undefined;
  if (transformer) return (v) => transformer.to(v) as SqlParams[string];
  if (c.type === 'simple-json') return (v) => (v === null || v === undefined ? null : JSON.stringify(v));
  return (v) => (v === undefined ? null : (v as SqlParams[string]));
}

/** Positional values for a prepared statement; better-sqlite3 binds no booleans, so they become 0/1. */
function bind(p: Prepared, params: SqlParams): unknown[] {
  return p.params.map((name) => {
    const v = params[name];
    if (v === undefined) throw new Error(`fast-sql: no value for :${name}`);
    return typeof v === 'boolean' ? (v ? 1 : 0) : v;
  });
}

function mustFind(columns: ColumnMetadata[], prop: string, entity: string): ColumnMetadata {
  const c = columns.find((x) => x.propertyName === prop);
  if (!c) throw new Error(`fast-sql: ${entity} has no column ${prop}`);
  return c;
}
