// VPC private gateways (createPrivateGateway, deletePrivateGateway, listPrivateGateways): an
// address of the VPC router on a private VLAN outside the VPC, reached through its gateway,
// guarded by an ACL list (default_deny unless one is named), optionally source-NATing the VPC.
// Giving the VLAN is a root admin's call, as in CloudStack's admin variant of the command.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import { subnetsOverlap } from '../core/ipam.js';
import { formatCidr, inSubnet, netmaskToPrefix, parseCidr, parseIpv4, subnetOf } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { type OwnerView, OwnerCache, checkOwnerAccess, nowIso } from './network-refs.js';
import { checkOwnerWritable } from './owner.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { DEFAULT_ACLS, findAclListFor, findVpcFor, liveTiers } from './vpc-refs.js';
import type { VpcRouterService } from './vpc-router.js';
import { registerRouterEntityJobs } from './vpc-router-jobs.js';

export interface PrivateGatewayView {
  readonly id: number;
  readonly uuid: string;
  readonly ipAddress: string;
  readonly gateway: string;
  readonly netmask: string;
  readonly vlan: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly vpcUuid: string;
  readonly vpcName: string;
  readonly physicalNetworkUuid: string | null;
  readonly state: string;
  readonly sourceNat: boolean;
  readonly aclUuid: string;
  readonly aclName: string;
  readonly owner: OwnerView;
}

export interface CreatePrivateGatewayInput {
  readonly vpcId: string;
  readonly ipAddress: string;
  readonly gateway: string;
  readonly netmask: string;
  readonly vlan?: string;
  readonly physicalNetworkId?: string;
  readonly networkOfferingId?: string;
  readonly sourceNatSupported?: boolean;
  readonly aclId?: string;
  readonly associatedNetworkId?: string;
}

export interface PrivateGatewayFilter extends ScopeArgs {
  readonly id?: string;
  readonly ipAddress?: string;
  readonly vlan?: string;
  readonly vpcId?: string;
  readonly state?: string;
  readonly keyword?: string;
}

const CMD = { create: 'createPrivateGateway', delete: 'deletePrivateGateway' } as const;

/** "vlan://42" or "42" → "42" (1..4094). */
function parseVlan(s: string): string {
  const v = s.trim().toLowerCase().replace(/^vlan:\/\//, '');
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 4094) throw invalidParam(`Invalid vlan ${s}: it must be a VLAN id 1-4094`);
  return String(Number(v));
}

export class PrivateGatewayService {
  constructor(
    private readonly db: Db,
    events: EventService,
    private readonly jobs: JobRunner,
    router: VpcRouterService,
  ) {
    registerRouterEntityJobs(db, events, jobs, router, {
      table: 'private_gateways', cmds: CMD, idParam: 'gatewayId', uuidParam: 'gatewayUuid', entity: 'PrivateGateway', resourceType: 'PrivateGateway',
      ready: { step: 'ready', state: 'Ready' }, events: { create: 'PRIVATE.GATEWAY.CREATE', delete: 'PRIVATE.GATEWAY.DELETE' },
      deleteDescription: (p) => `Deleted private gateway ${String(p.address)}`,
      view: (id) => this.view(id),
    });
  }

  async submitCreate(caller: Caller, a: CreatePrivateGatewayInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const vpc = await findVpcFor(this.db, caller, a.vpcId);
    await checkOwnerWritable(this.db, vpc.account_id);
    if (vpc.state !== 'Enabled') throw invalidState(`VPC ${vpc.name} is not in Enabled state`);
    if (a.associatedNetworkId !== undefined) throw invalidParam('associatednetworkid is not supported: give the private network by vlan');
    if (a.vlan === undefined) {
      throw invalidParam(isRootAdmin(caller) ? 'vlan is required to create a private gateway' : 'Creating a private gateway needs a vlan, which only root admins may give');
    }
    const vlan = parseVlan(a.vlan);
    const ip = parseIpv4(a.ipAddress);
    const gw = parseIpv4(a.gateway);
    const prefix = netmaskToPrefix(a.netmask);
    if (ip === undefined) throw invalidParam(`Invalid ipaddress ${a.ipAddress}`);
    if (gw === undefined) throw invalidParam(`Invalid gateway ${a.gateway}`);
    if (prefix === undefined || prefix === 0 || prefix > 30) throw invalidParam(`Invalid netmask ${a.netmask}`);
    const subnet = subnetOf(gw, prefix);
    if (!inSubnet(ip, subnet)) throw invalidParam(`The IP address ${a.ipAddress} is not in the subnet ${formatCidr(subnet)} of gateway ${a.gateway}`);
    if (ip === gw) throw invalidParam('The private gateway address and its gateway must differ');
    const whole = parseCidr(vpc.cidr)!;
    if (subnetsOverlap(subnet, whole)) throw invalidParam(`The private gateway network ${formatCidr(subnet)} overlaps the VPC CIDR ${vpc.cidr}`);
    for (const t of await liveTiers(this.db, vpc.id)) {
      const c = parseCidr(t.cidr ?? '');
      if (c && subnetsOverlap(c, subnet)) throw invalidParam(`The private gateway network ${formatCidr(subnet)} overlaps tier ${t.name} (${t.cidr ?? ''})`);
    }
    const same = await this.db.selectFrom('private_gateways as g').innerJoin('vpcs as v', 'v.id', 'g.vpc_id').select(['g.ip_address', 'v.name'])
      .where('v.zone_id', '=', vpc.zone_id).where('g.vlan', '=', vlan).where('g.ip_address', '=', a.ipAddress).executeTakeFirst();
    if (same) throw invalidParam(`A private gateway with address ${a.ipAddress} on VLAN ${vlan} already exists (VPC ${same.name})`);
    let physicalNetworkId: number | null = null;
    if (a.physicalNetworkId !== undefined) {
      const id = await resolveId(this.db, 'physical_networks', a.physicalNetworkId);
      const pn = id === undefined ? undefined : await this.db.selectFrom('physical_networks').select(['id', 'zone_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
      if (!pn || pn.zone_id !== vpc.zone_id) throw invalidParam(`Unable to find physical network ${a.physicalNetworkId} in the VPC's zone`);
      physicalNetworkId = pn.id;
    }
    if (a.networkOfferingId !== undefined && (await resolveId(this.db, 'network_offerings', a.networkOfferingId)) === undefined) {
      throw invalidParam(`Unable to find network offering by id ${a.networkOfferingId}`);
    }
    let aclId: number;
    if (a.aclId !== undefined) {
      const acl = await findAclListFor(this.db, caller, a.aclId);
      if (acl.vpc_id !== null && acl.vpc_id !== vpc.id) throw invalidParam(`Network ACL list ${acl.name} belongs to another VPC`);
      aclId = acl.id;
    } else {
      aclId = (await this.db.selectFrom('network_acl_lists').select('id').where('vpc_id', 'is', null).where('name', '=', DEFAULT_ACLS.deny).executeTakeFirstOrThrow()).id;
    }
    const uuid = randomUUID();
    const id = (await this.db.insertInto('private_gateways').values({
      uuid, vpc_id: vpc.id, ip_address: a.ipAddress, gateway: a.gateway, netmask: a.netmask, vlan, physical_network_id: physicalNetworkId,
      account_id: vpc.account_id, domain_id: vpc.domain_id, state: 'Creating', source_nat: a.sourceNatSupported ? 1 : 0, acl_id: aclId, created: nowIso(),
    }).returning('id').executeTakeFirstOrThrow()).id;
    const job = await this.jobs.submit({
      cmd: CMD.create, javaClass, owner: caller,
      params: { gatewayId: id, gatewayUuid: uuid, vpcId: vpc.id, description: `Created private gateway ${a.ipAddress} (VLAN ${vlan}) of VPC ${vpc.name}` },
      instanceType: 'PrivateGateway', instanceId: uuid, lockKey: `vpc:${vpc.id}`,
    });
    return { jobUuid: job.uuid, uuid };
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const id = await resolveId(this.db, 'private_gateways', idOrUuid);
    const g = id === undefined ? undefined : await this.db.selectFrom('private_gateways').selectAll().where('id', '=', id).executeTakeFirst();
    if (!g) throw invalidParam(`Unable to find private gateway with id ${idOrUuid}`);
    await checkOwnerAccess(this.db, caller, g.account_id, `private gateway ${g.uuid}`);
    await checkOwnerWritable(this.db, g.account_id);
    const route = await this.db.selectFrom('static_routes').select('cidr').where('gateway_id', '=', g.id).executeTakeFirst();
    if (route) throw invalidParam(`Can't delete private gateway ${g.ip_address}: static route ${route.cidr} goes through it; delete the route first`);
    const job = await this.jobs.submit({
      cmd: CMD.delete, javaClass, owner: caller, params: { gatewayId: g.id, gatewayUuid: g.uuid, vpcId: g.vpc_id, address: g.ip_address },
      instanceType: 'PrivateGateway', instanceId: g.uuid, lockKey: `vpc:${g.vpc_id}`,
    });
    return { jobUuid: job.uuid };
  }

  async list(caller: Caller, f: PrivateGatewayFilter, page: Page): Promise<{ count: number; items: PrivateGatewayView[] }> {
    const scope = await listScope(this.db, caller, f);
    let q = this.db.selectFrom('private_gateways as g').innerJoin('accounts as a', 'a.id', 'g.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id');
    q = applyScope(q, scope, 'g.account_id', 'od');
    if (f.id !== undefined) {
      const id = await resolveId(this.db, 'private_gateways', f.id);
      if (id === undefined) throw invalidParam(`Unable to find private gateway with id ${f.id}`);
      q = q.where('g.id', '=', id);
    }
    if (f.vpcId !== undefined) {
      const id = await resolveId(this.db, 'vpcs', f.vpcId);
      if (id === undefined) throw invalidParam(`Unable to find VPC by id ${f.vpcId}`);
      q = q.where('g.vpc_id', '=', id);
    }
    if (f.ipAddress !== undefined) q = q.where('g.ip_address', '=', f.ipAddress);
    if (f.vlan !== undefined) q = q.where('g.vlan', '=', parseVlan(f.vlan));
    if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['g.state']), '=', f.state!.toLowerCase()));
    if (f.keyword !== undefined) q = q.where(sql<boolean>`g.ip_address like ${`%${f.keyword}%`}`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('g.id').orderBy('g.id').limit(page.limit).offset(page.offset).execute();
    const items: PrivateGatewayView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<PrivateGatewayView> {
    const g = await this.db.selectFrom('private_gateways as g').innerJoin('vpcs as v', 'v.id', 'g.vpc_id').innerJoin('zones as z', 'z.id', 'v.zone_id')
      .innerJoin('network_acl_lists as l', 'l.id', 'g.acl_id').leftJoin('physical_networks as pn', 'pn.id', 'g.physical_network_id')
      .selectAll('g').select(['v.uuid as vpcUuid', 'v.name as vpcName', 'z.uuid as zoneUuid', 'z.name as zoneName', 'l.uuid as aclUuid', 'l.name as aclName', 'pn.uuid as pnUuid'])
      .where('g.id', '=', id).executeTakeFirstOrThrow();
    return {
      id: g.id, uuid: g.uuid, ipAddress: g.ip_address, gateway: g.gateway, netmask: g.netmask, vlan: `vlan://${g.vlan}`, zoneUuid: g.zoneUuid, zoneName: g.zoneName,
      vpcUuid: g.vpcUuid, vpcName: g.vpcName, physicalNetworkUuid: g.pnUuid, state: g.state, sourceNat: g.source_nat === 1, aclUuid: g.aclUuid, aclName: g.aclName,
      owner: await new OwnerCache(this.db).get(g.account_id),
    };
  }
}
