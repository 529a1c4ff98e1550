// NICs of user VMs: allocation at deploy (default network, requested IPs and MACs), release at
// expunge, listNics, adding/removing NICs, the default NIC, and secondary IPs. Every change
// that a router serves (DHCP, DNS, metadata) is followed by a sync of that network's router.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import { normalizeMac } from '../core/ipam.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { allocationRange, claimGuestIp, macInUse, newMac, takenAddresses } from './guest-ips.js';
import { checkRequestedIp } from '../core/ipam.js';
import { type NetworkRow, type VmRef, canUseNetwork, findVmFor, isUniqueViolation, networkById, nowIso } from './network-refs.js';
import { type NicView, type SecondaryIpView, nicViews } from './nic-views.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import type { RouterService } from './routers.js';
import { guestBroadcastUri } from './router-config.js';

/** What deploy asks for (the compute family's NicRequest): network ids as UUIDs or internal ids. */
export interface AllocateVmNics {
  readonly vmId: number;
  readonly vmUuid: string;
  readonly vmName: string;
  readonly accountId: number;
  readonly domainId: number;
  readonly zoneId: number;
  readonly networkIds?: readonly (number | string)[];
  readonly ipAddress?: string;
  readonly ipToNetwork?: readonly { readonly networkId: number | string; readonly ip?: string; readonly mac?: string }[];
  readonly macAddress?: string;
}

interface NicPlan {
  /** Undefined: the account's default network, found (or made) at allocation. */
  readonly network?: NetworkRow;
  readonly ip?: string;
  readonly mac?: string;
}

export interface NicHooks {
  defaultNetwork(o: { accountId: number; zoneId: number; owner: JobOwner }): Promise<NetworkRow>;
  implement(networkId: number, owner: JobOwner): Promise<void>;
}

/** How a VM's own family answers addNicToVirtualMachine & co: its VM response. */
export type VmResult = (vmId: number) => Promise<{ entity: string; data: unknown }>;

export interface SecondaryIpResult {
  readonly id: number;
  readonly uuid: string;
  readonly ipAddress: string;
  readonly nicUuid: string;
  readonly networkUuid: string;
  readonly vmUuid: string;
  readonly secondaryIps: readonly SecondaryIpView[];
}

const CMD = { add: 'addNicToVirtualMachine', remove: 'removeNicFromVirtualMachine', setDefault: 'updateDefaultNicForVirtualMachine', addIp: 'addIpToNic', removeIp: 'removeIpFromNic' } as const;

export class NicService {
  private vmResult: VmResult | undefined;

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly routers: RouterService,
    private readonly hooks: NicHooks,
  ) {
    const vmAnswer = async (vmId: number): Promise<JobResult> => {
      const r = this.vmResult ? await this.vmResult(vmId) : { entity: 'NicVm', data: await this.vmFallback(vmId) };
      return { type: 'entity', entity: r.entity, data: r.data };
    };
    jobs.register({
      cmd: CMD.add, onRestart: 'rollback',
      run: async (ctx, p): Promise<JobResult> => {
        const vm = await this.vmRef(Number(p.vmId));
        const nic = await ctx.step('allocate', () => this.addNic(vm, Number(p.networkId), p.ipAddress as string | undefined, p.macAddress as string | undefined, ctx.owner),
          (id) => this.releaseNic(id));
        await ctx.step('event', async () => {
          const uuid = (await this.nicRow(nic)).uuid;
          await this.events.record(ctx.owner, { type: 'NIC.CREATE', description: `Added NIC ${uuid} to VM ${vm.name}`, resourceType: 'Nic', resourceId: uuid });
        });
        return vmAnswer(vm.id);
      },
    });
    jobs.register({
      cmd: CMD.remove, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('release', () => this.releaseNic(Number(p.nicId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NIC.DELETE', description: `Removed NIC ${String(p.nicUuid)} from VM ${String(p.vmUuid)}`, resourceType: 'Nic', resourceId: String(p.nicUuid) });
        });
        return vmAnswer(Number(p.vmId));
      },
    });
    jobs.register({
      cmd: CMD.setDefault, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('default', () => this.makeDefault(Number(p.vmId), Number(p.nicId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NIC.UPDATE', description: `Made NIC ${String(p.nicUuid)} the default of VM ${String(p.vmUuid)}`, resourceType: 'Nic', resourceId: String(p.nicUuid) });
        });
        return vmAnswer(Number(p.vmId));
      },
    });
    jobs.register({
      cmd: CMD.addIp, onRestart: 'rollback',
      run: async (ctx, p): Promise<JobResult> => {
        const nic = await this.nicRow(Number(p.nicId));
        const n = await networkById(this.db, nic.network_id!);
        const ip = await ctx.step('claim', async () => {
          const c = await claimGuestIp(this.db, n, { kind: 'Secondary', nicId: nic.id, vmId: nic.vm_id, requested: p.ipAddress as string | undefined });
          return c.id;
        }, async (id) => {
          await this.db.deleteFrom('guest_ips').where('id', '=', id).execute();
        });
        await ctx.step('sync', () => this.routers.sync(n.id));
        const view = await this.secondaryIp(ip);
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NIC.SECONDARY.IP.ASSIGN', description: `Assigned secondary IP ${view.ipAddress} to NIC ${nic.uuid}`, resourceType: 'NicSecondaryIp', resourceId: view.uuid });
        });
        return { type: 'entity', entity: 'NicSecondaryIp', data: view };
      },
    });
    jobs.register({
      cmd: CMD.removeIp, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('release', async () => {
          await this.db.deleteFrom('guest_ips').where('id', '=', Number(p.ipId)).where('kind', '=', 'Secondary').execute();
        });
        await ctx.step('sync', () => this.routers.sync(Number(p.networkId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NIC.SECONDARY.IP.UNASSIGN', description: `Released secondary IP ${String(p.address)}`, resourceType: 'NicSecondaryIp', resourceId: String(p.ipUuid) });
        });
        return { type: 'success' };
      },
    });
  }

  /** Lets the VM family answer the NIC commands with its own VM response. */
  setVmResult(provider: VmResult): void {
    this.vmResult = provider;
  }

  canUse(accountId: number, n: NetworkRow): Promise<boolean> {
    return canUseNetwork(this.db, accountId, n);
  }

  // --- deploy and expunge --------------------------------------------------------------------

  /** Resolves and checks a deploy's network choice; nothing is written. */
  private async plan(a: AllocateVmNics): Promise<NicPlan[]> {
    const entries: { ref: number | string; ip?: string; mac?: string }[] = [];
    for (const e of a.ipToNetwork ?? []) entries.push({ ref: e.networkId, ip: e.ip || undefined, mac: e.mac || undefined });
    for (const id of a.networkIds ?? []) if (!entries.some((e) => String(e.ref) === String(id))) entries.push({ ref: id });
    const plans: NicPlan[] = [];
    for (const e of entries) {
      const id = typeof e.ref === 'number' ? e.ref : await resolveId(this.db, 'networks', e.ref);
      const n = id === undefined ? undefined : await this.db.selectFrom('networks').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
      if (!n) throw invalidParam(`Unable to find network with id ${e.ref}`);
      if (plans.some((p) => p.network?.id === n.id)) throw invalidParam(`Network ${n.name} is given more than once`);
      if (n.zone_id !== a.zoneId) throw invalidParam(`Network ${n.name} does not belong to the VM's zone`);
      if (n.state === 'Destroy') throw invalidState(`Network ${n.name} is being deleted`);
      if (!(await this.canUse(a.accountId, n))) throw invalidParam(`The VM's owner can not use network ${n.name} (${n.uuid})`);
      plans.push({ network: n, ip: e.ip, mac: e.mac });
    }
    if (!plans.length) plans.push({});
    const first = plans[0]!;
    plans[0] = { ...first, ip: first.ip ?? a.ipAddress, mac: first.mac ?? a.macAddress };
    for (const p of plans) {
      const mac = p.mac === undefined ? undefined : normalizeMac(p.mac);
      if (mac !== undefined && (await macInUse(this.db, a.zoneId, mac))) throw invalidParam(`The MAC address ${mac} is already in use in the zone`);
      if (p.ip !== undefined && p.network) {
        const range = allocationRange(p.network);
        if (!range) throw invalidParam(`Network ${p.network.name} is an L2 network: it has no IP address to request`);
        checkRequestedIp(p.ip, range, await takenAddresses(this.db, p.network), p.network.name);
      }
    }
    return plans;
  }

  async validateVmNics(a: AllocateVmNics): Promise<void> {
    await this.plan(a);
  }

  /**
   * A deploy's NICs: one per network asked for (or in the account's default network), the
   * first the default, with requested addresses and MACs. A failure gives back what this call took.
   */
  async allocateVmNics(a: AllocateVmNics): Promise<NicView[]> {
    // Idempotent per VM: a VM that has its NICs gets them back (a retried deploy step).
    const existing = await this.db.selectFrom('nics').select(['id', 'device_id']).where('vm_type', '=', 'User').where('vm_id', '=', a.vmId).execute();
    if (existing.length) return (await this.nicsOfVms([a.vmId])).get(a.vmId) ?? [];
    const plans = await this.plan(a);
    const owner = await this.ownerOfVm(a.vmId, a.accountId, a.domainId);
    const created: number[] = [];
    try {
      for (let device = 0; device < plans.length; device++) {
        const p = plans[device]!;
        const n = p.network ?? (await this.hooks.defaultNetwork({ accountId: a.accountId, zoneId: a.zoneId, owner }));
        await this.hooks.implement(n.id, owner);
        created.push(await this.insertNic(a.vmId, await networkById(this.db, n.id), device, device === 0, p.ip, p.mac));
      }
    } catch (e) {
      for (const id of created.reverse()) await this.releaseNic(id, false);
      throw e;
    }
    for (const id of await this.networksOf(a.vmId)) await this.routers.sync(id);
    return (await this.nicsOfVms([a.vmId])).get(a.vmId) ?? [];
  }

  /** Inserts one NIC with its MAC (drawn again on a collision) and its address. */
  private async insertNic(vmId: number, n: NetworkRow, device: number, isDefault: boolean, ip?: string, mac?: string): Promise<number> {
    let id: number | undefined;
    for (let attempt = 0; id === undefined; attempt++) {
      const m = mac === undefined ? newMac() : normalizeMac(mac);
      try {
        id = (await this.db.insertInto('nics').values({
          uuid: randomUUID(), vm_id: vmId, vm_type: 'User', network_id: n.id, zone_id: n.zone_id, device_id: device, mac_address: m, ip4_address: null,
          netmask: n.netmask, gateway: n.gateway, is_default: isDefault ? 1 : 0, traffic_type: 'Guest', broadcast_uri: guestBroadcastUri(n),
          isolation_uri: guestBroadcastUri(n), state: 'Reserved', created: nowIso(),
        }).returning('id').executeTakeFirstOrThrow()).id;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        if (mac !== undefined || attempt > 20) throw invalidParam(`The MAC address ${m} is already in use in the zone`);
      }
    }
    if (allocationRange(n)) {
      try {
        const got = await claimGuestIp(this.db, n, { kind: 'Nic', nicId: id, vmId, requested: ip });
        await this.db.updateTable('nics').set({ ip4_address: got.address }).where('id', '=', id).execute();
      } catch (e) {
        await this.db.deleteFrom('nics').where('id', '=', id).execute();
        throw e;
      }
    } else if (ip !== undefined) {
      await this.db.deleteFrom('nics').where('id', '=', id).execute();
      throw invalidParam(`Network ${n.name} is an L2 network: it has no IP address to request`);
    }
    return id;
  }

  /** Removes a NIC with its addresses, the static NAT and forwarding rules on them; syncs the router. */
  private async releaseNic(nicId: number, sync = true): Promise<void> {
    const nic = await this.db.selectFrom('nics').selectAll().where('id', '=', nicId).executeTakeFirst();
    if (!nic) return;
    const addresses = (await this.db.selectFrom('guest_ips').select('address').where('nic_id', '=', nicId).execute()).map((r) => r.address);
    await this.db.transaction().execute(async (tx) => {
      if (addresses.length) {
        const pf = await tx.selectFrom('firewall_rules').select('id').where('vm_id', '=', nic.vm_id).where('vm_guest_ip', 'in', addresses).execute();
        if (pf.length) {
          await tx.deleteFrom('firewall_rules').where('related_rule_id', 'in', pf.map((r) => r.id)).execute();
          await tx.deleteFrom('firewall_rules').where('id', 'in', pf.map((r) => r.id)).execute();
        }
        await tx.updateTable('public_ip_addresses').set({ static_nat_vm_id: null, static_nat_vm_ip: null })
          .where('static_nat_vm_id', '=', nic.vm_id).where('static_nat_vm_ip', 'in', addresses).execute();
      }
      await tx.deleteFrom('guest_ips').where('nic_id', '=', nicId).execute();
      await tx.deleteFrom('nics').where('id', '=', nicId).execute();
    });
    if (sync && nic.network_id !== null) await this.routers.sync(nic.network_id);
  }

  /** A VM's NICs go (expunge, failed deploy): idempotent. */
  async releaseVmNics(vmId: number): Promise<void> {
    const nics = await this.db.selectFrom('nics').select(['id', 'network_id']).where('vm_type', '=', 'User').where('vm_id', '=', vmId).execute();
    for (const n of nics) await this.releaseNic(n.id, false);
    // Forwarding rules and static NAT that named the VM without a NIC address left (defensive).
    await this.db.updateTable('public_ip_addresses').set({ static_nat_vm_id: null, static_nat_vm_ip: null }).where('static_nat_vm_id', '=', vmId).execute();
    for (const net of new Set(nics.map((n) => n.network_id).filter((x): x is number => x !== null))) await this.routers.sync(net);
  }

  /** Account deletion of a network: the NICs its VMs hold in it. */
  async releaseNicsInNetwork(vmId: number, networkId: number): Promise<void> {
    const nics = await this.db.selectFrom('nics').select('id').where('vm_type', '=', 'User').where('vm_id', '=', vmId).where('network_id', '=', networkId).execute();
    for (const n of nics) await this.releaseNic(n.id, false);
  }

  nicsOfVms(vmIds: readonly number[]): Promise<Map<number, NicView[]>> {
    return nicViews(this.db, 'User', vmIds);
  }

  private async networksOf(vmId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('nics').select('network_id').distinct().where('vm_type', '=', 'User').where('vm_id', '=', vmId).execute();
    return rows.map((r) => r.network_id).filter((x): x is number => x !== null);
  }

  private async ownerOfVm(vmId: number, accountId: number, domainId: number): Promise<JobOwner> {
    const vm = await this.db.selectFrom('vms').select('user_id').where('id', '=', vmId).executeTakeFirst();
    const userId = vm?.user_id ?? (await this.db.selectFrom('users').select('id').where('account_id', '=', accountId).orderBy('id').executeTakeFirst())?.id ?? 0;
    return { userId, accountId, domainId };
  }

  // --- commands -------------------------------------------------------------------------------

  async list(caller: Caller, f: { vmId: string; nicId?: string; networkId?: string; keyword?: string }, page: Page): Promise<{ count: number; items: NicView[] }> {
    const vm = await findVmFor(this.db, caller, f.vmId);
    let all = (await this.nicsOfVms([vm.id])).get(vm.id) ?? [];
    if (f.nicId !== undefined) {
      const id = await resolveId(this.db, 'nics', f.nicId);
      if (id === undefined) throw invalidParam(`Unable to find NIC with id ${f.nicId}`);
      all = all.filter((n) => n.id === id);
    }
    if (f.networkId !== undefined) {
      const id = await resolveId(this.db, 'networks', f.networkId);
      if (id === undefined) throw invalidParam(`Unable to find network with id ${f.networkId}`);
      all = all.filter((n) => n.networkId === id);
    }
    if (f.keyword !== undefined) all = all.filter((n) => (n.networkName ?? '').includes(f.keyword!) || (n.ipAddress ?? '').includes(f.keyword!));
    return { count: all.length, items: all.slice(page.offset, page.offset + page.limit) };
  }

  private async vmRef(id: number): Promise<VmRef> {
    const v = await this.db.selectFrom('vms').select(['id', 'uuid', 'name', 'display_name', 'account_id', 'domain_id', 'user_id', 'zone_id', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
    return { id: v.id, uuid: v.uuid, name: v.name, displayName: v.display_name, accountId: v.account_id, domainId: v.domain_id, userId: v.user_id, zoneId: v.zone_id, state: v.state };
  }

  private async nicRow(id: number) {
    return this.db.selectFrom('nics').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** A user VM's NIC by id, checked to belong to the VM. */
  private async findNic(vm: VmRef, idOrUuid: string) {
    const id = await resolveId(this.db, 'nics', idOrUuid);
    const nic = id === undefined ? undefined
      : await this.db.selectFrom('nics').selectAll().where('id', '=', id).where('vm_type', '=', 'User').executeTakeFirst();
    if (!nic) throw invalidParam(`Unable to find NIC with id ${idOrUuid}`);
    if (nic.vm_id !== vm.id) throw invalidParam(`NIC ${idOrUuid} does not belong to virtual machine ${vm.uuid}`);
    return nic;
  }

  private checkVmState(vm: VmRef): void {
    if (!['Running', 'Stopped'].includes(vm.state)) throw invalidState(`Virtual machine ${vm.name} must be Running or Stopped, not ${vm.state}`);
  }

  async submitAdd(caller: Caller, a: { vmId: string; networkId: string; ipAddress?: string; macAddress?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVmFor(this.db, caller, a.vmId);
    this.checkVmState(vm);
    const nets = await this.plan({ vmId: vm.id, vmUuid: vm.uuid, vmName: vm.name, accountId: vm.accountId, domainId: vm.domainId, zoneId: vm.zoneId,
      networkIds: [a.networkId], ipAddress: a.ipAddress, macAddress: a.macAddress });
    const n = nets[0]!.network!;
    const already = await this.db.selectFrom('nics').select('id').where('vm_type', '=', 'User').where('vm_id', '=', vm.id).where('network_id', '=', n.id).executeTakeFirst();
    if (already) throw invalidParam(`Virtual machine ${vm.name} already has a NIC in network ${n.name}`);
    const job = await this.jobs.submit({
      cmd: CMD.add, javaClass, owner: caller, params: { vmId: vm.id, networkId: n.id, ipAddress: a.ipAddress, macAddress: a.macAddress },
      instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async addNic(vm: VmRef, networkId: number, ip: string | undefined, mac: string | undefined, owner: JobOwner): Promise<number> {
    await this.hooks.implement(networkId, owner);
    const last = await this.db.selectFrom('nics').select('device_id').where('vm_type', '=', 'User').where('vm_id', '=', vm.id).orderBy('device_id', 'desc').executeTakeFirst();
    const id = await this.insertNic(vm.id, await networkById(this.db, networkId), (last?.device_id ?? -1) + 1, last === undefined, ip, mac);
    await this.routers.sync(networkId);
    return id;
  }

  async submitRemove(caller: Caller, a: { vmId: string; nicId: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVmFor(this.db, caller, a.vmId);
    this.checkVmState(vm);
    const nic = await this.findNic(vm, a.nicId);
    if (nic.is_default === 1) throw invalidParam(`Unable to remove NIC ${nic.uuid} from VM ${vm.name}: it is the default NIC`);
    const job = await this.jobs.submit({
      cmd: CMD.remove, javaClass, owner: caller, params: { vmId: vm.id, vmUuid: vm.uuid, nicId: nic.id, nicUuid: nic.uuid },
      instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitSetDefault(caller: Caller, a: { vmId: string; nicId: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const vm = await findVmFor(this.db, caller, a.vmId);
    this.checkVmState(vm);
    const nic = await this.findNic(vm, a.nicId);
    if (nic.is_default === 1) throw invalidParam(`NIC ${nic.uuid} is already the default NIC of VM ${vm.name}`);
    const job = await this.jobs.submit({
      cmd: CMD.setDefault, javaClass, owner: caller, params: { vmId: vm.id, vmUuid: vm.uuid, nicId: nic.id, nicUuid: nic.uuid },
      instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async makeDefault(vmId: number, nicId: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('nics').set({ is_default: 0 }).where('vm_type', '=', 'User').where('vm_id', '=', vmId).execute();
      await tx.updateTable('nics').set({ is_default: 1 }).where('id', '=', nicId).execute();
    });
    for (const id of await this.networksOf(vmId)) await this.routers.sync(id);
  }

  async submitAddIp(caller: Caller, a: { nicId: string; ipAddress?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const id = await resolveId(this.db, 'nics', a.nicId);
    const nic = id === undefined ? undefined : await this.db.selectFrom('nics').selectAll().where('id', '=', id).where('vm_type', '=', 'User').executeTakeFirst();
    if (!nic) throw invalidParam(`Unable to find NIC with id ${a.nicId}`);
    const vm = await findVmFor(this.db, caller, String(nic.vm_id));
    const n = await networkById(this.db, nic.network_id!);
    const range = allocationRange(n);
    if (!range) throw invalidParam(`NIC ${nic.uuid} is in L2 network ${n.name}: it has no IP addresses`);
    if (a.ipAddress !== undefined) checkRequestedIp(a.ipAddress, range, await takenAddresses(this.db, n), n.name);
    const job = await this.jobs.submit({
      cmd: CMD.addIp, javaClass, owner: caller, params: { nicId: nic.id, ipAddress: a.ipAddress },
      instanceType: 'Nic', instanceId: nic.uuid, lockKey: `vm:${vm.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitRemoveIp(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const id = await resolveId(this.db, 'guest_ips', idOrUuid);
    const ip = id === undefined ? undefined : await this.db.selectFrom('guest_ips').selectAll().where('id', '=', id).where('kind', '=', 'Secondary').executeTakeFirst();
    if (!ip) throw invalidParam(`Unable to find secondary IP with id ${idOrUuid}`);
    const vm = await findVmFor(this.db, caller, String(ip.vm_id));
    const rule = await this.db.selectFrom('firewall_rules').select('uuid').where('vm_id', '=', vm.id).where('vm_guest_ip', '=', ip.address).executeTakeFirst();
    if (rule) throw invalidParam(`Unable to remove secondary IP ${ip.address}: port forwarding rule ${rule.uuid} uses it`);
    const nat = await this.db.selectFrom('public_ip_addresses').select('address').where('static_nat_vm_id', '=', vm.id).where('static_nat_vm_ip', '=', ip.address).executeTakeFirst();
    if (nat) throw invalidParam(`Unable to remove secondary IP ${ip.address}: static NAT of ${nat.address} uses it`);
    const job = await this.jobs.submit({
      cmd: CMD.removeIp, javaClass, owner: caller, params: { ipId: ip.id, ipUuid: ip.uuid, address: ip.address, networkId: ip.network_id },
      instanceType: 'Nic', instanceId: ip.uuid, lockKey: `vm:${vm.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async secondaryIp(id: number): Promise<SecondaryIpResult> {
    const ip = await this.db.selectFrom('guest_ips as g').innerJoin('nics as c', 'c.id', 'g.nic_id').innerJoin('networks as n', 'n.id', 'g.network_id')
      .innerJoin('vms as v', 'v.id', 'c.vm_id').select(['g.id', 'g.uuid', 'g.address', 'c.id as nicId', 'c.uuid as nicUuid', 'n.uuid as networkUuid', 'v.uuid as vmUuid'])
      .where('g.id', '=', id).executeTakeFirstOrThrow();
    const all = await this.db.selectFrom('guest_ips').select(['id', 'uuid', 'address']).where('nic_id', '=', ip.nicId).where('kind', '=', 'Secondary').orderBy('address_num').execute();
    return {
      id: ip.id, uuid: ip.uuid, ipAddress: ip.address, nicUuid: ip.nicUuid, networkUuid: ip.networkUuid, vmUuid: ip.vmUuid,
      secondaryIps: all.map((s) => ({ id: s.id, uuid: s.uuid, ipAddress: s.address })),
    };
  }

  /** Until the VM family registers its own answer: the VM's id, names, state and NICs. */
  private async vmFallback(vmId: number): Promise<unknown> {
    const vm = await this.vmRef(vmId);
    return { uuid: vm.uuid, name: vm.name, displayName: vm.displayName, state: vm.state, nics: (await this.nicsOfVms([vmId])).get(vmId) ?? [] };
  }
}
