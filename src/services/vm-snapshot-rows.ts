// VM snapshot rows: lookup with access checks, compare-and-set state changes, their per-disk
// images, and removing one for good (images deleted from the store, children re-parented).
import type { Selectable } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db, VmSnapshotTable } from '../db/schema.js';
import type { ImageInfo } from '../drivers/storage/types.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';
import { driverFor, storeById } from './snapshot-rows.js';
import type { VolumeDeps } from './volume-deps.js';
import { nowIso } from './volume-rows.js';

export type VmSnapshotRow = Selectable<VmSnapshotTable>;

/** CloudStack's VMSnapshot.State values Nubo uses. */
export type VmSnapshotState = 'Allocated' | 'Creating' | 'Ready' | 'Reverting' | 'Expunging' | 'Error';
export const VM_SNAPSHOT_STATES: readonly VmSnapshotState[] = ['Allocated', 'Creating', 'Ready', 'Reverting', 'Expunging', 'Error'];

/** States in which another VM snapshot operation on the same VM is still running. */
export const BUSY_STATES: readonly VmSnapshotState[] = ['Allocated', 'Creating', 'Reverting', 'Expunging'];

export async function vmSnapshotById(db: Db, id: number): Promise<VmSnapshotRow | undefined> {
  return db.selectFrom('vm_snapshots').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
}

/** A live VM snapshot the caller may act on; 431 when there is none, 531 when it is another tenant's. */
export async function findVmSnapshot(db: Db, caller: Caller, ref: string): Promise<VmSnapshotRow> {
  const id = await resolveId(db, 'vm_snapshots', ref);
  const s = id === undefined ? undefined : await vmSnapshotById(db, id);
  if (!s) throw invalidParam(`Unable to find the VM snapshot with id ${ref}`);
  await checkOwnedAccess(db, caller, s.account_id, `VM snapshot ${s.display_name} (${s.uuid})`);
  return s;
}

export async function transitVmSnapshot(db: Db, id: number, from: readonly VmSnapshotState[], to: VmSnapshotState): Promise<boolean> {
  const r = await db.updateTable('vm_snapshots').set({ state: to }).where('id', '=', id).where('state', 'in', [...from]).where('removed', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface DiskImage {
  readonly volumeId: number;
  readonly storeId: number;
  readonly image: ImageInfo;
}

export async function diskImages(db: Db, vmSnapshotId: number): Promise<DiskImage[]> {
  const rows = await db.selectFrom('vm_snapshot_volumes').selectAll().where('vm_snapshot_id', '=', vmSnapshotId).orderBy('volume_id').execute();
  return rows.map((r) => ({ volumeId: r.volume_id, storeId: r.store_id, image: JSON.parse(r.image) as ImageInfo }));
}

/** Deletes one disk's image from its store and forgets it (idempotent). */
export async function dropDiskImage(d: VolumeDeps, vmSnapshotId: number, img: DiskImage): Promise<void> {
  const store = await storeById(d.db, img.storeId);
  if (store) await driverFor(d.storage, store.url).deleteImage(store.url, img.image.path);
  await d.db.deleteFrom('vm_snapshot_volumes').where('vm_snapshot_id', '=', vmSnapshotId).where('volume_id', '=', img.volumeId).execute();
}

/**
 * Removes a VM snapshot for good (idempotent): its images go, its children take its parent, and
 * when it was the current one its parent becomes current. Returns whether this call removed it.
 */
export async function removeVmSnapshot(d: VolumeDeps, id: number): Promise<boolean> {
  const s = await d.db.selectFrom('vm_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || s.removed !== null) return false;
  for (const img of await diskImages(d.db, id)) await dropDiskImage(d, id, img);
  return d.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('vm_snapshots').set({ removed: nowIso(), state: 'Expunging', current: 0 }).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await tx.updateTable('vm_snapshots').set({ parent_id: s.parent_id }).where('parent_id', '=', id).where('removed', 'is', null).execute();
    if (s.current === 1 && s.parent_id !== null) await tx.updateTable('vm_snapshots').set({ current: 1 }).where('id', '=', s.parent_id).where('removed', 'is', null).execute();
    return true;
  });
}
