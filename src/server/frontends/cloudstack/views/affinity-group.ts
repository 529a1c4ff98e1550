import type { AffinityGroupView, AffinityVmView } from '../../../../services/affinity-groups.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';

/** An AffinityGroupResponse; the VM family uses it for the VM's `affinitygroup` field. */
export function affinityGroupResponse(g: AffinityGroupView): Obj {
  return {
    id: g.uuid, name: g.name, description: g.description ?? undefined, ...ownerFields(g.owner, true), type: g.type,
    virtualmachineIds: g.vmUuids,
  };
}

/**
 * updateVMAffinityGroup's answer until the VM family provides its full UserVmResponse
 * (services.affinity.setVmView): the identifying fields and the new groups, all UserVmResponse keys.
 */
export function affinityVmResponse(v: AffinityVmView): Obj {
  return {
    id: v.uuid, name: v.name, displayname: v.displayName, ...ownerFields(v.owner, true), state: v.state,
    zoneid: v.zoneUuid ?? undefined, zonename: v.zoneName ?? undefined, affinitygroup: v.groups.map(affinityGroupResponse), tags: [],
  };
}

registerEntityRenderer('AffinityGroup', (d) => affinityGroupResponse(d as AffinityGroupView));
registerEntityRenderer('AffinityGroupVm', (d) => affinityVmResponse(d as AffinityVmView));
