// revertSnapshot: the volume's content is replaced by the snapshot's backup (the storage
// driver's restoreVolume). Its VM must be Stopped; a size that changed since the snapshot is
// reflected in the owner's primary storage count and on the pool.
import type { Caller } from '../core/caller.js';
import { DomainError, invalidParam, invalidState } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import { type SnapshotRow, driverFor, findSnapshot, mustBeBackedUp, snapshotImage } from './snapshot-rows.js';
import type { VolumeDeps } from './volume-deps.js';
import { type VolumeRow, adjustPoolBytes, nowIso, poolOf, transitVolume, vmSnapshotCount, volumeById } from './volume-rows.js';
import { vmById } from './vm-rows.js';

export const REVERT_CMD = 'revertSnapshot';

export async function planRevert(d: VolumeDeps, caller: Caller, id: string): Promise<{ snapshot: SnapshotRow; volume: VolumeRow }> {
  const s = await findSnapshot(d.db, caller, id);
  mustBeBackedUp(s, 'reverted to');
  const v = await volumeById(d.db, s.volume_id);
  if (!v) throw invalidParam(`The volume snapshot ${s.uuid} was taken of no longer exists`);
  if (v.state !== 'Ready' || v.pool_id === null) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}, not Ready: it can not be reverted`);
  if (v.vm_id !== null) {
    const vm = await vmById(d.db, v.vm_id);
    if (vm && vm.state !== 'Stopped') throw invalidState('The VM the specified disk is attached to is not in the shutdown state.');
    if (await vmSnapshotCount(d.db, v.vm_id)) throw invalidParam('Unable to revert snapshot for VM, please remove VM snapshots before reverting VM from snapshot');
  }
  await snapshotImage(d.db, s);
  return { snapshot: s, volume: v };
}

export async function revertSteps(d: VolumeDeps, ctx: JobContext, snapshotId: number): Promise<void> {
  const s = await d.db.selectFrom('snapshots').selectAll().where('id', '=', snapshotId).executeTakeFirstOrThrow();
  const before = await ctx.step('reverting', async () => {
    const v = await volumeById(d.db, s.volume_id);
    if (!v || !(await transitVolume(d.db, v.id, ['Ready'], 'RevertSnapshotting'))) throw invalidState(`Volume ${s.volume_id} is not Ready: it can not be reverted now`);
    return { size: Number(v.size), poolId: v.pool_id, accountId: v.account_id };
  }, async () => {
    await transitVolume(d.db, s.volume_id, ['RevertSnapshotting'], 'Ready');
  });
  const info = await ctx.step('restore', async () => {
    const v = await d.db.selectFrom('volumes').selectAll().where('id', '=', s.volume_id).executeTakeFirstOrThrow();
    const pool = await poolOf(d.db, v);
    if (!pool) throw invalidState(`Volume ${v.uuid} is not on primary storage`);
    const { store, image } = await snapshotImage(d.db, s);
    const r = await driverFor(d.storage, pool.url).restoreVolume(pool.url, v.path ?? v.uuid, store.url, image);
    return { sizeBytes: r.sizeBytes, physicalBytes: r.physicalBytes };
  });
  await ctx.step('done', () => d.db.transaction().execute(async (tx) => {
    const delta = info.sizeBytes - before.size;
    if (delta > 0) await d.limits.reserve(before.accountId, 'primary_storage', delta, tx);
    if (delta < 0) await d.limits.release(before.accountId, 'primary_storage', -delta, tx);
    if (before.poolId !== null && !(await adjustPoolBytes(tx, before.poolId, delta))) {
      throw new DomainError('InsufficientCapacity', `The volume's storage pool has no room for the snapshot's ${info.sizeBytes} bytes`);
    }
    await tx.updateTable('volumes').set({ size: info.sizeBytes, physical_size: info.physicalBytes, state: 'Ready', updated: nowIso() })
      .where('id', '=', s.volume_id).where('state', '=', 'RevertSnapshotting').execute();
  }));
  await ctx.step('event', async () => {
    await d.events.record(ctx.owner, { type: 'SNAPSHOT.REVERT', description: `Reverted volume ${s.volume_id} to snapshot ${s.name}`, resourceType: 'Snapshot', resourceId: s.uuid, resourceName: s.name });
  });
}
