// The VM family (CloudStack's UserVmManager): deploy, power operations, destroy/recover/
// expunge, offering changes, password and key resets, migration and listing. Async commands
// are jobs locked per VM (`vm:<id>`); their steps live in vm-start/stop/destroy/change/migrate.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { HypervisorDrivers } from '../drivers/hypervisor/types.js';
import type { StorageDriver } from '../drivers/storage/types.js';
import { KeyedLock } from '../jobs/keyed-lock.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobContext, JobOwner, JobResult } from '../jobs/types.js';
import type { AccountService } from './accounts.js';
import type { EventService } from './events.js';
import type { HostMaintenanceService } from './host-maintenance.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';
import {
  type VmUpdate, ENCRYPTED_PASSWORD_DETAIL, changeStoppedOffering, checkDynamicScale, checkPasswordReset, newSize, resetPasswordSteps, resetSshKeySteps,
  scaleRunningSteps, updateVm,
} from './vm-change.js';
import type { VmDeps } from './vm-deps.js';
import { VmHa } from './vm-ha.js';
import { type DeployInput, type NicChoice, createVm } from './vm-deploy.js';
import { destroySteps, expungeSteps, recoverVm, releaseCounts, releaseEverything, vmCounts } from './vm-destroy.js';
import { type VmFilter, listVmIds } from './vm-list.js';
import { checkMigratable, migrateSteps } from './vm-migrate.js';
import type { VmPeers } from './vm-peers.js';
import { type VmRow, assertAllowed, findVm, leaveHost, transit, vmById } from './vm-rows.js';
import { nicRequestOf } from './vm-spec.js';
import { startSteps } from './vm-start.js';
import { rebootSteps, stopSteps } from './vm-stop.js';
import { syncAllHosts } from './vm-sync.js';
import { type VmView, vmView, vmViews } from './vm-views.js';

export type { VmView } from './vm-views.js';

const CMD = {
  deploy: 'deployVirtualMachine', start: 'startVirtualMachine', stop: 'stopVirtualMachine', reboot: 'rebootVirtualMachine',
  destroy: 'destroyVirtualMachine', expunge: 'expungeVirtualMachine', scale: 'scaleVirtualMachine', resetPassword: 'resetPasswordForVirtualMachine',
  resetSshKey: 'resetSSHKeyForVirtualMachine', migrate: 'migrateVirtualMachine',
} as const;

export interface VmServiceDeps {
  readonly db: Db;
  readonly events: EventService;
  readonly jobs: JobRunner;
  readonly settings: SettingsService;
  readonly limits: ResourceLimitService;
  readonly accounts: AccountService;
  readonly hypervisors: HypervisorDrivers;
  readonly storage: readonly StorageDriver[];
}

interface VmJobParams {
  readonly vmId: number;
  readonly vmUuid: string;
  /** The caller is a root admin: the result shows host and instance name. */
  readonly full: boolean;
}

const jp = (p: Record<string, unknown>): VmJobParams => ({ vmId: Number(p.vmId), vmUuid: String(p.vmUuid), full: p.full === true });

export class VmService {
  private readonly d: VmDeps;
  private peers: VmPeers = {};
  private syncTimer: NodeJS.Timeout | undefined;
  private syncing = false;
  private lastSync = 0;
  /** Restarts HA-enabled VMs the power sync finds lost (vm-ha.ts). */
  private readonly ha: VmHa;

  constructor(private readonly deps: VmServiceDeps) {
    this.d = {
      db: deps.db, events: deps.events, jobs: deps.jobs, settings: deps.settings, limits: deps.limits, hypervisors: deps.hypervisors,
      storage: deps.storage, placementLock: new KeyedLock(), peers: () => this.peers,
    };
    this.ha = new VmHa(this.d);
    const j = deps.jobs;
    // Starts and stops re-read the rows at every step and undo what a crashed attempt left, so they resume.
    j.register({ cmd: CMD.deploy, onRestart: 'resume', run: (ctx, p) => this.runDeploy(ctx, p) });
    j.register({ cmd: CMD.start, onRestart: 'resume', run: (ctx, p) => this.vmJob(p, (id) => startSteps(this.d, ctx, id, opts(p))) });
    j.register({ cmd: CMD.stop, onRestart: 'resume', run: (ctx, p) => this.vmJob(p, (id) => stopSteps(this.d, ctx, id, p.forced === true)) });
    j.register({ cmd: CMD.reboot, onRestart: 'resume', run: (ctx, p) => this.vmJob(p, (id) => rebootSteps(this.d, ctx, id)) });
    j.register({
      cmd: CMD.destroy, onRestart: 'resume',
      run: (ctx, p) => this.vmJob(p, (id) => destroySteps(this.d, ctx, id, { expunge: p.expunge === true, volumeIds: (p.volumeIds as number[]) ?? [] })),
    });
    j.register({ cmd: CMD.expunge, onRestart: 'resume', run: async (ctx, p) => (await expungeSteps(this.d, ctx, jp(p).vmId), { type: 'success' }) });
    j.register({
      cmd: CMD.scale, onRestart: 'rollback',
      run: (ctx, p) => this.vmJob(p, async (id) => {
        const vm = await this.row(id);
        const size = await newSize(this.d, vm, String(p.offeringId), p.details as Record<string, string>);
        if (vm.state === 'Running') await scaleRunningSteps(this.d, ctx, id, size);
        else await ctx.step('change', () => changeStoppedOffering(this.d, ctx.owner, vm, size));
      }),
    });
    j.register({
      cmd: CMD.resetPassword, onRestart: 'rollback',
      run: async (ctx, p) => {
        const pw = await resetPasswordSteps(this.d, ctx, jp(p).vmId, typeof p.password === 'string' ? p.password : undefined);
        return this.result(jp(p), pw);
      },
    });
    j.register({
      cmd: CMD.resetSshKey, onRestart: 'rollback',
      run: async (ctx, p) => this.result(jp(p), await resetSshKeySteps(this.d, ctx, jp(p).vmId, p.keypairs as string[])),
    });
    j.register({
      cmd: CMD.migrate, onRestart: 'rollback',
      run: (ctx, p) => this.vmJob(p, (id) => migrateSteps(this.d, ctx, id, typeof p.hostId === 'number' ? p.hostId : undefined)),
    });
    deps.accounts.onDelete((accountId, owner) => this.removeAccountVms(accountId, owner));
  }

  /**
   * Connects what is built after this service: the families it consumes (templates, networks,
   * keys, user data, affinity, tags), host maintenance (which empties hosts through live
   * migration) and the limit counters of updateResourceCount.
   */
  bindPeers(p: VmPeers & { readonly hostMaintenance?: HostMaintenanceService; readonly resourceLimits?: ResourceLimitService }): void {
    this.peers = p;
    p.tags?.registerType?.('UserVm', { table: 'vms' });
    const answer = async (vmId: number) => ({ entity: 'VirtualMachine', data: await vmView(this.d.db, this.peers, vmId, { full: false }) });
    p.affinity?.setVmView?.(answer);
    p.templates?.setVmView?.(answer);
    p.networks?.nics?.setVmResult?.(answer);
    p.hostMaintenance?.registerHook({ evacuate: (ctx, host) => this.evacuate(ctx, host.id) });
    const counted = (accountId: number, q: Db) => q.selectFrom('vms').where('account_id', '=', accountId).where('removed', 'is', null)
      .where('state', 'not in', ['Destroyed', 'Expunging']);
    for (const limits of new Set([p.resourceLimits, this.deps.limits])) {
      limits?.registerCounter('user_vm', async (a, q) => Number((await counted(a, q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
      limits?.registerCounter('cpu', async (a, q) => Number((await counted(a, q).select((eb) => eb.fn.sum<number>('cpu_number').as('n')).executeTakeFirstOrThrow()).n ?? 0));
      limits?.registerCounter('memory', async (a, q) => Number((await counted(a, q).select((eb) => eb.fn.sum<number>('memory_mb').as('n')).executeTakeFirstOrThrow()).n ?? 0));
    }
  }

  private async row(vmId: number): Promise<VmRow> {
    const vm = await vmById(this.d.db, vmId);
    if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
    return vm;
  }

  private async result(p: VmJobParams, password?: string): Promise<JobResult> {
    const v = await vmView(this.d.db, this.peers, p.vmId, { full: p.full });
    return { type: 'entity', entity: 'VirtualMachine', data: password === undefined ? v : { ...v, password } };
  }

  private async vmJob(params: Record<string, unknown>, run: (vmId: number) => Promise<unknown>): Promise<JobResult> {
    const p = jp(params);
    await run(p.vmId);
    return this.result(p);
  }

  private async runDeploy(ctx: JobContext, params: Record<string, unknown>): Promise<JobResult> {
    const p = jp(params);
    const net = this.peers.networks;
    if (net) {
      // A deploy that fails from here leaves the VM in Error without addresses, as a failed start does.
      const fail = async () => {
        await net.releaseVmNics(p.vmId);
        await transit(this.d.db, p.vmId, ['Stopped'], 'Error');
      };
      await ctx.step('nics', async () => {
        try {
          await net.allocateVmNics({ ...nicRequestOf(await this.row(p.vmId)), ...(params.nics as NicChoice) });
        } catch (e) {
          await fail();
          throw e;
        }
      }, fail);
    }
    if (params.startVm !== false) await startSteps(this.d, ctx, p.vmId, { ...opts(params), deploy: true });
    const vm = await this.row(p.vmId);
    return this.result(p, vm.password_enabled === 1 ? (vm.password ?? undefined) : undefined);
  }

  private async submit(caller: Caller, cmd: string, javaClass: string, vm: VmRow, extra: Record<string, unknown> = {}): Promise<{ jobUuid: string; vmUuid: string }> {
    const job = await this.d.jobs.submit({
      cmd, javaClass, owner: caller, params: { vmId: vm.id, vmUuid: vm.uuid, full: isRootAdmin(caller), ...extra },
      instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
    });
    return { jobUuid: job.uuid, vmUuid: vm.uuid };
  }

  // ---- commands --------------------------------------------------------------------------

  async deploy(caller: Caller, a: DeployInput, javaClass: string): Promise<{ jobUuid: string; vmUuid: string }> {
    const r = await createVm(this.d, caller, a);
    const vm = await this.row(r.vmId);
    return this.submit(caller, CMD.deploy, javaClass, vm, { startVm: r.startVm, hostId: r.hostId, podId: r.podId, clusterId: r.clusterId, nics: r.nics });
  }

  async start(caller: Caller, id: string, a: { hostId?: string; podId?: string; clusterId?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    if (vm.state !== 'Stopped') throw invalidState(`Unable to start virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}`);
    const place: Record<string, number | undefined> = {};
    if (a.hostId !== undefined || a.podId !== undefined || a.clusterId !== undefined) {
      if (!isRootAdmin(caller)) throw permissionDenied('Parameters hostid, podid and clusterid can only be specified by a Root Admin, permission denied');
      place.hostId = a.hostId === undefined ? undefined : await this.idIn('hosts', a.hostId, vm.zone_id, 'host');
      place.podId = a.podId === undefined ? undefined : await this.idIn('pods', a.podId, vm.zone_id, 'pod');
      place.clusterId = a.clusterId === undefined ? undefined : await this.idIn('clusters', a.clusterId, vm.zone_id, 'cluster');
    }
    return this.submit(caller, CMD.start, javaClass, vm, place);
  }

  private async idIn(table: 'hosts' | 'pods' | 'clusters', ref: string, zoneId: number, what: string): Promise<number> {
    const id = await resolveId(this.d.db, table, ref);
    const r = id === undefined ? undefined : await this.d.db.selectFrom(table).select(['id', 'zone_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!r || r.zone_id !== zoneId) throw invalidParam(`Unable to find ${what} ${ref} in the zone of the VM`);
    return r.id;
  }

  async stop(caller: Caller, id: string, forced: boolean, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    assertAllowed(vm, 'StopRequested', 'stop');
    return this.submit(caller, CMD.stop, javaClass, vm, { forced });
  }

  async reboot(caller: Caller, id: string, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    if (vm.state !== 'Running') throw invalidState(`Unable to reboot virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}`);
    return this.submit(caller, CMD.reboot, javaClass, vm);
  }

  private async mayExpungeOrRecover(caller: Caller, what: string): Promise<void> {
    if (caller.roleType === 'Admin' || caller.roleType === 'DomainAdmin' || caller.roleType === 'ResourceAdmin') return;
    if (await this.d.settings.getBool('allow.user.expunge.recover.vm', 'account', caller.accountId)) return;
    throw permissionDenied(`Parameter ${what} can be passed by Admin only. Or when the allow.user.expunge.recover.vm key is set.`);
  }

  async destroy(caller: Caller, id: string, a: { expunge?: boolean; volumeIds?: readonly string[] }, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    if (a.expunge) await this.mayExpungeOrRecover(caller, 'expunge');
    if (vm.state === 'Destroyed' && !a.expunge) throw invalidState(`Unable to destroy virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state Destroyed`);
    if (vm.state !== 'Destroyed' && !['Running', 'Stopped', 'Error'].includes(vm.state)) {
      throw invalidState(`Unable to destroy virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}`);
    }
    const volumeIds: number[] = [];
    for (const ref of a.volumeIds ?? []) {
      const vid = await resolveId(this.d.db, 'volumes', ref);
      const v = vid === undefined ? undefined : await this.d.db.selectFrom('volumes').select(['id', 'vm_id', 'type']).where('id', '=', vid).where('removed', 'is', null).executeTakeFirst();
      if (!v || v.vm_id !== vm.id) throw invalidParam(`Please specify volumes attached to the VM ${vm.uuid}: ${ref} is not`);
      if (v.type === 'ROOT') throw invalidParam('The root volume goes with the VM; list only data volumes in volumeids');
      volumeIds.push(v.id);
    }
    return this.submit(caller, CMD.destroy, javaClass, vm, { expunge: a.expunge === true, volumeIds });
  }

  async recover(caller: Caller, id: string): Promise<VmView> {
    const vm = await findVm(this.d.db, caller, id);
    await this.mayExpungeOrRecover(caller, 'recover');
    if (vm.state !== 'Destroyed') throw invalidState(`Unable to recover virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}`);
    await recoverVm(this.d, caller, vm);
    return this.view(caller, vm.id);
  }

  async expunge(caller: Caller, id: string, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    await this.mayExpungeOrRecover(caller, 'expunge');
    if (vm.state !== 'Destroyed') throw invalidState(`Unable to expunge virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}; destroy it first`);
    return this.submit(caller, CMD.expunge, javaClass, vm);
  }

  async scale(caller: Caller, id: string, offeringId: string, details: Readonly<Record<string, string>>, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    const size = await newSize(this.d, vm, offeringId, details);
    if (vm.state === 'Running') await checkDynamicScale(this.d, vm, size);
    else if (vm.state !== 'Stopped') throw invalidState(`Unable to scale virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}`);
    return this.submit(caller, CMD.scale, javaClass, vm, { offeringId: String(size.offeringId), details });
  }

  async changeService(caller: Caller, id: string, offeringId: string, details: Readonly<Record<string, string>>): Promise<VmView> {
    const vm = await findVm(this.d.db, caller, id);
    const size = await newSize(this.d, vm, offeringId, details);
    await changeStoppedOffering(this.d, caller, vm, size);
    return this.view(caller, vm.id);
  }

  async update(caller: Caller, id: string, a: VmUpdate): Promise<VmView> {
    const vm = await findVm(this.d.db, caller, id);
    if (['Destroyed', 'Expunging', 'Error'].includes(vm.state)) throw invalidState(`Unable to update virtual machine ${vm.uuid}: it is in state ${vm.state}`);
    await updateVm(this.d, caller, vm, a);
    return this.view(caller, vm.id);
  }

  async resetPassword(caller: Caller, id: string, password: string | undefined, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    await checkPasswordReset(this.d, vm);
    return this.submit(caller, CMD.resetPassword, javaClass, vm, { password });
  }

  async resetSshKey(caller: Caller, id: string, names: readonly string[], javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    if (!names.length) throw invalidParam('keypair or keypairs is required');
    if (vm.state !== 'Stopped') throw invalidState(`Vm ${vm.uuid} should be stopped to do SSH Key reset: it is in state ${vm.state}`);
    const peers = this.peers;
    if (!peers.sshKeys) throw invalidParam('SSH key pairs are not available on this server');
    await peers.sshKeys.resolve(vm.account_id, names);
    return this.submit(caller, CMD.resetSshKey, javaClass, vm, { keypairs: [...names] });
  }

  async migrate(caller: Caller, id: string, a: { hostId?: string; storageId?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVm(this.d.db, caller, id);
    if (a.storageId !== undefined) throw invalidParam('Migrating volumes to another storage pool is not supported; migrate the VM to another host instead');
    const hostId = a.hostId === undefined ? undefined : await this.idIn('hosts', a.hostId, vm.zone_id, 'host');
    checkMigratable(vm, hostId);
    return this.submit(caller, CMD.migrate, javaClass, vm, { hostId });
  }

  // ---- reads -------------------------------------------------------------------------------

  async view(caller: Caller, vmId: number, userData = false): Promise<VmView> {
    return vmView(this.d.db, this.peers, vmId, { full: isRootAdmin(caller), userData });
  }

  async list(caller: Caller, f: VmFilter, page: Page, o: { userData?: boolean } = {}): Promise<{ count: number; items: VmView[] }> {
    const r = await listVmIds(this.d.db, this.d.settings, caller, f, page);
    return { count: r.count, items: await vmViews(this.d.db, this.peers, r.ids, { full: isRootAdmin(caller), userData: o.userData }) };
  }

  async userData(caller: Caller, id: string): Promise<{ vmUuid: string; userData: string | null }> {
    const vm = await findVm(this.d.db, caller, id);
    return { vmUuid: vm.uuid, userData: vm.user_data };
  }

  async encryptedPassword(caller: Caller, id: string): Promise<string> {
    const vm = await findVm(this.d.db, caller, id);
    const r = await this.d.db.selectFrom('vm_details').select('value').where('vm_id', '=', vm.id).where('name', '=', ENCRYPTED_PASSWORD_DETAIL).executeTakeFirst();
    if (!r) throw invalidParam(`No password for VM with specified id found. If VM is created from password enabled template and SSH keypair is assigned to VM then only password can be retrieved.`);
    return r.value;
  }

  // ---- background and cascades -------------------------------------------------------------

  /** Pings every host and reconciles VM power states each ping.interval seconds. */
  startPowerSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = setInterval(() => void this.syncTick(), 1000);
    this.syncTimer.unref();
  }

  stopPowerSync(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = undefined;
  }

  private async syncTick(): Promise<void> {
    if (this.syncing) return;
    const every = (await this.d.settings.getNumber('ping.interval').catch(() => 60)) * 1000;
    if (Date.now() - this.lastSync < every) return;
    this.syncing = true;
    try {
      await syncAllHosts(this.d, (hostId, vmIds, why) => this.ha.takeOver(hostId, vmIds, why));
    } catch {
      /* the next tick tries again */
    } finally {
      this.lastSync = Date.now();
      this.syncing = false;
    }
  }

  /** Host maintenance: live-migrate every running VM off the host (fails when one cannot move). */
  private async evacuate(ctx: JobContext, hostId: number): Promise<void> {
    const vms = await this.d.db.selectFrom('vms').select('id').where('host_id', '=', hostId).where('removed', 'is', null)
      .where('state', '=', 'Running').orderBy('id').execute();
    for (const v of vms) await migrateSteps(this.d, ctx, v.id, undefined, `evacuate:${v.id}:`);
    const left = await this.d.db.selectFrom('vms').select('id').where('host_id', '=', hostId).where('removed', 'is', null)
      .where('state', 'in', ['Starting', 'Stopping', 'Migrating']).executeTakeFirst();
    if (left) throw invalidState('A VM on the host is starting, stopping or migrating; try again when it has settled');
  }

  /** Account deletion: every VM of the account goes, with its disks, NICs and claims. */
  private async removeAccountVms(accountId: number, owner: JobOwner): Promise<void> {
    const vms = await this.d.db.selectFrom('vms').selectAll().where('account_id', '=', accountId).where('removed', 'is', null).execute();
    for (const vm of vms) {
      if (vm.host_id !== null) {
        const host = await this.d.db.selectFrom('hosts').select('url').where('id', '=', vm.host_id).executeTakeFirst();
        if (host) await this.d.hypervisors[vm.hypervisor_type as keyof HypervisorDrivers]?.stopVm(host.url, vm.instance_name, true).catch(() => undefined);
      }
      await leaveHost(this.d.db, vm.id, ['Starting', 'Running', 'Stopping', 'Migrating', 'Stopped', 'Error', 'Unknown'], 'Destroyed');
      if (!['Destroyed', 'Expunging'].includes(vm.state)) await releaseCounts(this.d, vm.account_id, vmCounts(vm));
      await releaseEverything(this.d, vm.id, true);
      await this.d.events.record(owner, { type: 'VM.EXPUNGE', description: `Expunged VM ${vm.display_name} of deleted account`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
    }
  }
}

function opts(p: Record<string, unknown>): { deploy: false; hostId?: number; podId?: number; clusterId?: number } {
  const n = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return { deploy: false, hostId: n(p.hostId), podId: n(p.podId), clusterId: n(p.clusterId) };
}
