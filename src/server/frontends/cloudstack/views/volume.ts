import { csDate } from '../../../../core/time.js';
import type { VolumeView } from '../../../../services/volumes.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';
import { tagResponse } from './tag.js';

/**
 * A VolumeResponse. The VM fields, `deviceid` and the `attached` date are present only while
 * the volume is attached (Ansible's cs_volume decides attachment by `attached` alone); `size`
 * is in bytes. Root admins also see the pool id, path, pod and cluster.
 */
export function volumeResponse(v: VolumeView): Obj {
  const vm = v.vm;
  return {
    id: v.uuid, name: v.name, zoneid: v.zoneUuid, zonename: v.zoneName, type: v.type,
    deviceid: v.deviceId ?? undefined,
    virtualmachineid: vm?.uuid, vmname: vm?.name, vmdisplayname: vm?.displayName, vmstate: vm?.state, vmtype: vm ? 'User' : undefined,
    isoid: v.iso?.uuid, isoname: v.iso?.name, isodisplaytext: v.iso?.displayText,
    templateid: v.template?.uuid, templatename: v.template?.name, templatedisplaytext: v.template?.displayText,
    provisioningtype: v.provisioningType, size: v.size, miniops: v.minIops ?? undefined, maxiops: v.maxIops ?? undefined,
    created: csDate(v.created), state: v.state, ...ownerFields(v.owner, true), storagetype: v.storageType,
    hypervisor: v.hypervisor ?? undefined,
    diskofferingid: v.diskOffering?.uuid, diskofferingname: v.diskOffering?.name, diskofferingdisplaytext: v.diskOffering?.displayText,
    serviceofferingid: v.serviceOffering?.uuid, serviceofferingname: v.serviceOffering?.name, serviceofferingdisplaytext: v.serviceOffering?.displayText,
    storage: v.pool?.name, snapshotid: v.snapshotUuid ?? undefined, attached: csDate(v.attached),
    destroyed: v.state === 'Destroy', isextractable: v.isExtractable, displayvolume: v.displayVolume,
    quiescevm: false, supportsstoragesnapshot: false, deleteprotection: v.deleteProtection, virtualsize: v.size,
    ...(v.full ? {
      storageid: v.pool?.uuid, path: v.path ?? undefined, chaininfo: v.chainInfo ?? undefined, physicalsize: v.physicalSize,
      podid: v.pool?.podUuid ?? undefined, podname: v.pool?.podName ?? undefined,
      clusterid: v.pool?.clusterUuid ?? undefined, clustername: v.pool?.clusterName ?? undefined,
    } : {}),
    tags: v.tags.map(tagResponse),
  };
}

/** listVolumesMetrics: the volume plus its size in GiB (CloudStack prints it with two decimals). */
export function volumeMetricsResponse(v: VolumeView): Obj {
  return { ...volumeResponse(v), sizegb: `${(v.size / 1024 ** 3).toFixed(2)} GB`, diskiopstotal: 0 };
}

registerEntityRenderer('Volume', (d) => volumeResponse(d as VolumeView));
