// High availability (CloudStack's HighAvailabilityManager for user VMs). A VM with HA enabled
// (its service offering's offerha, copied to vms.ha_enabled at deploy; updateVirtualMachine
// haenable changes it) whose guest is lost is restarted through the normal start path
// (placement, capacity claim, disks, driver startVm) on any suitable host. Lost means: its host
// stopped answering the power sync (HostDown), or its host reports it off although nobody
// stopped it (it crashed or shut itself down: VmDies). CloudStack restarts HA VMs in both cases.
// VMs without HA are left to the power sync, which marks them Stopped, and nothing more.
//
// Each restart is a persisted job (`restartVirtualMachineForHA`, shown as CloudStack's
// `com.cloud.vm.VmWorkStart`) locked on the VM like every VM job (`vm:<id>`), so a management
// server crash resumes it and user commands on the VM wait for it. It is owned by the system
// account; its events are recorded for the VM's owner, who sees why the VM moved.
//
// Fencing: a guest on a host that stopped answering is treated as gone. The simulator's
// HostDown is a power loss (its guests are off), and without an out-of-band fencer (IPMI) Nubo
// cannot do better for a real host either. The job first tries to power the old copy off (a
// host that is down cannot be reached: that is expected), then marks the VM Stopped, giving the
// old host's claim back, and starts it again. When the old host comes back, a copy still
// defined there belongs to no VM placed on that host, so the power sync's orphan sweep powers
// it off: the old copy is never started again and the VM runs only where HA placed it.
//
// If no host can take the VM, it stays Stopped and an ERROR event says why; there is no retry
// (CloudStack retries every restart.retry.interval; a later startVirtualMachine does it here).
import { DomainError } from '../core/errors.js';
import type { JobContext, JobOwner, JobResult } from '../jobs/types.js';
import { type VmDeps, hypervisorFor } from './vm-deps.js';
import { leaveHost, vmById } from './vm-rows.js';
import { startSteps } from './vm-start.js';
import { vmView } from './vm-views.js';

/** The job worker's command (internal: no API command submits it). */
export const HA_RESTART_CMD = 'restartVirtualMachineForHA';
/** What listAsyncJobs shows as the job's cmd: CloudStack's work job for a VM start. */
const HA_JAVA_CLASS = 'com.cloud.vm.VmWorkStart';
/** CloudStack's `system` account and user (seeded first, so id 1). */
const SYSTEM_OWNER: JobOwner = { userId: 1, accountId: 1, domainId: 1 };

interface HaParams {
  readonly vmId: number;
  readonly vmUuid: string;
  /** The host the guest was lost from. */
  readonly hostId: number;
  /** Why the guest is gone, as the power sync saw it. */
  readonly why: string;
}

const haParams = (p: Record<string, unknown>): HaParams => ({ vmId: Number(p.vmId), vmUuid: String(p.vmUuid), hostId: Number(p.hostId), why: String(p.why) });

export class VmHa {
  constructor(private readonly d: VmDeps) {
    // Every step re-reads the rows (and the start undoes a half-done attempt), so a restarted job resumes.
    d.jobs.register({ cmd: HA_RESTART_CMD, onRestart: 'resume', run: (ctx, p) => this.run(ctx, haParams(p)) });
  }

  /**
   * The power sync's hook: these VMs were Running on `hostId` and their guests are gone. The
   * HA-enabled ones get a restart job (which stops them itself, so the job is persisted before
   * anything changes); their ids are returned and the power sync leaves them alone. A VM with
   * a restart job still pending gets no second one (the sync may see it Running once more).
   */
  async takeOver(hostId: number, vmIds: readonly number[], why: string): Promise<ReadonlySet<number>> {
    const taken = new Set<number>();
    if (!vmIds.length) return taken;
    const db = this.d.db;
    const ha = await db.selectFrom('vms').select(['id', 'uuid']).where('id', 'in', [...vmIds]).where('ha_enabled', '=', 1)
      .where('removed', 'is', null).execute();
    if (!ha.length) return taken;
    const pending = new Set((await db.selectFrom('async_jobs').select('instance_id').where('cmd', '=', HA_RESTART_CMD).where('status', '=', 0)
      .where('instance_id', 'in', ha.map((v) => v.uuid)).execute()).map((j) => j.instance_id));
    for (const vm of ha) {
      if (!pending.has(vm.uuid)) {
        await this.d.jobs.submit({
          cmd: HA_RESTART_CMD, javaClass: HA_JAVA_CLASS, owner: SYSTEM_OWNER, params: { vmId: vm.id, vmUuid: vm.uuid, hostId, why } satisfies HaParams,
          instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
        });
      }
      taken.add(vm.id);
    }
    return taken;
  }

  private async run(ctx: JobContext, p: HaParams): Promise<JobResult> {
    const first = await vmById(this.d.db, p.vmId);
    if (!first) return { type: 'success' };
    const owner: JobOwner = { userId: first.user_id, accountId: first.account_id, domainId: first.domain_id };
    const oldHost = await this.d.db.selectFrom('hosts').select(['name', 'url']).where('id', '=', p.hostId).executeTakeFirst();
    const fenced = await ctx.step('ha:fence', () => this.fence(p, oldHost?.url));
    if (fenced) {
      await ctx.step('ha:event:stop', () => this.d.events.record(owner, {
        type: 'VM.STOP', level: 'WARN', description: `VM ${first.display_name} is Stopped: ${p.why}; HA restarts it`,
        resourceType: 'VirtualMachine', resourceId: first.uuid, resourceName: first.name,
      }));
    }
    // Only a VM this job stopped is restarted: one a user stopped (or started) meanwhile is theirs.
    const restart = await ctx.step('ha:decide', async () => {
      const vm = await vmById(this.d.db, p.vmId);
      return fenced && vm?.state === 'Stopped' && vm.ha_enabled === 1;
    });
    if (!restart) return { type: 'success' };
    // The start's own events (VM.START) go to the VM's owner rather than to the system account.
    const asOwner: JobContext = { jobId: ctx.jobId, jobUuid: ctx.jobUuid, owner, step: (name, run, undo) => ctx.step(name, run, undo) };
    try {
      await startSteps(this.d, asOwner, p.vmId, { deploy: false });
    } catch (e) {
      // The job fails with this error and the start's undo leaves the VM Stopped.
      const why = e instanceof DomainError ? e.message : String(e);
      await this.d.events.record(owner, {
        type: 'VM.START', level: 'ERROR',
        description: `HA could not restart VM ${first.display_name}, which was running on host ${oldHost?.name ?? p.hostId}; it stays Stopped: ${why}`,
        resourceType: 'VirtualMachine', resourceId: first.uuid, resourceName: first.name,
      });
      throw e;
    }
    return { type: 'entity', entity: 'VirtualMachine', data: await vmView(this.d.db, this.d.peers(), p.vmId, { full: true }) };
  }

  /** Powers the old copy off where the host still answers, then Stopped and off the old host. False when the VM is no longer Running there. */
  private async fence(p: HaParams, hostUrl: string | undefined): Promise<boolean> {
    const vm = await vmById(this.d.db, p.vmId);
    if (!vm || vm.state !== 'Running' || vm.host_id !== p.hostId) return false;
    if (hostUrl !== undefined) {
      try {
        await hypervisorFor(this.d, vm.hypervisor_type).stopVm(hostUrl, vm.instance_name, true);
      } catch {
        /* the host is down: its guests went with it (see the header) */
      }
    }
    return leaveHost(this.d.db, vm.id, ['Running'], 'Stopped', {}, p.hostId);
  }
}
