// The scheduler's work, one pass: every policy whose next run has come is claimed by moving its
// next run forward (compare-and-set, so of several management servers only one takes it), and
// a snapshot of its volume is allocated and backed up in a job. A policy whose volume is gone
// is removed; a volume that is not Ready (busy, detached from storage) is skipped this time.
import { DomainError } from '../core/errors.js';
import { intervalAt, nextRunTime, parseSchedule } from '../core/snapshot-schedule.js';
import { allocateSnapshot, scheduleOwner, snapshotName } from './snapshot-create.js';
import type { VolumeDeps } from './volume-deps.js';
import { nowIso } from './volume-rows.js';
import { vmById } from './vm-rows.js';

export type SubmitSnapshot = (snapshot: { id: number; uuid: string; volumeId: number }, owner: { userId: number; accountId: number; domainId: number }) => Promise<string>;

export async function runDuePolicies(
  d: VolumeDeps, now: Date, submit: SubmitSnapshot, log: (msg: string, extra?: Record<string, unknown>) => void,
): Promise<string[]> {
  const due = await d.db.selectFrom('snapshot_policies').selectAll().where('removed', 'is', null).where('next_run', '<=', now.toISOString())
    .orderBy('next_run').orderBy('id').execute();
  const jobs: string[] = [];
  for (const p of due) {
    const type = intervalAt(p.interval_type);
    let next: string;
    try {
      next = nextRunTime(type, parseSchedule(type, p.schedule), p.timezone, now).toISOString();
    } catch {
      log('snapshot policy has an unreadable schedule; removing it', { policy: p.uuid });
      await d.db.updateTable('snapshot_policies').set({ removed: nowIso() }).where('id', '=', p.id).execute();
      continue;
    }
    const claim = await d.db.updateTable('snapshot_policies').set({ next_run: next }).where('id', '=', p.id).where('next_run', '=', p.next_run)
      .where('removed', 'is', null).executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    const v = await d.db.selectFrom('volumes').selectAll().where('id', '=', p.volume_id).executeTakeFirst();
    if (!v || v.removed !== null) {
      await d.db.updateTable('snapshot_policies').set({ removed: nowIso() }).where('id', '=', p.id).execute();
      continue;
    }
    if (v.state !== 'Ready' || v.pool_id === null) {
      log('scheduled snapshot skipped: the volume is not Ready', { policy: p.uuid, volume: v.uuid, state: v.state });
      continue;
    }
    const owner = await scheduleOwner(d, v.account_id);
    if (!owner) continue;
    try {
      const vm = v.vm_id === null ? undefined : await vmById(d.db, v.vm_id);
      const s = await allocateSnapshot(d, v, { name: snapshotName(vm?.name, v.name, now), policyId: p.id, type });
      jobs.push(await submit({ ...s, volumeId: v.id }, owner));
    } catch (e) {
      // A limit reached or no image store: CloudStack records the failure and tries at the next run.
      const why = e instanceof DomainError ? e.message : String(e);
      log('scheduled snapshot failed', { policy: p.uuid, volume: v.uuid, error: why });
      await d.events.record(owner, {
        type: 'SNAPSHOT.CREATE', level: 'ERROR', description: `Scheduled ${type} snapshot of volume ${v.name} failed: ${why}`, resourceType: 'Volume', resourceId: v.uuid,
      });
    }
  }
  return jobs;
}
