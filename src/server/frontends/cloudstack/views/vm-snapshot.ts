import { csDate } from '../../../../core/time.js';
import type { VmSnapshotView, VmSnapshotVmView } from '../../../../services/vm-snapshots.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';
import { tagResponse } from './tag.js';

export function vmSnapshotResponse(s: VmSnapshotView): Obj {
  return {
    id: s.uuid, name: s.name, state: s.state, description: s.description ?? undefined, displayname: s.displayName, zoneid: s.zoneUuid, zonename: s.zoneName,
    virtualmachineid: s.vmUuid, virtualmachinename: s.vmName, parent: s.parent?.uuid, parentName: s.parent?.displayName, current: s.current, type: s.type,
    created: csDate(s.created), ...ownerFields(s.owner, true), hypervisor: s.hypervisor, tags: s.tags.map(tagResponse),
  };
}

registerEntityRenderer('VMSnapshot', (d) => vmSnapshotResponse(d as VmSnapshotView));
// revertToVMSnapshot's VM while the VM family is not bound: UserVmResponse's identifying keys.
registerEntityRenderer('VmSnapshotVm', (d) => {
  const v = d as VmSnapshotVmView;
  return { id: v.uuid, name: v.name, displayname: v.displayName, state: v.state };
});
