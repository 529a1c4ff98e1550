import { sql } from 'kysely';
import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// Volume snapshots (backed up into an image store), their recurring policies, and VM
// snapshots (one image per disk of the VM, plus whether memory was included). Volumes gain
// the snapshot they were made from and CloudStack's delete protection flag.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('volumes').addColumn('snapshot_id', 'integer').execute();
  await db.schema.alterTable('volumes').addColumn('delete_protection', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('volumes').addColumn('chain_info', 'text').execute();
  // One disk per device id of a VM, whichever management server attaches it.
  await sql`CREATE UNIQUE INDEX volumes_vm_device ON volumes (vm_id, device_id) WHERE vm_id IS NOT NULL AND removed IS NULL`.execute(db);

  await entityTable(db, dialect, 'snapshots')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('volume_id', 'integer', (c) => c.notNull())
    .addColumn('snapshot_type', 'text', (c) => c.notNull()) // MANUAL | HOURLY | DAILY | WEEKLY | MONTHLY
    .addColumn('policy_id', 'integer')
    .addColumn('state', 'text', (c) => c.notNull()) // Allocated | CreatedOnPrimary | BackingUp | BackedUp | Destroying | Destroyed | Error
    .addColumn('size', 'bigint', (c) => c.notNull()) // the volume's virtual size when taken
    .addColumn('physical_size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('store_id', 'integer')
    .addColumn('image', 'text') // JSON ImageInfo once backed up
    // Bytes of secondary storage counted against the owner, so a delete gives back exactly that.
    .addColumn('counted_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('hypervisor', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('snapshots_account').on('snapshots').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('snapshots_volume').on('snapshots').columns(['volume_id', 'state']).execute();
  await db.schema.createIndex('snapshots_policy').on('snapshots').columns(['policy_id', 'created']).execute();
  await db.schema.createIndex('snapshots_store').on('snapshots').column('store_id').execute();

  await entityTable(db, dialect, 'snapshot_policies')
    .addColumn('volume_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('interval_type', 'integer', (c) => c.notNull()) // 0 HOURLY, 1 DAILY, 2 WEEKLY, 3 MONTHLY
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('max_snaps', 'integer', (c) => c.notNull())
    .addColumn('display', 'integer', (c) => c.notNull().defaultTo(1))
    // When the scheduler takes the next snapshot; claimed by compare-and-set so one server takes it.
    .addColumn('next_run', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('snapshot_policies_volume').on('snapshot_policies').columns(['volume_id', 'interval_type']).execute();
  await db.schema.createIndex('snapshot_policies_due').on('snapshot_policies').columns(['removed', 'next_run']).execute();

  await entityTable(db, dialect, 'vm_snapshots')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('vm_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // Disk | DiskAndMemory
    .addColumn('state', 'text', (c) => c.notNull()) // Allocated | Creating | Ready | Reverting | Expunging | Error
    .addColumn('parent_id', 'integer')
    .addColumn('current', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hypervisor', 'text', (c) => c.notNull())
    .addColumn('service_offering_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('vm_snapshots_vm').on('vm_snapshots').columns(['vm_id', 'removed']).execute();
  await db.schema.createIndex('vm_snapshots_account').on('vm_snapshots').columns(['account_id', 'id']).execute();

  // One image per disk of the VM at the time of the snapshot.
  await db.schema
    .createTable('vm_snapshot_volumes')
    .addColumn('vm_snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('volume_id', 'integer', (c) => c.notNull())
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('image', 'text', (c) => c.notNull()) // JSON ImageInfo
    .addColumn('created', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vm_snapshot_volumes_pk', ['vm_snapshot_id', 'volume_id'])
    .execute();
  await db.schema.createIndex('vm_snapshot_volumes_store').on('vm_snapshot_volumes').column('store_id').execute();
}
