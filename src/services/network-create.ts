// createNetwork's validation (NetworkServiceImpl.createGuestNetwork): from the request, the
// offering and the zone, the network row to insert, or a 431 naming what is wrong. Nothing
// here writes; the service inserts the plan.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { isValidDomainName } from '../core/dns-name.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { type GuestRange, guestAddressing, rangeInSubnet, subnetsOverlap } from '../core/ipam.js';
import { isIpv4, isPrivateSubnet, parseCidr, parseIpv4 } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import { findZone, type ZoneRow } from './infra-refs.js';
import { resolveId } from './lookup.js';
import { resolveOwner } from './owner.js';

export interface CreateNetworkInput {
  readonly name: string;
  readonly displayText?: string;
  readonly networkOfferingId: string;
  readonly zoneId: string;
  readonly physicalNetworkId?: string;
  readonly gateway?: string;
  readonly netmask?: string;
  readonly startIp?: string;
  readonly endIp?: string;
  readonly networkDomain?: string;
  readonly aclType?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly projectId?: string;
  readonly subdomainAccess?: boolean;
  readonly vpcId?: string;
  readonly vlan?: string;
  readonly externalId?: string;
  readonly displayNetwork?: boolean;
  readonly associatedNetworkId?: string;
  readonly publicMtu?: number;
  readonly privateMtu?: number;
  readonly dns1?: string;
  readonly dns2?: string;
  readonly sourceNatIpAddress?: string;
  /** Parameters of features Nubo does not have (IPv6, private VLANs, BGP...): refused by name. */
  readonly unsupported?: readonly string[];
}

export interface OfferingRow {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly guestType: 'Isolated' | 'Shared' | 'L2';
  readonly specifyVlan: boolean;
  readonly specifyIpRanges: boolean;
  readonly forVpc: boolean;
  readonly state: string;
  readonly services: ReadonlySet<string>;
}

export interface NetworkPlan {
  readonly name: string;
  readonly displayText: string;
  readonly zone: ZoneRow;
  readonly offering: OfferingRow;
  readonly ownerAccountId: number;
  readonly aclType: 'Account' | 'Domain';
  readonly domainId: number;
  readonly subdomainAccess: number | null;
  readonly physicalNetworkId: number | null;
  readonly cidr: string | null;
  readonly gateway: string | null;
  readonly netmask: string | null;
  readonly range: GuestRange | null;
  /** An explicit VLAN (specifyVlan offerings and admins); null: allocate one from the zone's range (or none for shared untagged). */
  readonly vlan: number | 'untagged' | null;
  readonly networkDomain: string | null;
  readonly dns1: string | null;
  readonly dns2: string | null;
  readonly publicMtu: number | null;
  readonly privateMtu: number | null;
  readonly externalId: string | null;
  readonly displayNetwork: boolean;
  readonly sourceNatIp: string | null;
}

export async function loadOffering(db: Db, idOrUuid: string): Promise<OfferingRow> {
  const id = await resolveId(db, 'network_offerings', idOrUuid);
  const o = id === undefined ? undefined
    : await db.selectFrom('network_offerings').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!o) throw invalidParam(`Unable to find network offering by id ${idOrUuid}`);
  const services = new Set((await db.selectFrom('network_offering_services').select('service').where('network_offering_id', '=', o.id).execute()).map((r) => r.service));
  return {
    id: o.id, uuid: o.uuid, name: o.name, guestType: o.guest_ip_type as OfferingRow['guestType'], specifyVlan: o.specify_vlan === 1,
    specifyIpRanges: o.specify_ip_ranges === 1, forVpc: o.for_vpc === 1, state: o.state, services,
  };
}

/** "100", "vlan://100", "untagged", "vlan://untagged". */
export function parseGuestVlan(s: string): number | 'untagged' {
  const v = s.trim().toLowerCase().replace(/^(vlan|vxlan):\/\//, '');
  if (v === 'untagged') return 'untagged';
  if (/^\d{1,8}$/.test(v) && Number(v) >= 1 && Number(v) <= 16777215) return Number(v);
  throw invalidParam(`Invalid vlan ${s}: it must be a VLAN id (1-4094, or a VXLAN VNI) or untagged`);
}

const checkDns = (name: string, v: string | undefined) => {
  if (v !== undefined && v !== '' && !isIpv4(v)) throw invalidParam(`Invalid ${name} ${v}: it is not an IPv4 address`);
};

function checkMtu(name: string, v: number | undefined): number | null {
  if (v === undefined) return null;
  if (v < 68 || v > 9000) throw invalidParam(`Invalid ${name} ${v}: the MTU must be between 68 and 9000`);
  return v;
}

/** Offering scope: restricted to some zones or domains, the network's must be among them. */
async function checkOfferingScope(db: Db, o: OfferingRow, zoneId: number, domainPath: string): Promise<void> {
  const zones = await db.selectFrom('offering_zones').select('zone_id').where('offering_type', '=', 'NetworkOffering').where('offering_id', '=', o.id).execute();
  if (zones.length && !zones.some((z) => z.zone_id === zoneId)) throw invalidParam(`Network offering ${o.name} is not available in the zone`);
  const domains = await db.selectFrom('offering_domains as od').innerJoin('domains as d', 'd.id', 'od.domain_id').select('d.path')
    .where('od.offering_type', '=', 'NetworkOffering').where('od.offering_id', '=', o.id).execute();
  if (domains.length && !domains.some((d) => domainPath.startsWith(d.path))) throw invalidParam(`Network offering ${o.name} is not available to the owner's domain`);
}

export async function planNetwork(db: Db, caller: Caller, a: CreateNetworkInput): Promise<NetworkPlan> {
  const name = a.name.trim();
  if (!name) throw invalidParam('The network name must not be empty');
  if (a.unsupported?.length) throw invalidParam(`Unsupported parameter ${a.unsupported.join(', ')}: IPv6, private VLANs, BGP and routed networks are not available`);
  if (a.vpcId !== undefined) throw invalidParam(`Unable to find VPC by id ${a.vpcId}`);
  const zone = await findZone(db, a.zoneId);
  if (zone.allocation_state !== 'Enabled' && !isRootAdmin(caller)) throw permissionDenied(`Cannot perform this operation, zone ${zone.name} is currently disabled`);
  const offering = await loadOffering(db, a.networkOfferingId);
  if (offering.state !== 'Enabled') throw invalidParam(`Network offering ${offering.name} can't be used: it is not in Enabled state`);
  if (offering.forVpc) throw invalidParam(`Network offering ${offering.name} can be used for VPC networks only`);
  const isShared = offering.guestType === 'Shared';
  if (isShared && !isRootAdmin(caller) && caller.roleType !== 'DomainAdmin') throw permissionDenied('Only admins can create networks with guest type Shared');
  if (zone.network_type === 'Basic' && !isShared) throw invalidParam('Only shared networks can be created in a Basic zone');

  const ownerAccountId = await resolveOwner(db, caller, { account: a.account, domainid: a.domainId, projectid: a.projectId });
  const owner = await db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').select(['a.id', 'a.domain_id', 'd.path', 'd.network_domain'])
    .where('a.id', '=', ownerAccountId).executeTakeFirstOrThrow();
  await checkOfferingScope(db, offering, zone.id, owner.path);

  let aclType: 'Account' | 'Domain';
  const acl = a.aclType?.toLowerCase();
  if (acl === undefined) aclType = isShared && a.account === undefined && a.projectId === undefined ? 'Domain' : 'Account';
  else if (acl === 'account') aclType = 'Account';
  else if (acl === 'domain') aclType = 'Domain';
  else throw invalidParam(`Invalid acltype ${a.aclType}: it must be Account or Domain`);
  if (aclType === 'Domain' && !isShared) throw invalidParam('AclType Domain is only supported for shared networks');
  if (aclType === 'Domain' && caller.roleType === 'User') throw permissionDenied('Only admins can create networks with acltype Domain');
  let domainId = owner.domain_id;
  if (aclType === 'Domain' && a.domainId !== undefined && a.account === undefined) {
    const id = await resolveId(db, 'domains', a.domainId);
    const d = id === undefined ? undefined : await db.selectFrom('domains').select(['id', 'path']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!d) throw invalidParam(`Unable to find domain by id ${a.domainId}`);
    if (!isRootAdmin(caller) && !d.path.startsWith(caller.domainPath)) throw permissionDenied(`Domain ${a.domainId} is not accessible by the caller`);
    domainId = d.id;
  }
  if (a.subdomainAccess !== undefined && aclType !== 'Domain') throw invalidParam('subdomainaccess applies to networks with acltype Domain only');

  let physicalNetworkId: number | null = null;
  if (a.physicalNetworkId !== undefined) {
    const id = await resolveId(db, 'physical_networks', a.physicalNetworkId);
    const pn = id === undefined ? undefined : await db.selectFrom('physical_networks').select(['id', 'zone_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!pn) throw invalidParam(`Unable to find physical network by id ${a.physicalNetworkId}`);
    if (pn.zone_id !== zone.id) throw invalidParam('The physical network does not belong to the zone');
    physicalNetworkId = pn.id;
  } else {
    const pn = await db.selectFrom('physical_networks').select('id').where('zone_id', '=', zone.id).where('removed', 'is', null).orderBy('id').executeTakeFirst();
    physicalNetworkId = pn?.id ?? null;
  }

  // Addressing.
  let cidr: string | null = null;
  let gateway: string | null = null;
  let netmask: string | null = null;
  let range: GuestRange | null = null;
  const hasRange = a.startIp !== undefined || a.endIp !== undefined;
  if (offering.guestType === 'L2') {
    if (a.gateway !== undefined || a.netmask !== undefined || hasRange) throw invalidParam('An L2 network has no IP addressing: gateway, netmask, startip and endip are not allowed');
  } else if (isShared) {
    if (a.gateway === undefined || a.netmask === undefined) throw invalidParam('gateway and netmask are required to create a shared network');
    if (a.startIp === undefined) throw invalidParam('startip is required to create a shared network');
    const g = guestAddressing({ gateway: a.gateway, netmask: a.netmask });
    range = rangeInSubnet(g.subnet, a.startIp, a.endIp);
    const gw = parseIpv4(g.gateway)!;
    if (gw >= range.start && gw <= range.end) throw invalidParam(`The gateway ${g.gateway} must not be part of the IP range ${a.startIp}-${a.endIp ?? a.startIp}`);
    ({ cidr, gateway, netmask } = g);
    await checkSharedOverlap(db, zone.id, g.subnet, cidr);
  } else {
    if (hasRange && !offering.specifyIpRanges) throw invalidParam(`Network offering ${offering.name} does not allow specifying IP ranges (startip/endip)`);
    const g = a.gateway !== undefined || a.netmask !== undefined
      ? guestAddressing({ gateway: a.gateway, netmask: a.netmask })
      : guestAddressing({ cidr: zone.guest_cidr ?? '10.1.1.0/24' });
    if (!isPrivateSubnet(g.subnet)) throw invalidParam(`The network CIDR ${g.cidr} must be a private (RFC 1918) network for an isolated network`);
    ({ cidr, gateway, netmask } = g);
    if (hasRange) {
      range = rangeInSubnet(g.subnet, a.startIp ?? a.endIp!, a.endIp);
      const gw = parseIpv4(g.gateway)!;
      if (gw >= range.start && gw <= range.end) throw invalidParam(`The gateway ${g.gateway} must not be part of the IP range`);
    }
  }

  // VLAN.
  let vlan: number | 'untagged' | null = null;
  if (a.vlan !== undefined) {
    if (!isRootAdmin(caller)) throw permissionDenied('Only root admins can specify a vlan');
    if (!offering.specifyVlan) throw invalidParam(`Can't specify vlan: network offering ${offering.name} has specifyvlan=false`);
    vlan = parseGuestVlan(a.vlan);
    if (vlan === 'untagged' && !isShared) throw invalidParam('Only shared networks can be untagged');
  } else if (offering.specifyVlan) {
    if (!isShared || zone.network_type !== 'Basic') throw invalidParam(`vlan is required: network offering ${offering.name} has specifyvlan=true`);
    vlan = 'untagged';
  }

  if (a.networkDomain !== undefined && a.networkDomain !== '' && !isValidDomainName(a.networkDomain)) {
    throw invalidParam(`Invalid network domain ${a.networkDomain}: labels may hold letters, digits and hyphens, at most 63 characters each`);
  }
  checkDns('dns1', a.dns1);
  checkDns('dns2', a.dns2);
  if (a.sourceNatIpAddress !== undefined) {
    if (!offering.services.has('SourceNat')) throw invalidParam(`Network offering ${offering.name} has no SourceNat service: sourcenatipaddress does not apply`);
    if (!isIpv4(a.sourceNatIpAddress)) throw invalidParam(`Invalid sourcenatipaddress ${a.sourceNatIpAddress}`);
  }
  if (a.associatedNetworkId !== undefined) throw invalidParam('associatednetworkid applies to networks of a NSX or Netris provider, which Nubo does not have');

  return {
    name, displayText: a.displayText?.trim() || name, zone, offering, ownerAccountId, aclType, domainId,
    subdomainAccess: aclType === 'Domain' ? (a.subdomainAccess === false ? 0 : 1) : null, physicalNetworkId, cidr, gateway, netmask, range, vlan,
    // CloudStack's default: the owner's domain's network domain, else the zone's, else cs<account id in hex>.<guest suffix>.
    networkDomain: offering.guestType === 'L2' ? null : (a.networkDomain || owner.network_domain || zone.network_domain || null),
    dns1: a.dns1 || null, dns2: a.dns2 || null, publicMtu: checkMtu('publicmtu', a.publicMtu), privateMtu: checkMtu('privatemtu', a.privateMtu),
    externalId: a.externalId ?? null, displayNetwork: a.displayNetwork ?? true, sourceNatIp: a.sourceNatIpAddress ?? null,
  };
}

/** Shared networks of a zone must not overlap each other, nor the zone's public IP ranges. */
async function checkSharedOverlap(db: Db, zoneId: number, subnet: ReturnType<typeof guestAddressing>['subnet'], cidr: string): Promise<void> {
  const others = await db.selectFrom('networks').select(['name', 'cidr']).where('zone_id', '=', zoneId).where('guest_type', '=', 'Shared')
    .where('removed', 'is', null).where('cidr', 'is not', null).execute();
  for (const o of others) {
    const c = parseCidr(o.cidr!);
    if (c && subnetsOverlap(c, subnet)) throw invalidParam(`The network CIDR ${cidr} overlaps the CIDR ${o.cidr} of shared network ${o.name} in the zone`);
  }
  const ranges = await db.selectFrom('vlan_ranges').select(['start_ip', 'end_ip']).where('zone_id', '=', zoneId).execute();
  for (const r of ranges) {
    const s = parseIpv4(r.start_ip)!;
    const e = parseIpv4(r.end_ip)!;
    const sub = { start: subnet.network, end: subnet.network + 2 ** (32 - subnet.prefix) - 1 };
    if (s <= sub.end && sub.start <= e) throw invalidParam(`The network CIDR ${cidr} overlaps the public IP range ${r.start_ip}-${r.end_ip} of the zone`);
  }
}

/** CloudStack's default guest domain: "cs" + the owner's id in hex + guest.domain.suffix, joined as is (cs2cloud.internal). */
export const guestDomainFor = (accountId: number, suffix: string): string => `cs${accountId.toString(16)}${suffix}`;
