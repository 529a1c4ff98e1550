import { sql } from 'kysely';
import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// The second half of the networking model: load balancing (rules live in firewall_rules with
// purpose LoadBalancing; these tables hold what only LB rules have), VPCs with their offerings,
// network ACLs, private gateways and static routes, and security groups with the per-VM rule
// sets pushed to hosts.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  // --- load balancing ----------------------------------------------------------------------
  await db.schema.createTable('load_balancer_rules')
    .addColumn('rule_id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('algorithm', 'text', (c) => c.notNull()) // roundrobin | leastconn | source
    .addColumn('lb_protocol', 'text', (c) => c.notNull()) // tcp | udp | tcp-proxy
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();

  // A VM (one of its guest addresses) behind a rule; released NICs drop out by their address.
  await entityTable(db, dialect, 'lb_vm_maps')
    .addColumn('rule_id', 'integer', (c) => c.notNull())
    .addColumn('vm_id', 'integer', (c) => c.notNull())
    .addColumn('vm_ip', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // Add | Active
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lb_vm_maps_unique').unique().on('lb_vm_maps').columns(['rule_id', 'vm_id', 'vm_ip']).execute();
  await db.schema.createIndex('lb_vm_maps_vm').on('lb_vm_maps').column('vm_id').execute();

  // At most one stickiness and one health-check policy per rule, as CloudStack allows.
  await entityTable(db, dialect, 'lb_stickiness_policies')
    .addColumn('rule_id', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('method', 'text', (c) => c.notNull()) // LbCookie | AppCookie | SourceBased
    .addColumn('params', 'text', (c) => c.notNull()) // JSON object of the method's parameters
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('for_display', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();

  await entityTable(db, dialect, 'lb_healthcheck_policies')
    .addColumn('rule_id', 'integer', (c) => c.notNull().unique())
    .addColumn('ping_path', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('response_time', 'integer', (c) => c.notNull())
    .addColumn('interval_time', 'integer', (c) => c.notNull())
    .addColumn('healthy_threshold', 'integer', (c) => c.notNull())
    .addColumn('unhealthy_threshold', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('for_display', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();

  // --- VPC offerings and VPCs --------------------------------------------------------------
  await entityTable(db, dialect, 'vpc_offerings')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unique_name', 'text')
    .addColumn('display_text', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // Enabled | Disabled
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('service_offering_id', 'integer')
    .addColumn('distributed_router', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('region_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('redundant_router', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('internet_protocol', 'text', (c) => c.notNull())
    .addColumn('network_mode', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await sql`CREATE UNIQUE INDEX vpc_offerings_unique_name ON vpc_offerings (unique_name) WHERE unique_name IS NOT NULL AND removed IS NULL`.execute(db);

  await db.schema.createTable('vpc_offering_services')
    .addColumn('vpc_offering_id', 'integer', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vpc_offering_services_pk', ['vpc_offering_id', 'service', 'provider'])
    .execute();

  await entityTable(db, dialect, 'vpcs')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_text', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('vpc_offering_id', 'integer', (c) => c.notNull())
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // Enabled | Inactive
    .addColumn('network_domain', 'text')
    .addColumn('restart_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('for_display', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('public_mtu', 'integer')
    .addColumn('dns1', 'text')
    .addColumn('dns2', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('vpcs_account').on('vpcs').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('vpcs_zone').on('vpcs').column('zone_id').execute();
  // One live router per VPC: two first implementations racing create one.
  await sql`CREATE UNIQUE INDEX routers_live_vpc ON routers (vpc_id) WHERE removed IS NULL AND vpc_id IS NOT NULL AND network_id IS NULL`.execute(db);

  // --- network ACLs (vpc_id null: the two default lists every VPC may use) -----------------
  await entityTable(db, dialect, 'network_acl_lists')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('vpc_id', 'integer')
    .addColumn('for_display', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_acl_lists_vpc').on('network_acl_lists').column('vpc_id').execute();

  await entityTable(db, dialect, 'network_acl_items')
    .addColumn('acl_id', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull()) // Allow | Deny
    .addColumn('traffic_type', 'text', (c) => c.notNull()) // Ingress | Egress
    .addColumn('protocol', 'text', (c) => c.notNull()) // tcp | udp | icmp | all | a protocol number
    .addColumn('start_port', 'integer')
    .addColumn('end_port', 'integer')
    .addColumn('icmp_type', 'integer')
    .addColumn('icmp_code', 'integer')
    .addColumn('cidrs', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('for_display', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reason', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  // Rule numbers order a list; the key is what serialises two creates picking the same number.
  await db.schema.createIndex('network_acl_items_number').unique().on('network_acl_items').columns(['acl_id', 'number']).execute();

  // --- private gateways and static routes --------------------------------------------------
  await entityTable(db, dialect, 'private_gateways')
    .addColumn('vpc_id', 'integer', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('netmask', 'text', (c) => c.notNull())
    .addColumn('vlan', 'text', (c) => c.notNull())
    .addColumn('physical_network_id', 'integer')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // Creating | Ready | Deleting
    .addColumn('source_nat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('acl_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('private_gateways_vpc').on('private_gateways').column('vpc_id').execute();

  await entityTable(db, dialect, 'static_routes')
    .addColumn('vpc_id', 'integer', (c) => c.notNull())
    .addColumn('gateway_id', 'integer')
    .addColumn('next_hop', 'text')
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // Add | Active
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('static_routes_vpc').on('static_routes').column('vpc_id').execute();

  // --- security groups ---------------------------------------------------------------------
  await entityTable(db, dialect, 'security_groups')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  // Names are unique per account, whatever their case (the default group is found by name).
  await sql`CREATE UNIQUE INDEX security_groups_account_name ON security_groups (account_id, lower(name))`.execute(db);

  // One row per CIDR or per referenced group, as CloudStack's security_group_rule.
  await entityTable(db, dialect, 'security_group_rules')
    .addColumn('group_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // ingress | egress
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('start_port', 'integer')
    .addColumn('end_port', 'integer')
    .addColumn('icmp_type', 'integer')
    .addColumn('icmp_code', 'integer')
    .addColumn('cidr', 'text')
    .addColumn('allowed_group_id', 'integer')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_group_rules_group').on('security_group_rules').column('group_id').execute();
  await db.schema.createIndex('security_group_rules_allowed').on('security_group_rules').column('allowed_group_id').execute();

  await db.schema.createTable('security_group_vms')
    .addColumn('group_id', 'integer', (c) => c.notNull())
    .addColumn('vm_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_group_vms_pk', ['group_id', 'vm_id'])
    .execute();
  await db.schema.createIndex('security_group_vms_vm').on('security_group_vms').column('vm_id').execute();

  // The desired per-VM rule set hosts enforce, versioned (bumped compare-and-set) on every change.
  await db.schema.createTable('security_group_vm_rules')
    .addColumn('vm_id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();
}
