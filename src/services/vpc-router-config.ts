// Computes a VPC router's desired configuration: the public side and source NAT of the VPC, one
// guest interface per implemented tier with the ACL list it enforces, the private gateways and
// static routes (router-sections.ts). DHCP, DNS, metadata and passwords are the union of the
// tiers', computed by the network routers' own builder per tier so both kinds agree.
import { formatIpv4, parseCidr, parseIpv4, prefixToNetmask } from '../core/ipv4.js';
import { hostRange } from '../core/ipam.js';
import type { Db } from '../db/schema.js';
import type { AclConfig, AclRule, VpcPrivateGateway, VpcStaticRoute, VpcTier } from '../drivers/network/router-sections.js';
import type { DhcpLease, DnsRecord, PasswordEntry, RouterConfig, RouterPublicInterface, StaticNat, VmMetadata } from '../drivers/network/types.js';
import type { RouterRow } from './network-refs.js';
import { buildRouterConfig, guestBroadcastUri } from './router-config.js';
import { liveTiers, vpcById } from './vpc-refs.js';

const DEFAULT_MTU = 1500;
const ipNum = (s: string) => parseIpv4(s) ?? 0;
const byIp = <T>(key: (x: T) => string) => (a: T, b: T) => ipNum(key(a)) - ipNum(key(b));

/** An ACL list as enforced: each direction in evaluation order (rule number). */
export async function aclConfig(db: Db, aclId: number | null): Promise<AclConfig | null> {
  if (aclId === null) return null;
  const acl = await db.selectFrom('network_acl_lists').select(['uuid', 'name']).where('id', '=', aclId).executeTakeFirst();
  if (!acl) return null;
  const items = await db.selectFrom('network_acl_items').selectAll().where('acl_id', '=', aclId).orderBy('number').execute();
  const rule = (i: (typeof items)[number]): AclRule => ({
    id: i.uuid, number: i.number, action: i.action === 'Deny' ? 'deny' : 'allow', protocol: i.protocol, startPort: i.start_port, endPort: i.end_port,
    icmpType: i.icmp_type, icmpCode: i.icmp_code, cidrs: i.cidrs.split(',').filter(Boolean),
  });
  return {
    id: acl.uuid, name: acl.name, ingress: items.filter((i) => i.traffic_type === 'Ingress').map(rule), egress: items.filter((i) => i.traffic_type === 'Egress').map(rule),
  };
}

export async function buildVpcRouterConfig(db: Db, router: RouterRow): Promise<RouterConfig> {
  const vpc = await vpcById(db, router.vpc_id!);
  const zone = await db.selectFrom('zones').select(['dns1', 'dns2']).where('id', '=', vpc.zone_id).executeTakeFirstOrThrow();
  const nics = await db.selectFrom('nics').selectAll().where('vm_type', '=', 'DomainRouter').where('vm_id', '=', router.id).execute();
  const publicNic = nics.find((n) => n.traffic_type === 'Public');

  const tiers: VpcTier[] = [];
  const leases: DhcpLease[] = [];
  const records: DnsRecord[] = [];
  const metadata: VmMetadata[] = [];
  const passwords: PasswordEntry[] = [];
  for (const t of await liveTiers(db, vpc.id)) {
    const nic = nics.find((n) => n.network_id === t.id && n.traffic_type === 'Guest');
    if (!nic || nic.ip4_address === null) continue;
    tiers.push({
      networkKey: t.uuid, broadcastUri: guestBroadcastUri(t), ip: nic.ip4_address, mac: nic.mac_address, cidr: t.cidr ?? '', netmask: t.netmask ?? '',
      mtu: t.private_mtu ?? DEFAULT_MTU, acl: await aclConfig(db, t.acl_id),
    });
    // The network routers' builder, pointed at the tier, yields its leases, names and metadata.
    const perTier = await buildRouterConfig(db, { ...router, network_id: t.id });
    leases.push(...perTier.dhcp.leases);
    records.push(...perTier.dhcp.records);
    metadata.push(...perTier.metadata);
    passwords.push(...perTier.passwords);
  }

  const ips = await db.selectFrom('public_ip_addresses as ip').innerJoin('vlan_ranges as v', 'v.id', 'ip.vlan_range_id')
    .select(['ip.id', 'ip.address', 'ip.source_nat', 'ip.static_nat_vm_ip', 'v.gateway', 'v.netmask', 'v.vlan_tag'])
    .where('ip.vpc_id', '=', vpc.id).where('ip.state', '=', 'Allocated').orderBy('ip.address_num').execute();
  const snat = ips.find((i) => i.source_nat === 1) ?? ips[0];
  const pub: RouterPublicInterface | null = snat && publicNic ? {
    ip: snat.address, mac: publicNic.mac_address, netmask: snat.netmask, gateway: snat.gateway, broadcastUri: snat.vlan_tag,
    aliases: ips.filter((i) => i.id !== snat.id).map((i) => i.address),
  } : null;
  const staticNat: StaticNat[] = ips.filter((i) => i.static_nat_vm_ip !== null).map((i) => ({ publicIp: i.address, guestIp: i.static_nat_vm_ip! }));

  const gws = await db.selectFrom('private_gateways').selectAll().where('vpc_id', '=', vpc.id).orderBy('id').execute();
  const privateGateways: VpcPrivateGateway[] = [];
  for (const g of gws) {
    privateGateways.push({
      id: g.uuid, ip: g.ip_address, gateway: g.gateway, netmask: g.netmask, broadcastUri: `vlan://${g.vlan.replace(/^vlan:\/\//, '')}`,
      sourceNat: g.source_nat === 1, acl: await aclConfig(db, g.acl_id),
    });
  }
  const routes = await db.selectFrom('static_routes as r').leftJoin('private_gateways as g', 'g.id', 'r.gateway_id')
    .select(['r.uuid', 'r.cidr', 'r.next_hop', 'g.gateway']).where('r.vpc_id', '=', vpc.id).orderBy('r.id').execute();
  const staticRoutes: VpcStaticRoute[] = routes.map((r) => ({ id: r.uuid, cidr: r.cidr, nextHop: r.next_hop ?? r.gateway ?? '' }));

  const whole = parseCidr(vpc.cidr);
  const snatIp = snat?.address ?? null;
  return {
    schema: 1,
    routerName: router.name,
    // The VPC as a whole: no interface of its own (see VpcConfig); the tiers are the interfaces.
    guest: {
      networkKey: vpc.uuid, broadcastUri: 'vlan://untagged', ip: tiers[0]?.ip ?? (whole ? formatIpv4(hostRange(whole).start) : ''), mac: '',
      cidr: vpc.cidr, netmask: whole ? prefixToNetmask(whole.prefix) : '', mtu: DEFAULT_MTU,
    },
    public: pub,
    dhcp: {
      domain: vpc.network_domain ?? '', upstream: [vpc.dns1 ?? zone.dns1, vpc.dns2 ?? zone.dns2].filter((x): x is string => !!x),
      leases: leases.sort(byIp((l) => l.ip)), records: records.sort(byIp((r) => r.ip)),
    },
    sourceNat: pub && snatIp ? { publicIp: snatIp, guestCidr: vpc.cidr } : null,
    staticNat: staticNat.sort(byIp((s) => s.publicIp)),
    portForwards: [],
    // VPC tiers are guarded by ACLs; the isolated-network firewall does not apply.
    firewall: { ingress: [], egressDefault: 'allow', egress: [] },
    metadata: metadata.map((m) => ({ ...m, publicIp: m.publicIp ?? snatIp })).sort(byIp((m) => m.guestIp)),
    passwords: passwords.sort(byIp((p) => p.guestIp)),
    vpc: { id: vpc.uuid, cidr: vpc.cidr, tiers, privateGateways, staticRoutes },
  };
}
