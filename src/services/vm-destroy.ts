// Destroying, recovering and expunging VMs. Destroy stops the VM and gives back its counts
// (user_vm, cpu, memory and the disks it takes with it); recover takes them again; expunge
// deletes its root disk (and the data disks named at destroy), releases its NICs and removes
// the row. Other data disks are detached and stay, as in CloudStack.
import { invalidParam } from '../core/errors.js';
import type { ResourceTypeName } from '../core/resource-limits.js';
import type { Db } from '../db/schema.js';
import type { JobContext, JobOwner } from '../jobs/types.js';
import { deleteVolume } from './volume-lifecycle.js';
import type { VmDeps } from './vm-deps.js';
import { type VmRow, mustTransit, nowIso, vmById } from './vm-rows.js';
import { stopSteps } from './vm-stop.js';

type Counts = [ResourceTypeName, number][];

/** What a VM counts against its owner's limits (its own counts; disks are counted by the disks). */
export const vmCounts = (vm: Pick<VmRow, 'cpu_number' | 'memory_mb'>): Counts => [['user_vm', 1], ['cpu', vm.cpu_number], ['memory', vm.memory_mb]];

/** What disks count: one volume each and their size of primary storage. */
export const diskCounts = (sizes: readonly number[]): Counts => [['volume', sizes.length], ['primary_storage', sizes.reduce((a, b) => a + b, 0)]];

/** Takes several counts at once, all or none (one transaction unless the caller's `tx` is given). */
export async function reserveCounts(d: VmDeps, accountId: number, counts: Counts, tx?: Db): Promise<void> {
  const run = async (q: Db) => {
    for (const [t, n] of counts) await d.limits.reserve(accountId, t, n, q);
  };
  if (tx) return run(tx);
  await d.db.transaction().execute(run);
}

export async function releaseCounts(d: VmDeps, accountId: number, counts: Counts, tx?: Db): Promise<void> {
  const run = async (q: Db) => {
    for (const [t, n] of counts) await d.limits.release(accountId, t, n, q);
  };
  if (tx) return run(tx);
  await d.db.transaction().execute(run);
}

async function liveVm(d: VmDeps, vmId: number): Promise<VmRow> {
  const vm = await vmById(d.db, vmId);
  if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
  return vm;
}

/** The disks a destroy takes along: the root disk and the data disks named in `volumeids`. */
async function doomedDisks(q: Db, vmId: number, volumeIds: readonly number[]): Promise<{ id: number; size: number }[]> {
  const rows = await q.selectFrom('volumes').select(['id', 'size', 'type']).where('vm_id', '=', vmId).where('removed', 'is', null)
    .where('state', 'in', ['Allocated', 'Ready']).execute();
  return rows.filter((r) => r.type === 'ROOT' || volumeIds.includes(r.id)).map((r) => ({ id: r.id, size: Number(r.size) }));
}

export async function destroySteps(d: VmDeps, ctx: JobContext, vmId: number, o: { expunge: boolean; volumeIds: readonly number[] }): Promise<void> {
  const vm0 = await liveVm(d, vmId);
  if (vm0.state === 'Running' || vm0.state === 'Stopping') {
    await stopSteps(d, ctx, vmId, await d.settings.getBool('vm.destroy.forcestop'), 'stop:');
  }
  await ctx.step('destroyed', async () => {
    const vm = await liveVm(d, vmId);
    if (vm.state === 'Destroyed') return;
    // The state change and the counts it gives back are one transaction: a retry cannot give them twice.
    const done = await d.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('vms').set({ state: 'Destroyed', updated: nowIso() }).where('id', '=', vmId).where('state', 'in', ['Stopped', 'Error'])
        .where('removed', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      const disks = await doomedDisks(tx, vmId, o.volumeIds);
      if (disks.length) await tx.updateTable('volumes').set({ state: 'Destroy', updated: nowIso() }).where('id', 'in', disks.map((x) => x.id)).execute();
      await releaseCounts(d, vm.account_id, [...vmCounts(vm), ...diskCounts(disks.map((x) => x.size))], tx);
      return true;
    });
    if (!done) await mustTransit(d.db, vm, ['Destroyed'], 'Destroyed', 'destroy');
  });
  await ctx.step('event:destroy', async () => {
    const vm = await liveVm(d, vmId);
    await d.events.record(ctx.owner, { type: 'VM.DESTROY', description: `Destroyed VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
  });
  if (o.expunge) await expungeSteps(d, ctx, vmId);
}

/** recoverVirtualMachine: Destroyed → Stopped, taking its counts again (535 when they no longer fit). */
export async function recoverVm(d: VmDeps, owner: JobOwner, vm: VmRow): Promise<void> {
  await d.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('vms').set({ state: 'Stopped', updated: nowIso() }).where('id', '=', vm.id).where('state', '=', 'Destroyed')
      .where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return;
    const disks = await tx.selectFrom('volumes').select(['id', 'size', 'pool_id']).where('vm_id', '=', vm.id).where('state', '=', 'Destroy').where('removed', 'is', null).execute();
    await reserveCounts(d, vm.account_id, [...vmCounts(vm), ...diskCounts(disks.map((x) => Number(x.size)))], tx);
    for (const v of disks) await tx.updateTable('volumes').set({ state: v.pool_id === null ? 'Allocated' : 'Ready', updated: nowIso() }).where('id', '=', v.id).execute();
  });
  await mustTransit(d.db, vm, ['Stopped'], 'Stopped', 'recover');
  await d.events.record(owner, { type: 'VM.RECOVER', description: `Recovered VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
}

export async function expungeSteps(d: VmDeps, ctx: JobContext, vmId: number): Promise<void> {
  const uuid = await ctx.step('expunging', async () => {
    const vm = await liveVm(d, vmId);
    if (vm.state !== 'Expunging') await mustTransit(d.db, vm, ['Destroyed'], 'Expunging', 'expunge');
    return vm.uuid;
  });
  await ctx.step('release', () => releaseEverything(d, vmId, false));
  await ctx.step('event:expunge', async () => {
    await d.events.record(ctx.owner, { type: 'VM.EXPUNGE', description: `Expunged VM ${uuid}`, resourceType: 'VirtualMachine', resourceId: uuid });
  });
}

/**
 * Gives back all a VM holds outside its row and removes it: NICs, disks (root and destroyed
 * ones; with `allDisks` every disk, for account deletion), affinity memberships and tags.
 * Idempotent, so a resumed job may run it again.
 */
export async function releaseEverything(d: VmDeps, vmId: number, allDisks: boolean): Promise<void> {
  const peers = d.peers();
  await peers.networks?.releaseVmNics(vmId);
  const vols = await d.db.selectFrom('volumes').select(['id', 'type', 'state', 'account_id']).where('vm_id', '=', vmId).where('removed', 'is', null).execute();
  for (const v of vols) {
    if (allDisks || v.type === 'ROOT' || v.state === 'Destroy') {
      const size = await deleteVolume(d.db, d.storage, v.id);
      // Counts of destroyed disks went at destroy; the others go now.
      if (size > 0 && v.state !== 'Destroy') await releaseCounts(d, v.account_id, diskCounts([size]));
    } else {
      await d.db.updateTable('volumes').set({ vm_id: null, device_id: null, attached: null, updated: nowIso() }).where('id', '=', v.id).execute();
    }
  }
  await peers.affinity?.removeVm(vmId);
  await peers.tags?.removeAllFor?.('UserVm', [vmId]);
  await d.db.updateTable('vms').set({ state: 'Expunging', removed: nowIso(), updated: nowIso() }).where('id', '=', vmId).where('removed', 'is', null).execute();
}
