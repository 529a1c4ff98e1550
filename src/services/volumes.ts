// The volume family (CloudStack's VolumeApiService): create, attach, detach, resize, migrate,
// destroy/recover/delete, update and list. Async commands are jobs: attach and detach lock the
// VM (`vm:<id>`, shared with the VM family), the others the volume (`volume:<id>`). The
// operations live in the volume-*.ts files beside this one.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { JobContext, JobOwner, JobResult } from '../jobs/types.js';
import type { Db } from '../db/schema.js';
import type { AccountService } from './accounts.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { StoragePoolService } from './storage-pools.js';
import { attachSteps, detachSteps, planAttach, planDetach } from './volume-attach.js';
import { CREATE_CMD, type CreateInput, runCreate, submitCreate } from './volume-create.js';
import type { VolumeDeps } from './volume-deps.js';
import { type VolumeFilter, listVolumeIds } from './volume-list.js';
import { MIGRATE_CMD, type MigrateInput, migrateSteps, planMigrate } from './volume-migrate.js';
import { DESTROY_CMD, deleteNow, destroySteps, expungeVolume, planDestroy, recoverNow } from './volume-remove.js';
import { RESIZE_CMD, type ResizeInput, planResize, resizeSteps } from './volume-resize.js';
import { type VolumeRow, UNCOUNTED_STATES, findVolume } from './volume-rows.js';
import { UPDATE_CMD, type UpdateInput, planUpdate } from './volume-update.js';
import { type VolumeView, volumeView, volumeViews } from './volume-views.js';

export type { VolumeView } from './volume-views.js';
export type { VolumeFilter } from './volume-list.js';

const ATTACH_CMD = 'attachVolume';
const DETACH_CMD = 'detachVolume';

/** Job params every volume job carries: which volume, and whether the caller sees the full view. */
interface VolumeJob {
  readonly volumeId: number;
  readonly full: boolean;
}

const vj = (p: Record<string, unknown>): VolumeJob => ({ volumeId: Number(p.volumeId), full: p.full === true });

export class VolumeService {
  constructor(private readonly d: VolumeDeps) {
    const j = d.jobs;
    // Each step re-reads its rows and is idempotent (driver operations by name), so most jobs resume.
    j.register({ cmd: CREATE_CMD, onRestart: 'resume', run: (ctx, p) => this.job(p, () => runCreate(d, ctx, p)) });
    j.register({ cmd: ATTACH_CMD, onRestart: 'resume', run: (ctx, p) => this.job(p, () => attachSteps(d, ctx, vj(p).volumeId, Number(p.vmId), deviceOf(p))) });
    j.register({ cmd: DETACH_CMD, onRestart: 'resume', run: (ctx, p) => this.job(p, () => detachSteps(d, ctx, vj(p).volumeId, Number(p.vmId))) });
    // Space claims of a resize or a migration are not safely repeatable half-way: undo them instead.
    j.register({ cmd: RESIZE_CMD, onRestart: 'rollback', run: (ctx, p) => this.job(p, () => resizeSteps(d, ctx, p)) });
    j.register({ cmd: MIGRATE_CMD, onRestart: 'rollback', run: (ctx, p) => this.job(p, () => migrateSteps(d, ctx, p)) });
    j.register({ cmd: DESTROY_CMD, onRestart: 'resume', run: (ctx, p) => this.job(p, () => destroySteps(d, ctx, vj(p).volumeId, p.expunge === true)) });
    j.register({ cmd: UPDATE_CMD, onRestart: 'resume', run: (ctx, p) => this.job(p, () => this.runUpdate(ctx, p)) });
  }

  /** Hooks into the families it depends on: account deletion and storage pool deletion. */
  bind(accounts: AccountService, pools: StoragePoolService): void {
    accounts.onDelete((accountId, owner) => this.removeAccount(accountId, owner));
    pools.deleteGuards.add(async (db, poolId) => {
      const p = await db.selectFrom('storage_pools').select('name').where('id', '=', poolId).executeTakeFirst();
      const v = await db.selectFrom('volumes').select('id').where('pool_id', '=', poolId).where('removed', 'is', null).executeTakeFirst();
      return v ? `Cannot delete pool ${p?.name ?? poolId} as there are associated non-destroyed vols for this pool` : undefined;
    });
  }

  /**
   * Tells updateResourceCount how to count volumes (`volume`, `primary_storage`): live and not
   * destroyed. Called by the composition root with the instance that serves the command.
   */
  registerCounters(limits: ResourceLimitService): void {
    const counted = (q: Db, accountId: number) => q.selectFrom('volumes').where('account_id', '=', accountId).where('removed', 'is', null)
      .where('state', 'not in', [...UNCOUNTED_STATES]);
    limits.registerCounter('volume', async (accountId, q) => {
      const r = await counted(q, accountId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    });
    limits.registerCounter('primary_storage', async (accountId, q) => {
      const r = await counted(q, accountId).select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.val(0)).as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    });
  }

  private async job(p: Record<string, unknown>, run: () => Promise<unknown>): Promise<JobResult> {
    await run();
    const j = vj(p);
    return { type: 'entity', entity: 'Volume', data: await volumeView(this.d.db, this.d.tags, j.volumeId, { full: j.full }) };
  }

  private find(caller: Caller): (ref: string) => Promise<VolumeRow> {
    return (ref) => findVolume(this.d.db, caller, ref);
  }

  private async submit(caller: Caller, cmd: string, javaClass: string, v: VolumeRow, extra: Record<string, unknown> = {}, lockKey = `volume:${v.id}`): Promise<{ jobUuid: string }> {
    const job = await this.d.jobs.submit({
      cmd, javaClass, owner: caller, params: { volumeId: v.id, full: isRootAdmin(caller), ...extra }, instanceType: 'Volume', instanceId: v.uuid, lockKey,
    });
    return { jobUuid: job.uuid };
  }

  // ---- commands --------------------------------------------------------------------------

  async create(caller: Caller, a: CreateInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    return submitCreate(this.d, caller, a, javaClass);
  }

  async attach(caller: Caller, a: { id: string; virtualMachineId: string; deviceId?: number }, javaClass: string): Promise<{ jobUuid: string }> {
    const plan = await planAttach(this.d, caller, a, this.find(caller));
    return this.submit(caller, ATTACH_CMD, javaClass, plan.volume, { vmId: plan.vm.id, deviceId: a.deviceId ?? null }, `vm:${plan.vm.id}`);
  }

  async detach(caller: Caller, a: { id?: string; virtualMachineId?: string; deviceId?: number }, javaClass: string): Promise<{ jobUuid: string }> {
    const plan = await planDetach(this.d, caller, a, this.find(caller));
    return this.submit(caller, DETACH_CMD, javaClass, plan.volume, { vmId: plan.vm.id }, `vm:${plan.vm.id}`);
  }

  async resize(caller: Caller, a: ResizeInput, javaClass: string): Promise<{ jobUuid: string }> {
    const plan = await planResize(this.d, a, this.find(caller));
    return this.submit(caller, RESIZE_CMD, javaClass, plan.volume, {
      newBytes: plan.newBytes, offeringId: plan.offeringId, minIops: plan.minIops, maxIops: plan.maxIops,
    });
  }

  async migrate(caller: Caller, a: MigrateInput, javaClass: string): Promise<{ jobUuid: string }> {
    const plan = await planMigrate(this.d, a, this.find(caller));
    return this.submit(caller, MIGRATE_CMD, javaClass, plan.volume, { poolId: plan.poolId, offeringId: plan.offeringId });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await deleteNow(this.d, caller, await findVolume(this.d.db, caller, id));
  }

  async destroy(caller: Caller, id: string, expunge: boolean, javaClass: string): Promise<{ jobUuid: string }> {
    const v = await findVolume(this.d.db, caller, id);
    await planDestroy(this.d, caller, v, expunge);
    return this.submit(caller, DESTROY_CMD, javaClass, v, { expunge });
  }

  async recover(caller: Caller, id: string): Promise<VolumeView> {
    const v = await findVolume(this.d.db, caller, id);
    await recoverNow(this.d, caller, v);
    return this.view(caller, v.id);
  }

  async update(caller: Caller, a: UpdateInput, javaClass: string): Promise<{ jobUuid: string }> {
    if (a.id === undefined) throw invalidParam('Unable to execute API command updatevolume due to missing parameter id');
    const v = await findVolume(this.d.db, caller, a.id);
    const set = await planUpdate(this.d, caller, v, a);
    return this.submit(caller, UPDATE_CMD, javaClass, v, { set });
  }

  private async runUpdate(ctx: JobContext, p: Record<string, unknown>): Promise<void> {
    const id = vj(p).volumeId;
    await ctx.step('update', async () => {
      await this.d.db.updateTable('volumes').set(p.set as Record<string, string | number>).where('id', '=', id).where('removed', 'is', null).execute();
    });
    await ctx.step('event', async () => {
      const v = await this.d.db.selectFrom('volumes').select(['uuid', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
      await this.d.events.record(ctx.owner, { type: 'VOLUME.UPDATE', description: `Updated volume ${v.name}`, resourceType: 'Volume', resourceId: v.uuid, resourceName: v.name });
    });
  }

  // ---- reads -------------------------------------------------------------------------------

  async view(caller: Caller, volumeId: number): Promise<VolumeView> {
    return volumeView(this.d.db, this.d.tags, volumeId, { full: isRootAdmin(caller) });
  }

  async list(caller: Caller, f: VolumeFilter, page: Page): Promise<{ count: number; items: VolumeView[] }> {
    const r = await listVolumeIds(this.d.db, caller, f, page);
    return { count: r.count, items: await volumeViews(this.d.db, this.d.tags, r.ids, { full: isRootAdmin(caller) }) };
  }

  // ---- cascades ----------------------------------------------------------------------------

  /** Account deletion: its detached volumes go (attached ones go with their VMs). */
  async removeAccount(accountId: number, owner: JobOwner): Promise<void> {
    const vols = await this.d.db.selectFrom('volumes').select('id').where('account_id', '=', accountId).where('removed', 'is', null).where('vm_id', 'is', null).execute();
    for (const v of vols) await expungeVolume(this.d, owner, v.id);
  }
}

function deviceOf(p: Record<string, unknown>): number | undefined {
  return typeof p.deviceId === 'number' ? p.deviceId : undefined;
}
