import type { CapacityFigure } from '../../../../core/capacity.js';
import type { ClusterView } from '../../../../services/clusters.js';
import type { Obj } from '../reply.js';
import { capacityResponse } from './capacity.js';

export function clusterResponse(c: ClusterView, capacity?: readonly CapacityFigure[]): Obj {
  return {
    id: c.uuid, name: c.name, podid: c.podUuid, podname: c.podName, zoneid: c.zoneUuid, zonename: c.zoneName,
    hypervisortype: c.hypervisorType, clustertype: c.clusterType, allocationstate: c.allocationState, managedstate: c.managedState,
    capacity: capacity?.map((x) => capacityResponse({ ...x, zoneUuid: c.zoneUuid, zoneName: c.zoneName, podUuid: c.podUuid, podName: c.podName, clusterUuid: c.uuid, clusterName: c.name })),
    // Nubo does not overcommit yet: a host's CPU and memory are what it has.
    cpuovercommitratio: '1.0', memoryovercommitratio: '1.0', arch: c.arch, hasannotations: false,
  };
}
