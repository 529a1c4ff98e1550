import { isRootAdmin } from '../../../../core/caller.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { networkResponse, physicalNetworkResponse, trafficTypeResponse } from '../views/network.js';

/** createNetwork parameters of features Nubo does not have; naming them is a clear 431. */
const UNSUPPORTED = ['isolatedpvlan', 'isolatedpvlantype', 'tungstenvirtualrouteruuid', 'startipv6', 'endipv6', 'ip6gateway', 'ip6cidr', 'aclid',
  'ip6dns1', 'ip6dns2', 'cidrsize', 'asnumber', 'routerip', 'routeripv6', 'bgppeerids'];

export const networkHandlers: HandlerMap = {
  createNetwork: async ({ caller, services, args }) =>
    object(networkResponse(await services.networks.create(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), networkOfferingId: args.requireString('networkofferingid'),
      zoneId: args.requireString('zoneid'), physicalNetworkId: args.string('physicalnetworkid'), gateway: args.string('gateway'), netmask: args.string('netmask'),
      startIp: args.string('startip'), endIp: args.string('endip'), networkDomain: args.string('networkdomain'), aclType: args.string('acltype'),
      account: args.string('account'), domainId: args.string('domainid'), projectId: args.string('projectid'), subdomainAccess: args.bool('subdomainaccess'),
      vpcId: args.string('vpcid'), vlan: args.string('vlan'), externalId: args.string('externalid'), displayNetwork: args.bool('displaynetwork'),
      associatedNetworkId: args.string('associatednetworkid'), publicMtu: args.number('publicmtu'), privateMtu: args.number('privatemtu'),
      dns1: args.string('dns1'), dns2: args.string('dns2'), sourceNatIpAddress: args.string('sourcenatipaddress'),
      unsupported: UNSUPPORTED.filter((n) => args.has(n) && args.string(n) !== ''),
    }), isRootAdmin(caller))),

  listNetworks: async ({ caller, services, args, page }) => {
    const r = await services.networks.list(caller, {
      id: args.string('id'), name: args.string('name'), zoneId: args.string('zoneid'), type: args.string('type'), isSystem: args.bool('issystem'),
      aclType: args.string('acltype'), trafficType: args.string('traffictype'), physicalNetworkId: args.string('physicalnetworkid'),
      supportedServices: args.list('supportedservices'), restartRequired: args.bool('restartrequired'), specifyIpRanges: args.bool('specifyipranges'),
      vpcId: args.string('vpcid'), canUseForDeploy: args.bool('canusefordeploy'), forVpc: args.bool('forvpc'), displayNetwork: args.bool('displaynetwork'),
      networkOfferingId: args.string('networkofferingid'), associatedNetworkId: args.string('associatednetworkid'), networkFilter: args.string('networkfilter'),
      tags: args.map('tags'), vlan: args.string('vlan'), keyword: args.string('keyword'), listall: args.bool('listall'), domainid: args.string('domainid'),
      account: args.string('account'), isrecursive: args.bool('isrecursive'), projectid: args.string('projectid'),
    }, page);
    if (args.bool('retrieveonlyresourcecount')) return list({ count: r.count, items: [] });
    const admin = isRootAdmin(caller);
    return list({ count: r.count, items: r.items.map((n) => networkResponse(n, admin)) });
  },

  updateNetwork: async ({ caller, services, args, decl }) => {
    const id = args.requireString('id');
    const r = await services.networks.submitUpdate(caller, id, {
      name: args.string('name'), displayText: args.string('displaytext'), networkDomain: args.string('networkdomain'),
      networkOfferingId: args.string('networkofferingid'), guestVmCidr: args.string('guestvmcidr'), displayNetwork: args.bool('displaynetwork'),
      publicMtu: args.number('publicmtu'), privateMtu: args.number('privatemtu'), dns1: args.string('dns1'), dns2: args.string('dns2'),
      sourceNatIpAddress: args.string('sourcenatipaddress'), externalId: args.string('customid'),
    }, decl.javaClass);
    return job(r.jobUuid);
  },

  restartNetwork: async ({ caller, services, args, decl }) =>
    job((await services.networks.submitRestart(caller, args.requireString('id'), { cleanup: args.bool('cleanup'), makeRedundant: args.bool('makeredundant') }, decl.javaClass)).jobUuid),

  deleteNetwork: async ({ caller, services, args, decl }) =>
    job((await services.networks.submitDelete(caller, args.requireString('id'), decl.javaClass)).jobUuid),

  createPhysicalNetwork: async ({ caller, services, args, decl }) => {
    const r = await services.physicalNetworks.submitCreate(caller, {
      zoneId: args.requireString('zoneid'), name: args.requireString('name'), vlan: args.string('vlan'), networkSpeed: args.string('networkspeed'),
      domainId: args.string('domainid'), broadcastDomainRange: args.string('broadcastdomainrange'), tags: args.list('tags'), isolationMethods: args.list('isolationmethods'),
    }, decl.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  listPhysicalNetworks: async ({ services, args, page }) => {
    const r = await services.physicalNetworks.list({ id: args.string('id'), zoneId: args.string('zoneid'), name: args.string('name'), keyword: args.string('keyword') }, page);
    return list({ count: r.count, items: r.items.map(physicalNetworkResponse) });
  },

  updatePhysicalNetwork: async ({ caller, services, args, decl }) =>
    job((await services.physicalNetworks.submitUpdate(caller, args.requireString('id'), {
      networkSpeed: args.string('networkspeed'), tags: args.list('tags'), state: args.string('state'), vlan: args.string('vlan'),
    }, decl.javaClass)).jobUuid),

  deletePhysicalNetwork: async ({ caller, services, args, decl }) =>
    job((await services.physicalNetworks.submitDelete(caller, args.requireString('id'), decl.javaClass)).jobUuid),

  addTrafficType: async ({ caller, services, args, decl }) => {
    const r = await services.physicalNetworks.submitAddTrafficType(caller, args.requireString('physicalnetworkid'), {
      trafficType: args.requireString('traffictype'), kvmLabel: args.string('kvmnetworklabel'), xenLabel: args.string('xennetworklabel'),
      vmwareLabel: args.string('vmwarenetworklabel'), hypervLabel: args.string('hypervnetworklabel'), ovm3Label: args.string('ovm3networklabel'),
      vlan: args.string('vlan'), isolationMethod: args.string('isolationmethod'),
    }, decl.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  listTrafficTypes: async ({ services, args, page }) => {
    const r = await services.physicalNetworks.listTrafficTypes(args.requireString('physicalnetworkid'), page);
    return list({ count: r.count, items: r.items.map(trafficTypeResponse) });
  },
};
