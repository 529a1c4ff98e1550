// Volumes on primary storage, shared by the VM family (root and data disks at deploy) and the
// volume family (createVolume, attach, detach, snapshots): pick a pool and claim space on it,
// create the volume there through the storage driver, and delete it again. Rows live in
// `volumes`; space is claimed with CapacityService.reservePool's compare-and-set, run in one
// transaction with the volume row that records the claim (so a crash never strands bytes).
import { randomUUID } from 'node:crypto';
import { DomainError, internalError } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { ImageInfo, StorageDriver, VolumeInfo } from '../drivers/storage/types.js';

export type VolumeType = 'ROOT' | 'DATADISK';

export interface PoolNeed {
  readonly zoneId: number;
  /** The cluster of the host that will use the volume: cluster-wide pools elsewhere do not qualify. */
  readonly clusterId?: number | null;
  readonly hypervisor?: string;
  /** Storage tags of the disk or compute offering; a pool must carry all of them. */
  readonly tags: readonly string[];
  readonly sizeBytes: number;
  readonly avoidPools?: ReadonlySet<number>;
  /** Only this pool (an admin's choice, or where the VM's other disks already are). */
  readonly poolId?: number;
}

export interface PoolChoice {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly url: string;
  /** Bytes claimed on it; give them back with releasePool when the volume goes. */
  readonly reservedBytes: number;
}

export interface NewVolume {
  readonly name: string;
  readonly accountId: number;
  readonly domainId: number;
  readonly zoneId: number;
  readonly type: VolumeType;
  readonly sizeBytes: number;
  readonly vmId?: number | null;
  readonly deviceId?: number | null;
  readonly diskOfferingId?: number | null;
  readonly templateId?: number | null;
  readonly provisioningType?: string;
  readonly minIops?: number | null;
  readonly maxIops?: number | null;
}

/** The storage driver serving a pool or store URL (by scheme), or ResourceUnavailable. */
export function storageDriverFor(drivers: readonly StorageDriver[], url: string): StorageDriver {
  const scheme = url.slice(0, Math.max(0, url.indexOf(':'))).toLowerCase();
  const d = drivers.find((x) => x.schemes.includes(scheme));
  if (!d) throw new DomainError('ResourceUnavailable', `No storage driver for ${scheme || url} storage on this server`);
  return d;
}

/** Splits an offering's comma-separated storage tags. */
export function splitTags(tags: string | null | undefined): string[] {
  return (tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
}

/**
 * Chooses a primary pool for an Allocated volume and claims its size there: an Up pool of the
 * zone that is zone-wide or in the host's cluster, carries every requested tag, has a storage
 * driver and has room; the emptiest first. The claim (pool bytes, compare-and-set, plus the
 * volume row's pool and state Creating) is one transaction, so the volume row always says what
 * is held for it, even after a crash. Losing a race moves on to the next pool; 533 when none fits.
 */
export async function claimPool(db: Db, drivers: readonly StorageDriver[], volumeId: number, need: PoolNeed): Promise<PoolChoice> {
  for (const p of await poolCandidates(db, drivers, need)) {
    const won = await db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('storage_pools').set((eb) => ({ allocated_bytes: eb('allocated_bytes', '+', need.sizeBytes) }))
        .where('id', '=', p.id).where('removed', 'is', null).where('status', '=', 'Up')
        .where((eb) => eb(eb('allocated_bytes', '+', need.sizeBytes), '<=', eb.ref('capacity_bytes'))).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      const v = await tx.updateTable('volumes').set({ pool_id: p.id, state: 'Creating', size: need.sizeBytes, updated: new Date().toISOString() })
        .where('id', '=', volumeId).where('state', '=', 'Allocated').where('removed', 'is', null).executeTakeFirst();
      if (Number(v.numUpdatedRows) !== 1) throw new DomainError('InvalidState', `Volume ${volumeId} is no longer Allocated`);
      return true;
    });
    if (won) return { id: p.id, uuid: p.uuid, name: p.name, url: p.url, reservedBytes: need.sizeBytes };
  }
  const why = need.tags.length ? ` with storage tags ${need.tags.join(',')}` : '';
  throw new DomainError('InsufficientCapacity', `Unable to find a primary storage pool${why} with ${need.sizeBytes} bytes free in zone ${need.zoneId}`);
}

/** The pools that could take a volume, best first (no claim). */
export async function poolCandidates(db: Db, drivers: readonly StorageDriver[], need: PoolNeed): Promise<{ id: number; uuid: string; name: string; url: string }[]> {
  const schemes = [...new Set(drivers.flatMap((d) => d.schemes))];
  if (!schemes.length) return [];
  let q = db.selectFrom('storage_pools').select(['id', 'uuid', 'name', 'url', 'capacity_bytes', 'allocated_bytes', 'is_tag_rule'])
    .where('removed', 'is', null).where('status', '=', 'Up').where('zone_id', '=', need.zoneId).where('driver', 'in', schemes)
    .where((eb) => eb.or([eb('scope', '=', 'ZONE'), ...(need.clusterId ? [eb.and([eb('scope', '=', 'CLUSTER'), eb('cluster_id', '=', need.clusterId)])] : [])]));
  if (need.hypervisor) {
    const hv = need.hypervisor;
    q = q.where((eb) => eb.or([eb('hypervisor', 'is', null), eb('hypervisor', '=', hv), eb('hypervisor', '=', 'Any')]));
  }
  if (need.poolId !== undefined) q = q.where('id', '=', need.poolId);
  const pools = await q.execute();
  const tagged = need.tags.length ? await poolTags(db, pools.map((p) => p.id)) : new Map<number, Set<string>>();
  return pools
    .filter((p) => !need.avoidPools?.has(p.id))
    .filter((p) => !need.tags.length || (p.is_tag_rule === 0 && need.tags.every((t) => tagged.get(p.id)?.has(t.toLowerCase()))))
    .filter((p) => Number(p.capacity_bytes) - Number(p.allocated_bytes) >= need.sizeBytes)
    .sort((a, b) => (Number(b.capacity_bytes) - Number(b.allocated_bytes)) - (Number(a.capacity_bytes) - Number(a.allocated_bytes)) || a.id - b.id);
}

async function poolTags(db: Db, ids: readonly number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (!ids.length) return out;
  for (const r of await db.selectFrom('storage_pool_tags').select(['pool_id', 'tag']).where('pool_id', 'in', ids).execute()) {
    const s = out.get(r.pool_id) ?? new Set<string>();
    s.add(r.tag.toLowerCase());
    out.set(r.pool_id, s);
  }
  return out;
}

/** A volume row in state Allocated (no pool yet): the disk exists only as a record. */
export async function insertVolume(db: Db, v: NewVolume): Promise<{ id: number; uuid: string }> {
  const uuid = randomUUID();
  const now = new Date().toISOString();
  const r = await db.insertInto('volumes').values({
    uuid, name: v.name, account_id: v.accountId, domain_id: v.domainId, zone_id: v.zoneId, pool_id: null, vm_id: v.vmId ?? null,
    device_id: v.deviceId ?? null, type: v.type, state: 'Allocated', size: v.sizeBytes, path: null, format: null,
    disk_offering_id: v.diskOfferingId ?? null, template_id: v.templateId ?? null, min_iops: v.minIops ?? null, max_iops: v.maxIops ?? null,
    provisioning_type: v.provisioningType ?? 'thin', attached: v.vmId ? now : null, created: now, updated: null, removed: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: r.id, uuid };
}

/**
 * Creates a claimed (Creating) volume on its pool, a linked clone of `from` for root disks,
 * and marks it Ready. Idempotent: the driver creates by name (the volume uuid).
 */
export async function createOnPool(db: Db, drivers: readonly StorageDriver[], volumeId: number, from?: { readonly storeUrl: string; readonly image: ImageInfo }): Promise<VolumeInfo> {
  const v = await db.selectFrom('volumes as v').innerJoin('storage_pools as p', 'p.id', 'v.pool_id')
    .select(['v.uuid', 'v.size', 'p.url']).where('v.id', '=', volumeId).executeTakeFirst();
  if (!v) throw internalError(`Volume ${volumeId} has no pool to be created on`);
  const info = await storageDriverFor(drivers, v.url).createVolume(v.url, { name: v.uuid, sizeBytes: Number(v.size), from });
  await db.updateTable('volumes').set({
    path: info.path, physical_size: info.physicalBytes, format: info.format, state: 'Ready', updated: new Date().toISOString(),
  }).where('id', '=', volumeId).where('removed', 'is', null).execute();
  return info;
}

/**
 * Undoes claimPool/createOnPool: deletes the volume from its pool (if it got there), gives the
 * claimed bytes back and returns the row to Allocated. Idempotent (reads what the row holds).
 */
export async function unclaimPool(db: Db, drivers: readonly StorageDriver[], volumeId: number): Promise<void> {
  const v = await db.selectFrom('volumes as v').innerJoin('storage_pools as p', 'p.id', 'v.pool_id')
    .select(['v.uuid', 'v.path', 'v.size', 'v.pool_id', 'p.url']).where('v.id', '=', volumeId).where('v.removed', 'is', null).executeTakeFirst();
  if (!v) return;
  // A crash between the driver's create and the row update leaves no path: drivers name volumes by uuid.
  await storageDriverFor(drivers, v.url).deleteVolume(v.url, v.path ?? v.uuid);
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('volumes').set({ pool_id: null, path: null, format: null, physical_size: 0, state: 'Allocated', updated: new Date().toISOString() })
      .where('id', '=', volumeId).where('pool_id', '=', v.pool_id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) await releasePoolBytes(tx, Number(v.pool_id), Number(v.size));
  });
}

/**
 * Deletes a volume for good: from its pool (if it was ever created), gives its space back and
 * marks the row Expunged and removed. Idempotent; returns the size it had (0 when it was gone).
 */
export async function deleteVolume(db: Db, drivers: readonly StorageDriver[], volumeId: number): Promise<number> {
  const v = await db.selectFrom('volumes as v').leftJoin('storage_pools as p', 'p.id', 'v.pool_id')
    .select(['v.uuid', 'v.path', 'v.pool_id', 'v.size', 'v.removed', 'p.url']).where('v.id', '=', volumeId).executeTakeFirst();
  if (!v || v.removed !== null) return 0;
  if (v.pool_id !== null && v.url) await storageDriverFor(drivers, v.url).deleteVolume(v.url, v.path ?? v.uuid);
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('volumes').set({ state: 'Expunged', removed: new Date().toISOString(), vm_id: null, attached: null, updated: new Date().toISOString() })
      .where('id', '=', volumeId).where('removed', 'is', null).executeTakeFirst();
    // Only the call that marked it removed gives the space back, so a retry cannot give it twice.
    if (Number(r.numUpdatedRows) !== 1) return 0;
    if (v.pool_id !== null) await releasePoolBytes(tx, v.pool_id, Number(v.size));
    return Number(v.size);
  });
}

/** CapacityService.releasePool's update, usable inside a transaction. */
async function releasePoolBytes(q: Db, poolId: number, bytes: number): Promise<void> {
  await q.updateTable('storage_pools').set((eb) => ({ allocated_bytes: eb('allocated_bytes', '-', bytes) }))
    .where('id', '=', poolId).where('allocated_bytes', '>=', bytes).execute();
}
