// First-start networking (DESIGN.md §6): the seeded simulator zone gets one physical network
// carrying guest, public, management and storage traffic, with the guest VLAN range isolated
// networks take their VLANs from.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/schema.js';
import { SEED_ZONE } from './infra.js';

export const SEED_PHYSICAL_NETWORK = 'Physical Network 1';
export const SEED_GUEST_VLANS = '100-999';

/** Idempotent: only while the seeded zone has never had a physical network (an operator's deletion stays). */
export async function seedNetworks(db: Db): Promise<void> {
  const zone = await db.selectFrom('zones').select('id').where('name', '=', SEED_ZONE).where('removed', 'is', null).where('network_type', '=', 'Advanced')
    .orderBy('id').executeTakeFirst();
  if (!zone) return;
  if (await db.selectFrom('physical_networks').select('id').where('zone_id', '=', zone.id).executeTakeFirst()) return;
  await db.transaction().execute(async (tx) => {
    const pn = await tx.insertInto('physical_networks').values({
      uuid: randomUUID(), name: SEED_PHYSICAL_NETWORK, zone_id: zone.id, vlan: SEED_GUEST_VLANS, network_speed: null, broadcast_domain_range: 'ZONE',
      isolation_methods: 'VLAN', tags: null, domain_id: null, state: 'Enabled', created: new Date().toISOString(), removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    for (const traffic of ['Guest', 'Public', 'Management', 'Storage']) {
      await tx.insertInto('physical_network_traffic_types').values({
        uuid: randomUUID(), physical_network_id: pn.id, traffic_type: traffic, kvm_label: 'cloudbr0', xen_label: null, vmware_label: null, hyperv_label: null,
        ovm3_label: null, vlan: null, isolation_method: null,
      }).execute();
    }
  });
}
