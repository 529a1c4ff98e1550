import { sql } from 'kysely';
import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// SSH key pairs, registered user data, resource tags, and affinity groups with their VMs.
// All four are deleted outright (CloudStack expunges them too), so plain unique indexes hold.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  // Only the public half is kept; createSSHKeyPair hands the private key out once.
  await entityTable(db, dialect, 'ssh_keypairs')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  // Names are unique per account, case-insensitively (as MySQL compares in CloudStack).
  await sql`CREATE UNIQUE INDEX ssh_keypairs_name ON ssh_keypairs (account_id, lower(name))`.execute(db);
  await db.schema.createIndex('ssh_keypairs_fingerprint').on('ssh_keypairs').columns(['fingerprint', 'account_id']).execute();

  await entityTable(db, dialect, 'user_data')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('user_data', 'text', (c) => c.notNull()) // base64
    .addColumn('params', 'text') // comma-separated variable names, null when none
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX user_data_name ON user_data (account_id, lower(name))`.execute(db);
  // linkUserDataToTemplate: at most one user data per template or ISO, with its override policy.
  await db.schema
    .createTable('template_user_data')
    .addColumn('template_id', 'integer', (c) => c.primaryKey())
    .addColumn('user_data_id', 'integer', (c) => c.notNull())
    .addColumn('link_policy', 'text', (c) => c.notNull()) // ALLOWOVERRIDE | APPEND | DENYOVERRIDE
    .execute();
  await db.schema.createIndex('template_user_data_ud').on('template_user_data').column('user_data_id').execute();

  // A tag belongs to the resource's owner; resource_id is the resource's internal id in its own table.
  await entityTable(db, dialect, 'resource_tags')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'integer', (c) => c.notNull())
    .addColumn('resource_uuid', 'text', (c) => c.notNull())
    .addColumn('customer', 'text')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX resource_tags_key ON resource_tags (resource_type, resource_id, lower(key))`.execute(db);
  await db.schema.createIndex('resource_tags_account').on('resource_tags').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('resource_tags_match').on('resource_tags').columns(['resource_type', 'key', 'value']).execute();

  await entityTable(db, dialect, 'affinity_groups')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX affinity_groups_name ON affinity_groups (account_id, lower(name))`.execute(db);

  await db.schema
    .createTable('affinity_group_vms')
    .addColumn('group_id', 'integer', (c) => c.notNull())
    .addColumn('vm_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('affinity_group_vms_pk', ['group_id', 'vm_id'])
    .execute();
  await db.schema.createIndex('affinity_group_vms_vm').on('affinity_group_vms').column('vm_id').execute();
}
