// Wire shape of IPAddressResponse.
import { csDate } from '../../../../core/time.js';
import type { IpAddressView } from '../../../../services/public-ip-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './network.js';

const orUndef = <T>(v: T | null): T | undefined => v ?? undefined;

export function ipAddressResponse(ip: IpAddressView): Obj {
  return {
    id: ip.uuid, ipaddress: ip.address, allocated: csDate(ip.allocated), zoneid: ip.zoneUuid, zonename: ip.zoneName, issourcenat: ip.sourceNat,
    ...(ip.owner ? ownerFields(ip.owner) : {}), forvirtualnetwork: ip.forVirtualNetwork, vlanid: ip.vlanUuid, vlanname: ip.vlanName, isstaticnat: ip.staticNat,
    issystem: false, virtualmachineid: ip.vm?.uuid, virtualmachinetype: ip.vm ? 'UserVm' : undefined, vmipaddress: ip.vm?.guestIp,
    virtualmachinename: ip.vm?.name, virtualmachinedisplayname: ip.vm?.displayName, associatednetworkid: orUndef(ip.associatedNetworkUuid),
    associatednetworkname: orUndef(ip.associatedNetworkName), state: ip.state, physicalnetworkid: orUndef(ip.physicalNetworkUuid),
    tags: ip.tags.map((t) => ({ key: t.key, value: t.value })), isportable: false, fordisplay: ip.forDisplay, hasrules: ip.hasRules,
    forsystemvms: ip.forSystemVms, forprovider: false, hasannotations: false,
  };
}

registerEntityRenderer('IpAddress', (d) => ipAddressResponse(d as IpAddressView));
