// First-start infrastructure (DESIGN.md §6): an Advanced zone "Sandbox-simulator" with one
// pod, one Simulator cluster, a zone-wide simulator primary pool, a simulator image store
// and a public IP range. Hosts come from the hypervisor driver, so they are added once the
// services exist (seedSimulatorHosts, called by the composition root with NUBO_SIM_HOSTS).
import { randomUUID } from 'node:crypto';
import { parseIpv4 } from '../../core/ipv4.js';
import type { Db } from '../../db/schema.js';
import type { HostService } from '../hosts.js';
import { insertRangeAddresses } from '../vlan-ranges.js';

export const SEED_ZONE = 'Sandbox-simulator';
export const SEED_CLUSTER = 'C0';
const SEED_BYTES = 10 * 1024 ** 4;
const PUBLIC = { vlan: 'vlan://untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', start: '198.51.100.10', end: '198.51.100.250' } as const;

/** Idempotent: does nothing once any zone has ever existed (the operator owns the inventory then). */
export async function seedInfra(db: Db): Promise<void> {
  if (await db.selectFrom('zones').select('id').limit(1).executeTakeFirst()) return;
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    const zone = await tx.insertInto('zones').values({
      uuid: randomUUID(), name: SEED_ZONE, description: 'Simulated zone seeded on first start', dns1: '8.8.8.8', dns2: null, ip6_dns1: null,
      ip6_dns2: null, internal_dns1: '8.8.4.4', internal_dns2: null, guest_cidr: '10.1.1.0/24', network_domain: null, domain_id: null,
      network_type: 'Advanced', security_group_enabled: 0, local_storage_enabled: 0, allocation_state: 'Enabled', zone_token: randomUUID(),
      dhcp_provider: 'VirtualRouter', is_edge: 0, sort_key: 0, created: now, removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    const pod = await tx.insertInto('pods').values({
      uuid: randomUUID(), name: 'POD0', zone_id: zone.id, gateway: '172.16.15.1', netmask: '255.255.255.0', start_ip: '172.16.15.2',
      end_ip: '172.16.15.200', allocation_state: 'Enabled', created: now, removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('clusters').values({
      uuid: randomUUID(), name: SEED_CLUSTER, zone_id: zone.id, pod_id: pod.id, hypervisor_type: 'Simulator', cluster_type: 'CloudManaged',
      allocation_state: 'Enabled', managed_state: 'Managed', arch: 'x86_64', created: now, removed: null,
    }).execute();
    await tx.insertInto('storage_pools').values({
      uuid: randomUUID(), name: 'PS0', zone_id: zone.id, pod_id: null, cluster_id: null, scope: 'ZONE', pool_type: 'NetworkFilesystem', driver: 'sim',
      url: 'sim://sandbox/primary0', host_address: 'sandbox', path: '/primary0', provider: 'DefaultPrimary', hypervisor: 'Simulator',
      capacity_bytes: SEED_BYTES, capacity_iops: null, status: 'Up', is_tag_rule: 0, managed: 0, created: now, removed: null,
    }).execute();
    await tx.insertInto('image_stores').values({
      uuid: randomUUID(), name: 'SS0', zone_id: zone.id, url: 'sim://sandbox/secondary0', protocol: 'sim', provider: 'Simulator', scope: 'ZONE',
      readonly: 0, total_bytes: SEED_BYTES, created: now, removed: null,
    }).execute();
    const range = await tx.insertInto('vlan_ranges').values({
      uuid: randomUUID(), zone_id: zone.id, pod_id: null, vlan_tag: PUBLIC.vlan, gateway: PUBLIC.gateway, netmask: PUBLIC.netmask,
      start_ip: PUBLIC.start, end_ip: PUBLIC.end, for_virtual_network: 1, for_system_vms: 0, network_id: null, physical_network_id: null,
      domain_id: null, account_id: null, created: now,
    }).returning('id').executeTakeFirstOrThrow();
    await insertRangeAddresses(tx, zone.id, range.id, parseIpv4(PUBLIC.start)!, parseIpv4(PUBLIC.end)!);
  });
}

/**
 * Fills the seeded Simulator cluster with `count` hosts (http://sim/c0/h0 …) through the
 * hypervisor driver, once: only while that cluster has never held a host, so hosts the
 * operator deleted do not come back (and a later NUBO_SIM_HOSTS changes nothing).
 */
export async function seedSimulatorHosts(db: Db, hosts: HostService, count: number): Promise<void> {
  const cluster = await db.selectFrom('clusters as c').innerJoin('zones as z', 'z.id', 'c.zone_id').select('c.id')
    .where('z.name', '=', SEED_ZONE).where('z.removed', 'is', null).where('c.name', '=', SEED_CLUSTER).where('c.removed', 'is', null)
    .where('c.hypervisor_type', '=', 'Simulator').orderBy('c.id').executeTakeFirst();
  if (!cluster) return;
  if (await db.selectFrom('hosts').select('id').where('cluster_id', '=', cluster.id).limit(1).executeTakeFirst()) return;
  for (let i = 0; i < count; i++) await hosts.addSeeded(cluster.id, `http://sim/c0/h${i}`);
}
