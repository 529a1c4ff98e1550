// VM rows: lookup with access checks, compare-and-set state changes, and the host reservation
// a VM holds. The reservation is written together with the VM row in one transaction, so the
// row always tells what is held on which host (a crash can never strand capacity).
import type { Selectable } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import { type VmEvent, type VmState, nextVmState } from '../core/vm-state.js';
import type { Db, VmTable } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';

export type VmRow = Selectable<VmTable>;

/** States in which a VM occupies (or is about to occupy) its host. */
export const ON_HOST_STATES: readonly VmState[] = ['Starting', 'Running', 'Stopping', 'Migrating'];

export const nowIso = (): string => new Date().toISOString();

/** A live (not expunged) VM by internal id. */
export async function vmById(db: Db, id: number): Promise<VmRow | undefined> {
  return db.selectFrom('vms').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
}

/** A live VM the caller may act on; 431 when there is none, 531 when it is another tenant's. */
export async function findVm(db: Db, caller: Caller, idOrUuid: string): Promise<VmRow> {
  const id = await resolveId(db, 'vms', idOrUuid);
  const vm = id === undefined ? undefined : await vmById(db, id);
  if (!vm) throw invalidParam(`Unable to find a virtual machine with specified vmId ${idOrUuid}`);
  await checkOwnedAccess(db, caller, vm.account_id, `VM ${vm.uuid}`);
  return vm;
}

/** 431 naming the VM and its current state, unless `event` is allowed in it. */
export function assertAllowed(vm: Pick<VmRow, 'uuid' | 'display_name' | 'state'>, event: VmEvent, action: string): void {
  if (!nextVmState(vm.state as VmState, event)) {
    throw invalidState(`Unable to ${action} virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}`);
  }
}

/** Compare-and-set of the state (plus any columns); false when the VM was not in `from`. */
export async function transit(db: Db, vmId: number, from: readonly VmState[], to: VmState, extra: Partial<Omit<VmRow, 'id' | 'uuid'>> = {}): Promise<boolean> {
  const r = await db.updateTable('vms').set({ ...extra, state: to, updated: nowIso() })
    .where('id', '=', vmId).where('state', 'in', [...from]).where('removed', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** transit, or a 431 naming the state the VM is really in. */
export async function mustTransit(db: Db, vm: Pick<VmRow, 'id' | 'uuid' | 'display_name'>, from: readonly VmState[], to: VmState, action: string, extra: Partial<Omit<VmRow, 'id' | 'uuid'>> = {}): Promise<void> {
  if (await transit(db, vm.id, from, to, extra)) return;
  const now = await db.selectFrom('vms').select(['state', 'removed']).where('id', '=', vm.id).executeTakeFirst();
  throw invalidState(`Unable to ${action} virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${now?.removed ? 'Expunged' : (now?.state ?? 'Expunged')}`);
}

/** CloudStack's instance name: i-<account id>-<vm id>-<instance.name>. */
export const instanceNameOf = (accountId: number, vmId: number, suffix: string): string => `i-${accountId}-${vmId}-${suffix}`;

/**
 * Claims CPU (MHz) and memory (bytes) on a host for a VM: CapacityService.reserveHost's
 * compare-and-set against the host's totals, in one transaction with the VM row recording
 * host, pod, cluster and the amounts. False when the host has no room (nothing changes).
 */
export async function reserveOnHost(
  db: Db, vmId: number, host: { id: number; podId: number; clusterId: number }, cpuMhz: number, memoryBytes: number,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('hosts')
      .set((eb) => ({ cpu_used_mhz: eb('cpu_used_mhz', '+', cpuMhz), memory_used_bytes: eb('memory_used_bytes', '+', memoryBytes) }))
      .where('id', '=', host.id).where('removed', 'is', null)
      .where((eb) => eb(eb('cpu_used_mhz', '+', cpuMhz), '<=', eb('cpu_cores', '*', eb.ref('cpu_speed_mhz'))))
      .where((eb) => eb(eb('memory_used_bytes', '+', memoryBytes), '<=', eb.ref('memory_bytes')))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const v = await tx.updateTable('vms').set({
      host_id: host.id, pod_id: host.podId, cluster_id: host.clusterId, reserved_cpu_mhz: cpuMhz, reserved_memory_bytes: memoryBytes,
    }).where('id', '=', vmId).where('reserved_cpu_mhz', '=', 0).where('reserved_memory_bytes', '=', 0).executeTakeFirst();
    if (Number(v.numUpdatedRows) !== 1) throw invalidState(`VM ${vmId} already holds a host reservation`);
    return true;
  });
}

/** Gives back what the VM row says it holds on its host and clears it (idempotent). */
export async function releaseHostOf(db: Db, vmId: number, extra: Partial<Omit<VmRow, 'id' | 'uuid'>> = {}): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const vm = await tx.selectFrom('vms').select(['host_id', 'reserved_cpu_mhz', 'reserved_memory_bytes']).where('id', '=', vmId).executeTakeFirst();
    if (!vm) return;
    const cpu = Number(vm.reserved_cpu_mhz);
    const mem = Number(vm.reserved_memory_bytes);
    await tx.updateTable('vms').set({ ...extra, reserved_cpu_mhz: 0, reserved_memory_bytes: 0 }).where('id', '=', vmId).execute();
    if (vm.host_id !== null && (cpu > 0 || mem > 0)) await releaseOnHost(tx, vm.host_id, cpu, mem);
  });
}

/** CapacityService.releaseHost's update, usable inside a transaction. */
export async function releaseOnHost(q: Db, hostId: number, cpuMhz: number, memoryBytes: number): Promise<void> {
  await q.updateTable('hosts')
    .set((eb) => ({
      cpu_used_mhz: eb('cpu_used_mhz', '-', cpuMhz),
      memory_used_bytes: eb('memory_used_bytes', '-', memoryBytes),
    }))
    .where('id', '=', hostId).where('cpu_used_mhz', '>=', cpuMhz).where('memory_used_bytes', '>=', memoryBytes).execute();
}

/**
 * Leaves the host: compare-and-set of the state from `from` to `to`, clearing host and
 * reservation (last_host_id remembers it), and giving the reservation back, in one
 * transaction. False when the VM was not in `from`.
 */
export async function leaveHost(
  db: Db, vmId: number, from: readonly VmState[], to: VmState, extra: Partial<Omit<VmRow, 'id' | 'uuid'>> = {}, onlyFromHost?: number,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const vm = await tx.selectFrom('vms').select(['host_id', 'last_host_id', 'reserved_cpu_mhz', 'reserved_memory_bytes']).where('id', '=', vmId).executeTakeFirst();
    if (!vm || (onlyFromHost !== undefined && vm.host_id !== onlyFromHost)) return false;
    const r = await tx.updateTable('vms').set({
      ...extra, state: to, host_id: null, last_host_id: vm.host_id ?? vm.last_host_id, reserved_cpu_mhz: 0, reserved_memory_bytes: 0,
      power_state: 'PowerOff', power_state_updated: nowIso(), updated: nowIso(),
    }).where('id', '=', vmId).where('state', 'in', [...from]).where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const cpu = Number(vm.reserved_cpu_mhz);
    const mem = Number(vm.reserved_memory_bytes);
    if (vm.host_id !== null && (cpu > 0 || mem > 0)) await releaseOnHost(tx, vm.host_id, cpu, mem);
    return true;
  });
}

/**
 * Grows (or, with negative deltas, shrinks) what a running VM holds on its host: the host's
 * compare-and-set and the VM row in one transaction. False when the host has no room.
 */
export async function resizeOnHost(db: Db, vmId: number, hostId: number, dCpuMhz: number, dMemoryBytes: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('hosts')
      .set((eb) => ({ cpu_used_mhz: eb('cpu_used_mhz', '+', dCpuMhz), memory_used_bytes: eb('memory_used_bytes', '+', dMemoryBytes) }))
      .where('id', '=', hostId).where('removed', 'is', null)
      .where((eb) => eb(eb('cpu_used_mhz', '+', dCpuMhz), '<=', eb('cpu_cores', '*', eb.ref('cpu_speed_mhz'))))
      .where((eb) => eb(eb('memory_used_bytes', '+', dMemoryBytes), '<=', eb.ref('memory_bytes')))
      .where((eb) => eb(eb('cpu_used_mhz', '+', dCpuMhz), '>=', 0))
      .where((eb) => eb(eb('memory_used_bytes', '+', dMemoryBytes), '>=', 0))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const v = await tx.updateTable('vms')
      .set((eb) => ({ reserved_cpu_mhz: eb('reserved_cpu_mhz', '+', dCpuMhz), reserved_memory_bytes: eb('reserved_memory_bytes', '+', dMemoryBytes) }))
      .where('id', '=', vmId).where('host_id', '=', hostId).executeTakeFirst();
    if (Number(v.numUpdatedRows) !== 1) throw invalidState(`VM ${vmId} is no longer on host ${hostId}`);
    return true;
  });
}
