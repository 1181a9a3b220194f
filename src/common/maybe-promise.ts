/** A value, or a promise of it: what a path that is synchronous on SQLite and asynchronous on PostgreSQL answers. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * `next(value)`: at once when `value` is already there, after it resolves when it is a promise. The
 * per-request session check chains its steps with it, so it takes no microtask on the synchronous path;
 * a synchronous throw of `next` stays synchronous there, as a rejection does on the other.
 */
export function andThen<T, R>(value: MaybePromise<T>, next: (v: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
