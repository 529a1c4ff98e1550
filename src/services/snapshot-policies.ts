// Recurring snapshot policies (createSnapshotPolicy, listSnapshotPolicies, updateSnapshotPolicy,
// deleteSnapshotPolicies). One policy per volume and interval type: creating another of the same
// type replaces its schedule, as CloudStack does. `next_run` is when the scheduler takes the
// next snapshot, computed in the policy's time zone.
import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import { intervalIndex, isTimeZone, nextRunTime, parseIntervalType, parseSchedule } from '../core/snapshot-schedule.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type OwnerView, checkOwnedAccess, ownerViews } from './owned-access.js';
import { checkOwnerWritable } from './owner.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import type { TagService, TagView } from './tags.js';
import type { VolumeDeps } from './volume-deps.js';
import { type VolumeRow, nowIso } from './volume-rows.js';

export interface PolicyView {
  readonly id: number;
  readonly uuid: string;
  readonly volumeUuid: string;
  readonly volumeName: string;
  readonly schedule: string;
  /** CloudStack's IntervalType ordinal: 0 HOURLY, 1 DAILY, 2 WEEKLY, 3 MONTHLY. */
  readonly intervalType: number;
  readonly maxSnaps: number;
  readonly timezone: string;
  readonly display: boolean;
  readonly nextRun: string;
  readonly owner: OwnerView;
  readonly tags: readonly TagView[];
}

export interface CreatePolicyInput {
  readonly volumeId: string;
  readonly intervalType: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly maxSnaps: number;
  readonly forDisplay?: boolean;
  readonly zoneIds?: readonly string[];
  readonly storageIds?: readonly string[];
  readonly useStorageReplication?: boolean;
}

/** Validates and creates (or, for an interval type the volume has a policy of, replaces) a policy. */
export async function createPolicy(
  d: VolumeDeps, caller: Caller, a: CreatePolicyInput, findVolume: (ref: string) => Promise<VolumeRow>, now: Date,
): Promise<{ id: number; uuid: string; replaced: boolean }> {
  const v = await findVolume(a.volumeId);
  await checkOwnerWritable(d.db, v.account_id);
  const type = parseIntervalType(a.intervalType);
  if (!type) throw invalidParam(`Unsupported interval type ${a.intervalType}`);
  if (a.maxSnaps <= 0) throw invalidParam('maxSnaps should be greater than 0');
  const limit = await d.settings.getNumber(`snapshot.max.${type.toLowerCase()}`);
  if (a.maxSnaps > limit) throw invalidParam(`maxSnaps exceeds limit: ${limit} for interval type: ${a.intervalType}`);
  if (!isTimeZone(a.timezone)) throw invalidParam(`Invalid timezone ${a.timezone}`);
  const schedule = parseSchedule(type, a.schedule);
  if (v.state !== 'Ready') throw invalidState(`VolumeId: ${v.uuid} is not in Ready state but ${v.state}. Cannot take snapshot.`);
  if (a.storageIds?.length || a.useStorageReplication) throw invalidParam('Copying snapshots to other primary storage pools is not supported');
  for (const z of a.zoneIds ?? []) {
    if ((await resolveId(d.db, 'zones', z)) !== v.zone_id) throw invalidParam(`Copying snapshots to another zone (${z}) is not supported`);
  }
  const next = nextRunTime(type, schedule, a.timezone, now).toISOString();
  const display = a.forDisplay === false ? 0 : 1;
  const existing = await d.db.selectFrom('snapshot_policies').select(['id', 'uuid']).where('volume_id', '=', v.id).where('interval_type', '=', intervalIndex(type))
    .where('removed', 'is', null).executeTakeFirst();
  if (existing) {
    await d.db.updateTable('snapshot_policies').set({ schedule: a.schedule.trim(), timezone: a.timezone, max_snaps: a.maxSnaps, display, next_run: next })
      .where('id', '=', existing.id).execute();
    await d.events.record(caller, { type: 'SNAPSHOTPOLICY.UPDATE', description: `Updated the ${type} snapshot policy of volume ${v.name}`, resourceType: 'SnapshotPolicy', resourceId: existing.uuid });
    return { ...existing, replaced: true };
  }
  const uuid = randomUUID();
  const r = await d.db.insertInto('snapshot_policies').values({
    uuid, volume_id: v.id, account_id: v.account_id, domain_id: v.domain_id, interval_type: intervalIndex(type), schedule: a.schedule.trim(),
    timezone: a.timezone, max_snaps: a.maxSnaps, display, next_run: next, created: nowIso(), removed: null,
  }).returning('id').executeTakeFirstOrThrow();
  await d.events.record(caller, { type: 'SNAPSHOTPOLICY.CREATE', description: `Created a ${type} snapshot policy of volume ${v.name}`, resourceType: 'SnapshotPolicy', resourceId: uuid });
  return { id: r.id, uuid, replaced: false };
}

/** A live policy the caller may act on. */
export async function findPolicy(db: Db, caller: Caller, ref: string): Promise<{ id: number; uuid: string; account_id: number; volume_id: number }> {
  const id = await resolveId(db, 'snapshot_policies', ref);
  const p = id === undefined ? undefined
    : await db.selectFrom('snapshot_policies').select(['id', 'uuid', 'account_id', 'volume_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!p) throw invalidParam(`Unable to find snapshot policy with id ${ref}`);
  await checkOwnedAccess(db, caller, p.account_id, `snapshot policy ${p.uuid}`);
  return p;
}

/** deleteSnapshotPolicies: every named policy must exist and be the caller's to delete, or nothing is deleted. */
export async function deletePolicies(d: VolumeDeps, caller: Caller, a: { id?: string; ids?: readonly string[] }): Promise<void> {
  if (a.id === undefined && !a.ids?.length) throw invalidParam('No policy id (or list of ids) specified.');
  if (a.id !== undefined && a.ids?.length) throw invalidParam('Please specify either id or ids, not both');
  const refs = a.id !== undefined ? [a.id] : [...(a.ids ?? [])];
  const found = [];
  for (const ref of refs) found.push(await findPolicy(d.db, caller, ref));
  for (const p of found) await checkOwnerWritable(d.db, p.account_id);
  for (const p of found) {
    const r = await d.db.updateTable('snapshot_policies').set({ removed: nowIso() }).where('id', '=', p.id).where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) continue;
    await d.tags.removeAllFor('SnapshotPolicy', [p.id]);
    await d.events.record(caller, { type: 'SNAPSHOTPOLICY.DELETE', description: `Deleted snapshot policy ${p.uuid}`, resourceType: 'SnapshotPolicy', resourceId: p.uuid });
  }
}

export async function policyViews(db: Db, tags: TagService, ids: readonly number[]): Promise<PolicyView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('snapshot_policies as p').innerJoin('volumes as v', 'v.id', 'p.volume_id')
    .select(['p.id', 'p.uuid', 'p.account_id', 'p.schedule', 'p.interval_type', 'p.max_snaps', 'p.timezone', 'p.display', 'p.next_run', 'v.uuid as volUuid', 'v.name as volName'])
    .where('p.id', 'in', [...ids]).execute();
  const owners = await ownerViews(db, rows.map((r) => r.account_id));
  const tagMap = await tags.tagsOf('SnapshotPolicy', ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: PolicyView[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    const owner = r ? owners.get(r.account_id) : undefined;
    if (!r || !owner) continue;
    out.push({
      id: r.id, uuid: r.uuid, volumeUuid: r.volUuid, volumeName: r.volName, schedule: r.schedule, intervalType: r.interval_type, maxSnaps: r.max_snaps,
      timezone: r.timezone, display: r.display === 1, nextRun: r.next_run, owner, tags: tagMap.get(r.id) ?? [],
    });
  }
  return out;
}

export interface PolicyFilter extends ScopeArgs {
  readonly id?: string;
  readonly volumeId?: string;
  readonly forDisplay?: boolean;
}

export async function listPolicyIds(d: VolumeDeps, caller: Caller, f: PolicyFilter, page: Page, findVolume: (ref: string) => Promise<VolumeRow>): Promise<{ count: number; ids: number[] }> {
  const scope = await listScope(d.db, caller, f);
  let q = d.db.selectFrom('snapshot_policies as p').innerJoin('domains as dom', 'dom.id', 'p.domain_id').where('p.removed', 'is', null);
  // A named volume is checked like any access (531 for another tenant's); without one the list scope applies.
  if (f.volumeId !== undefined) q = q.where('p.volume_id', '=', (await findVolume(f.volumeId)).id);
  else q = applyScope(q, scope, 'p.account_id', 'dom');
  if (f.id !== undefined) {
    const id = await resolveId(d.db, 'snapshot_policies', f.id);
    q = q.where('p.id', '=', id ?? -1);
  }
  if (!isRootAdmin(caller)) q = q.where('p.display', '=', 1);
  else if (f.forDisplay !== undefined) q = q.where('p.display', '=', f.forDisplay ? 1 : 0);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select('p.id').orderBy('p.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(total.n), ids: rows.map((r) => r.id) };
}
