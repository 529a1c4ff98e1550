import { isRootAdmin } from '../../../../core/caller.js';
import { type HandlerMap, list, object } from '../reply.js';
import { zoneResponse } from '../views/zone.js';

export const zoneHandlers: HandlerMap = {
  createZone: async ({ caller, services, args }) =>
    object(zoneResponse(await services.zones.create(caller, {
      name: args.requireString('name'), networkType: args.requireString('networktype'), dns1: args.requireString('dns1'), dns2: args.string('dns2'),
      ip6Dns1: args.string('ip6dns1'), ip6Dns2: args.string('ip6dns2'), internalDns1: args.requireString('internaldns1'),
      internalDns2: args.string('internaldns2'), guestCidr: args.string('guestcidraddress'), networkDomain: args.string('domain'),
      domainId: args.string('domainid'), allocationState: args.string('allocationstate'), securityGroupEnabled: args.bool('securitygroupenabled'),
      localStorageEnabled: args.bool('localstorageenabled'), isEdge: args.bool('isedge'),
    }), { full: true })),

  // Root admins get CloudStack's full view (and capacities on request); everybody else the restricted one.
  listZones: async ({ caller, services, args, page }) => {
    const full = isRootAdmin(caller);
    const r = await services.zones.list(caller, {
      id: args.string('id'), ids: args.list('ids'), available: args.bool('available'), domainId: args.string('domainid'),
      name: args.string('name'), networkType: args.string('networktype'), keyword: args.string('keyword'),
    }, page);
    const withCapacity = full && args.bool('showcapacities') === true;
    const items = [];
    for (const z of r.items) items.push(zoneResponse(z, { full, capacity: withCapacity ? await services.capacity.forZone(z.id) : undefined }));
    return list({ count: r.count, items });
  },

  updateZone: async ({ caller, services, args }) =>
    object(zoneResponse(await services.zones.update(caller, args.requireString('id'), {
      name: args.string('name'), dns1: args.string('dns1'), dns2: args.string('dns2'), ip6Dns1: args.string('ip6dns1'), ip6Dns2: args.string('ip6dns2'),
      internalDns1: args.string('internaldns1'), internalDns2: args.string('internaldns2'), guestCidr: args.string('guestcidraddress'),
      networkDomain: args.string('domain'), allocationState: args.string('allocationstate'), localStorageEnabled: args.bool('localstorageenabled'),
      isPublic: args.bool('ispublic'), dhcpProvider: args.string('dhcpprovider'), sortKey: args.number('sortkey'),
    }), { full: true })),

  deleteZone: async ({ caller, services, args }) => {
    await services.zones.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
