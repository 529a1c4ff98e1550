import type { CapacityFigure } from '../../../../core/capacity.js';
import type { PodView } from '../../../../services/pods.js';
import type { Obj } from '../reply.js';
import { capacityResponse } from './capacity.js';

export function podResponse(p: PodView, capacity?: readonly CapacityFigure[]): Obj {
  const range = p.startIp !== null && p.endIp !== null;
  return {
    id: p.uuid, name: p.name, zoneid: p.zoneUuid, zonename: p.zoneName, gateway: p.gateway, netmask: p.netmask,
    ipranges: range ? [{ gateway: p.gateway, cidr: p.cidr, startip: p.startIp, endip: p.endIp, forsystemvms: '0', vlanid: 'vlan://untagged' }] : [],
    // The flat lists are CloudStack's deprecated copies of `ipranges`.
    startip: range ? [p.startIp] : [], endip: range ? [p.endIp] : [], forsystemvms: range ? ['0'] : [], vlanid: range ? ['vlan://untagged'] : [],
    allocationstate: p.allocationState,
    capacity: capacity?.map((c) => capacityResponse({ ...c, zoneUuid: p.zoneUuid, zoneName: p.zoneName, podUuid: p.uuid, podName: p.name })),
    hasannotations: false,
  };
}
