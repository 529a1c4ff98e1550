// The snapshot family (CloudStack's SnapshotManager): volume snapshots backed up into the
// zone's image store, revert, delete, recurring policies and the scheduler's pass over them.
// Jobs lock the volume (`volume:<id>`) like the other volume operations. The clock is
// injectable so a test can move time forward and watch the scheduler take snapshots.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { internalError, invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobContext, JobOwner, JobResult } from '../jobs/types.js';
import type { AccountService } from './accounts.js';
import type { ImageStoreService } from './image-stores.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import { CREATE_CMD, type CreateSnapshotInput, allocateSnapshot, createSteps, planCreate } from './snapshot-create.js';
import { runDuePolicies } from './snapshot-due.js';
import {
  type CreatePolicyInput, type PolicyFilter, type PolicyView, createPolicy, deletePolicies, findPolicy, listPolicyIds, policyViews,
} from './snapshot-policies.js';
import { DELETABLE, destroySnapshot, removeAccountSnapshots } from './snapshot-remove.js';
import { REVERT_CMD, planRevert, revertSteps } from './snapshot-revert.js';
import { findSnapshot } from './snapshot-rows.js';
import { type SnapshotFilter, type SnapshotView, listSnapshotIds, snapshotView, snapshotViews } from './snapshot-views.js';
import type { VolumeDeps } from './volume-deps.js';
import { findVolume } from './volume-rows.js';

export type { SnapshotView, SnapshotFilter } from './snapshot-views.js';
export type { PolicyView, PolicyFilter } from './snapshot-policies.js';

const DELETE_CMD = 'deleteSnapshot';
const UPDATE_POLICY_CMD = 'updateSnapshotPolicy';
const CREATE_JAVA_CLASS = 'org.apache.cloudstack.api.command.user.snapshot.CreateSnapshotCmd';

/** What the scheduler needs of time; tests pass a fake one. */
export type Clock = () => Date;

export class SnapshotService {
  private clock: Clock = () => new Date();

  constructor(
    private readonly d: VolumeDeps,
    private readonly log: (msg: string, extra?: Record<string, unknown>) => void = () => {},
  ) {
    const j = d.jobs;
    // Driver operations are idempotent by name and states are compare-and-set, so jobs resume.
    j.register({ cmd: CREATE_CMD, onRestart: 'resume', run: (ctx, p) => this.snapshotJob(p, () => createSteps(d, ctx, Number(p.snapshotId))) });
    j.register({ cmd: REVERT_CMD, onRestart: 'resume', run: (ctx, p) => this.snapshotJob(p, () => revertSteps(d, ctx, Number(p.snapshotId))) });
    j.register({
      cmd: DELETE_CMD, onRestart: 'resume',
      run: async (ctx, p) => {
        await ctx.step('delete', () => destroySnapshot(d, ctx.owner, Number(p.snapshotId)));
        return { type: 'success' };
      },
    });
    j.register({ cmd: UPDATE_POLICY_CMD, onRestart: 'resume', run: (ctx, p) => this.runUpdatePolicy(ctx, p) });
    d.tags.registerType('Snapshot', { table: 'snapshots' });
    d.tags.registerType('SnapshotPolicy', { table: 'snapshot_policies' });
  }

  /** Hooks into the families it depends on: account deletion. */
  bind(accounts: AccountService): void {
    accounts.onDelete((accountId, owner) => removeAccountSnapshots(this.d, owner, accountId));
  }

  /**
   * Image store deletion is refused while snapshots are backed up there, and updateResourceCount
   * counts snapshots. Called by the composition root with the instances that serve the commands.
   */
  bindInventory(imageStores: ImageStoreService, limits: ResourceLimitService): void {
    imageStores.deleteGuards.add(async (db, storeId) => {
      const held = await db.selectFrom('snapshots').select('id').where('store_id', '=', storeId).where('removed', 'is', null).executeTakeFirst();
      return held ? 'Cannot delete image store with active snapshots backup!' : undefined;
    });
    limits.registerCounter('snapshot', async (accountId, q: Db) => {
      const r = await q.selectFrom('snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId)
        .where('removed', 'is', null).executeTakeFirstOrThrow();
      return Number(r.n);
    });
    // Secondary storage holds templates and snapshot backups. The counter registry keeps one
    // counter per type, and this one is bound after the template family's: it counts both, the
    // templates' bytes exactly as TemplateService.bindInventory does (template_stores.counted_bytes).
    limits.registerCounter('secondary_storage', async (accountId, q: Db) => {
      const t = await q.selectFrom('template_stores as ts').innerJoin('templates as t', 't.id', 'ts.template_id')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('ts.counted_bytes'), eb.val(0)).as('n')).where('t.account_id', '=', accountId).executeTakeFirstOrThrow();
      const sn = await q.selectFrom('snapshots').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('counted_bytes'), eb.val(0)).as('n'))
        .where('account_id', '=', accountId).where('removed', 'is', null).executeTakeFirstOrThrow();
      return Number(t.n) + Number(sn.n);
    });
  }

  setClock(clock: Clock): void {
    this.clock = clock;
  }

  now(): Date {
    return this.clock();
  }

  private async snapshotJob(p: Record<string, unknown>, run: () => Promise<void>): Promise<JobResult> {
    await run();
    return { type: 'entity', entity: 'Snapshot', data: await snapshotView(this.d.db, this.d.tags, Number(p.snapshotId)) };
  }

  private find(caller: Caller) {
    return (ref: string) => findVolume(this.d.db, caller, ref);
  }

  // ---- snapshots ---------------------------------------------------------------------------

  async create(caller: Caller, a: CreateSnapshotInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const plan = await planCreate(this.d, a, this.find(caller));
    const s = await allocateSnapshot(this.d, plan.volume, { name: plan.name, policyId: plan.policyId, type: 'MANUAL' });
    const jobUuid = await this.submitCreate(s, plan.volume.id, caller, javaClass);
    return { jobUuid, uuid: s.uuid };
  }

  private async submitCreate(s: { id: number; uuid: string }, volumeId: number, owner: JobOwner, javaClass: string): Promise<string> {
    const job = await this.d.jobs.submit({
      cmd: CREATE_CMD, javaClass, owner, params: { snapshotId: s.id }, instanceType: 'Snapshot', instanceId: s.uuid, lockKey: `volume:${volumeId}`,
    });
    return job.uuid;
  }

  async delete(caller: Caller, id: string, zoneId: string | undefined, javaClass: string): Promise<{ jobUuid: string }> {
    const s = await findSnapshot(this.d.db, caller, id);
    if (zoneId !== undefined) {
      const z = await this.d.db.selectFrom('zones').select('id').where((eb) => eb.or([eb('uuid', '=', zoneId), ...(/^\d+$/.test(zoneId) ? [eb('id', '=', Number(zoneId))] : [])]))
        .executeTakeFirst();
      if (!z) throw invalidParam(`Unable to find zone by id ${zoneId}`);
      if (z.id !== s.zone_id) throw invalidParam(`Snapshot ${s.uuid} has no copy in zone ${zoneId}`);
    }
    if (!DELETABLE.includes(s.state as (typeof DELETABLE)[number])) {
      throw invalidParam(`Snapshot ${s.name} (id=${s.uuid}) is in state ${s.state}: it can not be deleted until it is backed up`);
    }
    const job = await this.d.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { snapshotId: s.id }, instanceType: 'Snapshot', instanceId: s.uuid, lockKey: `volume:${s.volume_id}`,
    });
    return { jobUuid: job.uuid };
  }

  async revert(caller: Caller, id: string, javaClass: string): Promise<{ jobUuid: string }> {
    const plan = await planRevert(this.d, caller, id);
    const job = await this.d.jobs.submit({
      cmd: REVERT_CMD, javaClass, owner: caller, params: { snapshotId: plan.snapshot.id }, instanceType: 'Snapshot', instanceId: plan.snapshot.uuid,
      lockKey: `volume:${plan.volume.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async list(caller: Caller, f: SnapshotFilter, page: Page): Promise<{ count: number; items: SnapshotView[] }> {
    const r = await listSnapshotIds(this.d.db, caller, f, page);
    return { count: r.count, items: await snapshotViews(this.d.db, this.d.tags, r.ids) };
  }

  // ---- policies ----------------------------------------------------------------------------

  async createPolicy(caller: Caller, a: CreatePolicyInput): Promise<PolicyView> {
    const p = await createPolicy(this.d, caller, a, this.find(caller), this.now());
    return this.policyView(p.id);
  }

  async updatePolicy(caller: Caller, a: { id?: string; forDisplay?: boolean; customId?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    if (a.id === undefined) throw invalidParam('Unable to execute API command updatesnapshotpolicy due to missing parameter id');
    const p = await findPolicy(this.d.db, caller, a.id);
    let customId: string | undefined;
    if (a.customId !== undefined && isRootAdmin(caller)) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a.customId)) throw invalidParam(`Invalid customid ${a.customId}: it must be a UUID`);
      const clash = await this.d.db.selectFrom('snapshot_policies').select('id').where('uuid', '=', a.customId.toLowerCase()).executeTakeFirst();
      if (clash && clash.id !== p.id) throw invalidParam(`A snapshot policy with id ${a.customId} already exists`);
      customId = a.customId.toLowerCase();
    }
    const job = await this.d.jobs.submit({
      cmd: UPDATE_POLICY_CMD, javaClass, owner: caller, params: { policyId: p.id, display: a.forDisplay ?? null, customId: customId ?? null },
      instanceType: 'SnapshotPolicy', instanceId: p.uuid, lockKey: `volume:${p.volume_id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async runUpdatePolicy(ctx: JobContext, p: Record<string, unknown>): Promise<JobResult> {
    const id = Number(p.policyId);
    await ctx.step('update', async () => {
      const set: { display?: number; uuid?: string } = {};
      if (typeof p.display === 'boolean') set.display = p.display ? 1 : 0;
      if (typeof p.customId === 'string') set.uuid = p.customId;
      if (Object.keys(set).length) await this.d.db.updateTable('snapshot_policies').set(set).where('id', '=', id).execute();
    });
    await ctx.step('event', async () => {
      const r = await this.d.db.selectFrom('snapshot_policies').select('uuid').where('id', '=', id).executeTakeFirstOrThrow();
      await this.d.events.record(ctx.owner, { type: 'SNAPSHOTPOLICY.UPDATE', description: `Updated snapshot policy ${r.uuid}`, resourceType: 'SnapshotPolicy', resourceId: r.uuid });
    });
    return { type: 'entity', entity: 'SnapshotPolicy', data: await this.policyView(id) };
  }

  async deletePolicies(caller: Caller, a: { id?: string; ids?: readonly string[] }): Promise<void> {
    await deletePolicies(this.d, caller, a);
  }

  async listPolicies(caller: Caller, f: PolicyFilter, page: Page): Promise<{ count: number; items: PolicyView[] }> {
    const r = await listPolicyIds(this.d, caller, f, page, this.find(caller));
    return { count: r.count, items: await policyViews(this.d.db, this.d.tags, r.ids) };
  }

  private async policyView(id: number): Promise<PolicyView> {
    const [v] = await policyViews(this.d.db, this.d.tags, [id]);
    if (!v) throw internalError(`snapshot policy ${id} does not exist`);
    return v;
  }

  // ---- the scheduler's pass ----------------------------------------------------------------

  /** Takes the snapshots that are due now (by the service's clock); returns their job ids. */
  async runDue(): Promise<string[]> {
    return runDuePolicies(this.d, this.now(), (s, owner) => this.submitCreate(s, s.volumeId, owner, CREATE_JAVA_CLASS), this.log);
  }
}
