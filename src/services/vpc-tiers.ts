// VPC tiers: createNetwork with vpcid (NetworkService hands such requests here) and a tier's
// implementation when its first VM arrives. A tier is an isolated network from a VPC offering
// (forvpc), addressed by gateway/netmask inside the VPC's CIDR without overlapping the other
// tiers or the private gateways; it takes the VPC's network domain, a VLAN of the zone, and an
// ACL list (none until replaceNetworkACLList gives it one, unless createNetwork names one).
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import { guestAddressing, subnetsOverlap } from '../core/ipam.js';
import { formatCidr, inSubnet, netmaskToPrefix, parseCidr, parseIpv4, subnetOf } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import type { JobOwner } from '../jobs/types.js';
import type { EventService } from './events.js';
import { claimVnet } from './guest-ips.js';
import { resolveId } from './lookup.js';
import type { CreateNetworkInput } from './network-create.js';
import { loadOffering } from './network-create.js';
import { networkById, nowIso } from './network-refs.js';
import type { ResourceLimitService } from './resource-limits.js';
import { findAclListFor, findVpcFor, liveTiers } from './vpc-refs.js';
import type { VpcRouterService } from './vpc-router.js';

/** createNetwork's input as a tier sees it; `aclId` when the handler passes createNetwork's aclid. */
export type CreateTierInput = CreateNetworkInput & { readonly aclId?: string };

export class VpcTierService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly limits: ResourceLimitService,
    private readonly router: VpcRouterService,
  ) {}

  /** Validates and inserts a tier; answers its network id (NetworkService renders it). */
  async create(caller: Caller, a: CreateTierInput): Promise<number> {
    const vpc = await findVpcFor(this.db, caller, a.vpcId!);
    if (vpc.state !== 'Enabled') throw invalidState(`VPC ${vpc.name} is not in Enabled state`);
    const name = a.name.trim();
    if (!name) throw invalidParam('The network name must not be empty');
    if (a.unsupported?.length) throw invalidParam(`Unsupported parameter ${a.unsupported.join(', ')}: IPv6, private VLANs, BGP and routed networks are not available`);
    const zoneId = await resolveId(this.db, 'zones', a.zoneId);
    if (zoneId !== vpc.zone_id) throw invalidParam(`The network must be created in the zone of VPC ${vpc.name}`);
    const offering = await loadOffering(this.db, a.networkOfferingId);
    if (!offering.forVpc) throw invalidParam(`Network offering ${offering.name} can't be used for VPC networks: it is not for VPC tiers (forvpc=false)`);
    if (offering.state !== 'Enabled') throw invalidParam(`Network offering ${offering.name} can't be used: it is not in Enabled state`);
    if (offering.guestType !== 'Isolated') throw invalidParam(`Only isolated networks can be VPC tiers, not ${offering.guestType} ones`);
    if (offering.services.has('Lb')) {
      // CloudStack: one tier per VPC may have the public load balancer.
      const lbTier = await this.db.selectFrom('networks as n').innerJoin('network_offering_services as s', 's.network_offering_id', 'n.network_offering_id')
        .select('n.name').where('n.vpc_id', '=', vpc.id).where('n.removed', 'is', null).where('s.service', '=', 'Lb').where('s.provider', '=', 'VpcVirtualRouter').executeTakeFirst();
      const mineVr = (await this.db.selectFrom('network_offering_services').select('provider').where('network_offering_id', '=', offering.id).where('service', '=', 'Lb').executeTakeFirst())?.provider === 'VpcVirtualRouter';
      if (lbTier && mineVr) throw invalidParam(`VPC ${vpc.name} already has a tier with the public load balancer (${lbTier.name}): only one tier may have it`);
    }
    if (a.account !== undefined || a.domainId !== undefined || a.projectId !== undefined) {
      // A tier belongs to its VPC's owner; naming another owner is a mistake, not a transfer.
      const acct = a.projectId !== undefined ? undefined : a.account;
      if (acct !== undefined) {
        const owner = await this.db.selectFrom('accounts').select('name').where('id', '=', vpc.account_id).executeTakeFirstOrThrow();
        if (owner.name !== acct) throw permissionDenied(`The network must belong to the owner of VPC ${vpc.name}`);
      }
    }
    if (a.vlan !== undefined) throw invalidParam('vlan can not be given for a VPC tier: tiers take a VLAN of the zone');
    if (a.startIp !== undefined || a.endIp !== undefined) throw invalidParam('startip and endip can not be given for a VPC tier');
    if (a.gateway === undefined || a.netmask === undefined) throw invalidParam('gateway and netmask are required to create a VPC tier');
    const g = guestAddressing({ gateway: a.gateway, netmask: a.netmask });
    const whole = parseCidr(vpc.cidr)!;
    if (g.subnet.prefix < whole.prefix || !inSubnet(g.subnet.network, whole)) {
      throw invalidParam(`The network CIDR ${g.cidr} must be within the VPC CIDR ${vpc.cidr}`);
    }
    for (const t of await liveTiers(this.db, vpc.id)) {
      const c = parseCidr(t.cidr ?? '');
      if (c && subnetsOverlap(c, g.subnet)) throw invalidParam(`The network CIDR ${g.cidr} overlaps the CIDR ${t.cidr} of tier ${t.name} of VPC ${vpc.name}`);
    }
    const gws = await this.db.selectFrom('private_gateways').select(['gateway', 'netmask', 'ip_address']).where('vpc_id', '=', vpc.id).execute();
    for (const pg of gws) {
      const p = netmaskToPrefix(pg.netmask);
      if (p !== undefined && subnetsOverlap(subnetOf(parseIpv4(pg.gateway)!, p), g.subnet)) {
        throw invalidParam(`The network CIDR ${g.cidr} overlaps the private gateway network ${formatCidr(subnetOf(parseIpv4(pg.gateway)!, p))} of VPC ${vpc.name}`);
      }
    }
    if (a.networkDomain !== undefined && a.networkDomain !== '' && a.networkDomain !== vpc.network_domain) {
      throw invalidParam(`A VPC tier takes the network domain of its VPC (${vpc.network_domain ?? 'none'}); it can not have ${a.networkDomain}`);
    }
    let aclId: number | null = null;
    if (a.aclId !== undefined) {
      const acl = await findAclListFor(this.db, caller, a.aclId);
      if (acl.vpc_id !== null && acl.vpc_id !== vpc.id) throw invalidParam(`Network ACL list ${acl.name} belongs to another VPC`);
      aclId = acl.id;
    }
    await this.limits.reserve(vpc.account_id, 'network', 1);
    const physical = await this.db.selectFrom('physical_networks').select(['id', 'isolation_methods']).where('zone_id', '=', vpc.zone_id).where('removed', 'is', null).orderBy('id').executeTakeFirst();
    let id: number | undefined;
    try {
      id = (await this.db.insertInto('networks').values({
        uuid: randomUUID(), name, display_text: a.displayText?.trim() || name, zone_id: vpc.zone_id, physical_network_id: physical?.id ?? null,
        network_offering_id: offering.id, guest_type: 'Isolated', traffic_type: 'Guest', acl_type: 'Account', account_id: vpc.account_id, domain_id: vpc.domain_id,
        subdomain_access: null, state: 'Allocated', cidr: g.cidr, network_cidr: null, gateway: g.gateway, netmask: g.netmask, ip_start: null, ip_end: null,
        broadcast_domain_type: (physical?.isolation_methods ?? '').toUpperCase().split(',').includes('VXLAN') ? 'Vxlan' : 'Vlan', vlan: null,
        network_domain: vpc.network_domain, dns1: a.dns1 || null, dns2: a.dns2 || null, specify_ip_ranges: 0, vpc_id: vpc.id, acl_id: aclId,
        external_id: a.externalId ?? null, display_network: a.displayNetwork === false ? 0 : 1, public_mtu: null, private_mtu: a.privateMtu ?? null,
        associated_network_id: null, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      const vnet = await claimVnet(this.db, vpc.zone_id, id);
      await this.db.updateTable('networks').set({ vlan: String(vnet) }).where('id', '=', id).execute();
    } catch (e) {
      if (id !== undefined) {
        await this.db.deleteFrom('guest_vlans').where('network_id', '=', id).execute();
        await this.db.deleteFrom('networks').where('id', '=', id).execute();
      }
      await this.limits.release(vpc.account_id, 'network', 1);
      throw e;
    }
    const n = await networkById(this.db, id);
    await this.events.record(caller, { type: 'NETWORK.CREATE', description: `Created tier ${n.name} (${n.cidr ?? ''}) of VPC ${vpc.name}`, resourceType: 'Network', resourceId: n.uuid, resourceName: n.name });
    return id;
  }

  /** A tier's first VM (or restartNetwork): the VPC's router gets the tier's gateway and config. */
  async implement(networkId: number, owner: JobOwner): Promise<void> {
    const n = await networkById(this.db, networkId);
    if (n.removed !== null || n.state === 'Destroy') throw invalidState(`Network ${n.name} is being deleted`);
    await this.db.updateTable('networks').set({ state: 'Implemented', restart_required: 0 }).where('id', '=', n.id).where('state', 'in', ['Allocated', 'Implemented', 'Setup']).execute();
    await this.router.ensure(n.vpc_id!, owner);
  }
}
