import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001-foundation.js';
import * as m0002 from './migrations/0002-identity.js';
import * as m0003 from './migrations/0003-infra.js';
import * as m0004 from './migrations/0004-offerings.js';
import * as m0005 from './migrations/0005-settings-os-limits.js';
import * as m0006 from './migrations/0006-projects.js';
import * as m0007 from './migrations/0007-vms-volumes.js';
import * as m0008 from './migrations/0008-compute.js';
import * as m0009 from './migrations/0009-templates.js';
import * as m0010 from './migrations/0010-keys-tags-affinity.js';
import * as m0011 from './migrations/0011-networks.js';
import * as m0012 from './migrations/0012-snapshots.js';
import * as m0013 from './migrations/0013-lb-vpc-sg.js';
import type { AnyDb } from './migrations/helpers.js';
import type { DbHandle } from './connect.js';

// Versioned migrations, in order. Add a file and a line; never edit a landed migration.
const steps: readonly [string, { up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> }][] = [
  ['0001-foundation', m0001],
  ['0002-identity', m0002],
  ['0003-infra', m0003],
  ['0004-offerings', m0004],
  ['0005-settings-os-limits', m0005],
  ['0006-projects', m0006],
  ['0007-vms-volumes', m0007],
  ['0008-compute', m0008],
  ['0009-templates', m0009],
  ['0010-keys-tags-affinity', m0010],
  ['0011-networks', m0011],
  ['0012-snapshots', m0012],
  ['0013-lb-vpc-sg', m0013],
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
