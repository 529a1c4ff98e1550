import { type HandlerMap, list, object } from '../reply.js';
import { diskOfferingResponse } from '../views/offerings.js';
import { detailsMap, ioLimits } from './offering-args.js';

export const diskOfferingHandlers: HandlerMap = {
  createDiskOffering: async ({ caller, services, args }) =>
    object(diskOfferingResponse(await services.diskOfferings.create(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), diskSize: args.number('disksize'), customized: args.bool('customized'),
      tags: args.string('tags'), domainIds: args.list('domainid'), zoneIds: args.list('zoneid'), storageType: args.string('storagetype'),
      provisioningType: args.string('provisioningtype'), displayOffering: args.bool('displayoffering'), ioLimits: ioLimits(args),
      customizedIops: args.bool('customizediops'), minIops: args.number('miniops'), maxIops: args.number('maxiops'),
      hypervisorSnapshotReserve: args.number('hypervisorsnapshotreserve'), cacheMode: args.string('cachemode'), storagePolicy: args.string('storagepolicy'),
      diskSizeStrictness: args.bool('disksizestrictness'), encrypt: args.bool('encrypt'), details: detailsMap(args, 'details'),
    }))),

  listDiskOfferings: async ({ caller, services, args, page }) => {
    // volumeid, storageid and virtualmachineid narrow by entities this cloud does not model yet; they are accepted and ignored.
    const r = await services.diskOfferings.list(caller, {
      id: args.string('id'), name: args.string('name'), keyword: args.string('keyword'), zoneId: args.string('zoneid'), domainId: args.string('domainid'),
      isRecursive: args.bool('isrecursive'), encrypt: args.bool('encrypt'), storageType: args.string('storagetype'), state: args.string('state'),
    }, page);
    return list({ count: r.count, items: r.items.map(diskOfferingResponse) });
  },

  updateDiskOffering: async ({ caller, services, args }) =>
    object(diskOfferingResponse(await services.diskOfferings.update(caller, args.requireString('id'), {
      name: args.string('name'), displayText: args.string('displaytext'), sortKey: args.number('sortkey'), displayOffering: args.bool('displayoffering'),
      domainIds: args.string('domainid'), zoneIds: args.string('zoneid'), tags: args.string('tags'), ioLimits: ioLimits(args),
      cacheMode: args.string('cachemode'), state: args.string('state'),
    }))),

  deleteDiskOffering: async ({ caller, services, args }) => {
    await services.diskOfferings.remove(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
