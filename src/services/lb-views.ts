// Plain views of load-balancing rules (CloudStack's LoadBalancerResponse), their VM members,
// and the lookups the LB commands share.
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db, LbHealthCheckPolicyTable, LbStickinessPolicyTable } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type OwnerView, type RuleRow, OwnerCache, bool, checkOwnerAccess } from './network-refs.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';

export type StickinessRow = Selectable<LbStickinessPolicyTable>;
export type HealthCheckRow = Selectable<LbHealthCheckPolicyTable>;

/** VM states whose addresses no longer receive traffic. */
export const GONE_VM_STATES = ['Destroyed', 'Expunging', 'Expunged', 'Error'];

export interface LoadBalancerView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly description: string | null;
  readonly algorithm: string;
  readonly protocol: string;
  readonly publicIpUuid: string | null;
  readonly publicIp: string | null;
  readonly publicPort: number;
  readonly privatePort: number;
  readonly sourceCidrs: readonly string[];
  readonly networkUuid: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly state: string;
  readonly forDisplay: boolean;
  readonly owner: OwnerView;
}

/** A load-balancing rule: its firewall_rules row with the LB columns. */
export interface LbRule {
  readonly rule: RuleRow;
  readonly name: string;
  readonly description: string | null;
  readonly algorithm: string;
  readonly lbProtocol: string;
}

export async function findLbRule(db: Db, idOrUuid: string): Promise<LbRule> {
  const id = await resolveId(db, 'firewall_rules', idOrUuid);
  const rule = id === undefined ? undefined
    : await db.selectFrom('firewall_rules').selectAll().where('id', '=', id).where('purpose', '=', 'LoadBalancing').executeTakeFirst();
  const lb = rule === undefined ? undefined : await db.selectFrom('load_balancer_rules').selectAll().where('rule_id', '=', rule.id).executeTakeFirst();
  if (!rule || !lb) throw invalidParam(`Unable to find load balancer rule with id ${idOrUuid}`);
  return { rule, name: lb.name, description: lb.description, algorithm: lb.algorithm, lbProtocol: lb.lb_protocol };
}

/** A rule the caller may act on (531 for another account's). */
export async function findLbRuleFor(db: Db, caller: Caller, idOrUuid: string): Promise<LbRule> {
  const lb = await findLbRule(db, idOrUuid);
  await checkOwnerAccess(db, caller, lb.rule.account_id, `load balancer rule ${lb.rule.uuid}`);
  return lb;
}

export async function lbViews(db: Db, ruleIds: readonly number[]): Promise<LoadBalancerView[]> {
  if (ruleIds.length === 0) return [];
  const rows = await db.selectFrom('firewall_rules as r').innerJoin('load_balancer_rules as l', 'l.rule_id', 'r.id')
    .innerJoin('networks as n', 'n.id', 'r.network_id').innerJoin('zones as z', 'z.id', 'n.zone_id')
    .leftJoin('public_ip_addresses as ip', 'ip.id', 'r.ip_address_id')
    .select(['r.id', 'r.uuid', 'r.account_id', 'r.start_port', 'r.dest_start_port', 'r.source_cidrs', 'r.state', 'r.for_display', 'l.name', 'l.description',
      'l.algorithm', 'l.lb_protocol', 'n.uuid as networkUuid', 'z.uuid as zoneUuid', 'z.name as zoneName', 'ip.uuid as ipUuid', 'ip.address as ipAddress'])
    .where('r.id', 'in', [...ruleIds]).execute();
  const owners = new OwnerCache(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: LoadBalancerView[] = [];
  for (const id of ruleIds) {
    const r = byId.get(id);
    if (!r) continue;
    out.push({
      id: r.id, uuid: r.uuid, name: r.name, description: r.description, algorithm: r.algorithm, protocol: r.lb_protocol, publicIpUuid: r.ipUuid,
      publicIp: r.ipAddress, publicPort: r.start_port ?? 0, privatePort: r.dest_start_port ?? 0, sourceCidrs: r.source_cidrs ? r.source_cidrs.split(',') : [],
      networkUuid: r.networkUuid, zoneUuid: r.zoneUuid, zoneName: r.zoneName, state: r.state, forDisplay: bool(r.for_display), owner: await owners.get(r.account_id),
    });
  }
  return out;
}

export interface LbFilter extends ScopeArgs {
  readonly id?: string;
  readonly name?: string;
  readonly publicIpId?: string;
  readonly virtualMachineId?: string;
  readonly zoneId?: string;
  readonly networkId?: string;
  readonly forDisplay?: boolean;
  readonly keyword?: string;
}

async function idOf(db: Db, table: 'firewall_rules' | 'public_ip_addresses' | 'vms' | 'zones' | 'networks', ref: string, what: string): Promise<number> {
  const id = await resolveId(db, table, ref);
  if (id === undefined) throw invalidParam(`Unable to find ${what} with id ${ref}`);
  return id;
}

export async function listLbRules(db: Db, caller: Caller, f: LbFilter, page: Page): Promise<{ count: number; items: LoadBalancerView[] }> {
  const scope = await listScope(db, caller, f);
  let q = db.selectFrom('firewall_rules as r').innerJoin('load_balancer_rules as l', 'l.rule_id', 'r.id')
    .innerJoin('accounts as a', 'a.id', 'r.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id')
    .innerJoin('networks as n', 'n.id', 'r.network_id').where('r.purpose', '=', 'LoadBalancing');
  q = applyScope(q, scope, 'r.account_id', 'od');
  if (f.id !== undefined) q = q.where('r.id', '=', await idOf(db, 'firewall_rules', f.id, 'load balancer rule'));
  if (f.name !== undefined) q = q.where('l.name', '=', f.name);
  if (f.publicIpId !== undefined) q = q.where('r.ip_address_id', '=', await idOf(db, 'public_ip_addresses', f.publicIpId, 'IP address'));
  if (f.zoneId !== undefined) q = q.where('n.zone_id', '=', await idOf(db, 'zones', f.zoneId, 'zone'));
  if (f.networkId !== undefined) q = q.where('r.network_id', '=', await idOf(db, 'networks', f.networkId, 'network'));
  if (f.virtualMachineId !== undefined) {
    const vmId = await idOf(db, 'vms', f.virtualMachineId, 'virtual machine');
    q = q.where(sql<boolean>`exists (select 1 from lb_vm_maps m where m.rule_id = r.id and m.vm_id = ${vmId})`);
  }
  if (f.forDisplay !== undefined) q = q.where('r.for_display', '=', f.forDisplay ? 1 : 0);
  if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('l.name', 'like', `%${f.keyword}%`), eb('l.description', 'like', `%${f.keyword}%`)]));
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.select('r.id').orderBy('r.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await lbViews(db, rows.map((r) => r.id)) };
}

/** A VM behind a rule, with the addresses it is balanced on. */
export interface LbMemberView {
  readonly vmId: number;
  readonly vmUuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly state: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly owner: OwnerView;
  readonly ips: readonly string[];
}

/**
 * The live members of a rule: mapped addresses that still belong to the VM in the rule's
 * network (a released NIC drops its mappings out of every view and config).
 */
export async function liveMembers(db: Db, rule: RuleRow): Promise<{ vmId: number; vmUuid: string; ip: string; state: string }[]> {
  return db.selectFrom('lb_vm_maps as m').innerJoin('vms as v', 'v.id', 'm.vm_id')
    .innerJoin('guest_ips as g', (j) => j.onRef('g.vm_id', '=', 'm.vm_id').onRef('g.address', '=', 'm.vm_ip').on('g.network_id', '=', rule.network_id))
    .select(['m.vm_id as vmId', 'v.uuid as vmUuid', 'm.vm_ip as ip', 'm.state']).where('m.rule_id', '=', rule.id).where('v.removed', 'is', null)
    .where('v.state', 'not in', GONE_VM_STATES).orderBy('m.id').execute();
}

export async function memberViews(db: Db, vmIps: ReadonlyMap<number, readonly string[]>): Promise<LbMemberView[]> {
  if (vmIps.size === 0) return [];
  const vms = await db.selectFrom('vms as v').innerJoin('zones as z', 'z.id', 'v.zone_id')
    .select(['v.id', 'v.uuid', 'v.name', 'v.display_name', 'v.state', 'v.account_id', 'z.uuid as zoneUuid', 'z.name as zoneName'])
    .where('v.id', 'in', [...vmIps.keys()]).orderBy('v.id').execute();
  const owners = new OwnerCache(db);
  const out: LbMemberView[] = [];
  for (const v of vms) {
    out.push({
      vmId: v.id, vmUuid: v.uuid, name: v.name, displayName: v.display_name, state: v.state, zoneUuid: v.zoneUuid, zoneName: v.zoneName,
      owner: await owners.get(v.account_id), ips: vmIps.get(v.id) ?? [],
    });
  }
  return out;
}

export interface StickinessPolicyView {
  readonly uuid: string;
  readonly name: string;
  readonly method: string;
  readonly description: string | null;
  readonly state: string;
  readonly forDisplay: boolean;
  readonly params: Readonly<Record<string, string>>;
}

export interface HealthCheckPolicyView {
  readonly uuid: string;
  readonly pingPath: string;
  readonly description: string | null;
  readonly state: string;
  readonly responseTime: number;
  readonly interval: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly forDisplay: boolean;
}

/** A rule with its policies, as LBStickinessResponse and LBHealthCheckResponse print it. */
export interface LbPoliciesView<P> {
  readonly ruleUuid: string;
  readonly ruleName: string;
  readonly description: string | null;
  readonly zoneUuid: string;
  readonly owner: OwnerView;
  readonly state: string;
  readonly policies: readonly P[];
}

export const stickinessView = (p: StickinessRow): StickinessPolicyView => ({
  uuid: p.uuid, name: p.name, method: p.method, description: p.description, state: p.state, forDisplay: bool(p.for_display),
  params: JSON.parse(p.params) as Record<string, string>,
});

export const healthCheckView = (p: HealthCheckRow): HealthCheckPolicyView => ({
  uuid: p.uuid, pingPath: p.ping_path, description: p.description, state: p.state, responseTime: p.response_time, interval: p.interval_time,
  healthyThreshold: p.healthy_threshold, unhealthyThreshold: p.unhealthy_threshold, forDisplay: bool(p.for_display),
});

export async function policiesView<P>(db: Db, lb: LbRule, policies: readonly P[]): Promise<LbPoliciesView<P>> {
  const v = (await lbViews(db, [lb.rule.id]))[0]!;
  return { ruleUuid: v.uuid, ruleName: v.name, description: v.description, zoneUuid: v.zoneUuid, owner: v.owner, state: v.state, policies };
}
