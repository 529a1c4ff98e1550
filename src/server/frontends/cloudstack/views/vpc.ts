import { csDate } from '../../../../core/time.js';
import type { PrivateGatewayView } from '../../../../services/private-gateways.js';
import type { StaticRouteView } from '../../../../services/static-routes.js';
import type { VpcOfferingView } from '../../../../services/vpc-offerings.js';
import type { VpcView } from '../../../../services/vpc-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';

const services = (s: VpcView['services']) => s.map((x) => ({ name: x.name, provider: x.providers.map((p) => ({ name: p })) }));
const joined = (xs: readonly { uuid: string; name: string }[], k: 'uuid' | 'name') => (xs.length ? xs.map((x) => x[k]).join(',') : undefined);

export function vpcOfferingResponse(o: VpcOfferingView): Obj {
  return {
    id: o.uuid, name: o.name, displaytext: o.displayText, created: csDate(o.created), isdefault: o.isDefault, state: o.state, service: services(o.services),
    distributedvpcrouter: o.distributedRouter, supportsregionLevelvpc: o.regionLevel, fornsx: false, networkmode: o.networkMode,
    domainid: joined(o.domains, 'uuid'), domain: joined(o.domains, 'name'), zoneid: joined(o.zones, 'uuid'), zone: joined(o.zones, 'name'),
    internetprotocol: o.internetProtocol.toUpperCase() === 'IPV4' ? 'IPv4' : o.internetProtocol, specifyasnumber: false,
  };
}

/** A VpcResponse; its `network` array holds the tiers (a NetworkResponse subset). */
export function vpcResponse(v: VpcView): Obj {
  return {
    id: v.uuid, name: v.name, displaytext: v.displayText, state: v.state, zoneid: v.zoneUuid, zonename: v.zoneName, service: services(v.services), cidr: v.cidr,
    vpcofferingid: v.offeringUuid, vpcofferingname: v.offeringName, created: csDate(v.created), ...ownerFields(v.owner, true),
    network: v.tiers.map((t) => ({
      id: t.uuid, name: t.name, cidr: t.cidr ?? undefined, gateway: t.gateway ?? undefined, netmask: t.netmask ?? undefined, state: t.state, vpcid: v.uuid,
      aclid: t.aclUuid ?? undefined, aclname: t.aclName ?? undefined,
    })),
    restartrequired: v.restartRequired, networkdomain: v.networkDomain ?? undefined, tags: [], fordisplay: v.forDisplay, distributedvpcrouter: false,
    regionlevelvpc: false, redundantvpcrouter: v.redundantRouter, publicmtu: v.publicMtu, dns1: v.dns1 ?? undefined, dns2: v.dns2 ?? undefined, hasannotations: false,
  };
}

export function privateGatewayResponse(g: PrivateGatewayView): Obj {
  return {
    id: g.uuid, gateway: g.gateway, netmask: g.netmask, ipaddress: g.ipAddress, zoneid: g.zoneUuid, zonename: g.zoneName, vlan: g.vlan, vpcid: g.vpcUuid,
    vpcname: g.vpcName, physicalnetworkid: g.physicalNetworkUuid ?? undefined, ...ownerFields(g.owner, true), state: g.state, sourcenatsupported: g.sourceNat,
    aclid: g.aclUuid, aclname: g.aclName, hasannotations: false,
  };
}

export function staticRouteResponse(r: StaticRouteView): Obj {
  return {
    id: r.uuid, state: r.state, vpcid: r.vpcUuid, vpcgatewayid: r.gatewayUuid ?? undefined, vpcgatewayip: r.gatewayIp ?? undefined,
    nexthop: r.nextHop ?? undefined, cidr: r.cidr, ...ownerFields(r.owner, true), tags: [],
  };
}

registerEntityRenderer('VpcOffering', (d) => vpcOfferingResponse(d as VpcOfferingView));
registerEntityRenderer('Vpc', (d) => vpcResponse(d as VpcView));
registerEntityRenderer('PrivateGateway', (d) => privateGatewayResponse(d as PrivateGatewayView));
registerEntityRenderer('StaticRoute', (d) => staticRouteResponse(d as StaticRouteView));
