// Computes a virtual router's desired configuration from the database: everything the router
// of one guest network must do, as the network driver consumes it (src/drivers/network/types.ts).
// Lists are sorted so the same database state always gives the same config (and hash).
import { createHash } from 'node:crypto';
import { parseIpv4 } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import type {
  DhcpLease, EgressRule, IngressRule, PasswordEntry, PortForward, RouterConfig, RouterPublicInterface, StaticNat, VmMetadata,
} from '../drivers/network/types.js';
import type { RouterRow } from './network-refs.js';

const DEFAULT_MTU = 1500;
const byIp = (a: { ip?: string; guestIp?: string }, b: { ip?: string; guestIp?: string }) =>
  (parseIpv4(a.ip ?? a.guestIp ?? '') ?? 0) - (parseIpv4(b.ip ?? b.guestIp ?? '') ?? 0);
const cidrs = (s: string | null) => (s ? s.split(',').filter(Boolean) : []);

export function configHash(c: RouterConfig): string {
  return hashText(JSON.stringify(c));
}

/** The hash of a config already serialised (saves serialising it twice). */
export const hashText = (json: string): string => createHash('sha256').update(json).digest('hex');

/** VM states whose NICs no longer get DHCP, DNS or metadata. */
const GONE = ['Destroyed', 'Expunging', 'Expunged', 'Error'];

export async function buildRouterConfig(db: Db, router: RouterRow): Promise<RouterConfig> {
  const n = await db.selectFrom('networks').selectAll().where('id', '=', router.network_id!).executeTakeFirstOrThrow();
  const zone = await db.selectFrom('zones').select(['name', 'dns1', 'dns2']).where('id', '=', n.zone_id).executeTakeFirstOrThrow();
  const offering = await db.selectFrom('network_offerings').select(['egress_default_policy']).where('id', '=', n.network_offering_id).executeTakeFirstOrThrow();
  const services = new Set((await db.selectFrom('network_offering_services').select('service').where('network_offering_id', '=', n.network_offering_id).execute()).map((s) => s.service));
  const routerNics = await db.selectFrom('nics').selectAll().where('vm_type', '=', 'DomainRouter').where('vm_id', '=', router.id).execute();
  const guestNic = routerNics.find((x) => x.traffic_type === 'Guest');
  const publicNic = routerNics.find((x) => x.traffic_type === 'Public');

  const ips = await db.selectFrom('public_ip_addresses as ip').innerJoin('vlan_ranges as v', 'v.id', 'ip.vlan_range_id')
    .select(['ip.id', 'ip.address', 'ip.address_num', 'ip.source_nat', 'ip.static_nat_vm_ip', 'v.gateway', 'v.netmask', 'v.vlan_tag'])
    .where('ip.network_id', '=', n.id).where('ip.state', '=', 'Allocated').orderBy('ip.address_num').execute();
  const sourceNatIp = services.has('SourceNat') ? ips.find((i) => i.source_nat === 1) : undefined;
  let pub: RouterPublicInterface | null = null;
  const publicSide = sourceNatIp ?? ips[0];
  if (publicSide && publicNic) {
    pub = {
      ip: publicSide.address, mac: publicNic.mac_address, netmask: publicSide.netmask, gateway: publicSide.gateway, broadcastUri: publicSide.vlan_tag,
      aliases: ips.filter((i) => i.id !== publicSide.id).map((i) => i.address),
    };
  }
  const ipById = new Map(ips.map((i) => [i.id, i.address]));

  const vmNics = await db.selectFrom('nics as c').innerJoin('vms as v', 'v.id', 'c.vm_id')
    .leftJoin('service_offerings as so', 'so.id', 'v.service_offering_id')
    .select(['c.id', 'c.mac_address', 'c.ip4_address', 'c.is_default', 'v.id as vmId', 'v.uuid as vmUuid', 'v.name', 'v.instance_name', 'v.user_data',
      'v.password', 'so.name as offeringName'])
    .where('c.vm_type', '=', 'User').where('c.network_id', '=', n.id).where('v.removed', 'is', null).where('v.state', 'not in', GONE)
    .where('c.ip4_address', 'is not', null).execute();

  const leases: DhcpLease[] = vmNics.map((c) => ({ mac: c.mac_address, ip: c.ip4_address!, hostname: c.name, defaultGateway: c.is_default === 1 }));
  leases.sort(byIp);
  const staticNat: StaticNat[] = ips.filter((i) => i.static_nat_vm_ip !== null).map((i) => ({ publicIp: i.address, guestIp: i.static_nat_vm_ip! }));
  staticNat.sort((a, b) => byIp({ ip: a.publicIp }, { ip: b.publicIp }));

  const rules = await db.selectFrom('firewall_rules').selectAll().where('network_id', '=', n.id).where('state', '!=', 'Revoke').orderBy('id').execute();
  const portForwards: PortForward[] = rules.filter((r) => r.purpose === 'PortForwarding' && r.ip_address_id !== null).map((r) => ({
    id: r.uuid, publicIp: ipById.get(r.ip_address_id!) ?? '', protocol: r.protocol as 'tcp' | 'udp', publicStartPort: r.start_port!, publicEndPort: r.end_port!,
    guestIp: r.vm_guest_ip!, guestStartPort: r.dest_start_port!, guestEndPort: r.dest_end_port!, sourceCidrs: cidrs(r.source_cidrs),
  }));
  const fw = (r: (typeof rules)[number]) => ({
    id: r.uuid, protocol: r.protocol as IngressRule['protocol'], startPort: r.start_port, endPort: r.end_port,
    icmpType: r.protocol === 'icmp' ? r.icmp_type : null, icmpCode: r.protocol === 'icmp' ? r.icmp_code : null, sourceCidrs: cidrs(r.source_cidrs),
  });
  const ingress: IngressRule[] = rules.filter((r) => r.purpose === 'Firewall' && r.traffic_type === 'Ingress' && r.ip_address_id !== null)
    .map((r) => ({ ...fw(r), publicIp: ipById.get(r.ip_address_id!) ?? '' }));
  const egress: EgressRule[] = rules.filter((r) => r.purpose === 'Firewall' && r.traffic_type === 'Egress').map((r) => ({ ...fw(r), destCidrs: cidrs(r.dest_cidrs) }));

  // The compute family keeps a VM's public keys in its details (one per line), beside the key pair names.
  const keyRows = vmNics.length
    ? await db.selectFrom('vm_details').select(['vm_id', 'value']).where('name', '=', 'SSH.PublicKey').where('vm_id', 'in', vmNics.map((c) => c.vmId)).execute()
    : [];
  const keysOf = (vmId: number) => keyRows.filter((k) => k.vm_id === vmId).flatMap((k) => k.value.split('\n')).map((x) => x.trim()).filter(Boolean);
  const metadata: VmMetadata[] = vmNics.map((c) => ({
    guestIp: c.ip4_address!, mac: c.mac_address, instanceId: c.instance_name, vmId: c.vmUuid, localHostname: c.name,
    serviceOffering: c.offeringName ?? '', availabilityZone: zone.name,
    publicIp: ips.find((i) => i.static_nat_vm_ip === c.ip4_address)?.address ?? sourceNatIp?.address ?? null,
    userData: c.user_data, publicKeys: keysOf(c.vmId),
  }));
  metadata.sort(byIp);
  const passwords: PasswordEntry[] = vmNics.filter((c) => c.password !== null && c.password !== '').map((c) => ({ guestIp: c.ip4_address!, password: c.password! }));
  passwords.sort(byIp);

  return {
    schema: 1,
    routerName: router.name,
    guest: {
      networkKey: n.uuid, broadcastUri: guestBroadcastUri(n), ip: guestNic?.ip4_address ?? n.gateway ?? '', mac: guestNic?.mac_address ?? '',
      cidr: n.network_cidr ?? n.cidr ?? '', netmask: n.netmask ?? '', mtu: n.private_mtu ?? DEFAULT_MTU,
    },
    public: pub,
    dhcp: {
      domain: n.network_domain ?? '', upstream: [n.dns1 ?? zone.dns1, n.dns2 ?? zone.dns2].filter((x): x is string => !!x),
      leases, records: leases.map((l) => ({ name: l.hostname, ip: l.ip })),
    },
    sourceNat: sourceNatIp && pub ? { publicIp: sourceNatIp.address, guestCidr: n.network_cidr ?? n.cidr ?? '' } : null,
    staticNat,
    portForwards,
    firewall: { ingress, egressDefault: offering.egress_default_policy === 1 ? 'allow' : 'deny', egress },
    metadata,
    passwords,
  };
}

export function guestBroadcastUri(n: { broadcast_domain_type: string; vlan: string | null }): string {
  if (n.vlan === null) return 'vlan://untagged';
  return n.broadcast_domain_type === 'Vxlan' ? `vxlan://${n.vlan}` : `vlan://${n.vlan}`;
}
