import { createVMSnapshot, deleteVMSnapshot, revertToVMSnapshot } from '../../../../api/cloudstack/vm-snapshot.js';
import { type HandlerMap, job, list } from '../reply.js';
import { vmSnapshotResponse } from '../views/vm-snapshot.js';

export const vmSnapshotHandlers: HandlerMap = {
  createVMSnapshot: async ({ caller, services, args }) => {
    const r = await services.vmSnapshots.create(caller, {
      virtualMachineId: args.requireString('virtualmachineid'), name: args.string('name'), description: args.string('description'),
      snapshotMemory: args.bool('snapshotmemory'), quiesceVm: args.bool('quiescevm'),
    }, createVMSnapshot.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  listVMSnapshot: async ({ caller, services, args, page }) => {
    const r = await services.vmSnapshots.list(caller, {
      id: args.string('vmsnapshotid'), ids: args.list('vmsnapshotids'), state: args.string('state'), virtualMachineId: args.string('virtualmachineid'),
      name: args.string('name'), keyword: args.string('keyword'), tags: args.map('tags'), account: args.string('account'), domainid: args.string('domainid'),
      projectid: args.string('projectid'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'),
    }, page);
    return list({ count: r.count, items: r.items.map(vmSnapshotResponse) });
  },

  deleteVMSnapshot: async ({ caller, services, args }) => {
    const r = await services.vmSnapshots.delete(caller, args.requireString('vmsnapshotid'), deleteVMSnapshot.javaClass);
    return job(r.jobUuid);
  },

  revertToVMSnapshot: async ({ caller, services, args }) => {
    const r = await services.vmSnapshots.revert(caller, args.requireString('vmsnapshotid'), revertToVMSnapshot.javaClass);
    return job(r.jobUuid);
  },
};
