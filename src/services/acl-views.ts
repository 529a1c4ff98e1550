// Plain views of network ACL lists and their rules, and their list commands. The default lists
// (no VPC) are visible to everybody; a VPC's lists to whoever may see the VPC.
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { bool, findNetworkFor } from './network-refs.js';
import type { Page } from './query.js';
import { type ListScope, type ScopeArgs, listScope } from './scope.js';
import { findVpcFor } from './vpc-refs.js';

export interface AclListView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly description: string | null;
  readonly vpcUuid: string | null;
  readonly vpcName: string | null;
  readonly forDisplay: boolean;
}

export interface AclItemView {
  readonly id: number;
  readonly uuid: string;
  readonly number: number;
  readonly action: string;
  readonly trafficType: string;
  readonly protocol: string;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  readonly cidrs: readonly string[];
  readonly state: string;
  readonly forDisplay: boolean;
  readonly reason: string | null;
  readonly aclUuid: string;
  readonly aclName: string;
}

export async function aclListViews(db: Db, ids: readonly number[]): Promise<AclListView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('network_acl_lists as l').leftJoin('vpcs as v', 'v.id', 'l.vpc_id')
    .select(['l.id', 'l.uuid', 'l.name', 'l.description', 'l.for_display', 'v.uuid as vpcUuid', 'v.name as vpcName']).where('l.id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, uuid: r.uuid, name: r.name, description: r.description, vpcUuid: r.vpcUuid, vpcName: r.vpcName, forDisplay: bool(r.for_display) }] : [];
  });
}

export async function aclItemViews(db: Db, ids: readonly number[]): Promise<AclItemView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('network_acl_items as i').innerJoin('network_acl_lists as l', 'l.id', 'i.acl_id')
    .selectAll('i').select(['l.uuid as aclUuid', 'l.name as aclName']).where('i.id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id: r.id, uuid: r.uuid, number: r.number, action: r.action, trafficType: r.traffic_type, protocol: r.protocol, startPort: r.start_port, endPort: r.end_port,
      icmpType: r.icmp_type, icmpCode: r.icmp_code, cidrs: r.cidrs.split(',').filter(Boolean), state: r.state, forDisplay: bool(r.for_display), reason: r.reason,
      aclUuid: r.aclUuid, aclName: r.aclName,
    }];
  });
}

/** Restricts to default lists plus the lists of VPCs in the scope (`l` lists, `v` VPCs, `vd` their owners' domains). */
function visible(scope: ListScope): ReturnType<typeof sql<boolean>> {
  if (scope.kind === 'accounts') {
    return scope.accountIds.length ? sql<boolean>`(l.vpc_id is null or v.account_id in (${sql.join(scope.accountIds)}))` : sql<boolean>`l.vpc_id is null`;
  }
  if (scope.kind === 'account') return sql<boolean>`(l.vpc_id is null or v.account_id = ${scope.accountId})`;
  if (scope.recursive) return sql<boolean>`(l.vpc_id is null or vd.path like ${`${scope.path}%`})`;
  return sql<boolean>`(l.vpc_id is null or vd.id = ${scope.domainId})`;
}

export interface AclListFilter extends ScopeArgs {
  readonly id?: string;
  readonly networkId?: string;
  readonly vpcId?: string;
  readonly name?: string;
  readonly forDisplay?: boolean;
  readonly keyword?: string;
}

export async function listAclLists(db: Db, caller: Caller, f: AclListFilter, page: Page): Promise<{ count: number; items: AclListView[] }> {
  const scope = await listScope(db, caller, f);
  let q = db.selectFrom('network_acl_lists as l').leftJoin('vpcs as v', 'v.id', 'l.vpc_id').leftJoin('accounts as va', 'va.id', 'v.account_id')
    .leftJoin('domains as vd', 'vd.id', 'va.domain_id').where(visible(scope)).where((eb) => eb.or([eb('l.vpc_id', 'is', null), eb('v.removed', 'is', null)]));
  if (f.id !== undefined) {
    const id = await resolveId(db, 'network_acl_lists', f.id);
    if (id === undefined) throw invalidParam(`Unable to find network ACL list with id ${f.id}`);
    q = q.where('l.id', '=', id);
  }
  if (f.vpcId !== undefined) {
    const vpc = await findVpcFor(db, caller, f.vpcId);
    q = q.where((eb) => eb.or([eb('l.vpc_id', '=', vpc.id), eb('l.vpc_id', 'is', null)]));
  }
  if (f.networkId !== undefined) {
    const n = await findNetworkFor(db, caller, f.networkId);
    q = n.acl_id === null ? q.where(sql<boolean>`1 = 0`) : q.where('l.id', '=', n.acl_id);
  }
  if (f.name !== undefined) q = q.where('l.name', '=', f.name);
  if (f.forDisplay !== undefined) q = q.where('l.for_display', '=', f.forDisplay ? 1 : 0);
  if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('l.name', 'like', `%${f.keyword}%`), eb('l.description', 'like', `%${f.keyword}%`)]));
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.select('l.id').orderBy('l.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await aclListViews(db, rows.map((r) => r.id)) };
}

export interface AclItemFilter extends ScopeArgs {
  readonly id?: string;
  readonly networkId?: string;
  readonly aclId?: string;
  readonly trafficType?: string;
  readonly protocol?: string;
  readonly action?: string;
  readonly forDisplay?: boolean;
  readonly keyword?: string;
}

export async function listAclItems(db: Db, caller: Caller, f: AclItemFilter, page: Page): Promise<{ count: number; items: AclItemView[] }> {
  const scope = await listScope(db, caller, f);
  let q = db.selectFrom('network_acl_items as i').innerJoin('network_acl_lists as l', 'l.id', 'i.acl_id').leftJoin('vpcs as v', 'v.id', 'l.vpc_id')
    .leftJoin('accounts as va', 'va.id', 'v.account_id').leftJoin('domains as vd', 'vd.id', 'va.domain_id').where(visible(scope));
  if (f.id !== undefined) {
    const id = await resolveId(db, 'network_acl_items', f.id);
    if (id === undefined) throw invalidParam(`Unable to find network ACL rule with id ${f.id}`);
    q = q.where('i.id', '=', id);
  }
  if (f.aclId !== undefined) {
    const id = await resolveId(db, 'network_acl_lists', f.aclId);
    if (id === undefined) throw invalidParam(`Unable to find network ACL list with id ${f.aclId}`);
    q = q.where('i.acl_id', '=', id);
  }
  if (f.networkId !== undefined) {
    const n = await findNetworkFor(db, caller, f.networkId);
    q = n.acl_id === null ? q.where(sql<boolean>`1 = 0`) : q.where('i.acl_id', '=', n.acl_id);
  }
  if (f.trafficType !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['i.traffic_type']), '=', f.trafficType!.toLowerCase()));
  if (f.protocol !== undefined) q = q.where('i.protocol', '=', f.protocol.toLowerCase());
  if (f.action !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['i.action']), '=', f.action!.toLowerCase()));
  if (f.forDisplay !== undefined) q = q.where('i.for_display', '=', f.forDisplay ? 1 : 0);
  if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('i.protocol', 'like', `%${f.keyword}%`), eb('i.reason', 'like', `%${f.keyword}%`)]));
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.select('i.id').orderBy('i.acl_id').orderBy('i.number').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await aclItemViews(db, rows.map((r) => r.id)) };
}
