// The second networking family's services, built together on top of the first (networking.ts):
// load balancing, VPCs with their tiers, ACLs, private gateways and static routes, and
// security groups. It plugs into the first family through its hooks (tiers for createNetwork
// with vpcid, the VPC router for tier syncs, the LB section of network routers' configs), and
// into account deletion and the resource counters.
import type { Db } from '../db/schema.js';
import type { NetworkDriver } from '../drivers/network/types.js';
import type { JobRunner } from '../jobs/runner.js';
import type { AccountService } from './accounts.js';
import type { EventService } from './events.js';
import { withLoadBalancers } from './lb-config.js';
import { LbPolicyService } from './lb-policies.js';
import { LoadBalancerService } from './load-balancers.js';
import { NetworkAclService } from './network-acls.js';
import type { NetworkingServices } from './networking.js';
import { PrivateGatewayService } from './private-gateways.js';
import { ResourceLimitService } from './resource-limits.js';
import { SecurityGroupService } from './security-groups.js';
import type { SettingsService } from './settings.js';
import { SgRuleService } from './sg-rules.js';
import { StaticRouteService } from './static-routes.js';
import type { ZoneService } from './zones.js';
import { VpcOfferingService } from './vpc-offerings.js';
import { VpcRouterService } from './vpc-router.js';
import { VpcTierService } from './vpc-tiers.js';
import { VpcService } from './vpcs.js';

export interface LbVpcSgServices {
  readonly loadBalancers: LoadBalancerService;
  readonly lbPolicies: LbPolicyService;
  readonly vpcOfferings: VpcOfferingService;
  readonly vpcs: VpcService;
  readonly vpcRouters: VpcRouterService;
  readonly vpcTiers: VpcTierService;
  readonly networkAcls: NetworkAclService;
  readonly privateGateways: PrivateGatewayService;
  readonly staticRoutes: StaticRouteService;
  readonly securityGroups: SecurityGroupService;
  readonly securityGroupRules: SgRuleService;
}

export function createLbVpcSg(
  db: Db, events: EventService, jobs: JobRunner, settings: SettingsService, accounts: AccountService, networking: NetworkingServices, driver: NetworkDriver | undefined,
): LbVpcSgServices {
  const limits = new ResourceLimitService(db, settings, events);
  const loadBalancers = new LoadBalancerService(db, events, jobs, networking.routers, limits);
  const lbPolicies = new LbPolicyService(db, events, jobs, networking.routers);
  const vpcOfferings = new VpcOfferingService(db, events, jobs);
  const vpcRouters = new VpcRouterService(db, events, networking.routers, driver);
  const vpcTiers = new VpcTierService(db, events, limits, vpcRouters);
  const vpcs = new VpcService(db, events, jobs, settings, limits, vpcOfferings, vpcRouters, networking.networks);
  const securityGroups = new SecurityGroupService(db, events);

  // Network routers' configs get their LB section; tiers and their router are this family's.
  networking.routers.addConfigSection((router, config) => withLoadBalancers(db, router, config));
  networking.routers.setDelegate({
    syncNetwork: (networkId) => vpcRouters.syncNetwork(networkId),
    syncRouter: async (router) => {
      if (router.vpc_id !== null) await vpcRouters.sync(router.vpc_id);
    },
  });
  networking.networks.setVpcTiers({ create: (caller, a) => vpcTiers.create(caller, a), implement: (id, owner) => vpcTiers.implement(id, owner) });

  // What a deleted account owns goes; this runs after the networks family removed its networks.
  accounts.onDelete(async (accountId, owner) => {
    await vpcs.removeAccount(accountId, owner);
    await securityGroups.removeAccount(accountId);
    await loadBalancers.sweepOrphans();
  });
  return {
    loadBalancers, lbPolicies, vpcOfferings, vpcs, vpcRouters, vpcTiers,
    networkAcls: new NetworkAclService(db, events, jobs, vpcRouters),
    privateGateways: new PrivateGatewayService(db, events, jobs, vpcRouters),
    staticRoutes: new StaticRouteService(db, events, jobs, vpcRouters),
    securityGroups,
    securityGroupRules: new SgRuleService(db, events, jobs, securityGroups),
  };
}

/**
 * Connects what is built beside this family (the composition root calls it once every service
 * exists): the vpc counter of updateResourceCount, and a zone with VPCs refusing deletion.
 */
export function bindLbVpcSg(s: { readonly zones?: ZoneService; readonly resourceLimits?: ResourceLimitService }): void {
  s.resourceLimits?.registerCounter('vpc', async (a, q) => Number((await q.selectFrom('vpcs').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', a).where('removed', 'is', null).executeTakeFirstOrThrow()).n));
  s.zones?.deleteGuards.add(async (db, zoneId) => {
    const v = await db.selectFrom('vpcs').select('name').where('zone_id', '=', zoneId).where('removed', 'is', null).executeTakeFirst();
    return v ? `The zone is not deletable because there are VPCs in it (${v.name})` : undefined;
  });
}
