// deleteVolume, destroyVolume, recoverVolume and expunging: a destroyed volume (state
// Destroy) no longer counts against its owner and can be recovered until it is expunged;
// deleting or expunging removes it from its pool for good. Attached volumes are refused.
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { JobContext, JobOwner } from '../jobs/types.js';
import type { VolumeDeps } from './volume-deps.js';
import { deleteVolume } from './volume-lifecycle.js';
import { type VolumeRow, UNCOUNTED_STATES, type VolumeState, nowIso, releaseVolumeCounts, reserveVolumeCounts, transitVolume, volumeById } from './volume-rows.js';

export const DESTROY_CMD = 'destroyVolume';

/** States a detached volume may be destroyed or deleted from. */
const REMOVABLE: readonly VolumeState[] = ['Allocated', 'Ready', 'Destroy'];

function assertDetached(v: VolumeRow): void {
  if (v.vm_id !== null) throw invalidParam('Please specify a volume that is not attached to any VM.');
}

function assertUnprotected(v: VolumeRow): void {
  if (v.delete_protection === 1) throw invalidParam(`Volume ${v.name} (id=${v.uuid}) has delete protection enabled and cannot be deleted`);
}

/** Users may expunge or recover volumes only when allow.user.expunge.recover.volume says so. */
export async function mayExpungeOrRecover(d: VolumeDeps, caller: Caller, what: string): Promise<void> {
  if (caller.roleType !== 'User') return;
  if (await d.settings.getBool('allow.user.expunge.recover.volume', 'account', caller.accountId)) return;
  throw permissionDenied(`Parameter ${what} can be passed by Admin only. Or when the allow.user.expunge.recover.volume key is set.`);
}

/**
 * Removes a volume for good (idempotent): its snapshot policies go, its disk is deleted from
 * its pool, the space and (unless destroyed before) its counts are given back.
 */
export async function expungeVolume(d: VolumeDeps, owner: JobOwner, volumeId: number): Promise<void> {
  const v = await d.db.selectFrom('volumes').selectAll().where('id', '=', volumeId).executeTakeFirst();
  if (!v || v.removed !== null) return;
  const counted = !UNCOUNTED_STATES.includes(v.state as VolumeState);
  if (v.state !== 'Expunging') await transitVolume(d.db, v.id, [v.state as VolumeState], 'Expunging');
  await d.db.updateTable('snapshot_policies').set({ removed: nowIso() }).where('volume_id', '=', v.id).where('removed', 'is', null).execute();
  // Only the call that removed the row gets the size back, so the counts go back once.
  const size = await deleteVolume(d.db, d.storage, v.id);
  if (size > 0 && counted) await releaseVolumeCounts(d.limits, v.account_id, Number(v.size));
  await d.tags.removeAllFor('Volume', [v.id]);
  await d.events.record(owner, { type: 'VOLUME.DELETE', description: `Deleted volume ${v.name}`, resourceType: 'Volume', resourceId: v.uuid, resourceName: v.name });
}

/** deleteVolume (synchronous in CloudStack): a detached volume in a settled state. */
export async function deleteNow(d: VolumeDeps, caller: Caller, v: VolumeRow): Promise<void> {
  assertDetached(v);
  assertUnprotected(v);
  if (!REMOVABLE.includes(v.state as VolumeState)) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: it can not be deleted now`);
  await expungeVolume(d, caller, v.id);
}

export async function planDestroy(d: VolumeDeps, caller: Caller, v: VolumeRow, expunge: boolean): Promise<void> {
  assertDetached(v);
  assertUnprotected(v);
  if (expunge) await mayExpungeOrRecover(d, caller, 'expunge');
  if (v.state === 'Destroy' && !expunge) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is already destroyed`);
  if (!REMOVABLE.includes(v.state as VolumeState)) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: it can not be destroyed now`);
}

export async function destroySteps(d: VolumeDeps, ctx: JobContext, volumeId: number, expunge: boolean): Promise<void> {
  await ctx.step('destroy', () => d.db.transaction().execute(async (tx) => {
    const v = await volumeById(tx, volumeId);
    if (!v || v.state === 'Destroy') return;
    if (v.vm_id !== null) throw invalidParam('Please specify a volume that is not attached to any VM.');
    const r = await tx.updateTable('volumes').set({ state: 'Destroy', updated: nowIso() }).where('id', '=', v.id).where('state', 'in', ['Allocated', 'Ready'])
      .where('vm_id', 'is', null).where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: it can not be destroyed now`);
    await releaseVolumeCounts(d.limits, v.account_id, Number(v.size), tx);
  }));
  await ctx.step('event', async () => {
    const v = await d.db.selectFrom('volumes').select(['uuid', 'name']).where('id', '=', volumeId).executeTakeFirstOrThrow();
    await d.events.record(ctx.owner, { type: 'VOLUME.DESTROY', description: `Destroyed volume ${v.name}`, resourceType: 'Volume', resourceId: v.uuid, resourceName: v.name });
  });
  if (expunge) await ctx.step('expunge', () => expungeVolume(d, ctx.owner, volumeId));
}

/** recoverVolume: Destroy back to Ready (or Allocated), taking its counts again (535 when they no longer fit). */
export async function recoverNow(d: VolumeDeps, caller: Caller, v: VolumeRow): Promise<void> {
  await mayExpungeOrRecover(d, caller, 'recover');
  if (v.state !== 'Destroy') throw invalidState(`Please specify a volume in Destroy state: volume ${v.name} (id=${v.uuid}) is in state ${v.state}`);
  await d.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('volumes').set({ state: v.pool_id === null ? 'Allocated' : 'Ready', updated: nowIso() })
      .where('id', '=', v.id).where('state', '=', 'Destroy').where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is no longer in Destroy state`);
    await reserveVolumeCounts(d.limits, v.account_id, Number(v.size), tx);
  });
  await d.events.record(caller, { type: 'VOLUME.RECOVER', description: `Recovered volume ${v.name}`, resourceType: 'Volume', resourceId: v.uuid, resourceName: v.name });
}
