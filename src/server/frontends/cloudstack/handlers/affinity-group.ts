import { createAffinityGroup, deleteAffinityGroup, updateVMAffinityGroup } from '../../../../api/cloudstack/affinity-group.js';
import { type HandlerMap, job, list } from '../reply.js';
import { affinityGroupResponse } from '../views/affinity-group.js';

const owner = (args: { string(n: string): string | undefined }) => ({ account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid') });

export const affinityGroupHandlers: HandlerMap = {
  createAffinityGroup: async ({ caller, services, args }) => {
    const r = await services.affinity.submitCreate(caller, {
      name: args.requireString('name'), type: args.requireString('type'), description: args.string('description'), ...owner(args),
    }, createAffinityGroup.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  deleteAffinityGroup: async ({ caller, services, args }) => {
    const r = await services.affinity.submitDelete(caller, { id: args.string('id'), name: args.string('name'), ...owner(args) }, deleteAffinityGroup.javaClass);
    return job(r.jobUuid);
  },

  listAffinityGroups: async ({ caller, services, args, page }) => {
    const r = await services.affinity.list(caller, {
      id: args.string('id'), name: args.string('name'), type: args.string('type'), virtualMachineId: args.string('virtualmachineid'),
      keyword: args.string('keyword'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'), ...owner(args),
    }, page);
    return list({ count: r.count, items: r.items.map(affinityGroupResponse) });
  },

  listAffinityGroupTypes: async ({ services, args, page }) => {
    const keyword = args.string('keyword')?.toLowerCase();
    const all = services.affinity.types().filter((t) => keyword === undefined || t.includes(keyword));
    return list({ count: all.length, items: all.slice(page.offset, page.offset + page.limit).map((type) => ({ type })) });
  },

  updateVMAffinityGroup: async ({ caller, services, args }) => {
    const r = await services.affinity.submitUpdateVm(caller, {
      vmId: args.requireString('id'), ids: args.list('affinitygroupids'), names: args.list('affinitygroupnames'),
    }, updateVMAffinityGroup.javaClass);
    return job(r.jobUuid);
  },
};
