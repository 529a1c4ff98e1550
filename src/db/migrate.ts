import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001-foundation.js';
import type { AnyDb } from './migrations/helpers.js';
import type { DbHandle } from './connect.js';

// Versioned migrations, in order. Add a file and a line; never edit a landed migration.
const steps: readonly [string, { up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> }][] = [
  ['0001-foundation', m0001],
];

/** Brings the schema up to date; safe to call at every start and from several servers. */
export async function migrate(h: DbHandle): Promise<void> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        steps.map(([name, m]): [string, Migration] => [name, { up: (db) => m.up(db as AnyDb, h.dialect) }]),
      ),
  };
  const { error, results } = await new Migrator({ db: h.db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${String(error)}`);
  }
}
