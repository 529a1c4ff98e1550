import { csDate } from '../../../../core/time.js';
import type { ImageStoreView } from '../../../../services/image-stores.js';
import type { StoragePoolView, StorageTagView } from '../../../../services/storage-pools.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';

export function storagePoolResponse(p: StoragePoolView): Obj {
  return {
    id: p.uuid, zoneid: p.zoneUuid, zonename: p.zoneName, podid: p.podUuid ?? undefined, podname: p.podName ?? undefined,
    clusterid: p.clusterUuid ?? undefined, clustername: p.clusterName ?? undefined, name: p.name, ipaddress: p.hostAddress,
    path: p.path, created: csDate(p.created), type: p.type, capacitybytes: p.capacityBytes, disksizetotal: p.capacityBytes,
    disksizeallocated: p.allocatedBytes, disksizeused: p.usedBytes, capacityiops: p.capacityIops ?? undefined,
    tags: p.tags.join(',') || undefined, istagarule: p.isTagRule, state: p.status, scope: p.scope, overprovisionfactor: '1.0',
    hypervisor: p.hypervisor ?? undefined, provider: p.provider, managed: p.managed, hasannotations: false,
  };
}

export function storageTagResponse(t: StorageTagView): Obj {
  return { id: String(t.id), poolid: t.poolId, name: t.name };
}

export function imageStoreResponse(s: ImageStoreView): Obj {
  return {
    id: s.uuid, zoneid: s.zoneUuid ?? undefined, zonename: s.zoneName ?? undefined, name: s.name, url: s.url, protocol: s.protocol,
    providername: s.provider, scope: s.scope, readonly: s.readonly, disksizetotal: s.totalBytes ?? undefined,
    disksizeused: s.totalBytes === null ? undefined : s.usedBytes, hasannotations: false,
  };
}

registerEntityRenderer('StoragePool', (d) => storagePoolResponse(d as StoragePoolView));
