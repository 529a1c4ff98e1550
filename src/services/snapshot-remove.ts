// Removing snapshots: deleteSnapshot's job, pruning a policy's oldest snapshots beyond
// maxsnaps, and account deletion. The backup is deleted from its image store, the row marked
// Destroyed, and the owner's `snapshot` and `secondary_storage` counts given back exactly once.
import type { JobOwner } from '../jobs/types.js';
import { type SnapshotState, driverFor, storeById, transitSnapshot } from './snapshot-rows.js';
import type { VolumeDeps } from './volume-deps.js';
import { nowIso } from './volume-rows.js';

/** States a snapshot may be deleted from: settled ones (a backup in progress is never cut short). */
export const DELETABLE: readonly SnapshotState[] = ['BackedUp', 'Error', 'Destroying'];

/** Idempotent: a destroyed snapshot stays destroyed; returns whether this call removed it. */
export async function destroySnapshot(d: VolumeDeps, owner: JobOwner | null, snapshotId: number, from: readonly SnapshotState[] = DELETABLE): Promise<boolean> {
  const s = await d.db.selectFrom('snapshots').selectAll().where('id', '=', snapshotId).executeTakeFirst();
  if (!s || s.removed !== null) return false;
  if (s.state !== 'Destroying' && !(await transitSnapshot(d.db, s.id, from, 'Destroying'))) return false;
  if (s.store_id !== null && s.image !== null) {
    const store = await storeById(d.db, s.store_id);
    const image = JSON.parse(s.image) as { path: string };
    if (store) await driverFor(d.storage, store.url).deleteImage(store.url, image.path);
  }
  const removed = await d.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('snapshots').set({ state: 'Destroyed', removed: nowIso() }).where('id', '=', s.id).where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await d.limits.release(s.account_id, 'snapshot', 1, tx);
    await d.limits.release(s.account_id, 'secondary_storage', Number(s.counted_bytes), tx);
    return true;
  });
  if (!removed) return false;
  await d.tags.removeAllFor('Snapshot', [s.id]);
  if (owner) await d.events.record(owner, { type: 'SNAPSHOT.DELETE', description: `Deleted snapshot ${s.name}`, resourceType: 'Snapshot', resourceId: s.uuid, resourceName: s.name });
  return true;
}

/** Keeps the newest `maxSnaps` backed-up snapshots a policy took and destroys the rest. */
export async function pruneSnapshots(d: VolumeDeps, owner: JobOwner, policyId: number): Promise<number> {
  const p = await d.db.selectFrom('snapshot_policies').select('max_snaps').where('id', '=', policyId).executeTakeFirst();
  if (!p) return 0;
  const snaps = await d.db.selectFrom('snapshots').select('id').where('policy_id', '=', policyId).where('state', '=', 'BackedUp')
    .where('removed', 'is', null).orderBy('created', 'desc').orderBy('id', 'desc').execute();
  let n = 0;
  for (const s of snaps.slice(p.max_snaps)) if (await destroySnapshot(d, owner, s.id)) n++;
  return n;
}

/** Account deletion: every snapshot of the account goes, whatever its state. */
export async function removeAccountSnapshots(d: VolumeDeps, owner: JobOwner, accountId: number): Promise<void> {
  const snaps = await d.db.selectFrom('snapshots').select('id').where('account_id', '=', accountId).where('removed', 'is', null).execute();
  for (const s of snaps) await destroySnapshot(d, owner, s.id, ['Allocated', 'CreatedOnPrimary', 'BackingUp', 'BackedUp', 'Error', 'Destroying']);
  await d.db.updateTable('snapshot_policies').set({ removed: nowIso() }).where('account_id', '=', accountId).where('removed', 'is', null).execute();
}
