// Putting an Allocated volume on primary storage when it first needs a disk (attach to a VM
// whose disks exist, or creation from a snapshot), with the compute family's pool choice
// (volume-lifecycle.ts). Every call is idempotent: it carries on from the state the row is in.
import type { ImageInfo } from '../drivers/storage/types.js';
import type { Db } from '../db/schema.js';
import { claimPool, createOnPool } from './volume-lifecycle.js';
import type { VolumeDeps } from './volume-deps.js';
import { offeringTags } from './volume-rows.js';

export interface VmPlace {
  /** The VM's disks already live on primary storage (it was started once). */
  readonly onStorage: boolean;
  /** The cluster a new disk must be reachable from, when the VM is tied to one. */
  readonly clusterId: number | null;
}

/** Where a VM's disks are: the cluster of a cluster-wide pool holding one, else of its host (or last host). */
export async function vmPlace(db: Db, vm: { id: number; cluster_id: number | null; host_id: number | null; last_host_id: number | null }): Promise<VmPlace> {
  const pools = await db.selectFrom('volumes as v').innerJoin('storage_pools as p', 'p.id', 'v.pool_id').select(['p.scope', 'p.cluster_id'])
    .where('v.vm_id', '=', vm.id).where('v.removed', 'is', null).where('v.state', 'not in', ['Allocated', 'Creating']).execute();
  const clusterPool = pools.find((p) => p.scope === 'CLUSTER' && p.cluster_id !== null);
  if (clusterPool) return { onStorage: true, clusterId: clusterPool.cluster_id };
  let clusterId = vm.cluster_id;
  const hostId = vm.host_id ?? vm.last_host_id;
  if (clusterId === null && hostId !== null) clusterId = (await db.selectFrom('hosts').select('cluster_id').where('id', '=', hostId).executeTakeFirst())?.cluster_id ?? null;
  return { onStorage: pools.length > 0, clusterId };
}

/**
 * Claims a pool for the volume and creates it there (a linked clone of `from` when given),
 * leaving it Ready. Returns whether this call (or an earlier attempt of the same step) had to
 * do anything, so the caller's undo knows whether to give the pool back.
 */
export async function ensureOnPool(
  d: VolumeDeps, volumeId: number, place: { zoneId: number; clusterId?: number | null; hypervisor?: string },
  from?: { readonly storeUrl: string; readonly image: ImageInfo },
): Promise<boolean> {
  const v = await d.db.selectFrom('volumes').select(['state', 'size', 'disk_offering_id']).where('id', '=', volumeId).where('removed', 'is', null).executeTakeFirst();
  if (!v || (v.state !== 'Allocated' && v.state !== 'Creating')) return false;
  if (v.state === 'Allocated') {
    await claimPool(d.db, d.storage, volumeId, {
      zoneId: place.zoneId, clusterId: place.clusterId ?? null, hypervisor: place.hypervisor, tags: await offeringTags(d.db, v.disk_offering_id),
      sizeBytes: Math.max(Number(v.size), from?.image.sizeBytes ?? 0),
    });
  }
  await createOnPool(d.db, d.storage, volumeId, from);
  return true;
}
