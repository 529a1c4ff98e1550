import { sql } from 'kysely';
import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// Guest OS catalogue, hypervisor capabilities, resource limits and counts.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await entityTable(db, dialect, 'guest_os_categories')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_featured', 'integer', (c) => c.notNull())
    .addColumn('sort_key', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();

  await entityTable(db, dialect, 'guest_os')
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('is_user_defined', 'integer', (c) => c.notNull())
    .addColumn('for_display', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('guest_os_category').on('guest_os').column('category_id').execute();

  await db.schema
    .createTable('guest_os_details')
    .addColumn('guest_os_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('guest_os_details_pk', ['guest_os_id', 'name'])
    .execute();

  await entityTable(db, dialect, 'guest_os_mappings')
    .addColumn('guest_os_id', 'integer', (c) => c.notNull())
    .addColumn('hypervisor_type', 'text', (c) => c.notNull())
    .addColumn('hypervisor_version', 'text', (c) => c.notNull())
    .addColumn('guest_os_name', 'text', (c) => c.notNull())
    .addColumn('is_user_defined', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('guest_os_mappings_os').on('guest_os_mappings').column('guest_os_id').execute();

  await entityTable(db, dialect, 'hypervisor_capabilities')
    .addColumn('hypervisor_type', 'text', (c) => c.notNull())
    .addColumn('hypervisor_version', 'text', (c) => c.notNull())
    .addColumn('max_guests_limit', 'bigint', (c) => c.notNull())
    .addColumn('security_group_enabled', 'integer', (c) => c.notNull())
    .addColumn('max_data_volumes_limit', 'integer', (c) => c.notNull())
    .addColumn('max_hosts_per_cluster', 'integer')
    .addColumn('storage_motion_supported', 'integer', (c) => c.notNull())
    .addColumn('vm_snapshot_enabled', 'integer', (c) => c.notNull())
    .addUniqueConstraint('hypervisor_capabilities_type_version', ['hypervisor_type', 'hypervisor_version'])
    .execute();

  // Explicit limits only; an owner without a row gets the max.* default. CloudStack numbers
  // these rows (listResourceLimits id=), so a plain integer id and no uuid.
  const limits = db.schema.createTable('resource_limits');
  await (dialect === 'postgres'
    ? limits.addColumn('id', 'serial', (c) => c.primaryKey())
    : limits.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('max', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('resource_limits_owner_type', ['owner_type', 'owner_id', 'type'])
    .execute();

  // Current usage per owner; reserve()/release() change it with conditional UPDATEs.
  await db.schema
    .createTable('resource_counts')
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(sql`0`))
    .addPrimaryKeyConstraint('resource_counts_pk', ['owner_type', 'owner_id', 'type'])
    .execute();
}
