import { csDate } from '../../../../core/time.js';
import type { GuestOsMappingView, GuestOsView, OsCategoryView } from '../../../../services/guest-os.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';

export function osCategoryResponse(c: OsCategoryView): Obj {
  return { id: c.uuid, name: c.name, isfeatured: c.isFeatured, created: csDate(c.created) };
}

export function guestOsResponse(o: GuestOsView): Obj {
  return {
    id: o.uuid, oscategoryid: o.categoryUuid, oscategoryname: o.categoryName, name: o.name ?? o.displayName, description: o.displayName,
    isuserdefined: o.isUserDefined, fordisplay: o.forDisplay,
  };
}

export function guestOsMappingResponse(m: GuestOsMappingView): Obj {
  return {
    id: m.uuid, hypervisor: m.hypervisor, hypervisorversion: m.hypervisorVersion, ostypeid: m.osUuid, osdisplayname: m.osDisplayName,
    osnameforhypervisor: m.osNameForHypervisor, isuserdefined: String(m.isUserDefined),
  };
}

registerEntityRenderer('GuestOS', (d) => guestOsResponse(d as GuestOsView));
registerEntityRenderer('GuestOsMapping', (d) => guestOsMappingResponse(d as GuestOsMappingView));
