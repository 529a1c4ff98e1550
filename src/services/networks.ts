// Guest networks: createNetwork (isolated, shared, L2 from an offering), listNetworks,
// updateNetwork, restartNetwork and deleteNetwork, and the NIC entry points the compute
// family calls (allocateVmNics, releaseVmNics, nicsOfVms), delegated to NicService.
import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import { guestAddressing, hostRange } from '../core/ipam.js';
import { formatCidr, formatIpv4, inSubnet, isIpv4, parseCidr, parseIpv4 } from '../core/ipv4.js';
import { isValidDomainName } from '../core/dns-name.js';
import type { Db } from '../db/schema.js';
import { KeyedLock } from '../jobs/keyed-lock.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { claimVnet } from './guest-ips.js';
import { type CreateNetworkInput, type NetworkPlan, guestDomainFor, loadOffering, planNetwork } from './network-create.js';
import { type NetworkFilter, listNetworks } from './network-list.js';
import { type NetworkRow, findNetworkFor, networkById, nowIso } from './network-refs.js';
import { type NetworkView, networkViews } from './network-views.js';
import { type AllocateVmNics, NicService } from './nics.js';
import type { NicView } from './nic-views.js';
import { allocatePublicIp, markSourceNat, releasePublicIp } from './public-ip-alloc.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { RouterService } from './routers.js';
import type { SettingsService } from './settings.js';
import { guardZones } from './zone-guards.js';
import type { VmPeers } from './vm-peers.js';
import { vmView } from './vm-views.js';
import type { ZoneService } from './zones.js';
import type { TagService } from './tags.js';

export interface UpdateNetworkInput {
  readonly name?: string;
  readonly displayText?: string;
  readonly networkDomain?: string;
  readonly networkOfferingId?: string;
  readonly guestVmCidr?: string;
  readonly displayNetwork?: boolean;
  readonly publicMtu?: number;
  readonly privateMtu?: number;
  readonly dns1?: string;
  readonly dns2?: string;
  readonly sourceNatIpAddress?: string;
  readonly externalId?: string;
}

const UPDATE = 'updateNetwork';
const RESTART = 'restartNetwork';
const DELETE = 'deleteNetwork';

/** Networks the account's resource count covers: its own isolated and L2 networks (shared ones are the admin's). */
const counted = (n: { guest_type: string }) => n.guest_type !== 'Shared';

/** The VPC family's tiers: createNetwork with vpcid, and a tier's implementation, go there. */
export interface VpcTierHooks {
  create(caller: Caller, a: CreateNetworkInput): Promise<number>;
  implement(networkId: number, owner: JobOwner): Promise<void>;
}

export class NetworkService {
  readonly nics: NicService;
  private vpcTiers: VpcTierHooks | undefined;
  private readonly defaultLock = new KeyedLock();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly settings: SettingsService,
    private readonly limits: ResourceLimitService,
    readonly routers: RouterService,
  ) {
    this.nics = new NicService(db, events, jobs, routers, {
      defaultNetwork: (o) => this.defaultNetworkFor(o),
      // The NIC paths sync the router themselves once the NIC is in.
      implement: (id, owner) => this.implement(id, owner, { sync: false }),
    });
    jobs.register({
      cmd: UPDATE,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.networkId);
        await ctx.step('update', () => this.applyUpdate(id, params.update as UpdateNetworkInput & { offeringId?: number }));
        await ctx.step('sync', () => this.routers.sync(id));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.UPDATE', description: `Updated network ${String(params.networkUuid)}`, resourceType: 'Network', resourceId: String(params.networkUuid) });
        });
        return { type: 'entity', entity: 'Network', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: RESTART,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.networkId);
        if (params.cleanup === true) await ctx.step('cleanup', () => this.routers.destroyOfNetwork(id, ctx.owner));
        await ctx.step('implement', () => this.implement(id, ctx.owner, { resync: true }));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.RESTART', description: `Restarted network ${String(params.networkUuid)}`, resourceType: 'Network', resourceId: String(params.networkUuid) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: DELETE,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.networkId);
        await ctx.step('destroy', () => this.destroy(id, ctx.owner));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.DELETE', description: `Deleted network ${String(params.networkUuid)}`, resourceType: 'Network', resourceId: String(params.networkUuid), resourceName: String(params.networkName) });
        });
        return { type: 'success' };
      },
    });
  }

  /**
   * Connects what is built beside this family (called by the composition root once every
   * service exists): zone delete vetoes, the network and public_ip counters of
   * updateResourceCount, and the VM family's VM response for the NIC commands.
   */
  bindPeers(p: { readonly zones?: ZoneService; readonly resourceLimits?: ResourceLimitService; readonly vms?: unknown; readonly tags?: TagService } & VmPeers): void {
    if (p.zones) guardZones(p.zones);
    // Tags on networks, public IPs and rules (rules and addresses have no `removed` column: they are deleted or freed).
    p.tags?.registerType('Network', { table: 'networks' });
    p.tags?.registerType('PublicIpAddress', { table: 'public_ip_addresses', removedColumn: null });
    p.tags?.registerType('FirewallRule', { table: 'firewall_rules', removedColumn: null });
    p.tags?.registerType('PortForwardingRule', { table: 'firewall_rules', removedColumn: null });
    for (const limits of new Set([p.resourceLimits, this.limits])) {
      limits?.registerCounter('network', async (a, q) => Number((await q.selectFrom('networks').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', a).where('guest_type', '!=', 'Shared').where('removed', 'is', null).executeTakeFirstOrThrow()).n));
      limits?.registerCounter('public_ip', async (a, q) => Number((await q.selectFrom('public_ip_addresses').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', a).where('state', '=', 'Allocated').executeTakeFirstOrThrow()).n));
    }
    if (p.vms) this.setVmView(async (vmId) => ({ entity: 'VirtualMachine', data: await vmView(this.db, p, vmId, { full: false }) }));
  }

  /** Lets the VM family answer addNicToVirtualMachine & co with its own VM response. */
  setVmView(provider: (vmId: number) => Promise<{ entity: string; data: unknown }>): void {
    this.nics.setVmResult(provider);
  }

  setVpcTiers(t: VpcTierHooks): void {
    this.vpcTiers = t;
  }

  // --- the compute family's entry points -------------------------------------------------

  /** NICs for a new VM (idempotent per VM); see NicService.allocateVmNics. */
  allocateVmNics(a: AllocateVmNics): Promise<NicView[]> {
    return this.nics.allocateVmNics(a);
  }

  /** Checks what allocateVmNics would be given, changing nothing (deploy validates before its job). */
  validateVmNics(a: AllocateVmNics): Promise<void> {
    return this.nics.validateVmNics(a);
  }

  /** Releases a VM's NICs, addresses, static NAT and forwarding rules (on expunge; idempotent). */
  releaseVmNics(vmId: number): Promise<void> {
    return this.nics.releaseVmNics(vmId);
  }

  nicsOfVms(vmIds: readonly number[]): Promise<Map<number, NicView[]>> {
    return this.nics.nicsOfVms(vmIds);
  }

  // --- commands ----------------------------------------------------------------------------

  async create(caller: Caller, a: CreateNetworkInput): Promise<NetworkView> {
    if (a.vpcId !== undefined && this.vpcTiers) return this.view(await this.vpcTiers.create(caller, a));
    const plan = await planNetwork(this.db, caller, a);
    if (counted({ guest_type: plan.offering.guestType })) await this.limits.check(plan.ownerAccountId, 'network', 1);
    const id = await this.insert(plan);
    const n = await networkById(this.db, id);
    if (plan.sourceNatIp !== null) {
      try {
        await allocatePublicIp(this.db, this.limits, { zoneId: n.zone_id, accountId: n.account_id, domainId: n.domain_id, networkId: n.id, address: plan.sourceNatIp, sourceNat: true });
      } catch (e) {
        await this.destroy(n.id, caller);
        throw e;
      }
    }
    await this.events.record(caller, { type: 'NETWORK.CREATE', description: `Created network ${n.name}`, resourceType: 'Network', resourceId: n.uuid, resourceName: n.name });
    return this.view(id);
  }

  /** Inserts a planned network with its VLAN and takes the account's network count (undone on failure). */
  private async insert(plan: NetworkPlan): Promise<number> {
    const suffix = await this.settings.get('guest.domain.suffix', 'zone', plan.zone.id);
    const countedNet = counted({ guest_type: plan.offering.guestType });
    if (countedNet) await this.limits.reserve(plan.ownerAccountId, 'network', 1);
    const physical = plan.physicalNetworkId === null ? undefined
      : await this.db.selectFrom('physical_networks').select('isolation_methods').where('id', '=', plan.physicalNetworkId).executeTakeFirst();
    const vxlan = (physical?.isolation_methods ?? '').toUpperCase().split(',').includes('VXLAN');
    let id: number | undefined;
    try {
      id = (await this.db.insertInto('networks').values({
        uuid: randomUUID(), name: plan.name, display_text: plan.displayText, zone_id: plan.zone.id, physical_network_id: plan.physicalNetworkId,
        network_offering_id: plan.offering.id, guest_type: plan.offering.guestType, traffic_type: 'Guest', acl_type: plan.aclType,
        account_id: plan.ownerAccountId, domain_id: plan.domainId, subdomain_access: plan.subdomainAccess,
        state: plan.offering.guestType === 'Isolated' ? 'Allocated' : 'Setup', cidr: plan.cidr, network_cidr: null, gateway: plan.gateway,
        netmask: plan.netmask, ip_start: plan.range ? formatIpv4(plan.range.start) : null, ip_end: plan.range ? formatIpv4(plan.range.end) : null,
        broadcast_domain_type: vxlan ? 'Vxlan' : plan.vlan === 'untagged' ? 'Native' : 'Vlan', vlan: null,
        network_domain: plan.networkDomain ?? (plan.offering.guestType === 'L2' ? null : guestDomainFor(plan.ownerAccountId, suffix)),
        dns1: plan.dns1, dns2: plan.dns2, specify_ip_ranges: plan.offering.specifyIpRanges ? 1 : 0, vpc_id: null, acl_id: null,
        external_id: plan.externalId, display_network: plan.displayNetwork ? 1 : 0, public_mtu: plan.publicMtu, private_mtu: plan.privateMtu,
        associated_network_id: null, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      // Each isolated or L2 network gets its own VLAN/VNI from the zone's guest range; an explicit one is claimed as given.
      if (plan.vlan !== 'untagged') {
        const vnet = await claimVnet(this.db, plan.zone.id, id, plan.vlan ?? undefined);
        await this.db.updateTable('networks').set({ vlan: String(vnet) }).where('id', '=', id).execute();
      }
      return id;
    } catch (e) {
      if (id !== undefined) {
        await this.db.deleteFrom('guest_vlans').where('network_id', '=', id).execute();
        await this.db.deleteFrom('networks').where('id', '=', id).execute();
      }
      if (countedNet) await this.limits.release(plan.ownerAccountId, 'network', 1);
      throw e;
    }
  }

  /**
   * The network an account's VM lands in when it names none (CloudStack's deploy in an Advanced
   * zone): its single isolated network in the zone, created from the Required offering if it has none.
   */
  private defaultNetworkFor(o: { accountId: number; zoneId: number; owner: JobOwner }): Promise<NetworkRow> {
    // Two first deploys of an account racing must not make two default networks.
    return this.defaultLock.run(`default:${o.accountId}:${o.zoneId}`, () => this.findOrCreateDefault(o));
  }

  private async findOrCreateDefault(o: { accountId: number; zoneId: number; owner: JobOwner }): Promise<NetworkRow> {
    const zone = await this.db.selectFrom('zones').selectAll().where('id', '=', o.zoneId).executeTakeFirstOrThrow();
    if (zone.network_type === 'Basic' || zone.security_group_enabled === 1) {
      const shared = await this.db.selectFrom('networks').selectAll().where('zone_id', '=', zone.id).where('guest_type', '=', 'Shared')
        .where('removed', 'is', null).orderBy('id').execute();
      for (const n of shared) if (await this.nics.canUse(o.accountId, n)) return n;
      throw invalidParam(`Unable to find a shared network to deploy into in zone ${zone.name}: create one, or pass networkids`);
    }
    const mine = await this.db.selectFrom('networks').selectAll().where('zone_id', '=', zone.id).where('account_id', '=', o.accountId)
      .where('guest_type', '=', 'Isolated').where('vpc_id', 'is', null).where('removed', 'is', null).orderBy('id').execute();
    if (mine.length > 1) throw invalidParam('More than one isolated network is found for the account in the zone: specify networkids');
    if (mine.length === 1) return mine[0]!;
    const required = await this.db.selectFrom('network_offerings').select('uuid').where('availability', '=', 'Required').where('removed', 'is', null)
      .where('guest_ip_type', '=', 'Isolated').where('state', '=', 'Enabled').orderBy('id').executeTakeFirst();
    if (!required) throw invalidParam('Unable to find the Required network offering (with SourceNat) to create the account\'s default network');
    const acct = await this.db.selectFrom('accounts').select(['name', 'domain_id']).where('id', '=', o.accountId).executeTakeFirstOrThrow();
    const offering = await loadOffering(this.db, required.uuid);
    const g = guestAddressing({ cidr: zone.guest_cidr ?? '10.1.1.0/24' });
    const physical = await this.db.selectFrom('physical_networks').select('id').where('zone_id', '=', zone.id).where('removed', 'is', null).orderBy('id').executeTakeFirst();
    const name = `${acct.name}-network`;
    const id = await this.insert({
      name, displayText: name, zone, offering, ownerAccountId: o.accountId, aclType: 'Account', domainId: acct.domain_id, subdomainAccess: null,
      physicalNetworkId: physical?.id ?? null, cidr: g.cidr, gateway: g.gateway, netmask: g.netmask, range: null, vlan: null, networkDomain: null,
      dns1: null, dns2: null, publicMtu: null, privateMtu: null, externalId: null, displayNetwork: true, sourceNatIp: null,
    });
    const n = await networkById(this.db, id);
    await this.events.record(o.owner, { type: 'NETWORK.CREATE', description: `Created the default network ${name}`, resourceType: 'Network', resourceId: n.uuid, resourceName: name });
    return n;
  }

  /**
   * Makes a network ready for VMs (CloudStack's implement): an isolated network with source NAT
   * gets its source NAT address (when the zone has a free one) and its router, and is Implemented.
   */
  async implement(networkId: number, owner: JobOwner, o: { resync?: boolean; sync?: boolean } = {}): Promise<void> {
    const n = await networkById(this.db, networkId);
    if (n.removed !== null) throw invalidState(`Network ${n.name} is being deleted`);
    if (n.vpc_id !== null && this.vpcTiers) return this.vpcTiers.implement(n.id, owner);
    const offering = await loadOffering(this.db, await this.offeringUuid(n.network_offering_id));
    if (n.guest_type === 'Isolated' && offering.services.has('SourceNat')) {
      const has = await this.db.selectFrom('public_ip_addresses').select(['id', 'source_nat']).where('network_id', '=', n.id).where('state', '=', 'Allocated')
        .orderBy('source_nat', 'desc').orderBy('id').executeTakeFirst();
      if (has) {
        if (has.source_nat !== 1) await markSourceNat(this.db, has.id, n.id);
      } else {
        try {
          const ip = await allocatePublicIp(this.db, this.limits, { zoneId: n.zone_id, accountId: n.account_id, domainId: n.domain_id, networkId: n.id, sourceNat: true });
          await this.events.record(owner, { type: 'NET.IPASSIGN', description: `Assigned source NAT address ${ip.address} to network ${n.name}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
        } catch (e) {
          // A zone without free public addresses (or an account at its limit) still gets a working
          // guest network; it takes its source NAT address with the first associateIpAddress.
          await this.events.record(owner, { type: 'NET.IPASSIGN', level: 'WARN', description: `Network ${n.name} has no source NAT address yet: ${e instanceof Error ? e.message : String(e)}`, resourceType: 'Network', resourceId: n.uuid });
        }
      }
    }
    await this.routers.ensure(n.id, owner);
    if (n.state === 'Allocated') await this.db.updateTable('networks').set({ state: 'Implemented' }).where('id', '=', n.id).where('state', '=', 'Allocated').execute();
    if (n.restart_required === 1) await this.db.updateTable('networks').set({ restart_required: 0 }).where('id', '=', n.id).execute();
    if (o.resync) {
      // Restart re-pushes the config even if the router already has it (it may have lost it).
      const r = await this.routers.ofNetwork(n.id);
      if (r) await this.db.updateTable('routers').set({ applied_version: 0 }).where('id', '=', r.id).execute();
    }
    if (o.sync !== false) await this.routers.sync(n.id);
  }

  private async offeringUuid(id: number): Promise<string> {
    return (await this.db.selectFrom('network_offerings').select('uuid').where('id', '=', id).executeTakeFirstOrThrow()).uuid;
  }

  async list(caller: Caller, f: NetworkFilter, page: Page): Promise<{ count: number; items: NetworkView[] }> {
    return listNetworks(this.db, caller, f, page);
  }

  async view(id: number): Promise<NetworkView> {
    return (await networkViews(this.db, [await networkById(this.db, id)]))[0]!;
  }

  /** A network the caller may change: its owner's (or an admin over it); shared ones only admins. */
  private async writable(caller: Caller, idOrUuid: string): Promise<NetworkRow> {
    const n = await findNetworkFor(this.db, caller, idOrUuid);
    if (n.acl_type === 'Domain' && caller.roleType === 'User') throw permissionDenied(`Account ${caller.accountName} does not have permission to change network ${n.uuid}`);
    if (n.state === 'Destroy') throw invalidState(`Network ${n.name} is being deleted`);
    return n;
  }

  async submitUpdate(caller: Caller, idOrUuid: string, a: UpdateNetworkInput, javaClass: string): Promise<{ jobUuid: string }> {
    const n = await this.writable(caller, idOrUuid);
    const update = await this.checkUpdate(caller, n, a);
    const job = await this.jobs.submit({
      cmd: UPDATE, javaClass, owner: caller, params: { networkId: n.id, networkUuid: n.uuid, update },
      instanceType: 'Network', instanceId: n.uuid, lockKey: `network:${n.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** Validates an update (bad input changes nothing) and resolves what the job will write. */
  private async checkUpdate(caller: Caller, n: NetworkRow, a: UpdateNetworkInput): Promise<UpdateNetworkInput & { offeringId?: number }> {
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The network name must not be empty');
    if (a.networkDomain !== undefined && a.networkDomain !== '' && !isValidDomainName(a.networkDomain)) throw invalidParam(`Invalid network domain ${a.networkDomain}`);
    for (const [k, v] of [['dns1', a.dns1], ['dns2', a.dns2]] as const) if (v !== undefined && v !== '' && !isIpv4(v)) throw invalidParam(`Invalid ${k} ${v}: it is not an IPv4 address`);
    for (const [k, v] of [['publicmtu', a.publicMtu], ['privatemtu', a.privateMtu]] as const) if (v !== undefined && (v < 68 || v > 9000)) throw invalidParam(`Invalid ${k} ${v}: the MTU must be between 68 and 9000`);
    let offeringId: number | undefined;
    if (a.networkOfferingId !== undefined) {
      const next = await loadOffering(this.db, a.networkOfferingId);
      if (next.id !== n.network_offering_id) {
        const cur = await loadOffering(this.db, await this.offeringUuid(n.network_offering_id));
        if (next.state !== 'Enabled') throw invalidParam(`Network offering ${next.name} can't be used: it is not in Enabled state`);
        if (next.guestType !== cur.guestType || next.forVpc) throw invalidParam(`Network offering ${next.name} is not compatible: a ${n.guest_type} network can only change to another ${n.guest_type} offering`);
        if (next.specifyVlan !== cur.specifyVlan) throw invalidParam(`Network offering ${next.name} is not compatible: it differs in specifyvlan`);
        const uses = async (purpose: string) => (await this.db.selectFrom('firewall_rules').select('id').where('network_id', '=', n.id).where('purpose', '=', purpose).executeTakeFirst()) !== undefined;
        if (!next.services.has('PortForwarding') && (await uses('PortForwarding'))) throw invalidParam(`Network offering ${next.name} has no PortForwarding service, and the network has port forwarding rules`);
        if (!next.services.has('Firewall') && (await uses('Firewall'))) throw invalidParam(`Network offering ${next.name} has no Firewall service, and the network has firewall rules`);
        if (!next.services.has('StaticNat') && (await this.db.selectFrom('public_ip_addresses').select('id').where('network_id', '=', n.id).where('static_nat_vm_id', 'is not', null).executeTakeFirst())) {
          throw invalidParam(`Network offering ${next.name} has no StaticNat service, and the network has static NAT addresses`);
        }
        offeringId = next.id;
      }
    }
    if (a.guestVmCidr !== undefined) await this.checkGuestVmCidr(caller, n, a.guestVmCidr);
    if (a.sourceNatIpAddress !== undefined) {
      const ip = await this.db.selectFrom('public_ip_addresses').select('id').where('network_id', '=', n.id).where('address', '=', a.sourceNatIpAddress)
        .where('state', '=', 'Allocated').executeTakeFirst();
      if (!ip) throw invalidParam(`The IP address ${a.sourceNatIpAddress} is not an address of network ${n.name}`);
    }
    return { ...a, offeringId };
  }

  /** guestvmcidr narrows where VMs get addresses: inside the network CIDR, holding every address in use. */
  private async checkGuestVmCidr(caller: Caller, n: NetworkRow, value: string): Promise<void> {
    if (n.guest_type !== 'Isolated') throw invalidParam('guestvmcidr can be changed for isolated networks only');
    if (!isRootAdmin(caller) && caller.roleType !== 'DomainAdmin') throw permissionDenied('Only admins can change the guest VM CIDR');
    const next = parseCidr(value);
    const whole = parseCidr(n.network_cidr ?? n.cidr ?? '');
    if (!next || !whole) throw invalidParam(`Invalid guestvmcidr ${value}`);
    if (next.prefix < whole.prefix || !inSubnet(next.network, whole)) throw invalidParam(`The guest VM CIDR ${value} must lie inside the network CIDR ${formatCidr(whole)}`);
    const gw = parseIpv4(n.gateway!)!;
    const hosts = hostRange(next);
    if (gw < hosts.start || gw > hosts.end) throw invalidParam(`The guest VM CIDR ${value} must hold the gateway ${n.gateway}`);
    const used = await this.db.selectFrom('guest_ips').select('address').where('network_id', '=', n.id).execute();
    const outside = used.find((u) => !inSubnet(parseIpv4(u.address)!, next));
    if (outside) throw invalidParam(`The guest VM CIDR ${value} does not hold the address ${outside.address}, which is in use`);
  }

  private async applyUpdate(id: number, a: UpdateNetworkInput & { offeringId?: number }): Promise<void> {
    const n = await networkById(this.db, id);
    const set = {
      ...(a.name !== undefined ? { name: a.name.trim() } : {}),
      ...(a.displayText !== undefined ? { display_text: a.displayText } : {}),
      ...(a.networkDomain !== undefined ? { network_domain: a.networkDomain || null } : {}),
      ...(a.offeringId !== undefined ? { network_offering_id: a.offeringId } : {}),
      ...(a.displayNetwork !== undefined ? { display_network: a.displayNetwork ? 1 : 0 } : {}),
      ...(a.publicMtu !== undefined ? { public_mtu: a.publicMtu } : {}),
      ...(a.privateMtu !== undefined ? { private_mtu: a.privateMtu } : {}),
      ...(a.dns1 !== undefined ? { dns1: a.dns1 || null } : {}),
      ...(a.dns2 !== undefined ? { dns2: a.dns2 || null } : {}),
      ...(a.externalId !== undefined ? { external_id: a.externalId } : {}),
      ...(a.guestVmCidr !== undefined ? guestCidrChange(n, a.guestVmCidr) : {}),
    };
    if (Object.keys(set).length) await this.db.updateTable('networks').set(set).where('id', '=', id).execute();
    if (a.sourceNatIpAddress !== undefined) {
      const ip = await this.db.selectFrom('public_ip_addresses').select('id').where('network_id', '=', id).where('address', '=', a.sourceNatIpAddress).executeTakeFirst();
      if (ip) {
        await this.db.updateTable('public_ip_addresses').set({ source_nat: 0 }).where('network_id', '=', id).where('id', '!=', ip.id).execute();
        await markSourceNat(this.db, ip.id, id);
      }
    }
  }

  async submitRestart(caller: Caller, idOrUuid: string, o: { cleanup?: boolean; makeRedundant?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const n = await this.writable(caller, idOrUuid);
    if (o.makeRedundant) throw invalidParam('Redundant virtual routers are not available: makeredundant is not supported');
    const job = await this.jobs.submit({
      cmd: RESTART, javaClass, owner: caller, params: { networkId: n.id, networkUuid: n.uuid, cleanup: o.cleanup === true },
      instanceType: 'Network', instanceId: n.uuid, lockKey: `network:${n.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const n = await this.writable(caller, idOrUuid);
    await this.assertNoVms(n);
    const job = await this.jobs.submit({
      cmd: DELETE, javaClass, owner: caller, params: { networkId: n.id, networkUuid: n.uuid, networkName: n.name },
      instanceType: 'Network', instanceId: n.uuid, lockKey: `network:${n.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async assertNoVms(n: NetworkRow): Promise<void> {
    const vm = await this.db.selectFrom('nics as c').innerJoin('vms as v', 'v.id', 'c.vm_id').select(['v.name', 'v.state'])
      .where('c.vm_type', '=', 'User').where('c.network_id', '=', n.id).executeTakeFirst();
    if (vm) throw invalidState(`Unable to delete network ${n.name}: not all user VMs are expunged. VM ${vm.name} is in ${vm.state} state`);
  }

  /**
   * Deletes a network and what it holds: router, rules, public addresses, guest addresses and
   * its VLAN. With `force` (account deletion) VM NICs go too; otherwise VMs refuse it. Idempotent.
   */
  async destroy(id: number, owner: JobOwner, force = false): Promise<void> {
    const n = await networkById(this.db, id);
    if (n.removed !== null) return;
    if (force) {
      const vms = await this.db.selectFrom('nics').select('vm_id').distinct().where('vm_type', '=', 'User').where('network_id', '=', id).execute();
      for (const v of vms) await this.nics.releaseNicsInNetwork(v.vm_id, id);
    } else {
      await this.assertNoVms(n);
    }
    await this.db.updateTable('networks').set({ state: 'Destroy' }).where('id', '=', id).execute();
    await this.routers.destroyOfNetwork(id, owner);
    await this.db.deleteFrom('firewall_rules').where('network_id', '=', id).execute();
    const ips = await this.db.selectFrom('public_ip_addresses').selectAll().where('network_id', '=', id).where('state', '=', 'Allocated').execute();
    for (const ip of ips) {
      if (await releasePublicIp(this.db, this.limits, ip)) {
        await this.events.record(owner, { type: 'NET.IPRELEASE', description: `Released address ${ip.address} of network ${n.name}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
      }
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('guest_ips').where('network_id', '=', id).execute();
      await tx.deleteFrom('guest_vlans').where('network_id', '=', id).execute();
      await tx.deleteFrom('resource_tags').where('resource_type', '=', 'Network').where('resource_id', '=', id).execute();
    });
    const done = await this.db.updateTable('networks').set({ removed: nowIso(), state: 'Destroy' }).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1 && counted(n)) await this.limits.release(n.account_id, 'network', 1);
  }

  /** Account deletion: every network the account owns goes, VMs' NICs included. */
  async removeAccount(accountId: number, owner: JobOwner): Promise<void> {
    const nets = await this.db.selectFrom('networks').select('id').where('account_id', '=', accountId).where('removed', 'is', null).execute();
    for (const n of nets) await this.destroy(n.id, owner, true);
  }
}

/** The columns a guestvmcidr change writes: the VM CIDR, keeping the whole network CIDR aside. */
function guestCidrChange(n: NetworkRow, value: string): { cidr: string; network_cidr: string | null } {
  const whole = n.network_cidr ?? n.cidr!;
  const next = formatCidr(parseCidr(value)!);
  return { cidr: next, network_cidr: next === whole ? null : whole };
}

