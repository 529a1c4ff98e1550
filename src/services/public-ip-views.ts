// Plain views of public IP addresses (CloudStack's IPAddressResponse) and listPublicIpAddresses.
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type OwnerView, type PublicIpRow, OwnerCache, bool } from './network-refs.js';
import type { TagView } from './network-views.js';
import { type Page, applyScope } from './query.js';
import { type ListScope, listScope } from './scope.js';

export interface IpAddressView {
  readonly id: number;
  readonly uuid: string;
  readonly address: string;
  readonly state: string;
  readonly allocated: string | null;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly sourceNat: boolean;
  readonly staticNat: boolean;
  readonly forVirtualNetwork: boolean;
  readonly forSystemVms: boolean;
  readonly vlanUuid: string;
  readonly vlanName: string;
  readonly physicalNetworkUuid: string | null;
  readonly owner: OwnerView | null;
  readonly vm: { readonly uuid: string; readonly name: string; readonly displayName: string; readonly guestIp: string } | null;
  readonly associatedNetworkUuid: string | null;
  readonly associatedNetworkName: string | null;
  readonly forDisplay: boolean;
  readonly hasRules: boolean;
  readonly tags: readonly TagView[];
}

export async function ipViews(db: Db, rows: readonly PublicIpRow[]): Promise<IpAddressView[]> {
  const owners = new OwnerCache(db);
  const out: IpAddressView[] = [];
  for (const ip of rows) {
    const zone = await db.selectFrom('zones').select(['uuid', 'name']).where('id', '=', ip.zone_id).executeTakeFirstOrThrow();
    const v = await db.selectFrom('vlan_ranges as v').leftJoin('physical_networks as p', 'p.id', 'v.physical_network_id')
      .select(['v.uuid', 'v.vlan_tag', 'v.for_virtual_network', 'v.for_system_vms', 'p.uuid as pnUuid']).where('v.id', '=', ip.vlan_range_id).executeTakeFirstOrThrow();
    const net = ip.network_id === null ? undefined : await db.selectFrom('networks').select(['uuid', 'name', 'physical_network_id']).where('id', '=', ip.network_id).executeTakeFirst();
    const pn = v.pnUuid ?? (net?.physical_network_id ? (await db.selectFrom('physical_networks').select('uuid').where('id', '=', net.physical_network_id).executeTakeFirst())?.uuid : undefined);
    const vm = ip.static_nat_vm_id === null ? undefined
      : await db.selectFrom('vms').select(['uuid', 'name', 'display_name']).where('id', '=', ip.static_nat_vm_id).executeTakeFirst();
    const rule = await db.selectFrom('firewall_rules').select('id').where('ip_address_id', '=', ip.id).executeTakeFirst();
    const tags = await db.selectFrom('resource_tags').select(['key', 'value']).where('resource_type', '=', 'PublicIpAddress').where('resource_id', '=', ip.id).orderBy('id').execute();
    out.push({
      id: ip.id, uuid: ip.uuid, address: ip.address, state: ip.state, allocated: ip.allocated, zoneUuid: zone.uuid, zoneName: zone.name,
      sourceNat: bool(ip.source_nat), staticNat: ip.static_nat_vm_id !== null, forVirtualNetwork: bool(v.for_virtual_network), forSystemVms: bool(v.for_system_vms),
      vlanUuid: v.uuid, vlanName: v.vlan_tag, physicalNetworkUuid: pn ?? null, owner: ip.account_id === null ? null : await owners.get(ip.account_id),
      vm: vm ? { uuid: vm.uuid, name: vm.name, displayName: vm.display_name, guestIp: ip.static_nat_vm_ip ?? '' } : null,
      associatedNetworkUuid: net?.uuid ?? null, associatedNetworkName: net?.name ?? null, forDisplay: bool(ip.for_display), hasRules: rule !== undefined || ip.static_nat_vm_id !== null,
      tags,
    });
  }
  return out;
}

export interface IpFilter {
  readonly allocatedOnly?: boolean;
  readonly state?: string;
  readonly forVirtualNetwork?: boolean;
  readonly id?: string;
  readonly ipAddress?: string;
  readonly vlanId?: string;
  readonly zoneId?: string;
  readonly forLoadBalancing?: boolean;
  readonly physicalNetworkId?: string;
  readonly associatedNetworkId?: string;
  readonly networkId?: string;
  readonly isSourceNat?: boolean;
  readonly isStaticNat?: boolean;
  readonly vpcId?: string;
  readonly forDisplay?: boolean;
  readonly forSystemVms?: boolean;
  readonly tags?: readonly Readonly<Record<string, string>>[];
  readonly keyword?: string;
  readonly listall?: boolean;
  readonly domainid?: string;
  readonly account?: string;
  readonly isrecursive?: boolean;
  readonly projectid?: string;
}

/** The list scope as a condition on the address's owner (applyScope's rules, usable inside an OR). */
function scopeCondition(scope: ListScope) {
  if (scope.kind === 'accounts') return scope.accountIds.length ? sql`ip.account_id in (${sql.join(scope.accountIds)})` : sql`1 = 0`;
  if (scope.kind === 'account') return sql`ip.account_id = ${scope.accountId}`;
  return scope.recursive ? sql`od.path like ${`${scope.path}%`}` : sql`od.id = ${scope.domainId}`;
}

export async function listPublicIps(db: Db, caller: Caller, f: IpFilter, page: Page): Promise<{ count: number; items: IpAddressView[] }> {
  const scope = await listScope(db, caller, { listall: f.listall, domainid: f.domainid, account: f.account, isrecursive: f.isrecursive, projectid: f.projectid });
  const idOf = async (table: 'public_ip_addresses' | 'vlan_ranges' | 'zones' | 'physical_networks' | 'networks', v: string, what: string) => {
    const id = await resolveId(db, table, v);
    if (id === undefined) throw invalidParam(`Unable to find ${what} with id ${v}`);
    return id;
  };
  let q = db.selectFrom('public_ip_addresses as ip').innerJoin('vlan_ranges as v', 'v.id', 'ip.vlan_range_id')
    .leftJoin('accounts as a', 'a.id', 'ip.account_id').leftJoin('domains as od', 'od.id', 'a.domain_id');
  if (f.allocatedOnly === false) {
    // Free addresses are no tenant's data: anyone may see what the zone still has (to ask for one).
    q = q.where(sql<boolean>`(ip.state = 'Free' or ${scopeCondition(scope)})`);
  } else {
    q = applyScope(q.where('ip.state', '!=', 'Free'), scope, 'ip.account_id', 'od');
  }
  if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['ip.state']), '=', f.state!.toLowerCase()));
  if (f.forVirtualNetwork !== undefined) q = q.where('v.for_virtual_network', '=', f.forVirtualNetwork ? 1 : 0);
  if (f.forSystemVms !== undefined) q = q.where('v.for_system_vms', '=', f.forSystemVms ? 1 : 0);
  if (f.id !== undefined) q = q.where('ip.id', '=', await idOf('public_ip_addresses', f.id, 'IP address'));
  if (f.ipAddress !== undefined) q = q.where('ip.address', '=', f.ipAddress);
  if (f.vlanId !== undefined) q = q.where('ip.vlan_range_id', '=', await idOf('vlan_ranges', f.vlanId, 'VLAN IP range'));
  if (f.zoneId !== undefined) q = q.where('ip.zone_id', '=', await idOf('zones', f.zoneId, 'zone'));
  if (f.physicalNetworkId !== undefined) {
    const pn = await idOf('physical_networks', f.physicalNetworkId, 'physical network');
    q = q.where((eb) => eb.or([eb('v.physical_network_id', '=', pn), eb.and([eb('v.physical_network_id', 'is', null),
      eb('ip.zone_id', '=', db.selectFrom('physical_networks').select('zone_id').where('id', '=', pn))])]));
  }
  if (f.associatedNetworkId !== undefined) q = q.where('ip.network_id', '=', await idOf('networks', f.associatedNetworkId, 'network'));
  if (f.networkId !== undefined) q = q.where('ip.network_id', '=', await idOf('networks', f.networkId, 'network'));
  if (f.isSourceNat !== undefined) q = q.where('ip.source_nat', '=', f.isSourceNat ? 1 : 0);
  if (f.isStaticNat !== undefined) q = q.where('ip.static_nat_vm_id', f.isStaticNat ? 'is not' : 'is', null);
  // Load balancing arrives with the second networking family; an LB address is one without static NAT.
  if (f.forLoadBalancing === true) q = q.where('ip.static_nat_vm_id', 'is', null);
  // VPCs come with the second networking family too: no address belongs to one yet.
  if (f.vpcId !== undefined) q = q.where(sql<boolean>`1 = 0`);
  if (f.forDisplay !== undefined) q = q.where('ip.for_display', '=', f.forDisplay ? 1 : 0);
  if (f.keyword !== undefined) q = q.where('ip.address', 'like', `%${f.keyword}%`);
  for (const t of f.tags ?? []) {
    const key = t.key ?? t.Key;
    const value = t.value ?? t.Value;
    if (key === undefined) throw invalidParam('Each tags entry needs a key');
    q = q.where(sql<boolean>`exists (select 1 from resource_tags t where t.resource_type = 'PublicIpAddress' and t.resource_id = ip.id and t.key = ${key}${value === undefined ? sql`` : sql` and t.value = ${value}`})`);
  }
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.selectAll('ip').orderBy('ip.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await ipViews(db, rows) };
}
