import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a unit of work in one transaction. TypeORM's better-sqlite3 driver shares a single connection, so
 * two concurrent `transaction()` calls would nest into each other as savepoints; on SQLite transactions are
 * therefore queued one after another. PostgreSQL runs them concurrently under its own row locks.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.serial = ds.options.type !== 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.ds.transaction(work);
    const next = this.tail.then(() => this.ds.transaction(work));
    this.tail = next.catch(() => undefined);
    return next;
  }
}
