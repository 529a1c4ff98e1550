// Security groups: createSecurityGroup, deleteSecurityGroup (refused for the default group,
// while VMs are in it or other groups' rules name it), updateSecurityGroup, listSecurityGroups,
// the default group every account gets on first need, and VM membership for the compute
// family: assignVm at deploy, removeVm at expunge, vmChanged after NIC or host changes,
// groupsOfVms for the VM response. Rules are in sg-rules.ts; rule sets per VM in sg-state.ts.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { DomainError, invalidParam, permissionDenied, resourceInUse } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobOwner } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';
import { type OwnerArgs, checkOwnerWritable, resolveOwner } from './owner.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { membersOf, referencingMembers, syncVmRules } from './sg-state.js';
import { type SecurityGroupView, sgViews } from './sg-views.js';
import { isUniqueViolation } from './unique-violation.js';

export const DEFAULT_GROUP = 'default';
const DEFAULT_DESCRIPTION = 'Default Security Group';

export interface SecurityGroupRow {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly account_id: number;
  readonly domain_id: number;
}

/** A VM's groups, by UUID/internal id or by name (deployVirtualMachine securitygroupids / securitygroupnames). */
export interface VmGroupRefs {
  readonly ids?: readonly string[];
  readonly names?: readonly string[];
}

export interface SecurityGroupFilter extends ScopeArgs {
  readonly id?: string;
  readonly name?: string;
  readonly virtualMachineId?: string;
  readonly keyword?: string;
  readonly tags?: readonly Readonly<Record<string, string>>[];
}

const isDefaultName = (n: string) => n.trim().toLowerCase() === DEFAULT_GROUP;

export class SecurityGroupService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  // --- lookups -----------------------------------------------------------------------------

  async byId(idOrUuid: string): Promise<SecurityGroupRow> {
    const id = await resolveId(this.db, 'security_groups', idOrUuid);
    const g = id === undefined ? undefined : await this.db.selectFrom('security_groups').select(['id', 'uuid', 'name', 'account_id', 'domain_id']).where('id', '=', id).executeTakeFirst();
    if (!g) throw invalidParam(`Unable to find security group by id ${idOrUuid}`);
    return g;
  }

  /** A group of an account by name (case-insensitive); the default group is made if it is asked for. */
  async byName(accountId: number, name: string): Promise<SecurityGroupRow> {
    if (isDefaultName(name)) return this.ensureDefault(accountId);
    const g = await this.db.selectFrom('security_groups').select(['id', 'uuid', 'name', 'account_id', 'domain_id']).where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase())).executeTakeFirst();
    if (!g) throw invalidParam(`Unable to find security group by name ${name}`);
    return g;
  }

  /** The account's default group, created the first time it is needed (no rules: ingress closed, egress open). */
  async ensureDefault(accountId: number): Promise<SecurityGroupRow> {
    const find = () => this.db.selectFrom('security_groups').select(['id', 'uuid', 'name', 'account_id', 'domain_id']).where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', DEFAULT_GROUP)).executeTakeFirst();
    const have = await find();
    if (have) return have;
    const acct = await this.db.selectFrom('accounts').select(['domain_id', 'removed']).where('id', '=', accountId).executeTakeFirstOrThrow();
    if (acct.removed !== null) throw invalidParam('The account has been removed');
    try {
      await this.db.insertInto('security_groups').values({ uuid: randomUUID(), name: DEFAULT_GROUP, description: DEFAULT_DESCRIPTION, account_id: accountId, domain_id: acct.domain_id, created: new Date().toISOString() }).execute();
    } catch (e) {
      // Another request made it first.
      if (!isUniqueViolation(e)) throw e;
    }
    return (await find())!;
  }

  /** A group named by id, or by name (+ owner arguments), that the caller may act on. */
  async findFor(caller: Caller, a: { id?: string; name?: string } & OwnerArgs): Promise<SecurityGroupRow> {
    let g: SecurityGroupRow;
    if (a.id !== undefined) g = await this.byId(a.id);
    else if (a.name !== undefined) g = await this.byName(await resolveOwner(this.db, caller, a), a.name);
    else throw invalidParam('Either the security group id or its name must be given');
    await checkOwnedAccess(this.db, caller, g.account_id, `security group ${g.name} (${g.uuid})`);
    return g;
  }

  // --- commands ----------------------------------------------------------------------------

  async create(caller: Caller, a: { name: string; description?: string } & OwnerArgs): Promise<SecurityGroupView> {
    const name = a.name.trim();
    if (!name) throw invalidParam('The security group name must not be empty');
    if (isDefaultName(name)) throw invalidParam(`Unable to create security group: the name ${DEFAULT_GROUP} is reserved`);
    const ownerId = await resolveOwner(this.db, caller, { ...a, command: 'createSecurityGroup' });
    await checkOwnerWritable(this.db, ownerId);
    await this.ensureDefault(ownerId);
    const dup = await this.db.selectFrom('security_groups').select('id').where('account_id', '=', ownerId).where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
    const exists = () => invalidParam(`Unable to create security group, a group with name ${name} already exists.`);
    if (dup) throw exists();
    const acct = await this.db.selectFrom('accounts').select('domain_id').where('id', '=', ownerId).executeTakeFirstOrThrow();
    const uuid = randomUUID();
    let id: number;
    try {
      id = (await this.db.insertInto('security_groups').values({ uuid, name, description: a.description ?? null, account_id: ownerId, domain_id: acct.domain_id, created: new Date().toISOString() })
        .returning('id').executeTakeFirstOrThrow()).id;
    } catch (e) {
      if (isUniqueViolation(e)) throw exists();
      throw e;
    }
    await this.events.record(caller, { type: 'SG.CREATE', description: `Created security group ${name}`, resourceType: 'SecurityGroup', resourceId: uuid, resourceName: name });
    return (await sgViews(this.db, [id]))[0]!;
  }

  async delete(caller: Caller, a: { id?: string; name?: string } & OwnerArgs): Promise<void> {
    const g = await this.findFor(caller, a);
    await checkOwnerWritable(this.db, g.account_id);
    if (isDefaultName(g.name)) throw invalidParam(`The default security group of an account can not be deleted`);
    await this.db.transaction().execute(async (tx) => {
      const vm = await tx.selectFrom('security_group_vms as m').innerJoin('vms as v', 'v.id', 'm.vm_id').select('v.name').where('m.group_id', '=', g.id)
        .where('v.removed', 'is', null).executeTakeFirst();
      if (vm) throw resourceInUse(`Cannot delete security group ${g.name}: it is in use by virtual machine ${vm.name}`);
      const ref = await tx.selectFrom('security_group_rules as r').innerJoin('security_groups as o', 'o.id', 'r.group_id').select('o.name')
        .where('r.allowed_group_id', '=', g.id).where('r.group_id', '!=', g.id).executeTakeFirst();
      if (ref) throw resourceInUse(`Cannot delete security group ${g.name}: rules of security group ${ref.name} reference it`);
      await tx.deleteFrom('security_group_vms').where('group_id', '=', g.id).execute();
      await tx.deleteFrom('security_group_rules').where('group_id', '=', g.id).execute();
      await tx.deleteFrom('resource_tags').where('resource_type', '=', 'SecurityGroup').where('resource_id', '=', g.id).execute();
      await tx.deleteFrom('security_groups').where('id', '=', g.id).execute();
    });
    await this.events.record(caller, { type: 'SG.DELETE', description: `Deleted security group ${g.name}`, resourceType: 'SecurityGroup', resourceId: g.uuid, resourceName: g.name });
  }

  async update(caller: Caller, idOrUuid: string, a: { name?: string }): Promise<SecurityGroupView> {
    const g = await this.findFor(caller, { id: idOrUuid });
    if (a.name !== undefined) {
      const name = a.name.trim();
      if (!name) throw invalidParam('The security group name must not be empty');
      if (isDefaultName(g.name)) throw invalidParam('The default security group can not be renamed');
      if (isDefaultName(name)) throw invalidParam(`The name ${DEFAULT_GROUP} is reserved`);
      try {
        await this.db.updateTable('security_groups').set({ name }).where('id', '=', g.id).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw invalidParam(`A security group with name ${name} already exists for the account`);
        throw e;
      }
      await this.events.record(caller, { type: 'SG.UPDATE', description: `Renamed security group ${g.name} to ${name}`, resourceType: 'SecurityGroup', resourceId: g.uuid, resourceName: name });
    }
    return (await sgViews(this.db, [g.id]))[0]!;
  }

  async list(caller: Caller, f: SecurityGroupFilter, page: Page): Promise<{ count: number; items: SecurityGroupView[] }> {
    const scope = await listScope(this.db, caller, f);
    // The caller's own default group exists from its first look at its groups.
    if (scope.kind === 'account' && scope.accountId === caller.accountId) await this.ensureDefault(caller.accountId);
    let q = this.db.selectFrom('security_groups as g').innerJoin('accounts as a', 'a.id', 'g.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id')
      .where('a.removed', 'is', null);
    if (f.virtualMachineId !== undefined) {
      const vmId = await resolveId(this.db, 'vms', f.virtualMachineId);
      const vm = vmId === undefined ? undefined : await this.db.selectFrom('vms').select(['id', 'uuid', 'name', 'account_id']).where('id', '=', vmId).where('removed', 'is', null).executeTakeFirst();
      if (!vm) throw invalidParam(`Unable to find virtual machine with id ${f.virtualMachineId}`);
      await checkOwnedAccess(this.db, caller, vm.account_id, `virtual machine ${vm.name} (${vm.uuid})`);
      q = q.where('g.id', 'in', this.db.selectFrom('security_group_vms').select('group_id').where('vm_id', '=', vm.id));
    } else {
      q = applyScope(q, scope, 'g.account_id', 'od');
    }
    if (f.id !== undefined) {
      const id = await resolveId(this.db, 'security_groups', f.id);
      if (id === undefined) throw invalidParam(`Unable to find security group by id ${f.id}`);
      q = q.where('g.id', '=', id);
    }
    if (f.name !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['g.name']), '=', f.name!.toLowerCase()));
    if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('g.name', 'like', `%${f.keyword}%`), eb('g.description', 'like', `%${f.keyword}%`)]));
    for (const t of f.tags ?? []) {
      const key = t.key ?? t.Key;
      const value = t.value ?? t.Value;
      if (key === undefined) throw invalidParam('Each tags entry needs a key');
      q = q.where(sql<boolean>`exists (select 1 from resource_tags t where t.resource_type = 'SecurityGroup' and t.resource_id = g.id and t.key = ${key}${value === undefined ? sql`` : sql` and t.value = ${value}`})`);
    }
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('g.id').orderBy('g.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: await sgViews(this.db, rows.map((r) => r.id)) };
  }

  // --- VM membership (the compute family's entry points) ------------------------------------

  /**
   * The groups a VM of `accountId` asks for (ids or names, not both; none: the default group).
   * 431 for an unknown group, 531 for another account's. Call before the deploy job to refuse
   * bad input early; the default group may be created by it.
   */
  async resolveVmGroups(accountId: number, refs: VmGroupRefs = {}): Promise<number[]> {
    if (refs.ids?.length && refs.names?.length) throw invalidParam('securitygroupids parameter is mutually exclusive with securitygroupnames parameter');
    const out = new Set<number>();
    for (const ref of refs.ids ?? []) {
      const g = await this.byId(ref);
      if (g.account_id !== accountId) throw permissionDenied(`Security group ${g.name} (${g.uuid}) does not belong to the VM's account`);
      out.add(g.id);
    }
    for (const name of refs.names ?? []) out.add((await this.byName(accountId, name)).id);
    if (!out.size) out.add((await this.ensureDefault(accountId)).id);
    return [...out];
  }

  /** Puts a VM into its groups (idempotent) and brings the affected rule sets up to date. */
  async assignVm(vmId: number, refs: VmGroupRefs | readonly string[] = {}, owner?: JobOwner): Promise<number[]> {
    const vm = await this.db.selectFrom('vms').select(['id', 'uuid', 'name', 'account_id', 'domain_id', 'user_id']).where('id', '=', vmId).executeTakeFirst();
    if (!vm) throw new DomainError('NotFound', `Unable to find virtual machine ${vmId}`);
    // A plain list is taken as ids when they look like ids, else as names.
    const r: VmGroupRefs = Array.isArray(refs) ? (refs.every((x) => /^[0-9a-f-]{36}$|^\d+$/i.test(x)) ? { ids: refs } : { names: refs }) : (refs as VmGroupRefs);
    const groupIds = await this.resolveVmGroups(vm.account_id, r);
    for (const g of groupIds) {
      const have = await this.db.selectFrom('security_group_vms').select('vm_id').where('group_id', '=', g).where('vm_id', '=', vm.id).executeTakeFirst();
      if (!have) {
        try {
          await this.db.insertInto('security_group_vms').values({ group_id: g, vm_id: vm.id }).execute();
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
        }
      }
    }
    await this.events.record(owner ?? { userId: vm.user_id, accountId: vm.account_id, domainId: vm.domain_id },
      { type: 'SG.ASSIGN', description: `Assigned virtual machine ${vm.name} to ${groupIds.length} security group(s)`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
    await this.vmChanged(vm.id);
    return groupIds;
  }

  /** Takes a VM out of every group (expunge, failed deploy); the VMs that referenced it follow. */
  async removeVm(vmId: number): Promise<void> {
    const groups = (await this.db.selectFrom('security_group_vms').select('group_id').where('vm_id', '=', vmId).execute()).map((g) => g.group_id);
    await this.db.deleteFrom('security_group_vms').where('vm_id', '=', vmId).execute();
    await this.db.deleteFrom('security_group_vm_rules').where('vm_id', '=', vmId).execute();
    await syncVmRules(this.db, await referencingMembers(this.db, groups));
  }

  /**
   * A VM's addresses, host or state changed (NICs allocated after assignVm, start, migrate):
   * its own rule set and those of VMs whose rules name its groups are recomputed.
   */
  async vmChanged(vmId: number): Promise<void> {
    const groups = (await this.db.selectFrom('security_group_vms').select('group_id').where('vm_id', '=', vmId).execute()).map((g) => g.group_id);
    await syncVmRules(this.db, [vmId, ...(await referencingMembers(this.db, groups))]);
  }

  async groupsOfVms(vmIds: readonly number[]): Promise<Map<number, SecurityGroupView[]>> {
    const out = new Map<number, SecurityGroupView[]>(vmIds.map((id) => [id, []]));
    if (!vmIds.length) return out;
    const maps = await this.db.selectFrom('security_group_vms').select(['group_id', 'vm_id']).where('vm_id', 'in', [...new Set(vmIds)]).execute();
    const views = new Map((await sgViews(this.db, [...new Set(maps.map((m) => m.group_id))])).map((v) => [v.id, v]));
    for (const m of maps) {
      const v = views.get(m.group_id);
      if (v) out.get(m.vm_id)?.push(v);
    }
    return out;
  }

  /** The desired rule set the VM's host enforces (null: the VM is in no group). */
  async rulesOfVm(vmId: number): Promise<{ version: number; rules: unknown } | null> {
    const r = await this.db.selectFrom('security_group_vm_rules').select(['version', 'rules']).where('vm_id', '=', vmId).executeTakeFirst();
    return r ? { version: r.version, rules: JSON.parse(r.rules) as unknown } : null;
  }

  /** Account deletion: its groups, their rules and the rules of others naming them. */
  async removeAccount(accountId: number): Promise<void> {
    const groups = (await this.db.selectFrom('security_groups').select('id').where('account_id', '=', accountId).execute()).map((g) => g.id);
    if (!groups.length) return;
    const affected = await referencingMembers(this.db, groups);
    const vms = await membersOf(this.db, groups);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('security_group_rules').where((eb) => eb.or([eb('group_id', 'in', groups), eb('allowed_group_id', 'in', groups)])).execute();
      await tx.deleteFrom('security_group_vms').where('group_id', 'in', groups).execute();
      await tx.deleteFrom('resource_tags').where('resource_type', '=', 'SecurityGroup').where('resource_id', 'in', groups).execute();
      await tx.deleteFrom('security_groups').where('id', 'in', groups).execute();
    });
    await syncVmRules(this.db, [...affected, ...vms]);
  }
}
