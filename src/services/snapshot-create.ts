// createSnapshot (and the scheduler's recurring snapshots): the row and the owner's counts are
// taken first (Allocated); the job marks the volume Snapshotting, backs it up into an image
// store of its zone through the storage driver (CreatedOnPrimary → BackingUp → BackedUp),
// and, for a policy's snapshot, prunes that policy's oldest snapshots beyond maxsnaps.
import { randomUUID } from 'node:crypto';
import { invalidParam, invalidState } from '../core/errors.js';
import type { ImageInfo } from '../drivers/storage/types.js';
import type { JobContext, JobOwner } from '../jobs/types.js';
import { resolveId } from './lookup.js';
import { checkOwnerWritable } from './owner.js';
import { destroySnapshot, pruneSnapshots } from './snapshot-remove.js';
import { driverFor, storeById, transitSnapshot, zoneStore } from './snapshot-rows.js';
import type { VolumeDeps } from './volume-deps.js';
import { type VolumeRow, nowIso, poolOf, transitVolume, volumeById } from './volume-rows.js';
import { vmById } from './vm-rows.js';

export const CREATE_CMD = 'createSnapshot';

export interface CreateSnapshotInput {
  readonly volumeId: string;
  readonly policyId?: string;
  readonly name?: string;
  readonly quiesceVm?: boolean;
  readonly locationType?: string;
  readonly zoneIds?: readonly string[];
  readonly storageIds?: readonly string[];
  readonly useStorageReplication?: boolean;
  readonly account?: string;
  readonly domainid?: string;
}

/** CloudStack's snapshot name: `<vm name or "detached">_<volume name>_<yyyyMMddHHmmss>` (UTC). */
export function snapshotName(vmName: string | undefined, volumeName: string, at: Date): string {
  const t = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${vmName ?? 'detached'}_${volumeName}_${t}`;
}

/** Checks that a volume can be snapshotted now (Ready, its VM Running or Stopped, an image store in its zone). */
export async function checkSnapshottable(d: VolumeDeps, v: VolumeRow): Promise<string | undefined> {
  if (v.state !== 'Ready' || v.pool_id === null) throw invalidState(`VolumeId: ${v.uuid} is not in Ready state but ${v.state}. Cannot take snapshot.`);
  let vmName: string | undefined;
  if (v.vm_id !== null) {
    const vm = await vmById(d.db, v.vm_id);
    if (vm && vm.state !== 'Running' && vm.state !== 'Stopped' && vm.state !== 'Destroyed') {
      throw invalidState(`The VM the volume is attached to is in state ${vm.state}: snapshots are taken of volumes of Running or Stopped VMs`);
    }
    vmName = vm?.name;
  }
  await zoneStore(d.db, v.zone_id);
  return vmName;
}

export async function planCreate(
  d: VolumeDeps, a: CreateSnapshotInput, findVolume: (ref: string) => Promise<VolumeRow>,
): Promise<{ volume: VolumeRow; name: string; policyId: number | null }> {
  if ((a.account === undefined) !== (a.domainid === undefined)) throw invalidParam('AccountName and domainId must be specified together');
  const v = await findVolume(a.volumeId);
  await checkOwnerWritable(d.db, v.account_id);
  if (a.quiesceVm) throw invalidParam("can't handle quiescevm equal true for volume snapshot");
  if (a.locationType !== undefined && a.locationType.toUpperCase() !== 'SECONDARY') {
    throw invalidParam(`Unsupported locationtype ${a.locationType}: snapshots are backed up to secondary storage`);
  }
  if (a.storageIds?.length || a.useStorageReplication) throw invalidParam('Copying snapshots to other primary storage pools is not supported');
  for (const z of a.zoneIds ?? []) {
    if ((await resolveId(d.db, 'zones', z)) !== v.zone_id) throw invalidParam(`Copying snapshots to another zone (${z}) is not supported`);
  }
  let policyId: number | null = null;
  if (a.policyId !== undefined) {
    const pid = await resolveId(d.db, 'snapshot_policies', a.policyId);
    const p = pid === undefined ? undefined : await d.db.selectFrom('snapshot_policies').select(['id', 'volume_id']).where('id', '=', pid).where('removed', 'is', null).executeTakeFirst();
    if (!p || p.volume_id !== v.id) throw invalidParam(`Unable to find snapshot policy ${a.policyId} of volume ${v.uuid}`);
    policyId = p.id;
  }
  const vmName = await checkSnapshottable(d, v);
  const name = a.name?.trim() ? a.name.trim() : snapshotName(vmName, v.name, new Date());
  return { volume: v, name, policyId };
}

/**
 * The Allocated row and the owner's counts (`snapshot` 1, `secondary_storage` the volume's
 * size), in one transaction: 535 and nothing changed when a limit is reached.
 */
export async function allocateSnapshot(
  d: VolumeDeps, v: VolumeRow, o: { name: string; policyId: number | null; type: string },
): Promise<{ id: number; uuid: string }> {
  const uuid = randomUUID();
  const size = Number(v.size);
  const pool = await poolOf(d.db, v);
  const hv = pool ? await d.db.selectFrom('storage_pools').select('hypervisor').where('id', '=', pool.id).executeTakeFirst() : undefined;
  const vm = v.vm_id === null ? undefined : await vmById(d.db, v.vm_id);
  const id = await d.db.transaction().execute(async (tx) => {
    await d.limits.reserve(v.account_id, 'snapshot', 1, tx);
    await d.limits.reserve(v.account_id, 'secondary_storage', size, tx);
    const r = await tx.insertInto('snapshots').values({
      uuid, name: o.name, account_id: v.account_id, domain_id: v.domain_id, zone_id: v.zone_id, volume_id: v.id, snapshot_type: o.type,
      policy_id: o.policyId, state: 'Allocated', size, store_id: null, image: null, counted_bytes: size,
      hypervisor: vm?.hypervisor_type ?? (hv?.hypervisor && hv.hypervisor !== 'Any' ? hv.hypervisor : null), created: nowIso(), removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  });
  return { id, uuid };
}

/** The job steps; a failure marks the snapshot Error, removes it and gives its counts back. */
export async function createSteps(d: VolumeDeps, ctx: JobContext, snapshotId: number): Promise<void> {
  await ctx.step('allocated', async () => undefined, async () => {
    await transitSnapshot(d.db, snapshotId, ['Allocated', 'CreatedOnPrimary', 'BackingUp'], 'Error');
    await destroySnapshot(d, null, snapshotId, ['Error']);
  });
  const s0 = await d.db.selectFrom('snapshots').selectAll().where('id', '=', snapshotId).executeTakeFirstOrThrow();
  await ctx.step('snapshotting', async () => {
    const v = await volumeById(d.db, s0.volume_id);
    if (!v) throw invalidState(`The volume of snapshot ${s0.uuid} no longer exists`);
    if (!(await transitVolume(d.db, v.id, ['Ready'], 'Snapshotting')) && v.state !== 'Snapshotting') {
      throw invalidState(`VolumeId: ${v.uuid} is not in Ready state but ${v.state}. Cannot take snapshot.`);
    }
    await transitSnapshot(d.db, snapshotId, ['Allocated'], 'CreatedOnPrimary');
  }, async () => {
    await transitVolume(d.db, s0.volume_id, ['Snapshotting'], 'Ready');
  });
  const backup = await ctx.step('backup', async () => {
    await transitSnapshot(d.db, snapshotId, ['CreatedOnPrimary'], 'BackingUp');
    const v = await d.db.selectFrom('volumes').selectAll().where('id', '=', s0.volume_id).executeTakeFirstOrThrow();
    const pool = await poolOf(d.db, v);
    if (!pool) throw invalidState(`Volume ${v.uuid} is not on primary storage`);
    const store = await zoneStore(d.db, v.zone_id);
    const image = await driverFor(d.storage, store.url).snapshotVolume(pool.url, v.path ?? v.uuid, store.url, s0.uuid);
    return { storeId: store.id, image };
  }, async (b) => {
    const store = await storeById(d.db, b.storeId);
    if (store) await driverFor(d.storage, store.url).deleteImage(store.url, b.image.path);
  });
  await ctx.step('backedup', () => d.db.transaction().execute(async (tx) => {
    await tx.updateTable('snapshots').set({
      state: 'BackedUp', store_id: backup.storeId, image: JSON.stringify(backup.image satisfies ImageInfo), physical_size: backup.image.physicalBytes,
    }).where('id', '=', snapshotId).where('state', '=', 'BackingUp').execute();
    await tx.updateTable('volumes').set({ state: 'Ready', updated: nowIso() }).where('id', '=', s0.volume_id).where('state', '=', 'Snapshotting').execute();
  }));
  if (s0.policy_id !== null) {
    const policyId = s0.policy_id;
    await ctx.step('prune', () => pruneSnapshots(d, ctx.owner, policyId));
  }
  await ctx.step('event', async () => {
    await d.events.record(ctx.owner, {
      type: 'SNAPSHOT.CREATE', description: `Created snapshot ${s0.name} of volume ${s0.volume_id}`, resourceType: 'Snapshot', resourceId: s0.uuid, resourceName: s0.name,
    });
  });
}

/**
 * Who a scheduled snapshot's job runs as: CloudStack's system user acting for the volume's
 * account (project accounts have no users of their own).
 */
export async function scheduleOwner(d: VolumeDeps, accountId: number): Promise<JobOwner | undefined> {
  const a = await d.db.selectFrom('accounts').select(['id', 'domain_id']).where('id', '=', accountId).where('removed', 'is', null).executeTakeFirst();
  const sys = await d.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id').select('u.id')
    .where('a.name', '=', 'system').where('u.username', '=', 'system').orderBy('u.id').executeTakeFirst();
  return a && sys ? { userId: sys.id, accountId: a.id, domainId: a.domain_id } : undefined;
}
