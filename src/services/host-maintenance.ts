// Host maintenance and reconnection: the async host commands. Entering maintenance runs the
// registered hooks first (a VM service live-migrates the host's VMs there); with no hook the
// host goes PrepareForMaintenance → Maintenance at once.
import type { Caller } from '../core/caller.js';
import { invalidState } from '../core/errors.js';
import { HOST_MAINTENANCE_STATES, HOST_RESOURCE_TRANSITIONS, type HostResourceEvent, type HostResourceState, nextState } from '../core/infra-states.js';
import type { Db } from '../db/schema.js';
import type { HypervisorType } from '../drivers/hypervisor/types.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobContext, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import type { HostService } from './hosts.js';
import { nowIso } from './infra-refs.js';

export interface HostRef {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
}

export interface HostMaintenanceHook {
  /**
   * Empties the host before it enters maintenance (e.g. live-migrates its VMs). Runs inside
   * the prepare job: wrap each side effect in `ctx.step` so a restarted job resumes. Throw to
   * leave the host in ErrorInPrepareForMaintenance.
   */
  evacuate(ctx: JobContext, host: HostRef): Promise<void>;
}

const PREPARE = 'prepareHostForMaintenance';
const CANCEL = 'cancelHostMaintenance';
const RECONNECT = 'reconnectHost';

export class HostMaintenanceService {
  private readonly hooks: HostMaintenanceHook[] = [];

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly hosts: HostService,
  ) {
    jobs.register({ cmd: PREPARE, onRestart: 'resume', run: (ctx, p) => this.runPrepare(ctx, ref(p)) });
    jobs.register({ cmd: CANCEL, onRestart: 'resume', run: (ctx, p) => this.runCancel(ctx, ref(p)) });
    jobs.register({ cmd: RECONNECT, onRestart: 'resume', run: (ctx, p) => this.runReconnect(ctx, ref(p)) });
  }

  registerHook(hook: HostMaintenanceHook): void {
    this.hooks.push(hook);
  }

  async submitPrepare(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const h = await this.hosts.row(idOrUuid);
    if (!nextState(HOST_RESOURCE_TRANSITIONS, 'AdminAskMaintenance', h.resource_state as HostResourceState)) {
      throw invalidState(`Host ${h.name} cannot enter maintenance from resource state ${h.resource_state}`);
    }
    return this.submit(caller, PREPARE, javaClass, h);
  }

  async submitCancel(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const h = await this.hosts.row(idOrUuid);
    if (!nextState(HOST_RESOURCE_TRANSITIONS, 'AdminCancelMaintenance', h.resource_state as HostResourceState)) {
      throw invalidState(`Host ${h.name} is not in maintenance (resource state ${h.resource_state})`);
    }
    return this.submit(caller, CANCEL, javaClass, h);
  }

  async submitReconnect(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const h = await this.hosts.row(idOrUuid);
    if (HOST_MAINTENANCE_STATES.includes(h.resource_state as HostResourceState)) {
      throw invalidState(`Host ${h.name} is in ${h.resource_state}; cancel maintenance before reconnecting it`);
    }
    this.hosts.driverFor(h.hypervisor_type as HypervisorType);
    return this.submit(caller, RECONNECT, javaClass, h);
  }

  private async submit(caller: Caller, cmd: string, javaClass: string, h: HostRef): Promise<{ jobUuid: string }> {
    const job = await this.jobs.submit({
      cmd, javaClass, owner: caller, params: { hostId: h.id, hostUuid: h.uuid, hostName: h.name },
      instanceType: 'Host', instanceId: h.uuid, lockKey: `host:${h.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async runPrepare(ctx: JobContext, h: HostRef): Promise<JobResult> {
    await ctx.step('enter', () => this.apply(h, 'AdminAskMaintenance'));
    try {
      for (const hook of this.hooks) await hook.evacuate(ctx, h);
    } catch (e) {
      await this.apply(h, 'UnableToMigrate').catch(() => undefined);
      throw e;
    }
    await ctx.step('complete', () => this.apply(h, 'InternalEnterMaintenance'));
    await ctx.step('event', () => this.events.record(ctx.owner, { type: 'MAINT.PREPARE', description: `Host ${h.name} is in maintenance`, resourceType: 'Host', resourceId: h.uuid, resourceName: h.name }));
    return { type: 'entity', entity: 'Host', data: await this.hosts.view(h.id) };
  }

  private async runCancel(ctx: JobContext, h: HostRef): Promise<JobResult> {
    await ctx.step('cancel', () => this.apply(h, 'AdminCancelMaintenance'));
    await ctx.step('event', () => this.events.record(ctx.owner, { type: 'MAINT.CANCEL', description: `Cancelled maintenance of host ${h.name}`, resourceType: 'Host', resourceId: h.uuid, resourceName: h.name }));
    return { type: 'entity', entity: 'Host', data: await this.hosts.view(h.id) };
  }

  /** Re-probes the host through its driver and refreshes its facts; a failed probe leaves it Disconnected. */
  private async runReconnect(ctx: JobContext, h: HostRef): Promise<JobResult> {
    const row = await this.hosts.row(String(h.id));
    await ctx.step('connecting', async () => {
      await this.db.updateTable('hosts').set({ status: 'Connecting' }).where('id', '=', h.id).where('removed', 'is', null).execute();
    });
    await ctx.step('connected', async () => {
      let facts;
      try {
        facts = await this.hosts.driverFor(row.hypervisor_type as HypervisorType).probeHost(row.url, row.username ?? '', '');
      } catch (e) {
        await this.db.updateTable('hosts').set({ status: 'Disconnected', disconnected: nowIso() }).where('id', '=', h.id).execute();
        throw e;
      }
      await this.db.updateTable('hosts').set({
        status: 'Up', ip_address: facts.ipAddress, cpu_sockets: facts.cpuSockets, cpu_cores: facts.cpuCores, cpu_speed_mhz: facts.cpuSpeedMhz,
        memory_bytes: facts.memoryBytes, hypervisor_version: facts.hypervisorVersion, capabilities: facts.capabilities.join(','), arch: facts.arch,
        last_pinged: nowIso(), disconnected: null,
      }).where('id', '=', h.id).where('removed', 'is', null).execute();
    });
    await ctx.step('event', () => this.events.record(ctx.owner, { type: 'HOST.RECONNECT', description: `Reconnected host ${h.name}`, resourceType: 'Host', resourceId: h.uuid, resourceName: h.name }));
    return { type: 'entity', entity: 'Host', data: await this.hosts.view(h.id) };
  }

  /** One transition of the resource-state table, compare-and-set. */
  private async apply(h: HostRef, event: HostResourceEvent): Promise<void> {
    const t = HOST_RESOURCE_TRANSITIONS[event];
    const r = await this.db.updateTable('hosts').set({ resource_state: t.to }).where('id', '=', h.id).where('removed', 'is', null)
      .where('resource_state', 'in', t.from).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const now = await this.db.selectFrom('hosts').select('resource_state').where('id', '=', h.id).executeTakeFirst();
      throw invalidState(`Host ${h.name} is in resource state ${now?.resource_state ?? 'Removed'}; cannot apply ${event}`);
    }
  }
}

function ref(p: Record<string, unknown>): HostRef {
  return { id: Number(p.hostId), uuid: String(p.hostUuid), name: String(p.hostName) };
}
