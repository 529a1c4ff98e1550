import type { HypervisorCapabilitiesView } from '../../../../services/hypervisors.js';
import type { Obj } from '../reply.js';

export function hypervisorCapabilitiesResponse(h: HypervisorCapabilitiesView): Obj {
  return {
    id: h.uuid, hypervisor: h.hypervisor, hypervisorversion: h.hypervisorVersion, maxguestslimit: h.maxGuestsLimit,
    securitygroupenabled: h.securityGroupEnabled, maxdatavolumeslimit: h.maxDataVolumesLimit, maxhostspercluster: h.maxHostsPerCluster ?? undefined,
    storagemotionenabled: h.storageMotionSupported, vmsnapshotenabled: h.vmSnapshotEnabled,
  };
}
