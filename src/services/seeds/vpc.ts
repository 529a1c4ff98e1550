// First-start defaults of the VPC family: CloudStack's default VPC offerings (VpcManagerImpl
// creates them at start) and the two default network ACL lists every VPC may use, with their
// rules (allow all / deny all, in both directions). Idempotent: found by name, made once.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/schema.js';

const VR = 'VpcVirtualRouter';
/** The services of CloudStack's default VPC offerings; Lb may also be the internal LB VM. */
const SERVICES: readonly [string, readonly string[]][] = [
  ['Dhcp', [VR]], ['Dns', [VR]], ['UserData', [VR]], ['SourceNat', [VR]], ['StaticNat', [VR]], ['PortForwarding', [VR]],
  ['Lb', [VR, 'InternalLbVm']], ['NetworkACL', [VR]], ['Gateway', [VR]], ['Vpn', [VR]],
];

const OFFERINGS = [
  { name: 'Default VPC offering', displayText: 'Default VPC offering', isDefault: 1, redundant: 0, sortKey: 0 },
  { name: 'Redundant VPC offering', displayText: 'Redundant VPC offering', isDefault: 0, redundant: 1, sortKey: 1 },
] as const;

const ACLS = [
  { name: 'default_deny', description: 'Default Network ACL Deny All', action: 'Deny' },
  { name: 'default_allow', description: 'Default Network ACL Allow All', action: 'Allow' },
] as const;

export async function seedVpc(db: Db): Promise<void> {
  const now = new Date().toISOString();
  for (const o of OFFERINGS) {
    const have = await db.selectFrom('vpc_offerings').select('id').where('unique_name', '=', o.name).executeTakeFirst();
    if (have) continue;
    await db.transaction().execute(async (tx) => {
      const id = (await tx.insertInto('vpc_offerings').values({
        uuid: randomUUID(), name: o.name, unique_name: o.name, display_text: o.displayText, state: 'Enabled', is_default: o.isDefault, service_offering_id: null,
        redundant_router: o.redundant, internet_protocol: 'ipv4', network_mode: 'NATTED', sort_key: o.sortKey, created: now, removed: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      for (const [service, providers] of SERVICES) {
        for (const provider of providers) await tx.insertInto('vpc_offering_services').values({ vpc_offering_id: id, service, provider }).execute();
      }
    });
  }
  for (const a of ACLS) {
    const have = await db.selectFrom('network_acl_lists').select('id').where('vpc_id', 'is', null).where('name', '=', a.name).executeTakeFirst();
    if (have) continue;
    await db.transaction().execute(async (tx) => {
      const id = (await tx.insertInto('network_acl_lists').values({ uuid: randomUUID(), name: a.name, description: a.description, vpc_id: null, created: now })
        .returning('id').executeTakeFirstOrThrow()).id;
      const rule = { acl_id: id, action: a.action, protocol: 'all', start_port: null, end_port: null, icmp_type: null, icmp_code: null, cidrs: '0.0.0.0/0', state: 'Active', reason: null, created: now };
      await tx.insertInto('network_acl_items').values({ ...rule, uuid: randomUUID(), number: 1, traffic_type: 'Ingress' }).execute();
      await tx.insertInto('network_acl_items').values({ ...rule, uuid: randomUUID(), number: 2, traffic_type: 'Egress' }).execute();
    });
  }
}
