// Load-balancing rules: createLoadBalancerRule (on a public IP of an isolated network, or a
// newly taken one), updateLoadBalancerRule, deleteLoadBalancerRule, assignToLoadBalancerRule /
// removeFromLoadBalancerRule (VMs with a NIC in the rule's network), listLoadBalancerRules and
// listLoadBalancerRuleInstances. As with port forwarding, the rule (state Add) is written when
// the command is accepted, so conflicts are refused at once (537); the job pushes the router's
// new config (lb-config.ts) and activates the rule, or takes it back out when the router refuses.
import { randomUUID } from 'node:crypto';
import { type Caller } from '../core/caller.js';
import { DomainError, invalidParam, permissionDenied } from '../core/errors.js';
import { parseAlgorithm, parseLbProtocol } from '../core/lb-rules.js';
import { parseCidrList, portRange } from '../core/network-rules.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import {
  type LbFilter, type LbMemberView, type LbRule, type LoadBalancerView, findLbRuleFor, lbViews, listLbRules, liveMembers, memberViews,
} from './lb-views.js';
import { resolveId } from './lookup.js';
import {
  type NetworkRow, type PublicIpRow, type VmRef, findNetworkFor, findPublicIpFor, findVmFor, isUniqueViolation, networkById, nowIso,
} from './network-refs.js';
import { checkOwnerWritable, resolveOwner } from './owner.js';
import { allocatePublicIp, releasePublicIp } from './public-ip-alloc.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { RouterService } from './routers.js';
import { assertNoConflict, lockIp } from './rule-jobs.js';

export interface CreateLbInput {
  readonly name: string;
  readonly description?: string;
  readonly algorithm: string;
  readonly privatePort: number;
  readonly publicPort: number;
  readonly publicIpId?: string;
  readonly networkId?: string;
  readonly zoneId?: string;
  readonly openFirewall?: boolean;
  readonly cidrList?: readonly string[];
  readonly protocol?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly forDisplay?: boolean;
}

export interface UpdateLbInput {
  readonly name?: string;
  readonly description?: string;
  readonly algorithm?: string;
  readonly protocol?: string;
  readonly cidrList?: readonly string[];
  readonly forDisplay?: boolean;
}

/** VMs given by id (every guest address... the primary one of the rule's network) or by a vmid→vmip map. */
export interface LbMembersInput {
  readonly vmIds?: readonly string[];
  readonly vmIpMap?: readonly Readonly<Record<string, string>>[];
}

const CMD = {
  create: 'createLoadBalancerRule', delete: 'deleteLoadBalancerRule', update: 'updateLoadBalancerRule',
  assign: 'assignToLoadBalancerRule', remove: 'removeFromLoadBalancerRule',
} as const;

async function servicesOf(db: Db, offeringId: number): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('network_offering_services').select(['service', 'provider']).where('network_offering_id', '=', offeringId).execute();
  return new Map(rows.map((r) => [r.service, r.provider]));
}

export class LoadBalancerService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly routers: RouterService,
    private readonly limits: ResourceLimitService,
  ) {
    jobs.register({
      cmd: CMD.create,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const ids = (p.ruleIds as number[]).map(Number);
        const networkId = Number(p.networkId);
        try {
          await ctx.step('apply', () => this.routers.sync(networkId));
        } catch (e) {
          // The router refused the rule: take it (and an address taken for it) back out.
          await this.purgeRules(ids);
          if (typeof p.newIpId === 'number') await this.releaseIp(p.newIpId, ctx.owner);
          await this.routers.sync(networkId).catch(() => undefined);
          throw e;
        }
        await ctx.step('activate', async () => {
          await this.db.updateTable('firewall_rules').set({ state: 'Active' }).where('id', 'in', ids).where('state', '=', 'Add').execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'LB.CREATE', description: String(p.description), resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid), resourceName: String(p.name) });
        });
        return { type: 'entity', entity: 'LoadBalancer', data: await this.view(ids[0]!) };
      },
    });
    jobs.register({
      cmd: CMD.delete,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('revoke', () => this.purgeRules([Number(p.ruleId)]));
        await ctx.step('apply', () => this.routers.sync(Number(p.networkId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'LB.DELETE', description: `Deleted load balancer rule ${String(p.name)}`, resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid), resourceName: String(p.name) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.update,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.ruleId);
        await ctx.step('update', () => this.applyUpdate(id, p.update as ResolvedUpdate));
        await ctx.step('apply', () => this.routers.sync(Number(p.networkId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'LB.UPDATE', description: `Updated load balancer rule ${String(p.ruleUuid)}`, resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid) });
        });
        return { type: 'entity', entity: 'LoadBalancer', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: CMD.assign,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const mapIds = (p.mapIds as number[]).map(Number);
        try {
          await ctx.step('apply', () => this.routers.sync(Number(p.networkId)));
        } catch (e) {
          await this.db.deleteFrom('lb_vm_maps').where('id', 'in', mapIds).execute();
          await this.routers.sync(Number(p.networkId)).catch(() => undefined);
          throw e;
        }
        await ctx.step('activate', async () => {
          await this.db.updateTable('lb_vm_maps').set({ state: 'Active' }).where('id', 'in', mapIds).execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'LB.ASSIGN.TO.RULE', description: String(p.description), resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.remove,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('remove', async () => {
          await this.db.deleteFrom('lb_vm_maps').where('id', 'in', (p.mapIds as number[]).map(Number)).execute();
        });
        await ctx.step('apply', () => this.routers.sync(Number(p.networkId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'LB.REMOVE.FROM.RULE', description: String(p.description), resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid) });
        });
        return { type: 'success' };
      },
    });
  }

  // --- create -------------------------------------------------------------------------------

  async submitCreate(caller: Caller, a: CreateLbInput, javaClass: string): Promise<{ jobUuid: string; ruleUuid: string }> {
    const name = a.name.trim();
    if (!name) throw invalidParam('The load balancer rule name must not be empty');
    const algorithm = parseAlgorithm(a.algorithm);
    const lbProtocol = parseLbProtocol(a.protocol);
    const pub = portRange(a.publicPort, undefined, 'public');
    const priv = portRange(a.privatePort, undefined, 'private');
    const sourceCidrs = parseCidrList(a.cidrList, ['0.0.0.0/0']);
    const protocol = lbProtocol === 'udp' ? 'udp' : 'tcp';

    let ip: PublicIpRow | undefined;
    let network: NetworkRow;
    if (a.publicIpId !== undefined) {
      ip = await findPublicIpFor(this.db, caller, a.publicIpId);
      network = await this.ruleNetwork(caller, ip, a.networkId);
    } else {
      network = await this.networkForNewIp(caller, a);
    }
    const ownerId = network.account_id;
    if (a.account !== undefined || a.domainId !== undefined) {
      const named = await resolveOwner(this.db, caller, { account: a.account, domainid: a.domainId });
      if (named !== ownerId) throw invalidParam('The load balancer rule\'s account must own the public IP address and the network');
    }
    await this.checkNetwork(network);
    await checkOwnerWritable(this.db, ownerId);
    if (ip && ip.static_nat_vm_id !== null) throw new DomainError('NetworkRuleConflict', `Can't create a load balancer rule on IP address ${ip.address}: static NAT is enabled on it`);
    const svc = await servicesOf(this.db, network.network_offering_id);
    const openFirewall = (a.openFirewall ?? true) && svc.has('Firewall');

    // Everything is checked: take the address now if the rule needs a new one.
    let newIpId: number | undefined;
    if (!ip) {
      const owner = await this.db.selectFrom('accounts').select('domain_id').where('id', '=', ownerId).executeTakeFirstOrThrow();
      ip = await allocatePublicIp(this.db, this.limits, { zoneId: network.zone_id, accountId: ownerId, domainId: owner.domain_id, networkId: network.id });
      newIpId = ip.id;
      await this.events.record(caller, { type: 'NET.IPASSIGN', description: `Associated IP address ${ip.address} with network ${network.name} for load balancer rule ${name}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
    }
    const uuid = randomUUID();
    const theIp = ip;
    let ids: number[];
    try {
      ids = await this.db.transaction().execute(async (tx) => {
        await lockIp(tx, theIp.id);
        const existing = await tx.selectFrom('firewall_rules').selectAll().where('ip_address_id', '=', theIp.id).where('state', '!=', 'Revoke').execute();
        const ports = { start: pub.start, end: pub.start };
        assertNoConflict({ purpose: 'LoadBalancing', protocol, ports, sourceCidrs }, existing, `IP address ${theIp.address}`);
        const base = {
          traffic_type: 'Ingress', ip_address_id: theIp.id, network_id: network.id, account_id: ownerId, domain_id: network.domain_id, protocol,
          start_port: pub.start, end_port: pub.start, icmp_type: null, icmp_code: null, dest_cidrs: null, state: 'Add', for_display: a.forDisplay === false ? 0 : 1,
          vm_id: null, vm_guest_ip: null, created: nowIso(),
        };
        const lb = (await tx.insertInto('firewall_rules').values({
          ...base, uuid, purpose: 'LoadBalancing', source_cidrs: sourceCidrs.join(','), related_rule_id: null, dest_start_port: priv.start, dest_end_port: priv.start,
        }).returning('id').executeTakeFirstOrThrow()).id;
        await tx.insertInto('load_balancer_rules').values({ rule_id: lb, name, description: a.description ?? null, algorithm, lb_protocol: lbProtocol, created: nowIso() }).execute();
        if (!openFirewall) return [lb];
        // openfirewall: the ingress rule that lets clients reach the listener, deleted with it.
        assertNoConflict({ purpose: 'Firewall', protocol, ports, sourceCidrs, icmpType: -1, icmpCode: -1 }, existing, `IP address ${theIp.address}`);
        const fw = (await tx.insertInto('firewall_rules').values({
          ...base, uuid: randomUUID(), purpose: 'Firewall', source_cidrs: sourceCidrs.join(','), related_rule_id: lb, dest_start_port: null, dest_end_port: null,
        }).returning('id').executeTakeFirstOrThrow()).id;
        return [lb, fw];
      });
    } catch (e) {
      if (newIpId !== undefined) await this.releaseIp(newIpId, caller);
      throw e;
    }
    const job = await this.jobs.submit({
      cmd: CMD.create, javaClass, owner: caller,
      params: {
        ruleIds: ids, networkId: network.id, ruleUuid: uuid, name, newIpId: newIpId ?? null,
        description: `Created load balancer rule ${name}: ${ip.address}:${pub.start}/${lbProtocol} to port ${priv.start} (${algorithm})`,
      },
      instanceType: 'LoadBalancerRule', instanceId: uuid, lockKey: `network:${network.id}`,
    });
    return { jobUuid: job.uuid, ruleUuid: uuid };
  }

  /** The network the rule goes to: the address's, or the one named when the address has none yet. */
  private async ruleNetwork(caller: Caller, ip: PublicIpRow, networkId: string | undefined): Promise<NetworkRow> {
    if (networkId !== undefined) {
      const n = await findNetworkFor(this.db, caller, networkId);
      if (ip.network_id !== null && ip.network_id !== n.id) throw invalidParam(`IP address ${ip.address} is associated with another network than ${n.name}`);
      if (ip.network_id === null) throw invalidParam(`IP address ${ip.address} is not associated with network ${n.name}: associate it first`);
      return n;
    }
    if (ip.network_id === null) throw invalidParam(`IP address ${ip.address} is not associated with any network: pass networkid`);
    return networkById(this.db, ip.network_id);
  }

  /** Without publicipid a new address is taken in the network named, or the owner's single isolated network of the zone. */
  private async networkForNewIp(caller: Caller, a: CreateLbInput): Promise<NetworkRow> {
    if (a.networkId !== undefined) return findNetworkFor(this.db, caller, a.networkId);
    if (a.zoneId === undefined) throw invalidParam('Either publicipid, networkid or zoneid must be given to create a load balancer rule');
    const ownerId = await resolveOwner(this.db, caller, { account: a.account, domainid: a.domainId });
    const zoneId = await resolveId(this.db, 'zones', a.zoneId);
    if (zoneId === undefined) throw invalidParam(`Unable to find zone with id ${a.zoneId}`);
    const nets = await this.db.selectFrom('networks').selectAll().where('zone_id', '=', zoneId).where('account_id', '=', ownerId).where('guest_type', '=', 'Isolated')
      .where('vpc_id', 'is', null).where('removed', 'is', null).orderBy('id').execute();
    if (nets.length !== 1) throw invalidParam(nets.length ? 'The account has more than one isolated network in the zone: pass networkid' : 'The account has no isolated network in the zone');
    return nets[0]!;
  }

  private async checkNetwork(n: NetworkRow): Promise<void> {
    if (n.state === 'Destroy') throw invalidParam(`Network ${n.name} is being deleted`);
    if (n.vpc_id !== null) throw invalidParam(`Network ${n.name} is a VPC tier: load balancing on VPC tiers is not available in Nubo`);
    if (n.guest_type !== 'Isolated') throw invalidParam(`Load balancing rules can only be created in isolated networks; network ${n.name} is ${n.guest_type}`);
    const svc = await servicesOf(this.db, n.network_offering_id);
    if (!svc.has('Lb')) throw invalidParam(`Network ${n.name} does not support the Lb service: its offering has no load balancer`);
    if (svc.get('Lb') !== 'VirtualRouter') throw invalidParam(`Network ${n.name}'s load balancer provider ${svc.get('Lb') ?? ''} is not available: only the VirtualRouter provider is`);
  }

  private async releaseIp(ipId: number, owner: JobOwner): Promise<void> {
    const ip = await this.db.selectFrom('public_ip_addresses').selectAll().where('id', '=', ipId).executeTakeFirst();
    if (!ip) return;
    await this.db.deleteFrom('firewall_rules').where('ip_address_id', '=', ip.id).execute();
    if (await releasePublicIp(this.db, this.limits, ip)) {
      await this.events.record(owner, { type: 'NET.IPRELEASE', description: `Released IP address ${ip.address}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
    }
  }

  /** Removes rules with their LB rows, policies, members and the firewall rules opened for them. */
  private async purgeRules(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('lb_vm_maps').where('rule_id', 'in', [...ids]).execute();
      await tx.deleteFrom('lb_stickiness_policies').where('rule_id', 'in', [...ids]).execute();
      await tx.deleteFrom('lb_healthcheck_policies').where('rule_id', 'in', [...ids]).execute();
      await tx.deleteFrom('load_balancer_rules').where('rule_id', 'in', [...ids]).execute();
      await tx.deleteFrom('resource_tags').where('resource_type', '=', 'LoadBalancer').where('resource_id', 'in', [...ids]).execute();
      await tx.deleteFrom('firewall_rules').where('related_rule_id', 'in', [...ids]).execute();
      await tx.deleteFrom('firewall_rules').where('id', 'in', [...ids]).execute();
    });
  }

  // --- delete and update --------------------------------------------------------------------

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const lb = await findLbRuleFor(this.db, caller, idOrUuid);
    const job = await this.jobs.submit({
      cmd: CMD.delete, javaClass, owner: caller, params: { ruleId: lb.rule.id, ruleUuid: lb.rule.uuid, name: lb.name, networkId: lb.rule.network_id },
      instanceType: 'LoadBalancerRule', instanceId: lb.rule.uuid, lockKey: `network:${lb.rule.network_id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitUpdate(caller: Caller, idOrUuid: string, a: UpdateLbInput, javaClass: string): Promise<{ jobUuid: string }> {
    const lb = await findLbRuleFor(this.db, caller, idOrUuid);
    const update = await this.checkUpdate(lb, a);
    const job = await this.jobs.submit({
      cmd: CMD.update, javaClass, owner: caller, params: { ruleId: lb.rule.id, ruleUuid: lb.rule.uuid, networkId: lb.rule.network_id, update },
      instanceType: 'LoadBalancerRule', instanceId: lb.rule.uuid, lockKey: `network:${lb.rule.network_id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async checkUpdate(lb: LbRule, a: UpdateLbInput): Promise<ResolvedUpdate> {
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The load balancer rule name must not be empty');
    const out: ResolvedUpdate = {
      name: a.name?.trim(), description: a.description, algorithm: a.algorithm === undefined ? undefined : parseAlgorithm(a.algorithm),
      lbProtocol: a.protocol === undefined ? undefined : parseLbProtocol(a.protocol),
      sourceCidrs: a.cidrList === undefined ? undefined : parseCidrList(a.cidrList, ['0.0.0.0/0']), forDisplay: a.forDisplay,
    };
    const protocol = out.lbProtocol === undefined ? undefined : out.lbProtocol === 'udp' ? 'udp' : 'tcp';
    if (protocol !== undefined && protocol !== lb.rule.protocol && lb.rule.ip_address_id !== null) {
      // A change of transport must not collide with the address's other forwarding rules.
      const existing = await this.db.selectFrom('firewall_rules').selectAll().where('ip_address_id', '=', lb.rule.ip_address_id)
        .where('id', '!=', lb.rule.id).where((eb) => eb.or([eb('related_rule_id', 'is', null), eb('related_rule_id', '!=', lb.rule.id)]))
        .where('state', '!=', 'Revoke').execute();
      const ports = { start: lb.rule.start_port!, end: lb.rule.start_port! };
      const sourceCidrs = out.sourceCidrs ?? (lb.rule.source_cidrs ? lb.rule.source_cidrs.split(',') : []);
      assertNoConflict({ purpose: 'LoadBalancing', protocol, ports, sourceCidrs }, existing, 'the rule\'s IP address');
    }
    return out;
  }

  private async applyUpdate(id: number, u: ResolvedUpdate): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const lbSet = {
        ...(u.name !== undefined ? { name: u.name } : {}), ...(u.description !== undefined ? { description: u.description } : {}),
        ...(u.algorithm !== undefined ? { algorithm: u.algorithm } : {}), ...(u.lbProtocol !== undefined ? { lb_protocol: u.lbProtocol } : {}),
      };
      if (Object.keys(lbSet).length) await tx.updateTable('load_balancer_rules').set(lbSet).where('rule_id', '=', id).execute();
      // The firewall rule opened for the listener follows its transport and sources.
      const shared = {
        ...(u.lbProtocol !== undefined ? { protocol: u.lbProtocol === 'udp' ? 'udp' : 'tcp' } : {}),
        ...(u.sourceCidrs !== undefined ? { source_cidrs: u.sourceCidrs.join(',') } : {}),
      };
      const ruleSet = { ...shared, ...(u.forDisplay !== undefined ? { for_display: u.forDisplay ? 1 : 0 } : {}) };
      if (Object.keys(ruleSet).length) await tx.updateTable('firewall_rules').set(ruleSet).where('id', '=', id).execute();
      if (Object.keys(shared).length) await tx.updateTable('firewall_rules').set(shared).where('related_rule_id', '=', id).execute();
    });
  }

  // --- members ------------------------------------------------------------------------------

  /** The (VM, address) pairs a call names: each VM's address in the rule's network, or the map's. */
  private async resolveMembers(caller: Caller, lb: LbRule, a: LbMembersInput): Promise<{ vm: VmRef; ip: string }[]> {
    if (!a.vmIds?.length && !a.vmIpMap?.length) throw invalidParam('Either virtualmachineids or vmidipmap must be given');
    const n = await networkById(this.db, lb.rule.network_id);
    const out: { vm: VmRef; ip: string }[] = [];
    const add = async (vmRef: string, ip: string | undefined) => {
      const vm = await findVmFor(this.db, caller, vmRef);
      if (vm.accountId !== lb.rule.account_id) throw invalidParam(`Instance ${vm.name} and load balancer rule ${lb.name} belong to different accounts`);
      const nic = await this.db.selectFrom('nics').select(['id', 'ip4_address']).where('vm_type', '=', 'User').where('vm_id', '=', vm.id).where('network_id', '=', n.id).executeTakeFirst();
      if (!nic || nic.ip4_address === null) throw invalidParam(`Virtual machine ${vm.name} has no NIC in network ${n.name} of load balancer rule ${lb.name}`);
      const addr = ip ?? nic.ip4_address;
      if (addr !== nic.ip4_address) {
        const sec = await this.db.selectFrom('guest_ips').select('id').where('nic_id', '=', nic.id).where('kind', '=', 'Secondary').where('address', '=', addr).executeTakeFirst();
        if (!sec) throw invalidParam(`The IP address ${addr} is not an address of virtual machine ${vm.name} in network ${n.name}`);
      }
      if (!out.some((x) => x.vm.id === vm.id && x.ip === addr)) out.push({ vm, ip: addr });
    };
    for (const id of a.vmIds ?? []) await add(id, undefined);
    for (const e of a.vmIpMap ?? []) {
      const lower = Object.fromEntries(Object.entries(e).map(([k, v]) => [k.toLowerCase(), v]));
      if (lower.vmid === undefined || lower.vmip === undefined) throw invalidParam('Each vmidipmap entry needs vmid and vmip');
      await add(lower.vmid, lower.vmip.trim());
    }
    return out;
  }

  async submitAssign(caller: Caller, idOrUuid: string, a: LbMembersInput, javaClass: string): Promise<{ jobUuid: string }> {
    const lb = await findLbRuleFor(this.db, caller, idOrUuid);
    await checkOwnerWritable(this.db, lb.rule.account_id);
    const members = await this.resolveMembers(caller, lb, a);
    for (const m of members) {
      const have = await this.db.selectFrom('lb_vm_maps').select('id').where('rule_id', '=', lb.rule.id).where('vm_id', '=', m.vm.id).where('vm_ip', '=', m.ip).executeTakeFirst();
      if (have) throw invalidParam(`Virtual machine ${m.vm.name} (${m.ip}) is already assigned to load balancer rule ${lb.name}`);
    }
    const mapIds = await this.db.transaction().execute(async (tx) => {
      const ids: number[] = [];
      for (const m of members) {
        try {
          ids.push((await tx.insertInto('lb_vm_maps').values({ uuid: randomUUID(), rule_id: lb.rule.id, vm_id: m.vm.id, vm_ip: m.ip, state: 'Add', created: nowIso() })
            .returning('id').executeTakeFirstOrThrow()).id);
        } catch (e) {
          if (isUniqueViolation(e)) throw invalidParam(`Virtual machine ${m.vm.name} (${m.ip}) is already assigned to load balancer rule ${lb.name}`);
          throw e;
        }
      }
      return ids;
    });
    const job = await this.jobs.submit({
      cmd: CMD.assign, javaClass, owner: caller,
      params: { mapIds, ruleUuid: lb.rule.uuid, networkId: lb.rule.network_id, description: `Assigned ${members.map((m) => `${m.vm.name} (${m.ip})`).join(', ')} to load balancer rule ${lb.name}` },
      instanceType: 'LoadBalancerRule', instanceId: lb.rule.uuid, lockKey: `network:${lb.rule.network_id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitRemove(caller: Caller, idOrUuid: string, a: LbMembersInput, javaClass: string): Promise<{ jobUuid: string }> {
    const lb = await findLbRuleFor(this.db, caller, idOrUuid);
    const mapIds: number[] = [];
    const names: string[] = [];
    if (!a.vmIds?.length && !a.vmIpMap?.length) throw invalidParam('Either virtualmachineids or vmidipmap must be given');
    const maps = await this.db.selectFrom('lb_vm_maps').selectAll().where('rule_id', '=', lb.rule.id).execute();
    for (const ref of a.vmIds ?? []) {
      const vm = await findVmFor(this.db, caller, ref);
      const mine = maps.filter((m) => m.vm_id === vm.id);
      if (!mine.length) throw invalidParam(`Virtual machine ${vm.name} is not assigned to load balancer rule ${lb.name}`);
      mapIds.push(...mine.map((m) => m.id));
      names.push(vm.name);
    }
    for (const e of a.vmIpMap ?? []) {
      const lower = Object.fromEntries(Object.entries(e).map(([k, v]) => [k.toLowerCase(), v]));
      if (lower.vmid === undefined || lower.vmip === undefined) throw invalidParam('Each vmidipmap entry needs vmid and vmip');
      const vm = await findVmFor(this.db, caller, lower.vmid);
      const m = maps.find((x) => x.vm_id === vm.id && x.vm_ip === lower.vmip!.trim());
      if (!m) throw invalidParam(`Virtual machine ${vm.name} (${lower.vmip}) is not assigned to load balancer rule ${lb.name}`);
      mapIds.push(m.id);
      names.push(`${vm.name} (${m.vm_ip})`);
    }
    const job = await this.jobs.submit({
      cmd: CMD.remove, javaClass, owner: caller,
      params: { mapIds: [...new Set(mapIds)], ruleUuid: lb.rule.uuid, networkId: lb.rule.network_id, description: `Removed ${names.join(', ')} from load balancer rule ${lb.name}` },
      instanceType: 'LoadBalancerRule', instanceId: lb.rule.uuid, lockKey: `network:${lb.rule.network_id}`,
    });
    return { jobUuid: job.uuid };
  }

  // --- lists --------------------------------------------------------------------------------

  list(caller: Caller, f: LbFilter, page: Page): Promise<{ count: number; items: LoadBalancerView[] }> {
    return listLbRules(this.db, caller, f, page);
  }

  /**
   * listLoadBalancerRuleInstances: with applied (the default) the VMs behind the rule; with
   * applied=false the owner's VMs in the rule's network that could still be assigned.
   */
  async instances(caller: Caller, idOrUuid: string, o: { applied?: boolean; keyword?: string }, page: Page): Promise<{ count: number; items: LbMemberView[] }> {
    const lb = await findLbRuleFor(this.db, caller, idOrUuid);
    const members = await liveMembers(this.db, lb.rule);
    const byVm = new Map<number, string[]>();
    if (o.applied !== false) {
      for (const m of members) byVm.set(m.vmId, [...(byVm.get(m.vmId) ?? []), m.ip]);
    } else {
      const assigned = new Set(members.map((m) => m.vmId));
      const nics = await this.db.selectFrom('nics as c').innerJoin('vms as v', 'v.id', 'c.vm_id').select(['v.id', 'c.ip4_address'])
        .where('c.vm_type', '=', 'User').where('c.network_id', '=', lb.rule.network_id).where('v.account_id', '=', lb.rule.account_id)
        .where('v.removed', 'is', null).where('v.state', 'not in', ['Destroyed', 'Expunging', 'Error']).execute();
      for (const c of nics) if (!assigned.has(c.id) && c.ip4_address) byVm.set(c.id, [c.ip4_address]);
    }
    let all = await memberViews(this.db, byVm);
    if (o.keyword !== undefined) all = all.filter((v) => v.name.includes(o.keyword!) || v.displayName.includes(o.keyword!));
    return { count: all.length, items: all.slice(page.offset, page.offset + page.limit) };
  }

  async view(ruleId: number): Promise<LoadBalancerView> {
    const v = (await lbViews(this.db, [ruleId]))[0];
    if (!v) throw permissionDenied(`Load balancer rule ${ruleId} no longer exists`);
    return v;
  }

  /** Side rows of rules that went with their address or network (those delete firewall_rules directly). */
  async sweepOrphans(): Promise<void> {
    const live = this.db.selectFrom('firewall_rules').select('id');
    await this.db.deleteFrom('lb_vm_maps').where('rule_id', 'not in', live).execute();
    await this.db.deleteFrom('lb_stickiness_policies').where('rule_id', 'not in', live).execute();
    await this.db.deleteFrom('lb_healthcheck_policies').where('rule_id', 'not in', live).execute();
    await this.db.deleteFrom('load_balancer_rules').where('rule_id', 'not in', live).execute();
  }

  /** Expunged VMs leave their rules (the compute family may call this; views already skip them). */
  async removeVm(vmId: number): Promise<void> {
    await this.db.deleteFrom('lb_vm_maps').where('vm_id', '=', vmId).execute();
  }
}

interface ResolvedUpdate {
  readonly name?: string;
  readonly description?: string;
  readonly algorithm?: string;
  readonly lbProtocol?: string;
  readonly sourceCidrs?: readonly string[];
  readonly forDisplay?: boolean;
}
