import type { AclItemView, AclListView } from '../../../../services/acl-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';

export function aclListResponse(l: AclListView): Obj {
  return { id: l.uuid, name: l.name, description: l.description ?? undefined, vpcid: l.vpcUuid ?? undefined, vpcname: l.vpcName ?? undefined, fordisplay: l.forDisplay };
}

/** A NetworkACLItemResponse: ports as strings and the CIDR list comma-joined, as CloudStack prints them. */
export function aclItemResponse(i: AclItemView): Obj {
  return {
    id: i.uuid, protocol: i.protocol, startport: i.startPort === null ? undefined : String(i.startPort), endport: i.endPort === null ? undefined : String(i.endPort),
    traffictype: i.trafficType, state: i.state, cidrlist: i.cidrs.join(','), icmptype: i.icmpType ?? undefined, icmpcode: i.icmpCode ?? undefined, tags: [],
    aclid: i.aclUuid, aclname: i.aclName, number: i.number, action: i.action, fordisplay: i.forDisplay, reason: i.reason ?? undefined,
  };
}

registerEntityRenderer('NetworkACLList', (d) => aclListResponse(d as AclListView));
registerEntityRenderer('NetworkACLItem', (d) => aclItemResponse(d as AclItemView));
