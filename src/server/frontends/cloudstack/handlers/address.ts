import { type HandlerMap, job, list } from '../reply.js';
import { ipAddressResponse } from '../views/address.js';

export const addressHandlers: HandlerMap = {
  associateIpAddress: async ({ caller, services, args, decl }) => {
    const r = await services.publicIps.submitAssociate(caller, {
      zoneId: args.string('zoneid'), networkId: args.string('networkid'), vpcId: args.string('vpcid'), account: args.string('account'), domainId: args.string('domainid'),
      projectId: args.string('projectid'), ipAddress: args.string('ipaddress'), isPortable: args.bool('isportable'), forDisplay: args.bool('fordisplay'),
    }, decl.javaClass);
    return job(r.jobUuid, r.ipUuid);
  },

  disassociateIpAddress: async ({ caller, services, args, decl }) =>
    job((await services.publicIps.submitDisassociate(caller, { id: args.string('id'), ipAddress: args.string('ipaddress') }, decl.javaClass)).jobUuid),

  listPublicIpAddresses: async ({ caller, services, args, page }) => {
    const r = await services.publicIps.list(caller, {
      allocatedOnly: args.bool('allocatedonly'), state: args.string('state'), forVirtualNetwork: args.bool('forvirtualnetwork'), id: args.string('id'),
      ipAddress: args.string('ipaddress'), vlanId: args.string('vlanid'), zoneId: args.string('zoneid'), forLoadBalancing: args.bool('forloadbalancing'),
      physicalNetworkId: args.string('physicalnetworkid'), associatedNetworkId: args.string('associatednetworkid'), networkId: args.string('networkid'),
      isSourceNat: args.bool('issourcenat'), isStaticNat: args.bool('isstaticnat'), vpcId: args.string('vpcid'), forDisplay: args.bool('fordisplay'),
      forSystemVms: args.bool('forsystemvms'), tags: args.map('tags'), keyword: args.string('keyword'), listall: args.bool('listall'),
      domainid: args.string('domainid'), account: args.string('account'), isrecursive: args.bool('isrecursive'), projectid: args.string('projectid'),
    }, page);
    if (args.bool('retrieveonlyresourcecount')) return list({ count: r.count, items: [] });
    return list({ count: r.count, items: r.items.map(ipAddressResponse) });
  },

  enableStaticNat: async ({ caller, services, args }) => {
    await services.publicIps.enableStaticNat(caller, {
      ipAddressId: args.requireString('ipaddressid'), vmId: args.requireString('virtualmachineid'), networkId: args.string('networkid'), vmGuestIp: args.string('vmguestip'),
    });
    return { kind: 'success' };
  },

  disableStaticNat: async ({ caller, services, args, decl }) =>
    job((await services.publicIps.submitDisableStaticNat(caller, args.requireString('ipaddressid'), decl.javaClass)).jobUuid),
};
