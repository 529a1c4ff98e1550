// Primary storage maintenance (enableStorageMaintenance / cancelStorageMaintenance), async.
// Entering maintenance runs the registered hooks first (a VM service stops or migrates what
// uses the pool); with none the pool goes PrepareForMaintenance → Maintenance at once.
import type { Caller } from '../core/caller.js';
import { invalidState } from '../core/errors.js';
import { POOL_TRANSITIONS, type PoolEvent, type PoolStatus, nextState } from '../core/infra-states.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobContext, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import type { StoragePoolService } from './storage-pools.js';

export interface PoolRef {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
}

export interface PoolMaintenanceHook {
  /** Frees the pool before maintenance; use `ctx.step` per side effect; throw to fail it. */
  evacuate(ctx: JobContext, pool: PoolRef): Promise<void>;
}

const ENABLE = 'enableStorageMaintenance';
const CANCEL = 'cancelStorageMaintenance';

export class PoolMaintenanceService {
  private readonly hooks: PoolMaintenanceHook[] = [];

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly pools: StoragePoolService,
  ) {
    jobs.register({ cmd: ENABLE, onRestart: 'resume', run: (ctx, p) => this.runEnable(ctx, ref(p)) });
    jobs.register({ cmd: CANCEL, onRestart: 'resume', run: (ctx, p) => this.runCancel(ctx, ref(p)) });
  }

  registerHook(hook: PoolMaintenanceHook): void {
    this.hooks.push(hook);
  }

  async submitEnable(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await this.pools.row(idOrUuid);
    if (!nextState(POOL_TRANSITIONS, 'PrepareMaintenance', p.status as PoolStatus)) {
      throw invalidState(`Storage pool ${p.name} cannot enter maintenance from state ${p.status}`);
    }
    return this.submit(caller, ENABLE, javaClass, p);
  }

  async submitCancel(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await this.pools.row(idOrUuid);
    if (!nextState(POOL_TRANSITIONS, 'CancelMaintenance', p.status as PoolStatus)) {
      throw invalidState(`Storage pool ${p.name} is not in maintenance (state ${p.status})`);
    }
    return this.submit(caller, CANCEL, javaClass, p);
  }

  private async submit(caller: Caller, cmd: string, javaClass: string, p: PoolRef): Promise<{ jobUuid: string }> {
    const job = await this.jobs.submit({
      cmd, javaClass, owner: caller, params: { poolId: p.id, poolUuid: p.uuid, poolName: p.name },
      instanceType: 'StoragePool', instanceId: p.uuid, lockKey: `storagepool:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async runEnable(ctx: JobContext, p: PoolRef): Promise<JobResult> {
    await ctx.step('enter', () => this.apply(p, 'PrepareMaintenance'));
    try {
      for (const hook of this.hooks) await hook.evacuate(ctx, p);
    } catch (e) {
      await this.apply(p, 'MaintenanceFailed').catch(() => undefined);
      throw e;
    }
    await ctx.step('complete', () => this.apply(p, 'EnterMaintenance'));
    await ctx.step('event', () => this.events.record(ctx.owner, { type: 'MAINT.PREPARE.PS', description: `Primary storage ${p.name} is in maintenance`, resourceType: 'StoragePool', resourceId: p.uuid, resourceName: p.name }));
    return { type: 'entity', entity: 'StoragePool', data: await this.pools.view(p.id) };
  }

  private async runCancel(ctx: JobContext, p: PoolRef): Promise<JobResult> {
    await ctx.step('cancel', () => this.apply(p, 'CancelMaintenance'));
    await ctx.step('up', () => this.apply(p, 'CancelDone'));
    await ctx.step('event', () => this.events.record(ctx.owner, { type: 'MAINT.CANCEL.PS', description: `Cancelled maintenance of primary storage ${p.name}`, resourceType: 'StoragePool', resourceId: p.uuid, resourceName: p.name }));
    return { type: 'entity', entity: 'StoragePool', data: await this.pools.view(p.id) };
  }

  private async apply(p: PoolRef, event: PoolEvent): Promise<void> {
    const t = POOL_TRANSITIONS[event];
    const r = await this.db.updateTable('storage_pools').set({ status: t.to }).where('id', '=', p.id).where('removed', 'is', null)
      .where('status', 'in', t.from).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const now = await this.db.selectFrom('storage_pools').select('status').where('id', '=', p.id).executeTakeFirst();
      throw invalidState(`Storage pool ${p.name} is in state ${now?.status ?? 'Removed'}; cannot apply ${event}`);
    }
  }
}

function ref(p: Record<string, unknown>): PoolRef {
  return { id: Number(p.poolId), uuid: String(p.poolUuid), name: String(p.poolName) };
}
