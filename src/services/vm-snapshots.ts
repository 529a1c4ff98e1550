// The VM snapshot family (CloudStack's VMSnapshotManager): create, list, delete and revert,
// kept in its own tables (vm_snapshots, vm_snapshot_volumes) over the storage driver's
// snapshotVolume/restoreVolume. Jobs lock the VM (`vm:<id>`, shared with the VM family).
// Stopping and starting a VM on revert reuse the VM family's job steps, with the peers
// (networks, affinity, …) the composition root binds.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { internalError, invalidState } from '../core/errors.js';
import type { HypervisorDrivers } from '../drivers/hypervisor/types.js';
import { KeyedLock } from '../jobs/keyed-lock.js';
import type { JobResult } from '../jobs/types.js';
import type { AccountService } from './accounts.js';
import type { ImageStoreService } from './image-stores.js';
import type { Page } from './query.js';
import type { VolumeDeps } from './volume-deps.js';
import { CREATE_CMD, type CreateVmSnapshotInput, createSteps, insertVmSnapshot, planCreate } from './vm-snapshot-create.js';
import { REVERT_CMD, type VmPower, planRevert, revertSteps } from './vm-snapshot-revert.js';
import { findVmSnapshot, removeVmSnapshot, transitVmSnapshot } from './vm-snapshot-rows.js';
import { type VmSnapshotFilter, type VmSnapshotView, listVmSnapshotIds, vmSnapshotViews } from './vm-snapshot-views.js';
import type { VmDeps } from './vm-deps.js';
import type { VmPeers } from './vm-peers.js';
import { startSteps } from './vm-start.js';
import { stopSteps } from './vm-stop.js';
import { vmView } from './vm-views.js';

export type { VmSnapshotView, VmSnapshotFilter } from './vm-snapshot-views.js';

const DELETE_CMD = 'deleteVMSnapshot';

/** The VM in revertToVMSnapshot's answer until the VM family is bound (then its UserVmResponse). */
export interface VmSnapshotVmView {
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly state: string;
}

export class VmSnapshotService {
  private peers: VmPeers | undefined;
  private readonly vmDeps: VmDeps;

  constructor(private readonly d: VolumeDeps, hypervisors: HypervisorDrivers) {
    this.vmDeps = {
      db: d.db, events: d.events, jobs: d.jobs, settings: d.settings, limits: d.limits, hypervisors, storage: d.storage,
      placementLock: new KeyedLock(), peers: () => this.peers ?? {},
    };
    const j = d.jobs;
    // Images are named per snapshot and disk and states are compare-and-set, so jobs resume.
    j.register({
      cmd: CREATE_CMD, onRestart: 'resume',
      run: async (ctx, p) => {
        await createSteps(d, ctx, Number(p.vmSnapshotId));
        return { type: 'entity', entity: 'VMSnapshot', data: await this.view(Number(p.vmSnapshotId)) };
      },
    });
    j.register({
      cmd: DELETE_CMD, onRestart: 'resume',
      run: async (ctx, p) => {
        const id = Number(p.vmSnapshotId);
        await ctx.step('expunging', async () => {
          await transitVmSnapshot(d.db, id, ['Ready', 'Error'], 'Expunging');
        });
        await ctx.step('remove', () => removeVmSnapshot(d, id));
        await ctx.step('event', async () => {
          await d.events.record(ctx.owner, { type: 'VMSNAPSHOT.DELETE', description: `Deleted VM snapshot ${String(p.name)}`, resourceType: 'VMSnapshot', resourceId: String(p.uuid), resourceName: String(p.name) });
        });
        return { type: 'success' };
      },
    });
    j.register({
      cmd: REVERT_CMD, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const vmId = await revertSteps(d, ctx, Number(p.vmSnapshotId), this.power());
        return this.vmResult(vmId, p.full === true);
      },
    });
    d.tags.registerType('VMSnapshot', { table: 'vm_snapshots' });
  }

  /** The families a revert needs to stop and start the VM (networks for its NICs, affinity, …). */
  bindVms(peers: VmPeers): void {
    this.peers = peers;
  }

  /** Hooks into account deletion. */
  bind(accounts: AccountService): void {
    accounts.onDelete((accountId) => this.removeAccount(accountId));
  }

  /** Image store deletion is refused while VM snapshots are kept there. */
  bindInventory(imageStores: ImageStoreService): void {
    imageStores.deleteGuards.add(async (db, storeId) => {
      const held = await db.selectFrom('vm_snapshot_volumes as i').innerJoin('vm_snapshots as s', 's.id', 'i.vm_snapshot_id').select('i.volume_id')
        .where('i.store_id', '=', storeId).where('s.removed', 'is', null).executeTakeFirst();
      return held ? 'Cannot delete image store with active VM snapshots backup!' : undefined;
    });
  }

  private power(): VmPower | undefined {
    if (!this.peers) return undefined;
    const vd = this.vmDeps;
    return {
      stop: async (ctx, vmId) => {
        await stopSteps(vd, ctx, vmId, true, 'revert-stop:');
      },
      start: (ctx, vmId) => startSteps(vd, ctx, vmId, { deploy: false }),
    };
  }

  private async vmResult(vmId: number, full: boolean): Promise<JobResult> {
    if (this.peers) return { type: 'entity', entity: 'VirtualMachine', data: await vmView(this.d.db, this.peers, vmId, { full }) };
    const vm = await this.d.db.selectFrom('vms').select(['uuid', 'name', 'display_name', 'state']).where('id', '=', vmId).executeTakeFirstOrThrow();
    const data: VmSnapshotVmView = { uuid: vm.uuid, name: vm.name, displayName: vm.display_name, state: vm.state };
    return { type: 'entity', entity: 'VmSnapshotVm', data };
  }

  private async view(id: number): Promise<VmSnapshotView> {
    const [v] = await vmSnapshotViews(this.d.db, this.d.tags, [id]);
    if (!v) throw internalError(`VM snapshot ${id} does not exist`);
    return v;
  }

  // ---- commands ----------------------------------------------------------------------------

  async create(caller: Caller, a: CreateVmSnapshotInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const plan = await planCreate(this.d, caller, a);
    const s = await insertVmSnapshot(this.d, plan.vm, { name: plan.name, displayName: plan.displayName, description: a.description, memory: a.snapshotMemory === true });
    const job = await this.d.jobs.submit({
      cmd: CREATE_CMD, javaClass, owner: caller, params: { vmSnapshotId: s.id }, instanceType: 'VMSnapshot', instanceId: s.uuid, lockKey: `vm:${plan.vm.id}`,
    });
    return { jobUuid: job.uuid, uuid: s.uuid };
  }

  async delete(caller: Caller, id: string, javaClass: string): Promise<{ jobUuid: string }> {
    const s = await findVmSnapshot(this.d.db, caller, id);
    if (s.state !== 'Ready' && s.state !== 'Error' && s.state !== 'Expunging') {
      throw invalidState(`Can't delete the vm snapshot ${s.uuid} due to it is not in Created or Error, or Expunging State`);
    }
    const job = await this.d.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { vmSnapshotId: s.id, uuid: s.uuid, name: s.display_name }, instanceType: 'VMSnapshot', instanceId: s.uuid,
      lockKey: `vm:${s.vm_id}`,
    });
    return { jobUuid: job.uuid };
  }

  async revert(caller: Caller, id: string, javaClass: string): Promise<{ jobUuid: string }> {
    const plan = await planRevert(this.d, caller, id);
    const needsPower = plan.vm.state === 'Running' || plan.snapshot.type === 'DiskAndMemory';
    if (needsPower && !this.peers) throw invalidState('Reverting this VM snapshot needs to stop or start the VM, which this server cannot do now');
    const job = await this.d.jobs.submit({
      cmd: REVERT_CMD, javaClass, owner: caller, params: { vmSnapshotId: plan.snapshot.id, full: isRootAdmin(caller) }, instanceType: 'VirtualMachine',
      instanceId: plan.vm.uuid, lockKey: `vm:${plan.vm.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async list(caller: Caller, f: VmSnapshotFilter, page: Page): Promise<{ count: number; items: VmSnapshotView[] }> {
    const r = await listVmSnapshotIds(this.d.db, caller, f, page);
    return { count: r.count, items: await vmSnapshotViews(this.d.db, this.d.tags, r.ids) };
  }

  // ---- cascades and housekeeping -----------------------------------------------------------

  /** VM snapshots of VMs that were expunged go too (CloudStack deletes them at expunge). */
  async collectGarbage(): Promise<number> {
    const orphans = await this.d.db.selectFrom('vm_snapshots as s').innerJoin('vms as vm', 'vm.id', 's.vm_id').select('s.id')
      .where('s.removed', 'is', null).where('vm.removed', 'is not', null).execute();
    let n = 0;
    for (const o of orphans) if (await removeVmSnapshot(this.d, o.id)) n++;
    return n;
  }

  async removeAccount(accountId: number): Promise<void> {
    const rows = await this.d.db.selectFrom('vm_snapshots').select('id').where('account_id', '=', accountId).where('removed', 'is', null).execute();
    for (const r of rows) await removeVmSnapshot(this.d, r.id);
  }
}
