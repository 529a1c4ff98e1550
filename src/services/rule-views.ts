// Plain views of firewall, egress and port forwarding rules, and their list commands
// (listFirewallRules, listEgressFirewallRules, listPortForwardingRules, listIpForwardingRules).
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type RuleRow, bool, checkOwnerAccess } from './network-refs.js';
import type { TagView } from './network-views.js';
import { type Page, applyScope } from './query.js';
import { listScope } from './scope.js';

export interface RuleView {
  readonly id: number;
  readonly uuid: string;
  readonly purpose: string;
  readonly trafficType: string;
  readonly protocol: string;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  readonly sourceCidrs: readonly string[];
  readonly destCidrs: readonly string[];
  readonly state: string;
  readonly forDisplay: boolean;
  readonly ipAddressUuid: string | null;
  readonly ipAddress: string | null;
  readonly networkUuid: string;
  /** Port forwarding: the target. */
  readonly vm: { readonly uuid: string; readonly name: string; readonly displayName: string } | null;
  readonly vmGuestIp: string | null;
  readonly privateStartPort: number | null;
  readonly privateEndPort: number | null;
  readonly tags: readonly TagView[];
}

/** CloudStack's rule states: Add while being applied, Active once on the router. */
export async function ruleViews(db: Db, rows: readonly RuleRow[]): Promise<RuleView[]> {
  const out: RuleView[] = [];
  for (const r of rows) {
    const ip = r.ip_address_id === null ? undefined : await db.selectFrom('public_ip_addresses').select(['uuid', 'address']).where('id', '=', r.ip_address_id).executeTakeFirst();
    const net = await db.selectFrom('networks').select('uuid').where('id', '=', r.network_id).executeTakeFirstOrThrow();
    const vm = r.vm_id === null ? undefined : await db.selectFrom('vms').select(['uuid', 'name', 'display_name']).where('id', '=', r.vm_id).executeTakeFirst();
    const tagType = r.purpose === 'PortForwarding' ? 'PortForwardingRule' : 'FirewallRule';
    const tags = await db.selectFrom('resource_tags').select(['key', 'value']).where('resource_type', '=', tagType).where('resource_id', '=', r.id).orderBy('id').execute();
    out.push({
      id: r.id, uuid: r.uuid, purpose: r.purpose, trafficType: r.traffic_type, protocol: r.protocol, startPort: r.start_port, endPort: r.end_port,
      icmpType: r.icmp_type, icmpCode: r.icmp_code, sourceCidrs: r.source_cidrs ? r.source_cidrs.split(',') : [], destCidrs: r.dest_cidrs ? r.dest_cidrs.split(',') : [],
      state: r.state, forDisplay: bool(r.for_display), ipAddressUuid: ip?.uuid ?? null, ipAddress: ip?.address ?? null, networkUuid: net.uuid,
      vm: vm ? { uuid: vm.uuid, name: vm.name, displayName: vm.display_name } : null, vmGuestIp: r.vm_guest_ip, privateStartPort: r.dest_start_port,
      privateEndPort: r.dest_end_port, tags,
    });
  }
  return out;
}

export interface RuleFilter {
  readonly id?: string;
  readonly ipAddressId?: string;
  readonly networkId?: string;
  readonly virtualMachineId?: string;
  readonly forDisplay?: boolean;
  readonly tags?: readonly Readonly<Record<string, string>>[];
  readonly keyword?: string;
  readonly listall?: boolean;
  readonly domainid?: string;
  readonly account?: string;
  readonly isrecursive?: boolean;
  readonly projectid?: string;
}

/** Lists rules of one purpose and direction in the caller's scope; an address or network filter is access-checked. */
export async function listRules(db: Db, caller: Caller, kind: { purpose: string; trafficType: string }, f: RuleFilter, page: Page): Promise<{ count: number; items: RuleView[] }> {
  const scope = await listScope(db, caller, { listall: f.listall, domainid: f.domainid, account: f.account, isrecursive: f.isrecursive, projectid: f.projectid });
  let q = db.selectFrom('firewall_rules as r').innerJoin('accounts as a', 'a.id', 'r.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id')
    .where('r.purpose', '=', kind.purpose).where('r.traffic_type', '=', kind.trafficType);
  // Naming one address or network shows its rules to whoever may act on it; otherwise the list scope decides.
  let scoped = false;
  if (f.ipAddressId !== undefined) {
    const id = await resolveId(db, 'public_ip_addresses', f.ipAddressId);
    const ip = id === undefined ? undefined : await db.selectFrom('public_ip_addresses').select(['id', 'account_id', 'address']).where('id', '=', id).executeTakeFirst();
    if (!ip) throw invalidParam(`Unable to find IP address with id ${f.ipAddressId}`);
    if (ip.account_id !== null) await checkOwnerAccess(db, caller, ip.account_id, `IP address ${ip.address}`);
    q = q.where('r.ip_address_id', '=', ip.id);
    scoped = ip.account_id !== null;
  }
  if (f.networkId !== undefined) {
    const id = await resolveId(db, 'networks', f.networkId);
    const n = id === undefined ? undefined : await db.selectFrom('networks').select(['id', 'account_id', 'uuid']).where('id', '=', id).executeTakeFirst();
    if (!n) throw invalidParam(`Unable to find network with id ${f.networkId}`);
    await checkOwnerAccess(db, caller, n.account_id, `network ${n.uuid}`);
    q = q.where('r.network_id', '=', n.id);
    scoped = true;
  }
  if (!scoped || f.account !== undefined || f.domainid !== undefined || f.projectid !== undefined) q = applyScope(q, scope, 'r.account_id', 'od');
  if (f.id !== undefined) {
    const id = await resolveId(db, 'firewall_rules', f.id);
    if (id === undefined) throw invalidParam(`Unable to find rule with id ${f.id}`);
    q = q.where('r.id', '=', id);
  }
  if (f.virtualMachineId !== undefined) {
    const id = await resolveId(db, 'vms', f.virtualMachineId);
    if (id === undefined) throw invalidParam(`Unable to find virtual machine with id ${f.virtualMachineId}`);
    q = q.where('r.vm_id', '=', id);
  }
  if (f.forDisplay !== undefined) q = q.where('r.for_display', '=', f.forDisplay ? 1 : 0);
  if (f.keyword !== undefined) q = q.where('r.protocol', 'like', `%${f.keyword}%`);
  const tagType = kind.purpose === 'PortForwarding' ? 'PortForwardingRule' : 'FirewallRule';
  for (const t of f.tags ?? []) {
    const key = t.key ?? t.Key;
    const value = t.value ?? t.Value;
    if (key === undefined) throw invalidParam('Each tags entry needs a key');
    q = q.where(sql<boolean>`exists (select 1 from resource_tags t where t.resource_type = ${tagType} and t.resource_id = r.id and t.key = ${key}${value === undefined ? sql`` : sql` and t.value = ${value}`})`);
  }
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.selectAll('r').orderBy('r.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await ruleViews(db, rows) };
}
