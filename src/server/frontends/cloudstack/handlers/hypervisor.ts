import { type HandlerMap, list, object } from '../reply.js';
import { hypervisorCapabilitiesResponse } from '../views/hypervisor.js';

export const hypervisorHandlers: HandlerMap = {
  listHypervisors: async ({ services, args }) => {
    const names = await services.hypervisors.list(args.string('zoneid'));
    return list({ count: names.length, items: names.map((name) => ({ name })) });
  },

  listHypervisorCapabilities: async ({ services, args, page }) => {
    const r = await services.hypervisors.listCapabilities({ id: args.string('id'), hypervisor: args.string('hypervisor'), keyword: args.string('keyword') }, page);
    return list({ count: r.count, items: r.items.map(hypervisorCapabilitiesResponse) });
  },

  updateHypervisorCapabilities: async ({ caller, services, args }) =>
    object(hypervisorCapabilitiesResponse(await services.hypervisors.updateCapabilities(caller, {
      id: args.string('id'), hypervisor: args.string('hypervisor'), hypervisorVersion: args.string('hypervisorversion'),
      securityGroupEnabled: args.bool('securitygroupenabled'), maxGuestsLimit: args.number('maxguestslimit'),
      maxDataVolumesLimit: args.number('maxdatavolumeslimit'), storageMotionEnabled: args.bool('storagemotionenabled'),
      maxHostsPerCluster: args.number('maxhostspercluster'), vmSnapshotEnabled: args.bool('vmsnapshotenabled'),
    }))),
};
