import type { VlanRangeView } from '../../../../services/vlan-ranges.js';
import type { Obj } from '../reply.js';
import { domainPath } from './index.js';

export function vlanRangeResponse(v: VlanRangeView): Obj {
  return {
    id: v.uuid, forvirtualnetwork: v.forVirtualNetwork, zoneid: v.zoneUuid, vlan: v.vlan, account: v.accountName ?? undefined,
    domainid: v.domainUuid ?? undefined, domain: v.domainName ?? undefined, domainpath: v.domainPath === null ? undefined : domainPath(v.domainPath),
    podid: v.podUuid ?? undefined, podname: v.podName ?? undefined, gateway: v.gateway, netmask: v.netmask, cidr: v.cidr,
    startip: v.startIp, endip: v.endIp, forsystemvms: v.forSystemVms,
  };
}
