// revertToVMSnapshot: every disk of the VM gets the snapshot's image back (restoreVolume). As in
// CloudStack, a running VM is stopped first; afterwards it is Stopped for a disk-only snapshot
// and Running for one that included memory (the guest resumes where the snapshot was taken).
// Stopping and starting are the VM family's own job steps.
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import { driverFor, storeById } from './snapshot-rows.js';
import type { VolumeDeps } from './volume-deps.js';
import { nowIso, poolOf } from './volume-rows.js';
import { assertVmIdle } from './vm-snapshot-create.js';
import { type VmSnapshotRow, diskImages, findVmSnapshot, transitVmSnapshot } from './vm-snapshot-rows.js';
import { type VmRow, vmById } from './vm-rows.js';

export const REVERT_CMD = 'revertToVMSnapshot';

/** The VM family's stop and start, run as steps of this job. */
export interface VmPower {
  stop(ctx: JobContext, vmId: number): Promise<void>;
  start(ctx: JobContext, vmId: number): Promise<void>;
}

export async function planRevert(d: VolumeDeps, caller: Caller, id: string): Promise<{ snapshot: VmSnapshotRow; vm: VmRow }> {
  const s = await findVmSnapshot(d.db, caller, id);
  if (s.state !== 'Ready') throw invalidState(`VM Snapshot reverting failed due to vm snapshot ${s.uuid} is not in the state of Ready (it is ${s.state})`);
  const vm = await vmById(d.db, s.vm_id);
  if (!vm) throw invalidParam(`The VM of VM snapshot ${s.uuid} no longer exists`);
  if (vm.state !== 'Running' && vm.state !== 'Stopped') throw invalidState('VM Snapshot reverting failed due to vm is not in the state of Running or Stopped.');
  await assertVmIdle(d, vm.id);
  for (const img of await diskImages(d.db, s.id)) {
    const v = await d.db.selectFrom('volumes').select(['uuid', 'state', 'removed', 'pool_id']).where('id', '=', img.volumeId).executeTakeFirst();
    if (!v || v.removed !== null || v.pool_id === null) throw invalidState(`A disk of VM snapshot ${s.uuid} no longer exists`);
    if (!(await storeById(d.db, img.storeId))) throw invalidState(`The image store holding VM snapshot ${s.uuid} is gone`);
  }
  return { snapshot: s, vm };
}

export async function revertSteps(d: VolumeDeps, ctx: JobContext, id: number, power: VmPower | undefined): Promise<number> {
  const s = await d.db.selectFrom('vm_snapshots').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await ctx.step('reverting', async () => {
    if (!(await transitVmSnapshot(d.db, id, ['Ready'], 'Reverting'))) throw invalidState(`VM snapshot ${s.uuid} is not Ready: it can not be reverted to now`);
  }, async () => {
    await transitVmSnapshot(d.db, id, ['Reverting'], 'Ready');
  });
  const vm = await vmById(d.db, s.vm_id);
  if (!vm) throw invalidState(`The VM of VM snapshot ${s.uuid} no longer exists`);
  const needsPower = vm.state === 'Running' || s.type === 'DiskAndMemory';
  if (needsPower && !power) throw invalidState('Reverting this VM snapshot needs to stop or start the VM, which this server cannot do (the VM family is not bound)');
  if (vm.state === 'Running') await power!.stop(ctx, vm.id);
  for (const img of await diskImages(d.db, id)) {
    await ctx.step(`restore:${img.volumeId}`, async () => {
      const v = await d.db.selectFrom('volumes').selectAll().where('id', '=', img.volumeId).executeTakeFirstOrThrow();
      const pool = await poolOf(d.db, v);
      const store = await storeById(d.db, img.storeId);
      if (!pool || !store) throw invalidState(`Disk ${v.uuid} or its image is no longer available`);
      const r = await driverFor(d.storage, pool.url).restoreVolume(pool.url, v.path ?? v.uuid, store.url, img.image);
      await d.db.updateTable('volumes').set({ physical_size: r.physicalBytes, updated: nowIso() }).where('id', '=', v.id).execute();
    });
  }
  await ctx.step('current', () => d.db.transaction().execute(async (tx) => {
    await tx.updateTable('vm_snapshots').set({ current: 0 }).where('vm_id', '=', s.vm_id).where('id', '!=', id).execute();
    await tx.updateTable('vm_snapshots').set({ current: 1, state: 'Ready' }).where('id', '=', id).where('state', '=', 'Reverting').execute();
  }));
  if (s.type === 'DiskAndMemory') await power!.start(ctx, vm.id);
  await ctx.step('revert-event', async () => {
    await d.events.record(ctx.owner, { type: 'VMSNAPSHOT.REVERTTO', description: `Reverted VM ${vm.display_name} to VM snapshot ${s.display_name}`, resourceType: 'VMSnapshot', resourceId: s.uuid, resourceName: s.display_name });
  });
  return vm.id;
}
