import {
  attachVolume, createVolume, destroyVolume, detachVolume, migrateVolume, resizeVolume, updateVolume,
} from '../../../../api/cloudstack/volume.js';
import type { Args } from '../args.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { volumeMetricsResponse, volumeResponse } from '../views/volume.js';
import type { VolumeFilter } from '../../../../services/volumes.js';

const owner = (args: Args) => ({ account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid') });

function filter(args: Args): VolumeFilter {
  return {
    id: args.string('id'), ids: args.list('ids'), name: args.string('name'), type: args.string('type'), virtualMachineId: args.string('virtualmachineid'),
    zoneId: args.string('zoneid'), podId: args.string('podid'), clusterId: args.string('clusterid'), hostId: args.string('hostid'),
    storageId: args.string('storageid'), diskOfferingId: args.string('diskofferingid'), serviceOfferingId: args.string('serviceofferingid'),
    state: args.string('state'), keyword: args.string('keyword'), displayVolume: args.bool('displayvolume'), isEncrypted: args.bool('isencrypted'),
    tags: args.map('tags'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'), ...owner(args),
  };
}

export const volumeHandlers: HandlerMap = {
  createVolume: async ({ caller, services, args }) => {
    const r = await services.volumes.create(caller, {
      name: args.string('name'), diskOfferingId: args.string('diskofferingid'), snapshotId: args.string('snapshotid'), size: args.number('size'),
      minIops: args.number('miniops'), maxIops: args.number('maxiops'), zoneId: args.string('zoneid'), displayVolume: args.bool('displayvolume'),
      virtualMachineId: args.string('virtualmachineid'), customId: args.string('customid'), ...owner(args),
    }, createVolume.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  attachVolume: async ({ caller, services, args }) => {
    const r = await services.volumes.attach(caller, {
      id: args.requireString('id'), virtualMachineId: args.requireString('virtualmachineid'), deviceId: args.number('deviceid'),
    }, attachVolume.javaClass);
    return job(r.jobUuid);
  },

  detachVolume: async ({ caller, services, args }) => {
    const r = await services.volumes.detach(caller, {
      id: args.string('id'), virtualMachineId: args.string('virtualmachineid'), deviceId: args.number('deviceid'),
    }, detachVolume.javaClass);
    return job(r.jobUuid);
  },

  resizeVolume: async ({ caller, services, args }) => {
    const r = await services.volumes.resize(caller, {
      id: args.requireString('id'), size: args.number('size'), diskOfferingId: args.string('diskofferingid'), shrinkOk: args.bool('shrinkok'),
      minIops: args.number('miniops'), maxIops: args.number('maxiops'),
    }, resizeVolume.javaClass);
    return job(r.jobUuid);
  },

  migrateVolume: async ({ caller, services, args }) => {
    const r = await services.volumes.migrate(caller, {
      volumeId: args.requireString('volumeid'), storageId: args.requireString('storageid'), liveMigrate: args.bool('livemigrate'),
      newDiskOfferingId: args.string('newdiskofferingid'),
    }, migrateVolume.javaClass);
    return job(r.jobUuid);
  },

  deleteVolume: async ({ caller, services, args }) => {
    await services.volumes.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },

  destroyVolume: async ({ caller, services, args }) => {
    const r = await services.volumes.destroy(caller, args.requireString('id'), args.bool('expunge') ?? false, destroyVolume.javaClass);
    return job(r.jobUuid);
  },

  recoverVolume: async ({ caller, services, args }) => object(volumeResponse(await services.volumes.recover(caller, args.requireString('id')))),

  updateVolume: async ({ caller, services, args }) => {
    const r = await services.volumes.update(caller, {
      id: args.string('id'), name: args.string('name'), displayVolume: args.bool('displayvolume'), deleteProtection: args.bool('deleteprotection'),
      path: args.string('path'), chainInfo: args.string('chaininfo'), storageId: args.string('storageid'), state: args.string('state'),
      customId: args.string('customid'),
    }, updateVolume.javaClass);
    return job(r.jobUuid);
  },

  listVolumes: async ({ caller, services, args, page }) => {
    const r = await services.volumes.list(caller, filter(args), page);
    if (args.bool('retrieveonlyresourcecount')) return list({ count: r.count, items: [] });
    return list({ count: r.count, items: r.items.map(volumeResponse) });
  },

  listVolumesMetrics: async ({ caller, services, args, page }) => {
    const r = await services.volumes.list(caller, filter(args), page);
    return list({ count: r.count, items: r.items.map(volumeMetricsResponse) });
  },
};
