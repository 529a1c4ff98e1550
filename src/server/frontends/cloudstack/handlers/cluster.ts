import { type HandlerMap, list, object } from '../reply.js';
import { clusterResponse } from '../views/cluster.js';

export const clusterHandlers: HandlerMap = {
  // CloudStack answers addCluster with a list of one.
  addCluster: async ({ caller, services, args }) => {
    const c = await services.clusters.create(caller, {
      name: args.requireString('clustername'), zoneId: args.requireString('zoneid'), podId: args.requireString('podid'),
      hypervisor: args.requireString('hypervisor'), clusterType: args.requireString('clustertype'), allocationState: args.string('allocationstate'),
      arch: args.string('arch'),
    });
    return list({ count: 1, items: [clusterResponse(c)] });
  },

  listClusters: async ({ services, args, page }) => {
    const r = await services.clusters.list({
      id: args.string('id'), name: args.string('name'), podId: args.string('podid'), zoneId: args.string('zoneid'), hypervisor: args.string('hypervisor'),
      clusterType: args.string('clustertype'), allocationState: args.string('allocationstate'), managedState: args.string('managedstate'),
      arch: args.string('arch'), keyword: args.string('keyword'),
    }, page);
    const withCapacity = args.bool('showcapacities') === true;
    const items = [];
    for (const c of r.items) items.push(clusterResponse(c, withCapacity ? await services.capacity.forCluster(c.id) : undefined));
    return list({ count: r.count, items });
  },

  updateCluster: async ({ caller, services, args }) =>
    object(clusterResponse(await services.clusters.update(caller, args.requireString('id'), {
      name: args.string('clustername'), hypervisor: args.string('hypervisor'), clusterType: args.string('clustertype'),
      allocationState: args.string('allocationstate'), managedState: args.string('managedstate'), arch: args.string('arch'),
    }))),

  deleteCluster: async ({ caller, services, args }) => {
    await services.clusters.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
