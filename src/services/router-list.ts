// listRouters (admins): routers in the caller's scope, by owner, place, network and state.
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type Page, applyScope } from './query.js';
import { type RouterView, routerView } from './router-views.js';
import { listScope } from './scope.js';

export interface RouterFilter {
  readonly id?: string;
  readonly name?: string;
  readonly state?: string;
  readonly zoneId?: string;
  readonly podId?: string;
  readonly hostId?: string;
  readonly clusterId?: string;
  readonly networkId?: string;
  readonly vpcId?: string;
  readonly forVpc?: boolean;
  readonly version?: string;
  readonly healthChecksFailed?: boolean;
  readonly arch?: string;
  readonly keyword?: string;
  readonly listall?: boolean;
  readonly domainid?: string;
  readonly account?: string;
  readonly isrecursive?: boolean;
  readonly projectid?: string;
}

export async function listRouters(db: Db, caller: Caller, f: RouterFilter, page: Page): Promise<{ count: number; items: RouterView[] }> {
  const scope = await listScope(db, caller, { listall: f.listall, domainid: f.domainid, account: f.account, isrecursive: f.isrecursive, projectid: f.projectid });
  let q = applyScope(db.selectFrom('routers as r').innerJoin('accounts as a', 'a.id', 'r.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id')
    .where('r.removed', 'is', null), scope, 'r.account_id', 'od');
  const idOf = async (table: 'routers' | 'zones' | 'pods' | 'hosts' | 'clusters' | 'networks', v: string, what: string) => {
    const id = await resolveId(db, table, v);
    if (id === undefined) throw invalidParam(`Unable to find ${what} with id ${v}`);
    return id;
  };
  if (f.id !== undefined) q = q.where('r.id', '=', await idOf('routers', f.id, 'router'));
  if (f.name !== undefined) q = q.where('r.name', '=', f.name);
  if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['r.state']), '=', f.state!.toLowerCase()));
  if (f.zoneId !== undefined) q = q.where('r.zone_id', '=', await idOf('zones', f.zoneId, 'zone'));
  if (f.podId !== undefined) q = q.where('r.pod_id', '=', await idOf('pods', f.podId, 'pod'));
  if (f.hostId !== undefined) q = q.where('r.host_id', '=', await idOf('hosts', f.hostId, 'host'));
  if (f.clusterId !== undefined) {
    const c = await idOf('clusters', f.clusterId, 'cluster');
    q = q.where('r.host_id', 'in', db.selectFrom('hosts').select('id').where('cluster_id', '=', c));
  }
  if (f.networkId !== undefined) q = q.where('r.network_id', '=', await idOf('networks', f.networkId, 'network'));
  // VPC routers and health checks come with the second networking family: none yet.
  if (f.vpcId !== undefined || f.forVpc === true || f.healthChecksFailed === true) q = q.where(sql<boolean>`1 = 0`);
  if (f.version !== undefined) q = q.where('r.version', '=', f.version);
  if (f.arch !== undefined && f.arch !== 'x86_64') q = q.where(sql<boolean>`1 = 0`);
  if (f.keyword !== undefined) q = q.where('r.name', 'like', `%${f.keyword}%`);
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.selectAll('r').orderBy('r.id').limit(page.limit).offset(page.offset).execute();
  const items: RouterView[] = [];
  for (const r of rows) items.push(await routerView(db, r));
  return { count: Number(count), items };
}
