import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db, Dialect } from './schema.js';
import { WriteObserver } from './write-observer.js';

export interface DbHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  /** Per-table write counters, for in-process caches. */
  readonly writes: WriteObserver;
  close(): Promise<void>;
}

// int8 columns come back from pg as strings; our sizes fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens PostgreSQL when `url` is a postgres URL, else SQLite (WAL) in `dataDir`. */
export function openDatabase(opts: { url?: string; dataDir: string }): DbHandle {
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    const writes = new WriteObserver();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [writes] });
    return { db, dialect: 'postgres', writes, close: () => db.destroy() };
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const sqlite = new SQLite(join(opts.dataDir, 'nubo.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const writes = new WriteObserver();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [writes] });
  return { db, dialect: 'sqlite', writes, close: () => db.destroy() };
}
