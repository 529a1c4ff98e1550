// Wire shapes of NicResponse and NicSecondaryIpResponse. The VM family renders a VM's `nic`
// list with nicResponse too.
import type { NicView } from '../../../../services/nic-views.js';
import type { SecondaryIpResult } from '../../../../services/nics.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';

const orUndef = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

export function nicResponse(n: NicView): Obj {
  return {
    id: n.uuid, networkid: orUndef(n.networkUuid), networkname: orUndef(n.networkName), netmask: orUndef(n.netmask), gateway: orUndef(n.gateway),
    ipaddress: orUndef(n.ipAddress), isolationuri: orUndef(n.isolationUri), broadcasturi: orUndef(n.broadcastUri), traffictype: n.trafficType, type: n.type,
    isdefault: n.isDefault, macaddress: n.macAddress, deviceid: String(n.deviceId), virtualmachineid: orUndef(n.vmUuid),
    secondaryip: n.secondaryIps.length ? n.secondaryIps.map((s) => ({ id: s.uuid, ipaddress: s.ipAddress })) : undefined,
    extradhcpoption: [], publicipid: orUndef(n.publicIpUuid), publicip: orUndef(n.publicIp), vpcid: orUndef(n.vpcUuid), vpcname: orUndef(n.vpcName),
    mtu: orUndef(n.mtu),
  };
}

export function secondaryIpResponse(s: SecondaryIpResult): Obj {
  return {
    id: s.uuid, ipaddress: s.ipAddress, nicid: s.nicUuid, networkid: s.networkUuid, virtualmachineid: s.vmUuid,
    secondaryip: s.secondaryIps.map((x) => ({ id: x.uuid, ipaddress: x.ipAddress })),
  };
}

/** The VM answer of the NIC commands until the VM family provides its own (NicService.setVmResult). */
interface NicVmFallback {
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly state: string;
  readonly nics: readonly NicView[];
}

registerEntityRenderer('NicSecondaryIp', (d) => secondaryIpResponse(d as SecondaryIpResult));
registerEntityRenderer('NicVm', (d) => {
  const v = d as NicVmFallback;
  return { id: v.uuid, name: v.name, displayname: v.displayName, state: v.state, nic: v.nics.map(nicResponse) };
});
