import { type HandlerMap, list, object } from '../reply.js';
import { serviceOfferingResponse } from '../views/offerings.js';
import { detailsMap, ioLimits } from './offering-args.js';

export const serviceOfferingHandlers: HandlerMap = {
  createServiceOffering: async ({ caller, services, args }) =>
    object(serviceOfferingResponse(await services.serviceOfferings.create(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), customized: args.bool('customized'),
      cpuNumber: args.number('cpunumber'), cpuSpeed: args.number('cpuspeed'), memory: args.number('memory'),
      minCpu: args.number('mincpunumber'), maxCpu: args.number('maxcpunumber'), minMemory: args.number('minmemory'), maxMemory: args.number('maxmemory'),
      offerHa: args.bool('offerha'), limitCpuUse: args.bool('limitcpuuse'), isVolatile: args.bool('isvolatile'), storageType: args.string('storagetype'),
      provisioningType: args.string('provisioningtype'), cacheMode: args.string('cachemode'), storageTags: args.string('tags'), hostTags: args.string('hosttags'),
      domainIds: args.list('domainid'), zoneIds: args.list('zoneid'), isSystem: args.bool('issystem'), systemVmType: args.string('systemvmtype'),
      networkRate: args.number('networkrate'), deploymentPlanner: args.string('deploymentplanner'), details: detailsMap(args, 'serviceofferingdetails'),
      rootDiskSize: args.number('rootdisksize'), customizedIops: args.bool('customizediops'), minIops: args.number('miniops'), maxIops: args.number('maxiops'),
      ioLimits: ioLimits(args), hypervisorSnapshotReserve: args.number('hypervisorsnapshotreserve'), dynamicScalingEnabled: args.bool('dynamicscalingenabled'),
      diskOfferingId: args.string('diskofferingid'), diskOfferingStrictness: args.bool('diskofferingstrictness'), encryptRoot: args.bool('encryptroot'),
      purgeResources: args.bool('purgeresources'), storagePolicy: args.string('storagepolicy'), vgpuProfileId: args.string('vgpuprofileid'),
      externalDetails: detailsMap(args, 'externaldetails'),
    }))),

  listServiceOfferings: async ({ caller, services, args, page }) => {
    // virtualmachineid, templateid and vgpuprofileid narrow by entities this cloud does not model yet; they are accepted and ignored.
    const r = await services.serviceOfferings.list(caller, {
      id: args.string('id'), name: args.string('name'), keyword: args.string('keyword'), isSystem: args.bool('issystem'),
      systemVmType: args.string('systemvmtype'), zoneId: args.string('zoneid'), domainId: args.string('domainid'), isRecursive: args.bool('isrecursive'),
      cpuNumber: args.number('cpunumber'), cpuSpeed: args.number('cpuspeed'), memory: args.number('memory'), encryptRoot: args.bool('encryptroot'),
      storageType: args.string('storagetype'), state: args.string('state'), gpuEnabled: args.bool('gpuenabled'),
    }, page);
    return list({ count: r.count, items: r.items.map(serviceOfferingResponse) });
  },

  updateServiceOffering: async ({ caller, services, args }) =>
    object(serviceOfferingResponse(await services.serviceOfferings.update(caller, args.requireString('id'), {
      name: args.string('name'), displayText: args.string('displaytext'), sortKey: args.number('sortkey'), hostTags: args.string('hosttags'),
      storageTags: args.string('storagetags'), domainIds: args.string('domainid'), zoneIds: args.string('zoneid'), state: args.string('state'),
      purgeResources: args.bool('purgeresources'), externalDetails: detailsMap(args, 'externaldetails'), cleanupExternalDetails: args.bool('cleanupexternaldetails'),
    }))),

  deleteServiceOffering: async ({ caller, services, args }) => {
    await services.serviceOfferings.remove(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
