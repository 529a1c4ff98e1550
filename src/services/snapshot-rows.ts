// Snapshot rows and the image stores they are backed up into: lookup with access checks,
// compare-and-set state changes, and the store (with its storage driver) of a zone.
import type { Selectable } from 'kysely';
import type { Caller } from '../core/caller.js';
import { DomainError, invalidParam, invalidState } from '../core/errors.js';
import type { Db, SnapshotTable } from '../db/schema.js';
import type { ImageInfo, StorageDriver } from '../drivers/storage/types.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';
import { storageDriverFor } from './volume-lifecycle.js';

export type SnapshotRow = Selectable<SnapshotTable>;

/** CloudStack's Snapshot.State values Nubo uses. */
export type SnapshotState = 'Allocated' | 'CreatedOnPrimary' | 'BackingUp' | 'BackedUp' | 'Destroying' | 'Destroyed' | 'Error';

export interface StoreRef {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly url: string;
}

export async function snapshotById(db: Db, id: number): Promise<SnapshotRow | undefined> {
  return db.selectFrom('snapshots').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
}

/** A live snapshot the caller may act on; 431 when there is none, 531 when it is another tenant's. */
export async function findSnapshot(db: Db, caller: Caller, ref: string): Promise<SnapshotRow> {
  const id = await resolveId(db, 'snapshots', ref);
  const s = id === undefined ? undefined : await snapshotById(db, id);
  if (!s) throw invalidParam(`Unable to find snapshot with id ${ref}`);
  await checkOwnedAccess(db, caller, s.account_id, `snapshot ${s.name} (${s.uuid})`);
  return s;
}

export async function transitSnapshot(db: Db, id: number, from: readonly SnapshotState[], to: SnapshotState, extra: Partial<Omit<SnapshotRow, 'id' | 'uuid'>> = {}): Promise<boolean> {
  const r = await db.updateTable('snapshots').set({ ...extra, state: to }).where('id', '=', id).where('state', 'in', [...from]).where('removed', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function mustBeBackedUp(s: SnapshotRow, action: string): void {
  if (s.state !== 'BackedUp') throw invalidState(`Snapshot ${s.name} (id=${s.uuid}) is in state ${s.state}, not BackedUp: it can not be ${action}`);
}

/**
 * The live, writable image store of a zone that the next backup goes to: the one holding the
 * fewest live snapshot images (volume and VM snapshots), so backups spread over the zone's
 * stores; 534 when the zone has none.
 */
export async function zoneStore(db: Db, zoneId: number): Promise<StoreRef> {
  const stores = await db.selectFrom('image_stores as st').select(['st.id', 'st.uuid', 'st.name', 'st.url'])
    .select((eb) => eb.selectFrom('snapshots as sn').select((e) => e.fn.countAll<number>().as('n')).whereRef('sn.store_id', '=', 'st.id')
      .where('sn.removed', 'is', null).as('volumeImages'))
    .select((eb) => eb.selectFrom('vm_snapshot_volumes as vi').select((e) => e.fn.countAll<number>().as('n')).whereRef('vi.store_id', '=', 'st.id').as('vmImages'))
    .where('st.zone_id', '=', zoneId).where('st.removed', 'is', null).where('st.readonly', '=', 0).orderBy('st.id').execute();
  const held = (x: (typeof stores)[number]) => Number(x.volumeImages ?? 0) + Number(x.vmImages ?? 0);
  const s = stores.reduce<(typeof stores)[number] | undefined>((best, x) => (best === undefined || held(x) < held(best) ? x : best), undefined);
  if (!s) throw new DomainError('ResourceUnavailable', 'There is no image store (secondary storage) in the zone to back snapshots up to');
  return { id: s.id, uuid: s.uuid, name: s.name, url: s.url };
}

export async function storeById(db: Db, id: number): Promise<StoreRef | undefined> {
  return db.selectFrom('image_stores').select(['id', 'uuid', 'name', 'url']).where('id', '=', id).executeTakeFirst();
}

/** The driver serving a store or pool URL. */
export const driverFor = (drivers: readonly StorageDriver[], url: string): StorageDriver => storageDriverFor(drivers, url);

/** A backed-up snapshot's image and the store holding it; 534 when the store is gone. */
export async function snapshotImage(db: Db, s: Pick<SnapshotRow, 'uuid' | 'store_id' | 'image'>): Promise<{ store: StoreRef; image: ImageInfo }> {
  const store = s.store_id === null ? undefined : await storeById(db, s.store_id);
  if (!store || s.image === null) throw new DomainError('ResourceUnavailable', `Snapshot ${s.uuid} has no backup in an image store`);
  return { store, image: JSON.parse(s.image) as ImageInfo };
}
