// VPC static routes (createStaticRoute, deleteStaticRoute, listStaticRoutes): a destination CIDR
// outside the VPC sent through a private gateway, or to a next hop the router can reach (an
// address of a tier or of a private gateway's network). Routes of one VPC must not overlap.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import { subnetsOverlap } from '../core/ipam.js';
import { inSubnet, netmaskToPrefix, parseCidr, parseIpv4, subnetOf } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { type OwnerView, OwnerCache, checkOwnerAccess, nowIso } from './network-refs.js';
import { checkOwnerWritable } from './owner.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { type VpcRow, findVpcFor, liveTiers, vpcById } from './vpc-refs.js';
import type { VpcRouterService } from './vpc-router.js';
import { registerRouterEntityJobs } from './vpc-router-jobs.js';

export interface StaticRouteView {
  readonly id: number;
  readonly uuid: string;
  readonly state: string;
  readonly vpcUuid: string;
  readonly gatewayUuid: string | null;
  readonly gatewayIp: string | null;
  readonly nextHop: string | null;
  readonly cidr: string;
  readonly owner: OwnerView;
}

export interface StaticRouteFilter extends ScopeArgs {
  readonly id?: string;
  readonly vpcId?: string;
  readonly gatewayId?: string;
  readonly state?: string;
  readonly keyword?: string;
}

const CMD = { create: 'createStaticRoute', delete: 'deleteStaticRoute' } as const;

export class StaticRouteService {
  constructor(
    private readonly db: Db,
    events: EventService,
    private readonly jobs: JobRunner,
    router: VpcRouterService,
  ) {
    registerRouterEntityJobs(db, events, jobs, router, {
      table: 'static_routes', cmds: CMD, idParam: 'routeId', uuidParam: 'routeUuid', entity: 'StaticRoute', resourceType: 'StaticRoute',
      ready: { step: 'activate', state: 'Active' }, events: { create: 'STATIC.ROUTE.CREATE', delete: 'STATIC.ROUTE.DELETE' },
      deleteDescription: (p) => `Deleted static route ${String(p.cidr)}`,
      view: (id) => this.view(id),
    });
  }

  /** Whether the router can reach an address directly: inside a tier or a private gateway's network. */
  private async reachable(vpc: VpcRow, ip: number): Promise<boolean> {
    for (const t of await liveTiers(this.db, vpc.id)) {
      const c = parseCidr(t.cidr ?? '');
      if (c && inSubnet(ip, c)) return true;
    }
    const gws = await this.db.selectFrom('private_gateways').select(['gateway', 'netmask']).where('vpc_id', '=', vpc.id).execute();
    return gws.some((g) => {
      const p = netmaskToPrefix(g.netmask);
      return p !== undefined && inSubnet(ip, subnetOf(parseIpv4(g.gateway)!, p));
    });
  }

  async submitCreate(caller: Caller, a: { cidr: string; gatewayId?: string; vpcId?: string; nextHop?: string }, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    let vpc: VpcRow;
    let gatewayId: number | null = null;
    let nextHop: string | null = null;
    if (a.gatewayId !== undefined) {
      if (a.nextHop !== undefined) throw invalidParam('gatewayid and nexthop are mutually exclusive');
      const id = await resolveId(this.db, 'private_gateways', a.gatewayId);
      const g = id === undefined ? undefined : await this.db.selectFrom('private_gateways').selectAll().where('id', '=', id).executeTakeFirst();
      if (!g) throw invalidParam(`Unable to find private gateway with id ${a.gatewayId}`);
      await checkOwnerAccess(this.db, caller, g.account_id, `private gateway ${g.uuid}`);
      if (g.state !== 'Ready') throw invalidState(`Private gateway ${g.ip_address} is not ready`);
      vpc = await vpcById(this.db, g.vpc_id);
      if (a.vpcId !== undefined && (await findVpcFor(this.db, caller, a.vpcId)).id !== vpc.id) throw invalidParam('The private gateway belongs to another VPC');
      gatewayId = g.id;
    } else {
      if (a.vpcId === undefined || a.nextHop === undefined) throw invalidParam('Either gatewayid, or vpcid with nexthop, must be given');
      vpc = await findVpcFor(this.db, caller, a.vpcId);
      const hop = parseIpv4(a.nextHop);
      if (hop === undefined) throw invalidParam(`Invalid nexthop ${a.nextHop}: it is not an IPv4 address`);
      if (!(await this.reachable(vpc, hop))) throw invalidParam(`The next hop ${a.nextHop} is not in a tier or private gateway network of VPC ${vpc.name}`);
      nextHop = a.nextHop;
    }
    await checkOwnerWritable(this.db, vpc.account_id);
    const cidr = parseCidr(a.cidr);
    if (!cidr) throw invalidParam(`Invalid CIDR ${a.cidr}: give the network address and prefix, e.g. 172.16.0.0/16`);
    const whole = parseCidr(vpc.cidr)!;
    if (subnetsOverlap(cidr, whole)) throw invalidParam(`The static route CIDR ${a.cidr} overlaps the VPC CIDR ${vpc.cidr}`);
    const others = await this.db.selectFrom('static_routes').select('cidr').where('vpc_id', '=', vpc.id).execute();
    for (const o of others) {
      const c = parseCidr(o.cidr);
      if (c && subnetsOverlap(c, cidr)) throw invalidParam(`The static route CIDR ${a.cidr} overlaps the existing static route ${o.cidr} of VPC ${vpc.name}`);
    }
    const uuid = randomUUID();
    const id = (await this.db.insertInto('static_routes').values({
      uuid, vpc_id: vpc.id, gateway_id: gatewayId, next_hop: nextHop, cidr: a.cidr.trim(), account_id: vpc.account_id, domain_id: vpc.domain_id, state: 'Add', created: nowIso(),
    }).returning('id').executeTakeFirstOrThrow()).id;
    const job = await this.jobs.submit({
      cmd: CMD.create, javaClass, owner: caller,
      params: { routeId: id, routeUuid: uuid, vpcId: vpc.id, description: `Created static route ${a.cidr} via ${nextHop ?? `private gateway ${a.gatewayId!}`} in VPC ${vpc.name}` },
      instanceType: 'StaticRoute', instanceId: uuid, lockKey: `vpc:${vpc.id}`,
    });
    return { jobUuid: job.uuid, uuid };
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const id = await resolveId(this.db, 'static_routes', idOrUuid);
    const r = id === undefined ? undefined : await this.db.selectFrom('static_routes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw invalidParam(`Unable to find static route with id ${idOrUuid}`);
    await checkOwnerAccess(this.db, caller, r.account_id, `static route ${r.uuid}`);
    await checkOwnerWritable(this.db, r.account_id);
    const job = await this.jobs.submit({
      cmd: CMD.delete, javaClass, owner: caller, params: { routeId: r.id, routeUuid: r.uuid, vpcId: r.vpc_id, cidr: r.cidr },
      instanceType: 'StaticRoute', instanceId: r.uuid, lockKey: `vpc:${r.vpc_id}`,
    });
    return { jobUuid: job.uuid };
  }

  async list(caller: Caller, f: StaticRouteFilter, page: Page): Promise<{ count: number; items: StaticRouteView[] }> {
    const scope = await listScope(this.db, caller, f);
    let q = this.db.selectFrom('static_routes as r').innerJoin('accounts as a', 'a.id', 'r.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id');
    q = applyScope(q, scope, 'r.account_id', 'od');
    const idOf = async (table: 'static_routes' | 'vpcs' | 'private_gateways', ref: string, what: string) => {
      const id = await resolveId(this.db, table, ref);
      if (id === undefined) throw invalidParam(`Unable to find ${what} with id ${ref}`);
      return id;
    };
    if (f.id !== undefined) q = q.where('r.id', '=', await idOf('static_routes', f.id, 'static route'));
    if (f.vpcId !== undefined) q = q.where('r.vpc_id', '=', await idOf('vpcs', f.vpcId, 'VPC'));
    if (f.gatewayId !== undefined) q = q.where('r.gateway_id', '=', await idOf('private_gateways', f.gatewayId, 'private gateway'));
    if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['r.state']), '=', f.state!.toLowerCase()));
    if (f.keyword !== undefined) q = q.where('r.cidr', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('r.id').orderBy('r.id').limit(page.limit).offset(page.offset).execute();
    const items: StaticRouteView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<StaticRouteView> {
    const r = await this.db.selectFrom('static_routes as r').innerJoin('vpcs as v', 'v.id', 'r.vpc_id').leftJoin('private_gateways as g', 'g.id', 'r.gateway_id')
      .selectAll('r').select(['v.uuid as vpcUuid', 'g.uuid as gwUuid', 'g.ip_address as gwIp']).where('r.id', '=', id).executeTakeFirstOrThrow();
    return {
      id: r.id, uuid: r.uuid, state: r.state, vpcUuid: r.vpcUuid, gatewayUuid: r.gwUuid, gatewayIp: r.gwIp, nextHop: r.next_hop, cidr: r.cidr,
      owner: await new OwnerCache(this.db).get(r.account_id),
    };
  }
}
