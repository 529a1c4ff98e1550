// migrateVolume: copies a Ready volume to another primary pool of its zone through the storage
// driver (copyVolume), then switches the row over and deletes the old copy. A disk of a running
// VM moves only with livemigrate=true; the space is claimed on the target before the copy.
import { DomainError, invalidParam, invalidState } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import { resolveId } from './lookup.js';
import type { VolumeDeps } from './volume-deps.js';
import { storageDriverFor } from './volume-lifecycle.js';
import { vmPlace } from './volume-place.js';
import { type VolumeRow, adjustPoolBytes, nowIso, offeringTags, transitVolume, vmSnapshotCount, volumeById } from './volume-rows.js';
import { vmById } from './vm-rows.js';

export const MIGRATE_CMD = 'migrateVolume';

export interface MigrateInput {
  readonly volumeId: string;
  readonly storageId: string;
  readonly liveMigrate?: boolean;
  readonly newDiskOfferingId?: string;
}

export interface MigratePlan {
  readonly volume: VolumeRow;
  readonly poolId: number;
  readonly offeringId: number | null;
}

export async function planMigrate(d: VolumeDeps, a: MigrateInput, findVolume: (ref: string) => Promise<VolumeRow>): Promise<MigratePlan> {
  const v = await findVolume(a.volumeId);
  if (v.state !== 'Ready' || v.pool_id === null) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: only a Ready volume on a storage pool can be migrated`);
  const poolRef = await resolveId(d.db, 'storage_pools', a.storageId);
  const pool = poolRef === undefined ? undefined
    : await d.db.selectFrom('storage_pools').selectAll().where('id', '=', poolRef).where('removed', 'is', null).executeTakeFirst();
  if (!pool) throw invalidParam(`Unable to find storage pool with ID: ${a.storageId}`);
  if (pool.id === v.pool_id) throw invalidParam(`Volume ${v.uuid} is already on storage pool ${pool.name}`);
  if (pool.zone_id !== v.zone_id) throw invalidParam(`Storage pool ${pool.name} is not in the zone of volume ${v.uuid}`);
  if (pool.status !== 'Up') throw invalidState(`Failed to migrate volume to the destination storage pool ${pool.name}: it is in state ${pool.status}, not Up`);
  if (v.vm_id !== null) {
    const vm = await vmById(d.db, v.vm_id);
    if (vm) {
      if (vm.state === 'Running' && !a.liveMigrate) {
        throw invalidParam(`The volume ${v.uuid} is attached to a running vm and for migrating it the parameter livemigrate should be specified`);
      }
      if (vm.state !== 'Running' && vm.state !== 'Stopped') throw invalidState(`The VM the volume is attached to is in state ${vm.state}: it must be Running or Stopped`);
      if (await vmSnapshotCount(d.db, vm.id)) throw invalidParam('Volume cannot be migrated, please remove all VM snapshots for VM');
      const place = await vmPlace(d.db, vm);
      if (pool.scope === 'CLUSTER' && place.clusterId !== null && pool.cluster_id !== place.clusterId) {
        throw invalidParam(`Storage pool ${pool.name} is not reachable from the cluster of the VM the volume is attached to`);
      }
    }
  }
  let offeringId = v.disk_offering_id;
  if (a.newDiskOfferingId !== undefined) {
    const oid = await resolveId(d.db, 'disk_offerings', a.newDiskOfferingId);
    const o = oid === undefined ? undefined : await d.db.selectFrom('disk_offerings').selectAll().where('id', '=', oid).where('removed', 'is', null).executeTakeFirst();
    if (!o) throw invalidParam(`Unable to find disk offering by id ${a.newDiskOfferingId}`);
    if (o.customized !== 1 && Number(o.disk_size) !== Number(v.size)) {
      throw invalidParam(`Disk offering ${o.name} has another size than the volume: use resizeVolume to change the size`);
    }
    offeringId = o.id;
  }
  const tags = await offeringTags(d.db, offeringId);
  if (tags.length) {
    const have = new Set((await d.db.selectFrom('storage_pool_tags').select('tag').where('pool_id', '=', pool.id).execute()).map((t) => t.tag.toLowerCase()));
    if (!tags.every((t) => have.has(t.toLowerCase()))) throw invalidParam(`Destination pool ${pool.name} does not have matching storage tags (${tags.join(',')})`);
  }
  const from = await d.db.selectFrom('storage_pools').select('url').where('id', '=', v.pool_id).executeTakeFirstOrThrow();
  if (storageDriverFor(d.storage, from.url) !== storageDriverFor(d.storage, pool.url)) {
    throw invalidParam(`Volume ${v.uuid} can not be copied between storage pools of different kinds`);
  }
  if (Number(pool.capacity_bytes) - Number(pool.allocated_bytes) < Number(v.size)) {
    throw new DomainError('InsufficientCapacity', `Storage pool ${pool.name} does not have ${Number(v.size)} bytes free for volume ${v.uuid}`);
  }
  return { volume: v, poolId: pool.id, offeringId };
}

/** The job steps; `p` holds volumeId, poolId and offeringId. */
export async function migrateSteps(d: VolumeDeps, ctx: JobContext, p: Record<string, unknown>): Promise<void> {
  const volumeId = Number(p.volumeId);
  const toId = Number(p.poolId);
  const src = await ctx.step('migrating', async () => {
    const v = await volumeById(d.db, volumeId);
    if (!v || v.pool_id === null) throw invalidState(`Volume ${volumeId} is no longer on a storage pool`);
    if (!(await transitVolume(d.db, v.id, ['Ready'], 'Migrating'))) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: it can not be migrated now`);
    return { poolId: v.pool_id, path: v.path ?? v.uuid, uuid: v.uuid, size: Number(v.size) };
  }, async () => {
    await transitVolume(d.db, volumeId, ['Migrating'], 'Ready');
  });
  await ctx.step('reserve', async () => {
    if (!(await adjustPoolBytes(d.db, toId, src.size))) throw new DomainError('InsufficientCapacity', `The destination storage pool has no room for ${src.size} bytes`);
  }, async () => {
    await adjustPoolBytes(d.db, toId, -src.size);
  });
  const urls = await ctx.step('urls', async () => {
    const rows = await d.db.selectFrom('storage_pools').select(['id', 'url']).where('id', 'in', [src.poolId, toId]).execute();
    return { from: rows.find((r) => r.id === src.poolId)!.url, to: rows.find((r) => r.id === toId)!.url };
  });
  const copy = await ctx.step('copy', () => storageDriverFor(d.storage, urls.to).copyVolume(urls.from, src.path, urls.to, src.uuid), async (c) => {
    await storageDriverFor(d.storage, urls.to).deleteVolume(urls.to, c.path);
  });
  await ctx.step('switch', () => d.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('volumes').set({
      pool_id: toId, path: copy.path, format: copy.format, physical_size: copy.physicalBytes, state: 'Ready',
      disk_offering_id: p.offeringId === null ? null : Number(p.offeringId), updated: nowIso(),
    }).where('id', '=', volumeId).where('state', '=', 'Migrating').where('pool_id', '=', src.poolId).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) await adjustPoolBytes(tx, src.poolId, -src.size);
  }));
  await ctx.step('cleanup', async () => {
    // The copy is in use now: a leftover source disk only wastes space, so a failure here is not the job's.
    await storageDriverFor(d.storage, urls.from).deleteVolume(urls.from, src.path).catch(() => undefined);
  });
  await ctx.step('event', async () => {
    const v = await d.db.selectFrom('volumes').select(['uuid', 'name']).where('id', '=', volumeId).executeTakeFirstOrThrow();
    await d.events.record(ctx.owner, { type: 'VOLUME.MIGRATE', description: `Migrated volume ${v.name} to another storage pool`, resourceType: 'Volume', resourceId: v.uuid, resourceName: v.name });
  });
}
