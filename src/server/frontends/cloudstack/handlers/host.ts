import { cancelHostMaintenance, prepareHostForMaintenance, reconnectHost } from '../../../../api/cloudstack/host.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { hostResponse, hostTagResponse } from '../views/host.js';

export const hostHandlers: HandlerMap = {
  // CloudStack answers addHost with a list of the hosts it discovered: here always one.
  addHost: async ({ caller, services, args }) => {
    const h = await services.hosts.add(caller, {
      zoneId: args.requireString('zoneid'), podId: args.requireString('podid'), clusterId: args.string('clusterid'), clusterName: args.string('clustername'),
      url: args.requireString('url'), username: args.string('username'), password: args.string('password'), hypervisor: args.requireString('hypervisor'),
      allocationState: args.string('allocationstate'), hostTags: args.list('hosttags'),
    });
    return list({ count: 1, items: [hostResponse(h)] });
  },

  listHosts: async ({ services, args, page }) => {
    const r = await services.hosts.list({
      id: args.string('id'), name: args.string('name'), zoneId: args.string('zoneid'), podId: args.string('podid'), clusterId: args.string('clusterid'),
      state: args.string('state'), type: args.string('type'), resourceState: args.string('resourcestate'), hypervisor: args.string('hypervisor'),
      arch: args.string('arch'), keyword: args.string('keyword'),
      virtualMachineId: args.string('virtualmachineid'),
      // No host is an HA host or has out-of-band management.
      matchesNothing: args.bool('hahost') === true || args.bool('outofbandmanagementenabled') === true || args.has('outofbandmanagementpowerstate'),
    }, page);
    return list({ count: r.count, items: r.items.map(hostResponse) });
  },

  updateHost: async ({ caller, services, args }) =>
    object(hostResponse(await services.hosts.update(caller, args.requireString('id'), {
      name: args.string('name'), allocationState: args.string('allocationstate'), hostTags: args.list('hosttags'), isTagRule: args.bool('istagarule'),
      osCategoryId: args.string('oscategoryid'), annotation: args.string('annotation'), url: args.string('url'),
    }))),

  prepareHostForMaintenance: async ({ caller, services, args }) =>
    job((await services.hostMaintenance.submitPrepare(caller, args.requireString('id'), prepareHostForMaintenance.javaClass)).jobUuid),

  cancelHostMaintenance: async ({ caller, services, args }) =>
    job((await services.hostMaintenance.submitCancel(caller, args.requireString('id'), cancelHostMaintenance.javaClass)).jobUuid),

  reconnectHost: async ({ caller, services, args }) =>
    job((await services.hostMaintenance.submitReconnect(caller, args.requireString('id'), reconnectHost.javaClass)).jobUuid),

  deleteHost: async ({ caller, services, args }) => {
    await services.hosts.delete(caller, args.requireString('id'), args.bool('forced') ?? false);
    return { kind: 'success' };
  },

  listHostTags: async ({ services, args, page }) => {
    const r = await services.hosts.listTags(args.string('keyword'), page);
    return list({ count: r.count, items: r.items.map(hostTagResponse) });
  },
};
