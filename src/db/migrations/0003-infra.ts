import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// Infrastructure inventory: zones, pods, clusters, hosts (+tags), primary storage pools
// (+tags), image stores, public IP ranges and one row per public IP address of a range.
// Capacity is computed from these rows; reservations are the *_used/_allocated columns.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  /** A table with an auto-increment id but no uuid (tag rows are numbered, as in CloudStack). */
  const numbered = (name: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await entityTable(db, dialect, 'zones')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('dns1', 'text', (c) => c.notNull())
    .addColumn('dns2', 'text')
    .addColumn('ip6_dns1', 'text')
    .addColumn('ip6_dns2', 'text')
    .addColumn('internal_dns1', 'text', (c) => c.notNull())
    .addColumn('internal_dns2', 'text')
    .addColumn('guest_cidr', 'text')
    .addColumn('network_domain', 'text')
    .addColumn('domain_id', 'integer')
    .addColumn('network_type', 'text', (c) => c.notNull())
    .addColumn('security_group_enabled', 'integer', (c) => c.notNull())
    .addColumn('local_storage_enabled', 'integer', (c) => c.notNull())
    .addColumn('allocation_state', 'text', (c) => c.notNull())
    .addColumn('zone_token', 'text', (c) => c.notNull())
    .addColumn('dhcp_provider', 'text', (c) => c.notNull())
    .addColumn('is_edge', 'integer', (c) => c.notNull())
    .addColumn('sort_key', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();

  await entityTable(db, dialect, 'pods')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('netmask', 'text', (c) => c.notNull())
    .addColumn('start_ip', 'text')
    .addColumn('end_ip', 'text')
    .addColumn('allocation_state', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('pods_zone').on('pods').column('zone_id').execute();

  await entityTable(db, dialect, 'clusters')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('pod_id', 'integer', (c) => c.notNull())
    .addColumn('hypervisor_type', 'text', (c) => c.notNull())
    .addColumn('cluster_type', 'text', (c) => c.notNull())
    .addColumn('allocation_state', 'text', (c) => c.notNull())
    .addColumn('managed_state', 'text', (c) => c.notNull())
    .addColumn('arch', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('clusters_pod').on('clusters').column('pod_id').execute();

  await entityTable(db, dialect, 'hosts')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('pod_id', 'integer', (c) => c.notNull())
    .addColumn('cluster_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resource_state', 'text', (c) => c.notNull())
    .addColumn('hypervisor_type', 'text', (c) => c.notNull())
    .addColumn('hypervisor_version', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('cpu_sockets', 'integer', (c) => c.notNull())
    .addColumn('cpu_cores', 'integer', (c) => c.notNull())
    .addColumn('cpu_speed_mhz', 'integer', (c) => c.notNull())
    .addColumn('memory_bytes', 'bigint', (c) => c.notNull())
    .addColumn('cpu_used_mhz', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('memory_used_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('capabilities', 'text', (c) => c.notNull())
    .addColumn('arch', 'text', (c) => c.notNull())
    .addColumn('is_tag_rule', 'integer', (c) => c.notNull())
    .addColumn('os_category_uuid', 'text')
    .addColumn('os_category_name', 'text')
    .addColumn('annotation', 'text')
    .addColumn('last_pinged', 'text')
    .addColumn('disconnected', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('hosts_cluster').on('hosts').column('cluster_id').execute();
  await db.schema.createIndex('hosts_zone').on('hosts').column('zone_id').execute();
  await db.schema.createIndex('hosts_guid').on('hosts').column('guid').execute();

  await numbered('host_tags')
    .addColumn('host_id', 'integer', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('is_implicit', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('host_tags_host').on('host_tags').column('host_id').execute();

  await entityTable(db, dialect, 'storage_pools')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('pod_id', 'integer')
    .addColumn('cluster_id', 'integer')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('pool_type', 'text', (c) => c.notNull())
    .addColumn('driver', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('host_address', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('hypervisor', 'text')
    .addColumn('capacity_bytes', 'bigint', (c) => c.notNull())
    .addColumn('capacity_iops', 'bigint')
    .addColumn('used_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('allocated_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_tag_rule', 'integer', (c) => c.notNull())
    .addColumn('managed', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('storage_pools_zone').on('storage_pools').column('zone_id').execute();

  await numbered('storage_pool_tags')
    .addColumn('pool_id', 'integer', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('storage_pool_tags_pool').on('storage_pool_tags').column('pool_id').execute();

  await entityTable(db, dialect, 'image_stores')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('readonly', 'integer', (c) => c.notNull())
    .addColumn('total_bytes', 'bigint')
    .addColumn('used_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();

  await entityTable(db, dialect, 'vlan_ranges')
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('pod_id', 'integer')
    .addColumn('vlan_tag', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('netmask', 'text', (c) => c.notNull())
    .addColumn('start_ip', 'text', (c) => c.notNull())
    .addColumn('end_ip', 'text', (c) => c.notNull())
    .addColumn('for_virtual_network', 'integer', (c) => c.notNull())
    .addColumn('for_system_vms', 'integer', (c) => c.notNull())
    .addColumn('network_id', 'integer')
    .addColumn('physical_network_id', 'integer')
    .addColumn('domain_id', 'integer')
    .addColumn('account_id', 'integer')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vlan_ranges_zone').on('vlan_ranges').column('zone_id').execute();

  // One row per address so that allocation (the networking family) is a compare-and-set
  // on `state`; the unique index is the last line of defence against overlapping ranges.
  await entityTable(db, dialect, 'public_ip_addresses')
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('vlan_range_id', 'integer', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('address_num', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer')
    .addColumn('domain_id', 'integer')
    .addColumn('network_id', 'integer')
    .addColumn('allocated', 'text')
    .execute();
  await db.schema.createIndex('public_ip_addresses_zone_address').unique().on('public_ip_addresses').columns(['zone_id', 'address']).execute();
  await db.schema.createIndex('public_ip_addresses_range').on('public_ip_addresses').columns(['vlan_range_id', 'state']).execute();
  await db.schema.createIndex('public_ip_addresses_zone_state').on('public_ip_addresses').columns(['zone_id', 'state', 'address_num']).execute();
}
