import { type HandlerMap, list, object } from '../reply.js';
import { vlanRangeResponse } from '../views/vlan.js';

export const vlanHandlers: HandlerMap = {
  createVlanIpRange: async ({ caller, services, args }) =>
    object(vlanRangeResponse(await services.vlanRanges.create(caller, {
      zoneId: args.string('zoneid'), podId: args.string('podid'), vlan: args.string('vlan'), gateway: args.string('gateway'), netmask: args.string('netmask'),
      startIp: args.string('startip'), endIp: args.string('endip'), forVirtualNetwork: args.bool('forvirtualnetwork'), forSystemVms: args.bool('forsystemvms'),
      account: args.string('account'), domainId: args.string('domainid'), projectId: args.string('projectid'), networkId: args.string('networkid'),
      physicalNetworkId: args.string('physicalnetworkid'),
      ipv6: ['startipv6', 'endipv6', 'ip6gateway', 'ip6cidr'].some((n) => args.has(n)),
    }))),

  listVlanIpRanges: async ({ services, args, page }) => {
    const r = await services.vlanRanges.list({
      id: args.string('id'), zoneId: args.string('zoneid'), podId: args.string('podid'), vlan: args.string('vlan'),
      forVirtualNetwork: args.bool('forvirtualnetwork'), domainId: args.string('domainid'), account: args.string('account'), keyword: args.string('keyword'),
      networkId: args.string('networkid'), physicalNetworkId: args.string('physicalnetworkid'), projectId: args.string('projectid'),
    }, page);
    return list({ count: r.count, items: r.items.map(vlanRangeResponse) });
  },

  deleteVlanIpRange: async ({ caller, services, args }) => {
    await services.vlanRanges.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
