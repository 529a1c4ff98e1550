import { randomUUID } from 'node:crypto';
import { type AffinityGroupType, AFFINITY_GROUP_TYPES, HOST_HOLDING_STATES, type Placement, isAffinityGroupType, placementFor } from '../core/affinity.js';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { type OwnerView, checkOwnedAccess, ownerViews } from './owned-access.js';
import { type OwnerArgs, resolveOwner } from './owner.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { insertUnique } from './unique-violation.js';

/** An affinity group as deployVirtualMachine needs it. */
export interface AffinityGroupRef {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly type: AffinityGroupType;
  readonly accountId: number;
}

export interface AffinityGroupView extends AffinityGroupRef {
  readonly description: string | null;
  readonly owner: OwnerView;
  /** Uuids of the live VMs in the group. */
  readonly vmUuids: readonly string[];
  readonly created: string;
}

/** updateVMAffinityGroup's answer until the VM family supplies its own view (setVmView). */
export interface AffinityVmView {
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly state: string;
  readonly zoneUuid: string | null;
  readonly zoneName: string | null;
  readonly owner: OwnerView;
  readonly groups: readonly AffinityGroupView[];
}

/** Renders a VM for updateVMAffinityGroup's job result: the entity name its renderer is registered under, and the data. */
export type VmViewProvider = (vmId: number) => Promise<{ entity: string; data: unknown }>;

export interface AffinityGroupFilter extends ScopeArgs {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  readonly virtualMachineId?: string;
  readonly keyword?: string;
}

const CREATE_CMD = 'createAffinityGroup';
const DELETE_CMD = 'deleteAffinityGroup';
const UPDATE_VM_CMD = 'updateVMAffinityGroup';
type Tx = Db;

export class AffinityGroupService {
  private vmView: VmViewProvider = async (vmId) => ({ entity: 'AffinityGroupVm', data: await this.vmSummary(vmId) });

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
  ) {
    jobs.register({
      cmd: CREATE_CMD,
      // The group's uuid is chosen before submitting, so the insert is idempotent.
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const uuid = String(params.uuid);
        const id = await ctx.step('insert', () => this.insertGroup(uuid, params));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'AG.CREATE', description: `Created affinity group ${String(params.name)}`, resourceType: 'AffinityGroup', resourceId: uuid, resourceName: String(params.name) });
        });
        return { type: 'entity', entity: 'AffinityGroup', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: DELETE_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.groupId);
        await ctx.step('delete', () => this.db.transaction().execute(async (tx) => {
          await tx.deleteFrom('affinity_group_vms').where('group_id', '=', id).execute();
          await tx.deleteFrom('affinity_groups').where('id', '=', id).execute();
        }));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'AG.DELETE', description: `Deleted affinity group ${String(params.name)}`, resourceType: 'AffinityGroup', resourceId: String(params.uuid), resourceName: String(params.name) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: UPDATE_VM_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const vmId = Number(params.vmId);
        const groupIds = params.groupIds as number[];
        await ctx.step('update', () => this.replaceVmGroups(vmId, groupIds));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'VM.AG.UPDATE', description: `Updated the affinity groups of VM ${String(params.vmUuid)}`, resourceType: 'VirtualMachine', resourceId: String(params.vmUuid) });
        });
        const r = await this.vmView(vmId);
        return { type: 'entity', entity: r.entity, data: r.data };
      },
    });
  }

  /** The VM family renders updateVMAffinityGroup's result as its full UserVmResponse by providing this. */
  setVmView(provider: VmViewProvider): void {
    this.vmView = provider;
  }

  types(): readonly AffinityGroupType[] {
    return AFFINITY_GROUP_TYPES;
  }

  // ---- for deployVirtualMachine ------------------------------------------------------------

  /**
   * The groups a VM of `accountId` asks for, by uuids/internal ids or by names (not both).
   * 431 for an unknown group, 531 for a group of another account.
   */
  async resolve(accountId: number, a: { ids?: readonly string[]; names?: readonly string[] }, tx: Tx = this.db): Promise<AffinityGroupRef[]> {
    if (a.ids?.length && a.names?.length) throw invalidParam('affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter');
    const out = new Map<number, AffinityGroupRef>();
    for (const ref of a.ids ?? []) {
      const id = await resolveId(tx, 'affinity_groups', ref);
      const g = id === undefined ? undefined : await tx.selectFrom('affinity_groups').select(['id', 'uuid', 'name', 'type', 'account_id']).where('id', '=', id).executeTakeFirst();
      if (!g) throw invalidParam(`Unable to find affinity group by id ${ref}`);
      if (g.account_id !== accountId) throw permissionDenied(`Affinity group ${g.name} (${g.uuid}) does not belong to the VM's account`);
      out.set(g.id, toRef(g));
    }
    for (const name of a.names ?? []) {
      const g = await tx.selectFrom('affinity_groups').select(['id', 'uuid', 'name', 'type', 'account_id']).where('account_id', '=', accountId)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
      if (!g) throw invalidParam(`Unable to find affinity group by name ${name}`);
      out.set(g.id, toRef(g));
    }
    return [...out.values()];
  }

  /**
   * Where a VM joining these groups may run: hosts held by the groups' other members
   * (Starting/Running/Stopping/Migrating VMs with a host) are avoided (anti-affinity) or
   * required (affinity). `excludeVmId` leaves the VM being placed out of its own groups.
   */
  async placementFor(accountId: number, groupIds: readonly number[], opts: { excludeVmId?: number; tx?: Tx } = {}): Promise<Placement> {
    if (groupIds.length === 0) return { avoidHosts: new Set() };
    const tx = opts.tx ?? this.db;
    const groups = await tx.selectFrom('affinity_groups').select(['id', 'type']).where('id', 'in', [...groupIds]).where('account_id', '=', accountId).execute();
    if (groups.length !== new Set(groupIds).size) throw invalidParam('Unable to find some of the affinity groups for the account');
    let q = tx.selectFrom('affinity_group_vms as m').innerJoin('vms as v', 'v.id', 'm.vm_id').select(['m.group_id', 'v.host_id'])
      .where('m.group_id', 'in', [...groupIds]).where('v.removed', 'is', null).where('v.host_id', 'is not', null)
      .where('v.state', 'in', [...HOST_HOLDING_STATES]);
    if (opts.excludeVmId !== undefined) q = q.where('v.id', '!=', opts.excludeVmId);
    const held = await q.execute();
    return placementFor(groups.map((g) => ({
      type: isAffinityGroupType(g.type) ? g.type : 'host anti-affinity',
      hosts: new Set(held.filter((h) => h.group_id === g.id).map((h) => h.host_id!)),
    })));
  }

  /** Puts a VM into groups (idempotent); `tx` when called inside a transaction. */
  async addVm(vmId: number, groupIds: readonly number[], tx: Tx = this.db): Promise<void> {
    for (const groupId of new Set(groupIds)) {
      const have = await tx.selectFrom('affinity_group_vms').select('vm_id').where('group_id', '=', groupId).where('vm_id', '=', vmId).executeTakeFirst();
      if (!have) await tx.insertInto('affinity_group_vms').values({ group_id: groupId, vm_id: vmId }).execute();
    }
  }

  /** Takes a VM out of every group (expunge, or a deploy rolled back). */
  async removeVm(vmId: number, tx: Tx = this.db): Promise<void> {
    await tx.deleteFrom('affinity_group_vms').where('vm_id', '=', vmId).execute();
  }

  /** The groups of several VMs, for the VM family's `affinitygroup` response field. */
  async groupsOfVms(vmIds: readonly number[], tx: Tx = this.db): Promise<Map<number, AffinityGroupView[]>> {
    const out = new Map<number, AffinityGroupView[]>(vmIds.map((id) => [id, []]));
    if (vmIds.length === 0) return out;
    const maps = await tx.selectFrom('affinity_group_vms').select(['group_id', 'vm_id']).where('vm_id', 'in', [...new Set(vmIds)]).execute();
    const views = new Map((await this.views([...new Set(maps.map((m) => m.group_id))], tx)).map((v) => [v.id, v]));
    for (const m of maps) {
      const v = views.get(m.group_id);
      if (v) out.get(m.vm_id)?.push(v);
    }
    return out;
  }

  // ---- commands ----------------------------------------------------------------------------

  async submitCreate(caller: Caller, a: { name: string; type: string; description?: string } & OwnerArgs, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    if (!isAffinityGroupType(a.type)) {
      throw invalidParam(`Unable to create affinity group, invalid affinity group type: ${a.type}. Valid values are ${AFFINITY_GROUP_TYPES.join(',')}`);
    }
    if (a.domainid !== undefined && a.account === undefined && a.projectid === undefined) {
      throw invalidParam(caller.roleType === 'Admin'
        ? `Unable to create affinity group, account name is needed. Affinity group type ${a.type} cannot be shared domain wide`
        : 'Unable to create affinity group, account name must be passed with the domainId');
    }
    if (a.name.trim() === '') throw invalidParam('The affinity group name must not be empty');
    const ownerId = await resolveOwner(this.db, caller, a);
    if (await this.byName(ownerId, a.name)) throw invalidParam(`Unable to create affinity group, a group with name ${a.name} already exists.`);
    const uuid = randomUUID();
    const job = await this.jobs.submit({
      cmd: CREATE_CMD, javaClass, owner: caller, params: { uuid, name: a.name, type: a.type, description: a.description ?? null, accountId: ownerId },
      instanceType: 'AffinityGroup', instanceId: uuid,
    });
    return { jobUuid: job.uuid, uuid };
  }

  async submitDelete(caller: Caller, a: { id?: string; name?: string } & OwnerArgs, javaClass: string): Promise<{ jobUuid: string }> {
    let g: { id: number; uuid: string; name: string; account_id: number } | undefined;
    if (a.id !== undefined) {
      const id = await resolveId(this.db, 'affinity_groups', a.id);
      g = id === undefined ? undefined : await this.db.selectFrom('affinity_groups').select(['id', 'uuid', 'name', 'account_id']).where('id', '=', id).executeTakeFirst();
    } else if (a.name !== undefined) {
      g = await this.byName(await resolveOwner(this.db, caller, a), a.name);
    } else {
      throw invalidParam('Either the affinity group Id or group name must be specified to delete the group');
    }
    if (!g) throw invalidParam(`Unable to find affinity group ${a.id ?? a.name}`);
    await checkOwnedAccess(this.db, caller, g.account_id, `affinity group ${g.name} (${g.uuid})`);
    const job = await this.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { groupId: g.id, uuid: g.uuid, name: g.name },
      instanceType: 'AffinityGroup', instanceId: g.uuid, lockKey: `affinitygroup:${g.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** updateVMAffinityGroup: the VM must be Stopped; the groups must be its owner's. Replaces its groups. */
  async submitUpdateVm(caller: Caller, a: { vmId: string; ids?: readonly string[]; names?: readonly string[] }, javaClass: string): Promise<{ jobUuid: string }> {
    const id = await resolveId(this.db, 'vms', a.vmId);
    const vm = id === undefined ? undefined
      : await this.db.selectFrom('vms').select(['id', 'uuid', 'name', 'state', 'account_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${a.vmId}`);
    await checkOwnedAccess(this.db, caller, vm.account_id, `VM ${vm.name} (${vm.uuid})`);
    if (a.ids === undefined && a.names === undefined) throw invalidParam('Either affinitygroupids or affinitygroupnames must be specified');
    if (a.ids !== undefined && a.names !== undefined) throw invalidParam('affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter');
    if (vm.state !== 'Stopped') {
      throw invalidState(`Unable update affinity groups of the virtual machine ${vm.name} in state ${vm.state}; make sure the virtual machine is stopped and not in an error state before updating.`);
    }
    const groups = await this.resolve(vm.account_id, a);
    const job = await this.jobs.submit({
      cmd: UPDATE_VM_CMD, javaClass, owner: caller, params: { vmId: vm.id, vmUuid: vm.uuid, groupIds: groups.map((g) => g.id) },
      instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async list(caller: Caller, f: AffinityGroupFilter, page: Page): Promise<{ count: number; items: AffinityGroupView[] }> {
    let q = this.db.selectFrom('affinity_groups as g').innerJoin('domains as d', 'd.id', 'g.domain_id');
    if (f.virtualMachineId !== undefined) {
      // A VM's groups are its owner's; seeing the VM is what counts, not the list scope.
      const vmId = await resolveId(this.db, 'vms', f.virtualMachineId);
      const vm = vmId === undefined ? undefined
        : await this.db.selectFrom('vms').select(['id', 'uuid', 'name', 'account_id']).where('id', '=', vmId).where('removed', 'is', null).executeTakeFirst();
      if (!vm) throw invalidParam(`Unable to list affinity groups for virtual machine instance ${f.virtualMachineId}; instance not found.`);
      await checkOwnedAccess(this.db, caller, vm.account_id, `VM ${vm.name} (${vm.uuid})`);
      q = q.where('g.id', 'in', this.db.selectFrom('affinity_group_vms').select('group_id').where('vm_id', '=', vm.id));
    } else {
      q = applyScope(q, await listScope(this.db, caller, f), 'g.account_id', 'd');
    }
    if (f.id !== undefined) {
      const id = await resolveId(this.db, 'affinity_groups', f.id);
      if (id === undefined) throw invalidParam(`Unable to find affinity group by id ${f.id}`);
      q = q.where('g.id', '=', id);
    }
    if (f.name !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['g.name']), '=', f.name!.toLowerCase()));
    if (f.type !== undefined) q = q.where('g.type', '=', f.type);
    if (f.keyword !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['g.name']), 'like', `%${f.keyword!.toLowerCase()}%`));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('g.id').orderBy('g.name').orderBy('g.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: await this.views(rows.map((r) => r.id)) };
  }

  /** Account deletion: its groups and their memberships go with it. */
  async removeAccount(accountId: number, owner: JobOwner): Promise<void> {
    const groups = await this.db.selectFrom('affinity_groups').select(['id', 'uuid', 'name']).where('account_id', '=', accountId).execute();
    if (groups.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('affinity_group_vms').where('group_id', 'in', groups.map((g) => g.id)).execute();
      await tx.deleteFrom('affinity_groups').where('account_id', '=', accountId).execute();
    });
    for (const g of groups) {
      await this.events.record(owner, { type: 'AG.DELETE', description: `Deleted affinity group ${g.name} of deleted account`, resourceType: 'AffinityGroup', resourceId: g.uuid, resourceName: g.name });
    }
  }

  async view(id: number): Promise<AffinityGroupView> {
    const [v] = await this.views([id]);
    if (!v) throw new Error(`affinity group ${id} does not exist`);
    return v;
  }

  private byName(accountId: number, name: string) {
    return this.db.selectFrom('affinity_groups').select(['id', 'uuid', 'name', 'account_id']).where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  }

  private async insertGroup(uuid: string, params: Record<string, unknown>): Promise<number> {
    const have = await this.db.selectFrom('affinity_groups').select('id').where('uuid', '=', uuid).executeTakeFirst();
    if (have) return have.id;
    const accountId = Number(params.accountId);
    const name = String(params.name);
    const acct = await this.db.selectFrom('accounts').select('domain_id').where('id', '=', accountId).executeTakeFirstOrThrow();
    const row = await insertUnique(`Unable to create affinity group, a group with name ${name} already exists.`, () =>
      this.db.insertInto('affinity_groups').values({
        uuid, name, description: typeof params.description === 'string' ? params.description : null, type: String(params.type),
        account_id: accountId, domain_id: acct.domain_id, created: new Date().toISOString(),
      }).returning('id').executeTakeFirstOrThrow());
    return row.id;
  }

  /** Compare-and-set on the VM still being Stopped (a start may have won the race), then swap its groups. */
  private async replaceVmGroups(vmId: number, groupIds: readonly number[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('vms').set({ updated: new Date().toISOString() }).where('id', '=', vmId).where('state', '=', 'Stopped')
        .where('removed', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw invalidState('The virtual machine is no longer stopped; its affinity groups were not changed');
      await tx.deleteFrom('affinity_group_vms').where('vm_id', '=', vmId).execute();
      await this.addVm(vmId, groupIds, tx);
    });
  }

  private async views(ids: readonly number[], tx: Tx = this.db): Promise<AffinityGroupView[]> {
    if (ids.length === 0) return [];
    const rows = await tx.selectFrom('affinity_groups').selectAll().where('id', 'in', [...ids]).execute();
    const members = await tx.selectFrom('affinity_group_vms as m').innerJoin('vms as v', 'v.id', 'm.vm_id').select(['m.group_id', 'v.uuid'])
      .where('m.group_id', 'in', [...ids]).where('v.removed', 'is', null).orderBy('v.id').execute();
    const owners = await ownerViews(tx, rows.map((r) => r.account_id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [{
        ...toRef(r), description: r.description, owner: owners.get(r.account_id)!, created: r.created,
        vmUuids: members.filter((m) => m.group_id === id).map((m) => m.uuid),
      }];
    });
  }

  private async vmSummary(vmId: number): Promise<AffinityVmView> {
    const vm = await this.db.selectFrom('vms as v').leftJoin('zones as z', 'z.id', 'v.zone_id')
      .select(['v.uuid', 'v.name', 'v.display_name', 'v.state', 'v.account_id', 'z.uuid as zoneUuid', 'z.name as zoneName'])
      .where('v.id', '=', vmId).executeTakeFirstOrThrow();
    const owner = (await ownerViews(this.db, [vm.account_id])).get(vm.account_id)!;
    const groups = (await this.groupsOfVms([vmId])).get(vmId) ?? [];
    return { uuid: vm.uuid, name: vm.name, displayName: vm.display_name, state: vm.state, zoneUuid: vm.zoneUuid, zoneName: vm.zoneName, owner, groups };
  }
}

function toRef(g: { id: number; uuid: string; name: string; type: string; account_id: number }): AffinityGroupRef {
  return { id: g.id, uuid: g.uuid, name: g.name, type: isAffinityGroupType(g.type) ? g.type : 'host anti-affinity', accountId: g.account_id };
}
