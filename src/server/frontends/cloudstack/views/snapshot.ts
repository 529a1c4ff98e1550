import { csDate } from '../../../../core/time.js';
import type { PolicyView, SnapshotView } from '../../../../services/snapshots.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';
import { tagResponse } from './tag.js';

/** A SnapshotResponse; `intervaltype` repeats the snapshot type as CloudStack does (MANUAL, HOURLY, …). */
export function snapshotResponse(s: SnapshotView): Obj {
  return {
    id: s.uuid, ...ownerFields(s.owner, true), snapshottype: s.snapshotType, intervaltype: s.snapshotType,
    volumeid: s.volume?.uuid, volumename: s.volume?.name, volumetype: s.volume?.type, volumestate: s.volume?.state,
    created: csDate(s.created), name: s.name, state: s.state, physicalsize: s.physicalSize, virtualsize: s.size,
    zoneid: s.zoneUuid, zonename: s.zoneName, revertable: s.revertable, ostypeid: s.osType?.uuid, osdisplayname: s.osType?.name,
    datastoreid: s.store?.uuid, datastorename: s.store?.name, datastorestate: s.store ? (s.state === 'BackedUp' ? 'Ready' : s.state) : undefined,
    datastoretype: s.store ? 'Image' : undefined, tags: s.tags.map(tagResponse),
  };
}

/** A SnapshotPolicyResponse: `intervaltype` is the interval's number (0 hourly … 3 monthly). */
export function snapshotPolicyResponse(p: PolicyView): Obj {
  return {
    id: p.uuid, volumeid: p.volumeUuid, volumename: p.volumeName, schedule: p.schedule, intervaltype: p.intervalType, maxsnaps: p.maxSnaps,
    timezone: p.timezone, fordisplay: p.display, tags: p.tags.map(tagResponse),
  };
}

registerEntityRenderer('Snapshot', (d) => snapshotResponse(d as SnapshotView));
registerEntityRenderer('SnapshotPolicy', (d) => snapshotPolicyResponse(d as PolicyView));
