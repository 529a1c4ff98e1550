import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }), plugins: [writes] });
  return { db, dialect: 'sqlite', writes, close: () => db.destroy() };
}

/**
 * Kysely prepares every query afresh; preparing is a measurable share of each request on the
 * hot paths (signed reads, deploys). The same SQL text always yields an equivalent statement,
 * and Kysely runs each one synchronously to completion, so statements can be reused.
 */
function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        // Dynamic SQL (IN lists of many lengths) must not grow the cache without bound.
        if (cache.size >= 2000) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
