import { cancelStorageMaintenance, enableStorageMaintenance } from '../../../../api/cloudstack/storage-pool.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { storagePoolResponse, storageTagResponse } from '../views/storage.js';

export const storagePoolHandlers: HandlerMap = {
  createStoragePool: async ({ caller, services, args }) =>
    object(storagePoolResponse(await services.storagePools.create(caller, {
      name: args.requireString('name'), zoneId: args.requireString('zoneid'), podId: args.string('podid'), clusterId: args.string('clusterid'),
      url: args.requireString('url'), scope: args.string('scope'), tags: args.string('tags'), provider: args.string('provider'),
      managed: args.bool('managed'), capacityBytes: args.number('capacitybytes'), capacityIops: args.number('capacityiops'),
      hypervisor: args.string('hypervisor'), isTagRule: args.bool('istagarule'),
    }))),

  listStoragePools: async ({ services, args, page }) => {
    const r = await services.storagePools.list({
      id: args.string('id'), name: args.string('name'), zoneId: args.string('zoneid'), podId: args.string('podid'), clusterId: args.string('clusterid'),
      hostId: args.string('hostid'), ipAddress: args.string('ipaddress'), path: args.string('path'), scope: args.string('scope'),
      status: args.string('status'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(storagePoolResponse) });
  },

  updateStoragePool: async ({ caller, services, args }) =>
    object(storagePoolResponse(await services.storagePools.update(caller, args.requireString('id'), {
      name: args.string('name'), tags: args.list('tags'), capacityBytes: args.number('capacitybytes'), capacityIops: args.number('capacityiops'),
      enabled: args.bool('enabled'), url: args.string('url'), isTagRule: args.bool('istagarule'),
    }))),

  deleteStoragePool: async ({ caller, services, args }) => {
    await services.storagePools.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },

  enableStorageMaintenance: async ({ caller, services, args }) =>
    job((await services.poolMaintenance.submitEnable(caller, args.requireString('id'), enableStorageMaintenance.javaClass)).jobUuid),

  cancelStorageMaintenance: async ({ caller, services, args }) =>
    job((await services.poolMaintenance.submitCancel(caller, args.requireString('id'), cancelStorageMaintenance.javaClass)).jobUuid),

  listStorageTags: async ({ services, args, page }) => {
    const r = await services.storagePools.listTags(args.string('keyword'), page);
    return list({ count: r.count, items: r.items.map(storageTagResponse) });
  },
};
