// listNetworks (NetworkServiceImpl.searchForNetworks): the networks an owner scope holds plus
// the shared networks offered to its domain (or, with subdomain access, to a domain above it).
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { findService } from '../core/network-services.js';
import type { Db } from '../db/schema.js';
import { parseGuestVlan } from './network-create.js';
import { type NetworkRow } from './network-refs.js';
import { type NetworkView, canUseForDeploy, networkViews } from './network-views.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import { type ListScope, listScope } from './scope.js';

export interface NetworkFilter {
  readonly id?: string;
  readonly name?: string;
  readonly zoneId?: string;
  readonly type?: string;
  readonly isSystem?: boolean;
  readonly aclType?: string;
  readonly trafficType?: string;
  readonly physicalNetworkId?: string;
  readonly supportedServices?: readonly string[];
  readonly restartRequired?: boolean;
  readonly specifyIpRanges?: boolean;
  readonly vpcId?: string;
  readonly canUseForDeploy?: boolean;
  readonly forVpc?: boolean;
  readonly displayNetwork?: boolean;
  readonly networkOfferingId?: string;
  readonly associatedNetworkId?: string;
  readonly networkFilter?: string;
  readonly tags?: readonly Readonly<Record<string, string>>[];
  readonly vlan?: string;
  readonly keyword?: string;
  readonly listall?: boolean;
  readonly domainid?: string;
  readonly account?: string;
  readonly isrecursive?: boolean;
  readonly projectid?: string;
}

const FILTERS = ['all', 'account', 'domain', 'accountdomain', 'shared'] as const;

/** The visibility condition of a scope, over `n` (networks), `od` (owner's domain) and `nd` (network's domain). */
function visible(scope: ListScope, filter: (typeof FILTERS)[number]) {
  const wantAccount = filter !== 'domain';
  const wantDomain = filter !== 'account';
  const parts = [];
  if (scope.kind === 'accounts') {
    return scope.accountIds.length ? sql<boolean>`(n.acl_type = 'Account' and n.account_id in (${sql.join(scope.accountIds)}))` : sql<boolean>`1 = 0`;
  }
  if (scope.kind === 'account') {
    if (wantAccount) parts.push(sql`(n.acl_type = 'Account' and n.account_id = ${scope.accountId})`);
    if (wantDomain) {
      const mine = sql`(select d2.path from accounts a2 join domains d2 on d2.id = a2.domain_id where a2.id = ${scope.accountId})`;
      parts.push(sql`(n.acl_type = 'Domain' and (nd.path = ${mine} or (n.subdomain_access = 1 and ${mine} like nd.path || '%')))`);
    }
  } else {
    const ownDomains = scope.recursive ? sql`od.path like ${`${scope.path}%`}` : sql`od.id = ${scope.domainId}`;
    const netDomains = scope.recursive ? sql`nd.path like ${`${scope.path}%`}` : sql`nd.id = ${scope.domainId}`;
    if (wantAccount) parts.push(sql`(n.acl_type = 'Account' and ${ownDomains})`);
    if (wantDomain) parts.push(sql`(n.acl_type = 'Domain' and (${netDomains} or (n.subdomain_access = 1 and ${scope.path} like nd.path || '%')))`);
  }
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`1 = 0`;
}

export async function listNetworks(db: Db, caller: Caller, f: NetworkFilter, page: Page): Promise<{ count: number; items: NetworkView[] }> {
  const filter = (f.networkFilter ?? 'all').toLowerCase() as (typeof FILTERS)[number];
  if (!FILTERS.includes(filter)) throw invalidParam(`Invalid networkfilter ${f.networkFilter}: it must be one of All, Account, Domain, AccountDomain, Shared`);
  const scope = await listScope(db, caller, { listall: f.listall, domainid: f.domainid, account: f.account, isrecursive: f.isrecursive, projectid: f.projectid });
  let q = db.selectFrom('networks as n').innerJoin('accounts as a', 'a.id', 'n.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id')
    // With projectid CloudStack lists the project's own networks, not the shared ones offered to its domain.
    .innerJoin('domains as nd', 'nd.id', 'n.domain_id').where('n.removed', 'is', null)
    .where(visible(scope, f.projectid !== undefined && filter === 'all' ? 'account' : filter));
  const idOf = async (table: 'networks' | 'zones' | 'physical_networks' | 'network_offerings', v: string, what: string) => {
    const id = await resolveId(db, table, v);
    if (id === undefined) throw invalidParam(`Unable to find ${what} with id ${v}`);
    return id;
  };
  if (filter === 'shared') q = q.where('n.guest_type', '=', 'Shared');
  if (f.id !== undefined) q = q.where('n.id', '=', await idOf('networks', f.id, 'network'));
  if (f.name !== undefined) q = q.where('n.name', '=', f.name);
  if (f.zoneId !== undefined) q = q.where('n.zone_id', '=', await idOf('zones', f.zoneId, 'zone'));
  if (f.type !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['n.guest_type']), '=', f.type!.toLowerCase()));
  // Nubo has no system networks (public, management, storage are not modelled as networks).
  if (f.isSystem === true) q = q.where(sql<boolean>`1 = 0`);
  if (f.aclType !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['n.acl_type']), '=', f.aclType!.toLowerCase()));
  if (f.trafficType !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['n.traffic_type']), '=', f.trafficType!.toLowerCase()));
  if (f.physicalNetworkId !== undefined) q = q.where('n.physical_network_id', '=', await idOf('physical_networks', f.physicalNetworkId, 'physical network'));
  if (f.restartRequired !== undefined) q = q.where('n.restart_required', '=', f.restartRequired ? 1 : 0);
  if (f.specifyIpRanges !== undefined) q = q.where('n.specify_ip_ranges', '=', f.specifyIpRanges ? 1 : 0);
  // VPCs come with the second networking family; until then no network belongs to one.
  // VPC tiers (the VPC family's): those of one VPC, or tiers / non-tiers with forvpc.
  if (f.vpcId !== undefined) q = q.where('n.vpc_id', '=', (await resolveId(db, 'vpcs', f.vpcId)) ?? -1);
  if (f.forVpc !== undefined) q = q.where('n.vpc_id', f.forVpc ? 'is not' : 'is', null);
  if (f.displayNetwork !== undefined) q = q.where('n.display_network', '=', f.displayNetwork ? 1 : 0);
  if (f.networkOfferingId !== undefined) q = q.where('n.network_offering_id', '=', await idOf('network_offerings', f.networkOfferingId, 'network offering'));
  if (f.associatedNetworkId !== undefined) q = q.where('n.associated_network_id', '=', await idOf('networks', f.associatedNetworkId, 'network'));
  if (f.vlan !== undefined) {
    const v = parseGuestVlan(f.vlan);
    q = v === 'untagged' ? q.where('n.vlan', 'is', null) : q.where('n.vlan', '=', String(v));
  }
  if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('n.name', 'like', `%${f.keyword}%`), eb('n.display_text', 'like', `%${f.keyword}%`)]));
  for (const name of f.supportedServices ?? []) {
    const service = findService(name);
    if (!service) throw invalidParam(`Invalid service specified ${name}`);
    q = q.where(sql<boolean>`exists (select 1 from network_offering_services s where s.network_offering_id = n.network_offering_id and s.service = ${service})`);
  }
  for (const t of f.tags ?? []) {
    const key = t.key ?? t.Key;
    const value = t.value ?? t.Value;
    if (key === undefined) throw invalidParam('Each tags entry needs a key');
    q = q.where(sql<boolean>`exists (select 1 from resource_tags t where t.resource_type = 'Network' and t.resource_id = n.id and t.key = ${key}${value === undefined ? sql`` : sql` and t.value = ${value}`})`);
  }
  let rows = await q.selectAll('n').orderBy('n.id').execute();
  // canusefordeploy depends on free addresses, so it is decided per network.
  if (f.canUseForDeploy !== undefined) {
    const keep: NetworkRow[] = [];
    for (const r of rows) if ((await canUseForDeploy(db, r)) === f.canUseForDeploy) keep.push(r);
    rows = keep;
  }
  return { count: rows.length, items: await networkViews(db, rows.slice(page.offset, page.offset + page.limit)) };
}
