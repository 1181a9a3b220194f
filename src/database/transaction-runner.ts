import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FastSql, type PlannedStatement, type TransactionOptions } from './fast-sql';

/**
 * Runs a unit of work in one transaction. TypeORM's better-sqlite3 driver shares a single connection, so
 * two concurrent `transaction()` calls would nest into each other as savepoints; on SQLite transactions are
 * therefore queued one after another. PostgreSQL runs them concurrently under its own row locks.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;
  private readonly fast: FastSql;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.serial = ds.options.type !== 'postgres';
    this.fast = FastSql.of(ds);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.queue(() => this.ds.transaction(work));
  }

  /**
   * A fixed list of statements in one transaction, without the ORM (the login path): on SQLite it runs
   * synchronously once the queue reaches it. False when a `mustAffect` statement found no row (rolled back).
   */
  runStatements(steps: PlannedStatement[], opts?: TransactionOptions): Promise<boolean> {
    return this.queue(() => this.fast.transaction(steps, opts));
  }

  private queue<T>(start: () => Promise<T>): Promise<T> {
    if (!this.serial) return start();
    const next = this.tail.then(start);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
