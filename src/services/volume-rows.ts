// Volume rows: lookup with access checks, compare-and-set state changes, and what a volume
// counts against its owner (one `volume` and its size of `primary_storage`).
import type { Selectable } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import type { Db, VolumeTable } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';
import type { ResourceLimitService } from './resource-limits.js';

export type VolumeRow = Selectable<VolumeTable>;

/** CloudStack's Volume.State values Nubo uses. */
export type VolumeState =
  | 'Allocated' | 'Creating' | 'Ready' | 'Resizing' | 'Migrating' | 'Snapshotting' | 'RevertSnapshotting' | 'Destroy' | 'Expunging' | 'Expunged';

export const VOLUME_STATES: readonly VolumeState[] = [
  'Allocated', 'Creating', 'Ready', 'Resizing', 'Migrating', 'Snapshotting', 'RevertSnapshotting', 'Destroy', 'Expunging', 'Expunged',
];

/** States in which a volume is not counted against its owner (destroyed or on its way out). */
export const UNCOUNTED_STATES: readonly VolumeState[] = ['Destroy', 'Expunging', 'Expunged'];

export const nowIso = (): string => new Date().toISOString();
export const GiB = 1024 ** 3;

export async function volumeById(db: Db, id: number): Promise<VolumeRow | undefined> {
  return db.selectFrom('volumes').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
}

/** A live volume the caller may act on; 431 when there is none, 531 when it is another tenant's. */
export async function findVolume(db: Db, caller: Caller, ref: string): Promise<VolumeRow> {
  const id = await resolveId(db, 'volumes', ref);
  const v = id === undefined ? undefined : await volumeById(db, id);
  if (!v) throw invalidParam(`Unable to find volume with ID: ${ref}`);
  await checkOwnedAccess(db, caller, v.account_id, `volume ${v.name} (${v.uuid})`);
  return v;
}

/** Compare-and-set of the state (plus any columns); false when the volume was not in `from`. */
export async function transitVolume(
  db: Db, id: number, from: readonly VolumeState[], to: VolumeState, extra: Partial<Omit<VolumeRow, 'id' | 'uuid'>> = {},
): Promise<boolean> {
  const r = await db.updateTable('volumes').set({ ...extra, state: to, updated: nowIso() })
    .where('id', '=', id).where('state', 'in', [...from]).where('removed', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** transitVolume, or a 431 naming the state the volume is really in. */
export async function mustTransitVolume(
  db: Db, v: Pick<VolumeRow, 'id' | 'uuid' | 'name'>, from: readonly VolumeState[], to: VolumeState, action: string,
  extra: Partial<Omit<VolumeRow, 'id' | 'uuid'>> = {},
): Promise<void> {
  if (await transitVolume(db, v.id, from, to, extra)) return;
  const now = await db.selectFrom('volumes').select(['state', 'removed']).where('id', '=', v.id).executeTakeFirst();
  throw invalidState(`Unable to ${action} volume ${v.name} (id=${v.uuid}): it is in state ${now?.removed ? 'Expunged' : (now?.state ?? 'Expunged')}`);
}

/** Takes one volume and its bytes of primary storage for an account (535 when over a limit). */
export async function reserveVolumeCounts(limits: ResourceLimitService, accountId: number, bytes: number, tx: Db): Promise<void> {
  await limits.reserve(accountId, 'volume', 1, tx);
  await limits.reserve(accountId, 'primary_storage', bytes, tx);
}

export async function releaseVolumeCounts(limits: ResourceLimitService, accountId: number, bytes: number, tx?: Db): Promise<void> {
  await limits.release(accountId, 'volume', 1, tx);
  await limits.release(accountId, 'primary_storage', bytes, tx);
}

/** How many live VM snapshots a VM has: attach, detach, resize and migrate are refused while it has any. */
export async function vmSnapshotCount(db: Db, vmId: number): Promise<number> {
  const r = await db.selectFrom('vm_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('vm_id', '=', vmId)
    .where('removed', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Storage tags of a volume's disk offering (a pool must carry all of them). */
export async function offeringTags(db: Db, diskOfferingId: number | null): Promise<string[]> {
  if (diskOfferingId === null) return [];
  const o = await db.selectFrom('disk_offerings').select('tags').where('id', '=', diskOfferingId).executeTakeFirst();
  return (o?.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
}

/** The pool (url and scope) a volume lives on, or undefined when it has none yet. */
export async function poolOf(db: Db, v: Pick<VolumeRow, 'pool_id'>): Promise<{ id: number; url: string; scope: string; cluster_id: number | null; name: string } | undefined> {
  if (v.pool_id === null) return undefined;
  return db.selectFrom('storage_pools').select(['id', 'url', 'scope', 'cluster_id', 'name']).where('id', '=', v.pool_id).executeTakeFirst();
}

/**
 * Claims (bytes > 0, compare-and-set against the pool's capacity; false when it does not fit)
 * or gives back (bytes < 0) allocated space on a primary pool, as CapacityService.reservePool
 * and releasePool do, usable inside a transaction.
 */
export async function adjustPoolBytes(db: Db, poolId: number, bytes: number): Promise<boolean> {
  if (bytes === 0) return true;
  if (bytes > 0) {
    const r = await db.updateTable('storage_pools').set((eb) => ({ allocated_bytes: eb('allocated_bytes', '+', bytes) }))
      .where('id', '=', poolId).where('removed', 'is', null)
      .where((eb) => eb(eb('allocated_bytes', '+', bytes), '<=', eb.ref('capacity_bytes'))).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  await db.updateTable('storage_pools').set((eb) => ({ allocated_bytes: eb('allocated_bytes', '-', -bytes) }))
    .where('id', '=', poolId).where('allocated_bytes', '>=', -bytes).execute();
  return true;
}
