// Just the parts of better-sqlite3 12 that bench/ uses: it ships no types of its own, and the repository does
// not depend on its @types package.

declare module 'better-sqlite3' {
  namespace Database {
    interface Statement {
      run(...params: unknown[]): { changes: number };
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
    interface Database {
      prepare(sql: string): Statement;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
      close(): void;
    }
  }
  const Database: new (filename: string, options?: { fileMustExist?: boolean; readonly?: boolean }) => Database.Database;
  export = Database;
}
