import { sql } from 'kysely';
import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// The networking model: physical networks, guest networks with their VLANs, NICs and guest
// IPs, virtual routers, the public-IP extras (source/static NAT) and the rules table shared
// by firewall, egress firewall and port forwarding (load balancing will add its own purpose).
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await entityTable(db, dialect, 'physical_networks')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    // Guest VLAN ranges, CloudStack's form: "100-199,300".
    .addColumn('vlan', 'text')
    .addColumn('network_speed', 'text')
    .addColumn('broadcast_domain_range', 'text', (c) => c.notNull())
    .addColumn('isolation_methods', 'text')
    .addColumn('tags', 'text')
    .addColumn('domain_id', 'integer')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('physical_networks_zone').on('physical_networks').column('zone_id').execute();

  await entityTable(db, dialect, 'physical_network_traffic_types')
    .addColumn('physical_network_id', 'integer', (c) => c.notNull())
    .addColumn('traffic_type', 'text', (c) => c.notNull())
    .addColumn('kvm_label', 'text')
    .addColumn('xen_label', 'text')
    .addColumn('vmware_label', 'text')
    .addColumn('hyperv_label', 'text')
    .addColumn('ovm3_label', 'text')
    .addColumn('vlan', 'text')
    .addColumn('isolation_method', 'text')
    .execute();
  await db.schema.createIndex('physical_network_traffic_types_unique').unique().on('physical_network_traffic_types')
    .columns(['physical_network_id', 'traffic_type']).execute();

  await entityTable(db, dialect, 'networks')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_text', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('physical_network_id', 'integer')
    .addColumn('network_offering_id', 'integer', (c) => c.notNull())
    .addColumn('guest_type', 'text', (c) => c.notNull()) // Isolated | Shared | L2
    .addColumn('traffic_type', 'text', (c) => c.notNull())
    .addColumn('acl_type', 'text', (c) => c.notNull()) // Account | Domain
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('subdomain_access', 'integer')
    .addColumn('state', 'text', (c) => c.notNull()) // Allocated | Setup | Implemented | Destroy
    // cidr is where guest VMs get addresses (a guestvmcidr narrows it); network_cidr is the whole network then.
    .addColumn('cidr', 'text')
    .addColumn('network_cidr', 'text')
    .addColumn('gateway', 'text')
    .addColumn('netmask', 'text')
    // Shared networks: the guest address range inside the CIDR.
    .addColumn('ip_start', 'text')
    .addColumn('ip_end', 'text')
    .addColumn('broadcast_domain_type', 'text', (c) => c.notNull())
    .addColumn('vlan', 'text')
    .addColumn('network_domain', 'text')
    .addColumn('dns1', 'text')
    .addColumn('dns2', 'text')
    .addColumn('restart_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('specify_ip_ranges', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('vpc_id', 'integer')
    .addColumn('acl_id', 'integer')
    .addColumn('external_id', 'text')
    .addColumn('display_network', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('public_mtu', 'integer')
    .addColumn('private_mtu', 'integer')
    .addColumn('associated_network_id', 'integer')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('networks_zone').on('networks').columns(['zone_id', 'id']).execute();
  await db.schema.createIndex('networks_account').on('networks').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('networks_vpc').on('networks').column('vpc_id').execute();

  // A guest VLAN/VNI belongs to at most one live network per zone; the key is the allocator's lock.
  await db.schema.createTable('guest_vlans')
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('vnet', 'integer', (c) => c.notNull())
    .addColumn('network_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('guest_vlans_pk', ['zone_id', 'vnet'])
    .execute();
  await db.schema.createIndex('guest_vlans_network').on('guest_vlans').column('network_id').execute();

  // NICs of user VMs and of virtual routers (vm_type). Released NICs are deleted, so the
  // MAC index below is exactly "unique among live NICs of the zone".
  await entityTable(db, dialect, 'nics')
    .addColumn('vm_id', 'integer', (c) => c.notNull())
    .addColumn('vm_type', 'text', (c) => c.notNull()) // User | DomainRouter
    .addColumn('network_id', 'integer')
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('device_id', 'integer', (c) => c.notNull())
    .addColumn('mac_address', 'text', (c) => c.notNull())
    .addColumn('ip4_address', 'text')
    .addColumn('netmask', 'text')
    .addColumn('gateway', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('traffic_type', 'text', (c) => c.notNull()) // Guest | Public | Control
    .addColumn('broadcast_uri', 'text')
    .addColumn('isolation_uri', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nics_zone_mac').unique().on('nics').columns(['zone_id', 'mac_address']).execute();
  await db.schema.createIndex('nics_vm_device').unique().on('nics').columns(['vm_type', 'vm_id', 'device_id']).execute();
  await db.schema.createIndex('nics_network').on('nics').column('network_id').execute();

  // Every guest address in use in a network: NIC primaries, secondary IPs, router addresses.
  // The unique key is what makes concurrent allocation safe (insert, retry on conflict).
  await entityTable(db, dialect, 'guest_ips')
    .addColumn('network_id', 'integer', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('address_num', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // Nic | Secondary | Router
    .addColumn('nic_id', 'integer')
    .addColumn('vm_id', 'integer')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guest_ips_network_address').unique().on('guest_ips').columns(['network_id', 'address']).execute();
  await db.schema.createIndex('guest_ips_nic').on('guest_ips').column('nic_id').execute();

  await entityTable(db, dialect, 'routers')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('pod_id', 'integer')
    .addColumn('host_id', 'integer')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('network_id', 'integer')
    .addColumn('vpc_id', 'integer')
    .addColumn('service_offering_id', 'integer')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('redundant_state', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('link_local_ip', 'text')
    // The desired configuration: bumped (compare-and-set) whenever what the router should do changes.
    .addColumn('config_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('config_hash', 'text')
    .addColumn('config', 'text')
    // What the network driver reported it applied.
    .addColumn('applied_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('applied', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('routers_network').on('routers').column('network_id').execute();
  // One live router per guest network: two first deploys racing into a new network create one.
  await sql`CREATE UNIQUE INDEX routers_live_network ON routers (network_id) WHERE removed IS NULL AND network_id IS NOT NULL`.execute(db);
  await db.schema.createIndex('routers_account').on('routers').columns(['account_id', 'id']).execute();

  // Firewall (ingress), egress firewall and port forwarding rules in one table, told apart by
  // purpose and traffic_type as in CloudStack's firewall_rules; LB rules will add a purpose.
  await entityTable(db, dialect, 'firewall_rules')
    .addColumn('purpose', 'text', (c) => c.notNull()) // Firewall | PortForwarding | StaticNat | LoadBalancing
    .addColumn('traffic_type', 'text', (c) => c.notNull()) // Ingress | Egress
    .addColumn('ip_address_id', 'integer')
    .addColumn('network_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('start_port', 'integer')
    .addColumn('end_port', 'integer')
    .addColumn('icmp_type', 'integer')
    .addColumn('icmp_code', 'integer')
    .addColumn('source_cidrs', 'text')
    .addColumn('dest_cidrs', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // Add | Active | Revoke
    .addColumn('related_rule_id', 'integer')
    .addColumn('for_display', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('vm_id', 'integer')
    .addColumn('vm_guest_ip', 'text')
    .addColumn('dest_start_port', 'integer')
    .addColumn('dest_end_port', 'integer')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('firewall_rules_ip').on('firewall_rules').column('ip_address_id').execute();
  await db.schema.createIndex('firewall_rules_network').on('firewall_rules').columns(['network_id', 'purpose']).execute();
  await db.schema.createIndex('firewall_rules_vm').on('firewall_rules').column('vm_id').execute();

  // Public IP extras. At most one source NAT address per network, and one static NAT per guest IP.
  await db.schema.alterTable('public_ip_addresses').addColumn('source_nat', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('public_ip_addresses').addColumn('static_nat_vm_id', 'integer').execute();
  await db.schema.alterTable('public_ip_addresses').addColumn('static_nat_vm_ip', 'text').execute();
  await db.schema.alterTable('public_ip_addresses').addColumn('vpc_id', 'integer').execute();
  await db.schema.alterTable('public_ip_addresses').addColumn('for_display', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`CREATE UNIQUE INDEX public_ip_addresses_source_nat ON public_ip_addresses (network_id) WHERE source_nat = 1`.execute(db);
  await sql`CREATE UNIQUE INDEX public_ip_addresses_static_nat ON public_ip_addresses (static_nat_vm_id, static_nat_vm_ip) WHERE static_nat_vm_id IS NOT NULL`.execute(db);
  await db.schema.createIndex('public_ip_addresses_account').on('public_ip_addresses').columns(['account_id', 'id']).execute();
}
