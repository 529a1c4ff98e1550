// Wire shape of DomainRouterResponse.
import { csDate } from '../../../../core/time.js';
import type { RouterView } from '../../../../services/router-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './network.js';
import { nicResponse } from './nic.js';

const orUndef = <T>(v: T | null): T | undefined => v ?? undefined;

export function routerResponse(r: RouterView): Obj {
  return {
    id: r.uuid, zoneid: r.zoneUuid, zonename: r.zoneName, dns1: orUndef(r.dns1), dns2: orUndef(r.dns2), networkdomain: orUndef(r.networkDomain),
    gateway: orUndef(r.gateway), name: r.name, podid: orUndef(r.podUuid), podname: orUndef(r.podName), hostid: orUndef(r.hostUuid), hostname: orUndef(r.hostName),
    hostcontrolstate: r.hostUuid ? 'Enabled' : undefined, hypervisor: orUndef(r.hypervisor), linklocalip: orUndef(r.linkLocalIp),
    linklocalnetmask: r.linkLocalIp ? '255.255.0.0' : undefined, publicip: orUndef(r.publicIp), publicmacaddress: orUndef(r.publicMac),
    publicnetmask: orUndef(r.publicNetmask), guestipaddress: orUndef(r.guestIp), guestmacaddress: orUndef(r.guestMac), guestnetmask: orUndef(r.guestNetmask),
    guestnetworkid: orUndef(r.guestNetworkUuid), guestnetworkname: orUndef(r.guestNetworkName), created: csDate(r.created), state: r.state,
    ...ownerFields(r.owner), serviceofferingid: orUndef(r.serviceOfferingUuid), serviceofferingname: orUndef(r.serviceOfferingName), isredundantrouter: false,
    redundantstate: r.redundantState, version: r.version, scriptsversion: r.version, role: r.role, nic: r.nics.map(nicResponse), requiresupgrade: false,
    healthchecksfailed: false, softwareversion: r.version, arch: 'x86_64', hasannotations: false,
  };
}

registerEntityRenderer('DomainRouter', (d) => routerResponse(d as RouterView));
