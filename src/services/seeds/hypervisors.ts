// First-start hypervisor capabilities: one `default` row per hypervisor Nubo drives, with
// CloudStack's meaning (a version without a row of its own uses its hypervisor's default).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/schema.js';

const DEFAULTS = [
  { hypervisor_type: 'KVM', max_guests_limit: 50, security_group_enabled: 1, max_data_volumes_limit: 24, storage_motion_supported: 1, vm_snapshot_enabled: 1 },
  { hypervisor_type: 'Simulator', max_guests_limit: 50, security_group_enabled: 1, max_data_volumes_limit: 6, storage_motion_supported: 1, vm_snapshot_enabled: 1 },
] as const;

export async function seedHypervisorCapabilities(db: Db): Promise<void> {
  for (const d of DEFAULTS) {
    // Per row, so a hypervisor added to this list later is seeded on the next start.
    await db.insertInto('hypervisor_capabilities')
      .values({ ...d, uuid: randomUUID(), hypervisor_version: 'default', max_hosts_per_cluster: null })
      .onConflict((oc) => oc.columns(['hypervisor_type', 'hypervisor_version']).doNothing())
      .execute();
  }
}
