import { percentUsed } from '../../../../core/capacity.js';
import { csDate } from '../../../../core/time.js';
import type { HostTagView, HostView } from '../../../../services/hosts.js';
import { CLOUDSTACK_VERSION } from '../render.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';

export function hostResponse(h: HostView): Obj {
  const cpuTotal = h.cpuCores * h.cpuSpeedMhz;
  const cpuPct = `${percentUsed(h.cpuUsedMhz, cpuTotal)}%`;
  return {
    id: h.uuid, name: h.name, state: h.status, disconnected: csDate(h.disconnected), type: h.type,
    oscategoryid: h.osCategoryUuid ?? undefined, oscategoryname: h.osCategoryName ?? undefined, ipaddress: h.ipAddress,
    zoneid: h.zoneUuid, zonename: h.zoneName, podid: h.podUuid, podname: h.podName, version: CLOUDSTACK_VERSION,
    hypervisor: h.hypervisorType, cpusockets: h.cpuSockets, cpunumber: h.cpuCores, cpuspeed: h.cpuSpeedMhz,
    cpuallocated: cpuPct, cpuallocatedvalue: h.cpuUsedMhz, cpuallocatedpercentage: cpuPct, cpuallocatedwithoverprovisioning: cpuPct,
    cpuused: '0%', cpuwithoverprovisioning: String(cpuTotal), cpuloadaverage: 0, networkkbsread: 0, networkkbswrite: 0,
    memorytotal: h.memoryBytes, memorywithoverprovisioning: String(h.memoryBytes), memoryallocated: h.memoryUsedBytes,
    memoryallocatedpercentage: `${percentUsed(h.memoryUsedBytes, h.memoryBytes)}%`, memoryallocatedbytes: h.memoryUsedBytes, memoryused: 0,
    capabilities: h.capabilities, lastpinged: csDate(h.lastPinged), clusterid: h.clusterUuid, clustername: h.clusterName,
    clustertype: h.clusterType, islocalstorageactive: false, created: csDate(h.created),
    hosttags: [...h.explicitTags, ...h.implicitTags].join(',') || undefined, explicithosttags: h.explicitTags.join(',') || undefined,
    implicithosttags: h.implicitTags.join(',') || undefined, istagarule: h.isTagRule, resourcestate: h.resourceState,
    hypervisorversion: h.hypervisorVersion, hahost: false, arch: h.arch, annotation: h.annotation ?? undefined, hasannotations: false,
  };
}

export function hostTagResponse(t: HostTagView): Obj {
  return { id: String(t.id), hostid: t.hostId, name: t.name, isimplicit: t.isImplicit };
}

registerEntityRenderer('Host', (d) => hostResponse(d as HostView));
