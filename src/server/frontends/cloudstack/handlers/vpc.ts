import { createVPC, createVPCOffering, deleteVPC, deleteVPCOffering, restartVPC, updateVPC, updateVPCOffering } from '../../../../api/cloudstack/vpc.js';
import { createPrivateGateway, createStaticRoute, deletePrivateGateway, deleteStaticRoute } from '../../../../api/cloudstack/vpc-gateway.js';
import type { Args } from '../args.js';
import { type HandlerMap, job, list } from '../reply.js';
import { privateGatewayResponse, staticRouteResponse, vpcOfferingResponse, vpcResponse } from '../views/vpc.js';

const scope = (args: Args) => ({
  account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'),
});
/** Parameters of features Nubo does not have, refused by name when given. */
const given = (args: Args, names: readonly string[]) => names.filter((n) => args.has(n));

export const vpcHandlers: HandlerMap = {
  listVPCOfferings: async ({ caller, services, args, page }) => {
    const r = await services.vpcOfferings.list(caller, {
      id: args.string('id'), name: args.string('name'), displayText: args.string('displaytext'), isDefault: args.bool('isdefault'),
      supportedServices: args.list('supportedservices'), state: args.string('state'), domainId: args.string('domainid'), zoneId: args.string('zoneid'),
      keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(vpcOfferingResponse) });
  },

  createVPCOffering: async ({ caller, services, args }) => {
    const r = await services.vpcOfferings.submitCreate(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), supportedServices: args.list('supportedservices'),
      serviceProviders: args.map('serviceproviderlist'), internetProtocol: args.string('internetprotocol'), serviceOfferingId: args.string('serviceofferingid'),
      domainIds: args.list('domainid'), zoneIds: args.list('zoneid'), enable: args.bool('enable'), networkMode: args.string('networkmode'),
      unsupported: [...given(args, ['provider', 'nsxsupportlb', 'routingmode']), ...(args.bool('fornsx') ? ['fornsx'] : []), ...(args.bool('specifyasnumber') ? ['specifyasnumber'] : [])],
    }, createVPCOffering.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  updateVPCOffering: async ({ caller, services, args }) => job((await services.vpcOfferings.submitUpdate(caller, args.requireString('id'), {
    name: args.string('name'), displayText: args.string('displaytext'), state: args.string('state'), domainIds: args.string('domainid'),
    zoneIds: args.string('zoneid'), sortKey: args.number('sortkey'),
  }, updateVPCOffering.javaClass)).jobUuid),

  deleteVPCOffering: async ({ caller, services, args }) => job((await services.vpcOfferings.submitDelete(caller, args.requireString('id'), deleteVPCOffering.javaClass)).jobUuid),

  createVPC: async ({ caller, services, args }) => {
    const r = await services.vpcs.submitCreate(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), zoneId: args.requireString('zoneid'), vpcOfferingId: args.requireString('vpcofferingid'),
      cidr: args.string('cidr'), networkDomain: args.string('networkdomain'), start: args.bool('start'), forDisplay: args.bool('fordisplay'),
      publicMtu: args.number('publicmtu'), dns1: args.string('dns1'), dns2: args.string('dns2'), sourceNatIpAddress: args.string('sourcenatipaddress'),
      account: args.string('account'), domainId: args.string('domainid'), projectId: args.string('projectid'),
      unsupported: given(args, ['cidrsize', 'ip6dns1', 'ip6dns2', 'asnumber', 'bgppeerids', ...(args.bool('userouteripresolver') ? ['userouteripresolver'] : [])]),
    }, createVPC.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  listVPCs: async ({ caller, services, args, page }) => {
    const r = await services.vpcs.list(caller, {
      id: args.string('id'), zoneId: args.string('zoneid'), name: args.string('name'), displayText: args.string('displaytext'), cidr: args.string('cidr'),
      vpcOfferingId: args.string('vpcofferingid'), supportedServices: args.list('supportedservices'), state: args.string('state'),
      restartRequired: args.bool('restartrequired'), forDisplay: args.bool('fordisplay'), keyword: args.string('keyword'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(vpcResponse) });
  },

  updateVPC: async ({ caller, services, args }) => job((await services.vpcs.submitUpdate(caller, args.requireString('id'), {
    name: args.string('name'), displayText: args.string('displaytext'), forDisplay: args.bool('fordisplay'), publicMtu: args.number('publicmtu'),
    sourceNatIpAddress: args.string('sourcenatipaddress'),
  }, updateVPC.javaClass)).jobUuid),

  deleteVPC: async ({ caller, services, args }) => job((await services.vpcs.submitDelete(caller, args.requireString('id'), deleteVPC.javaClass)).jobUuid),

  restartVPC: async ({ caller, services, args }) => job((await services.vpcs.submitRestart(caller, args.requireString('id'), {
    cleanup: args.bool('cleanup'), makeRedundant: args.bool('makeredundant'),
  }, restartVPC.javaClass)).jobUuid),

  createPrivateGateway: async ({ caller, services, args }) => {
    const r = await services.privateGateways.submitCreate(caller, {
      vpcId: args.requireString('vpcid'), ipAddress: args.requireString('ipaddress'), gateway: args.requireString('gateway'), netmask: args.requireString('netmask'),
      vlan: args.string('vlan'), physicalNetworkId: args.string('physicalnetworkid'), networkOfferingId: args.string('networkofferingid'),
      sourceNatSupported: args.bool('sourcenatsupported'), aclId: args.string('aclid'), associatedNetworkId: args.string('associatednetworkid'),
    }, createPrivateGateway.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  deletePrivateGateway: async ({ caller, services, args }) =>
    job((await services.privateGateways.submitDelete(caller, args.requireString('id'), deletePrivateGateway.javaClass)).jobUuid),

  listPrivateGateways: async ({ caller, services, args, page }) => {
    const r = await services.privateGateways.list(caller, {
      id: args.string('id'), ipAddress: args.string('ipaddress'), vlan: args.string('vlan'), vpcId: args.string('vpcid'), state: args.string('state'),
      keyword: args.string('keyword'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(privateGatewayResponse) });
  },

  createStaticRoute: async ({ caller, services, args }) => {
    const r = await services.staticRoutes.submitCreate(caller, {
      cidr: args.requireString('cidr'), gatewayId: args.string('gatewayid'), vpcId: args.string('vpcid'), nextHop: args.string('nexthop'),
    }, createStaticRoute.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  deleteStaticRoute: async ({ caller, services, args }) => job((await services.staticRoutes.submitDelete(caller, args.requireString('id'), deleteStaticRoute.javaClass)).jobUuid),

  listStaticRoutes: async ({ caller, services, args, page }) => {
    const r = await services.staticRoutes.list(caller, {
      id: args.string('id'), vpcId: args.string('vpcid'), gatewayId: args.string('gatewayid'), state: args.string('state'), keyword: args.string('keyword'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(staticRouteResponse) });
  },
};
