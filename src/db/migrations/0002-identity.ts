import { sql } from 'kysely';
import type { Dialect } from '../schema.js';
import type { AnyDb } from './helpers.js';

// Identity family: role state and visibility (CloudStack 4.15/4.20), account details.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  // The seed gives the four default roles the fixed ids 1-4, which PostgreSQL's serial does not
  // see; start it after them so custom roles get 5, 6, ... as in CloudStack.
  if (dialect === 'postgres') {
    await sql`SELECT setval(pg_get_serial_sequence('roles', 'id'), GREATEST((SELECT MAX(id) FROM roles), 4))`.execute(db);
  }
  await db.schema.alterTable('roles').addColumn('state', 'text', (c) => c.notNull().defaultTo('ENABLED')).execute();
  await db.schema.alterTable('roles').addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  // Account names are unique per domain among live accounts (case-insensitive, as MySQL compares).
  await sql`CREATE UNIQUE INDEX accounts_live_name ON accounts (domain_id, lower(name)) WHERE removed IS NULL`.execute(db);

  await db.schema
    .createTable('account_details')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_details_pk', ['account_id', 'name'])
    .execute();
}
