// Plain view objects of guest networks (CloudStack's NetworkResponse), loaded by row.
import type { NetworkService as ServiceName } from '../core/network-services.js';
import { NETWORK_SERVICES } from '../core/network-services.js';
import { formatIpv4, parseCidr, parseIpv4, subnetBounds } from '../core/ipv4.js';
import { hostRange, rangeSize } from '../core/ipam.js';
import type { Db } from '../db/schema.js';
import { allocationRange } from './guest-ips.js';
import { type NetworkRow, type OwnerView, OwnerCache, bool } from './network-refs.js';
import { guestBroadcastUri } from './router-config.js';

export interface TagView {
  readonly key: string;
  readonly value: string;
}

export interface NetworkView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly state: string;
  readonly guestType: string;
  readonly trafficType: string;
  readonly aclType: string;
  readonly subdomainAccess: boolean | null;
  readonly broadcastDomainType: string;
  readonly broadcastUri: string | null;
  readonly vlan: string | null;
  readonly cidr: string | null;
  readonly networkCidr: string | null;
  readonly reservedIpRange: string | null;
  readonly gateway: string | null;
  readonly netmask: string | null;
  readonly startIp: string | null;
  readonly endIp: string | null;
  readonly dns1: string | null;
  readonly dns2: string | null;
  readonly networkDomain: string | null;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly physicalNetworkUuid: string | null;
  readonly offering: {
    readonly uuid: string; readonly name: string; readonly displayText: string; readonly conserveMode: boolean; readonly availability: string;
    readonly specifyVlan: boolean; readonly isPersistent: boolean; readonly egressDefaultPolicy: boolean; readonly supportsVmAutoscaling: boolean;
    readonly redundantRouter: boolean; readonly isDefault: boolean;
  };
  readonly services: readonly { readonly name: ServiceName; readonly providers: readonly string[] }[];
  readonly owner: OwnerView;
  readonly restartRequired: boolean;
  readonly specifyIpRanges: boolean;
  readonly canUseForDeploy: boolean;
  readonly displayNetwork: boolean;
  readonly externalId: string | null;
  readonly publicMtu: number | null;
  readonly privateMtu: number | null;
  readonly vpcUuid: string | null;
  readonly associatedNetworkUuid: string | null;
  readonly associatedNetworkName: string | null;
  readonly tags: readonly TagView[];
  readonly created: string;
}

const DEFAULT_MTU = 1500;

/** The part of a narrowed network CIDR that guest VMs no longer use (CloudStack's reservediprange). */
function reservedRange(n: NetworkRow): string | null {
  if (n.network_cidr === null || n.cidr === null) return null;
  const whole = parseCidr(n.network_cidr);
  const vms = parseCidr(n.cidr);
  if (!whole || !vms) return null;
  const all = hostRange(whole);
  const used = subnetBounds(vms);
  if (used.last < all.end) return `${formatIpv4(used.last + 1)}-${formatIpv4(all.end)}`;
  if (used.first > all.start) return `${formatIpv4(all.start)}-${formatIpv4(used.first - 1)}`;
  return null;
}

/** Builds views for a page of networks, sharing owner and offering lookups. */
export async function networkViews(db: Db, rows: readonly NetworkRow[]): Promise<NetworkView[]> {
  const owners = new OwnerCache(db);
  const out: NetworkView[] = [];
  for (const n of rows) {
    const zone = await db.selectFrom('zones').select(['uuid', 'name', 'dns1', 'dns2']).where('id', '=', n.zone_id).executeTakeFirstOrThrow();
    const o = await db.selectFrom('network_offerings').selectAll().where('id', '=', n.network_offering_id).executeTakeFirstOrThrow();
    const svc = await db.selectFrom('network_offering_services').select(['service', 'provider']).where('network_offering_id', '=', o.id).execute();
    const pn = n.physical_network_id === null ? undefined : await db.selectFrom('physical_networks').select('uuid').where('id', '=', n.physical_network_id).executeTakeFirst();
    const assoc = n.associated_network_id === null ? undefined
      : await db.selectFrom('networks').select(['uuid', 'name']).where('id', '=', n.associated_network_id).executeTakeFirst();
    const tags = await db.selectFrom('resource_tags').select(['key', 'value']).where('resource_type', '=', 'Network').where('resource_id', '=', n.id).orderBy('id').execute();
    const services = NETWORK_SERVICES.filter((s) => svc.some((r) => r.service === s))
      .map((s) => ({ name: s, providers: svc.filter((r) => r.service === s && r.provider).map((r) => r.provider!) }));
    out.push({
      id: n.id, uuid: n.uuid, name: n.name, displayText: n.display_text, state: n.state, guestType: n.guest_type, trafficType: n.traffic_type,
      aclType: n.acl_type, subdomainAccess: n.acl_type === 'Domain' ? n.subdomain_access !== 0 : null, broadcastDomainType: n.broadcast_domain_type,
      broadcastUri: n.vlan === null && n.guest_type !== 'Shared' ? null : guestBroadcastUri(n), vlan: n.vlan, cidr: n.cidr,
      networkCidr: n.network_cidr, reservedIpRange: reservedRange(n), gateway: n.gateway, netmask: n.netmask, startIp: n.ip_start, endIp: n.ip_end,
      dns1: n.dns1 ?? (n.guest_type === 'L2' ? null : zone.dns1), dns2: n.dns2 ?? (n.guest_type === 'L2' ? null : zone.dns2), networkDomain: n.network_domain,
      zoneUuid: zone.uuid, zoneName: zone.name, physicalNetworkUuid: pn?.uuid ?? null,
      offering: {
        uuid: o.uuid, name: o.name, displayText: o.display_text, conserveMode: bool(o.conserve_mode), availability: o.availability,
        specifyVlan: bool(o.specify_vlan), isPersistent: bool(o.is_persistent), egressDefaultPolicy: bool(o.egress_default_policy),
        supportsVmAutoscaling: bool(o.supports_vm_autoscaling), redundantRouter: bool(o.redundant_router), isDefault: bool(o.is_default),
      },
      services, owner: await owners.get(n.account_id), restartRequired: bool(n.restart_required), specifyIpRanges: bool(n.specify_ip_ranges),
      canUseForDeploy: await canUseForDeploy(db, n), displayNetwork: bool(n.display_network), externalId: n.external_id,
      publicMtu: n.guest_type === 'Isolated' ? (n.public_mtu ?? DEFAULT_MTU) : null, privateMtu: n.guest_type === 'L2' ? null : (n.private_mtu ?? DEFAULT_MTU),
      vpcUuid: n.vpc_id === null ? null : ((await db.selectFrom('vpcs').select('uuid').where('id', '=', n.vpc_id).executeTakeFirst())?.uuid ?? null), associatedNetworkUuid: assoc?.uuid ?? null, associatedNetworkName: assoc?.name ?? null, tags, created: n.created,
    });
  }
  return out;
}

/** A network VMs can be deployed into: live, and (unless L2) with a free address left. */
export async function canUseForDeploy(db: Db, n: NetworkRow): Promise<boolean> {
  if (n.removed !== null || n.state === 'Destroy') return false;
  const range = allocationRange(n);
  if (!range) return true;
  const gw = n.gateway === null ? undefined : parseIpv4(n.gateway);
  // The gateway is always taken (the router holds it), whether or not it has a row yet.
  const used = await db.selectFrom('guest_ips').select((eb) => eb.fn.countAll<number>().as('c'))
    .where('network_id', '=', n.id).where('address_num', '>=', range.start).where('address_num', '<=', range.end)
    .where('address_num', '!=', gw ?? -1).executeTakeFirstOrThrow();
  const gatewayInRange = gw !== undefined && gw >= range.start && gw <= range.end ? 1 : 0;
  return rangeSize(range) - Number(used.c) - gatewayInRange > 0;
}
