import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// The compute core shared by the VM and volume families: virtual machines and their disks.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await entityTable(db, dialect, 'vms')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('instance_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('pod_id', 'integer')
    .addColumn('cluster_id', 'integer')
    .addColumn('host_id', 'integer')
    .addColumn('last_host_id', 'integer')
    .addColumn('template_id', 'integer')
    .addColumn('iso_id', 'integer')
    .addColumn('service_offering_id', 'integer', (c) => c.notNull())
    .addColumn('cpu_number', 'integer', (c) => c.notNull())
    .addColumn('cpu_speed', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    // What is reserved on host_id right now, so a release gives back exactly that.
    .addColumn('reserved_cpu_mhz', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved_memory_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('power_state', 'text', (c) => c.notNull().defaultTo('PowerOff'))
    .addColumn('power_state_updated', 'text')
    .addColumn('ha_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hypervisor_type', 'text', (c) => c.notNull())
    .addColumn('guest_os_id', 'integer')
    .addColumn('password', 'text')
    .addColumn('user_data', 'text')
    .addColumn('user_data_id', 'integer')
    .addColumn('keypairs', 'text')
    .addColumn('group_name', 'text')
    .addColumn('display', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('boot_type', 'text')
    .addColumn('boot_mode', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text')
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('vms_account').on('vms').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('vms_host').on('vms').columns(['host_id', 'state']).execute();
  await db.schema.createIndex('vms_state').on('vms').columns(['state', 'id']).execute();
  await db.schema.createIndex('vms_zone').on('vms').columns(['zone_id', 'id']).execute();

  await db.schema
    .createTable('vm_details')
    .addColumn('vm_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('display', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('vm_details_pk', ['vm_id', 'name'])
    .execute();

  await entityTable(db, dialect, 'volumes')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('pool_id', 'integer')
    .addColumn('vm_id', 'integer')
    .addColumn('device_id', 'integer')
    .addColumn('type', 'text', (c) => c.notNull()) // ROOT | DATADISK
    .addColumn('state', 'text', (c) => c.notNull()) // Allocated | Creating | Ready | Resizing | Migrating | Snapshotting | Destroy | Expunging | Expunged
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('physical_size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('path', 'text')
    .addColumn('format', 'text')
    .addColumn('disk_offering_id', 'integer')
    .addColumn('template_id', 'integer')
    .addColumn('min_iops', 'bigint')
    .addColumn('max_iops', 'bigint')
    .addColumn('provisioning_type', 'text', (c) => c.notNull().defaultTo('thin'))
    .addColumn('display_volume', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('attached', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text')
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('volumes_vm').on('volumes').columns(['vm_id', 'device_id']).execute();
  await db.schema.createIndex('volumes_account').on('volumes').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('volumes_pool').on('volumes').column('pool_id').execute();
}
