// VM rows written straight into the server's database, standing in for deployVirtualMachine in
// the tests of families that only need a VM to exist (user data in use, affinity, tags).
import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../../src/db/connect.js';

export interface FakeVm {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
}

export async function insertVm(
  h: DbHandle,
  o: { accountUuid: string; state?: string; hostId?: number | null; userDataId?: number | null; name?: string },
): Promise<FakeVm> {
  const db = h.db;
  const acct = await db.selectFrom('accounts').select(['id', 'domain_id']).where('uuid', '=', o.accountUuid).executeTakeFirstOrThrow();
  const user = await db.selectFrom('users').select('id').where('account_id', '=', acct.id).orderBy('id').executeTakeFirstOrThrow();
  const zone = await db.selectFrom('zones').select('id').where('removed', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  const offering = await db.selectFrom('service_offerings').select('id').where('removed', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  const uuid = randomUUID();
  const name = o.name ?? `vm-${uuid.slice(0, 8)}`;
  const row = await db.insertInto('vms').values({
    uuid, name, display_name: name, instance_name: `i-${acct.id}-${uuid.slice(0, 6)}`, account_id: acct.id, domain_id: acct.domain_id,
    user_id: user.id, zone_id: zone.id, pod_id: null, cluster_id: null, host_id: o.hostId ?? null, last_host_id: null, template_id: null,
    iso_id: null, service_offering_id: offering.id, cpu_number: 1, cpu_speed: 500, memory_mb: 512, state: o.state ?? 'Stopped',
    power_state_updated: null, hypervisor_type: 'Simulator', guest_os_id: null, password: null, user_data: null,
    user_data_id: o.userDataId ?? null, keypairs: null, group_name: null, boot_type: null, boot_mode: null,
    created: new Date().toISOString(), updated: null, removed: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, uuid, name };
}

/** Moves a fake VM to another state and host (what start/stop would do). */
export async function setVmState(h: DbHandle, id: number, state: string, hostId: number | null): Promise<void> {
  await h.db.updateTable('vms').set({ state, host_id: hostId }).where('id', '=', id).execute();
}

/** The internal id of an entity given its uuid. */
export async function internalId(h: DbHandle, table: 'user_data' | 'affinity_groups' | 'hosts' | 'accounts', uuid: string): Promise<number> {
  return (await h.db.selectFrom(table).select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow()).id;
}
