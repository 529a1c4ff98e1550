// Wire shapes of NetworkResponse, PhysicalNetworkResponse and TrafficTypeResponse.
import { csDate } from '../../../../core/time.js';
import type { OwnerView } from '../../../../services/network-refs.js';
import type { NetworkView } from '../../../../services/network-views.js';
import type { PhysicalNetworkView, TrafficTypeView } from '../../../../services/physical-networks.js';
import type { Obj } from '../reply.js';
import { domainPath, registerEntityRenderer } from './index.js';

const orUndef = <T>(v: T | null): T | undefined => v ?? undefined;

/** account/domain fields of an owned entity; a project's resources name the project instead of its account. */
export function ownerFields(o: OwnerView): Obj {
  return {
    ...(o.projectUuid ? { projectid: o.projectUuid, project: orUndef(o.projectName) } : { account: o.accountName }),
    domainid: o.domainUuid, domain: o.domainName, domainpath: domainPath(o.domainPath),
  };
}

/** The VLAN and broadcast URI are shown to root admins only, as in CloudStack. */
export function networkResponse(n: NetworkView, rootAdmin = false): Obj {
  return {
    id: n.uuid, name: n.name, displaytext: n.displayText, broadcastdomaintype: n.broadcastDomainType, traffictype: n.trafficType,
    gateway: orUndef(n.gateway), netmask: orUndef(n.netmask), cidr: orUndef(n.cidr), networkcidr: orUndef(n.networkCidr), reservediprange: orUndef(n.reservedIpRange),
    zoneid: n.zoneUuid, zonename: n.zoneName, networkofferingid: n.offering.uuid, networkofferingname: n.offering.name,
    networkofferingdisplaytext: n.offering.displayText, networkofferingconservemode: n.offering.conserveMode, networkofferingavailability: n.offering.availability,
    issystem: false, state: n.state, related: n.uuid, broadcasturi: rootAdmin ? orUndef(n.broadcastUri) : undefined, dns1: orUndef(n.dns1), dns2: orUndef(n.dns2),
    type: n.guestType, vlan: rootAdmin ? orUndef(n.vlan) : undefined, acltype: n.aclType, subdomainaccess: orUndef(n.subdomainAccess),
    ...ownerFields(n.owner), isdefault: false,
    // CloudStack never lists the Gateway service.
    service: n.services.filter((s) => s.name !== 'Gateway').map((s) => ({
      name: s.name, provider: s.providers.map((p) => ({ name: p }))
    })),
    networkdomain: orUndef(n.networkDomain), physicalnetworkid: orUndef(n.physicalNetworkUuid), restartrequired: n.restartRequired,
    specifyvlan: n.offering.specifyVlan, specifyipranges: n.specifyIpRanges, canusefordeploy: n.canUseForDeploy, ispersistent: n.offering.isPersistent,
    tags: n.tags.map((t) => ({ key: t.key, value: t.value })), displaynetwork: n.displayNetwork, strechedl2subnet: false, externalid: orUndef(n.externalId),
    redundantrouter: n.offering.redundantRouter, supportsvmautoscaling: n.offering.supportsVmAutoscaling, created: csDate(n.created),
    egressdefaultpolicy: n.offering.egressDefaultPolicy, internetprotocol: n.guestType === 'L2' ? undefined : 'IPv4', publicmtu: orUndef(n.publicMtu),
    privatemtu: orUndef(n.privateMtu), associatednetworkid: orUndef(n.associatedNetworkUuid), associatednetwork: orUndef(n.associatedNetworkName),
    vpcid: orUndef(n.vpcUuid), hasannotations: false,
  };
}

export function physicalNetworkResponse(p: PhysicalNetworkView): Obj {
  return {
    id: p.uuid, name: p.name, broadcastdomainrange: p.broadcastDomainRange, zoneid: p.zoneUuid, zonename: p.zoneName, state: p.state,
    vlan: orUndef(p.vlan), domainid: orUndef(p.domainUuid), tags: orUndef(p.tags), isolationmethods: orUndef(p.isolationMethods), networkspeed: orUndef(p.networkSpeed),
  };
}

export function trafficTypeResponse(t: TrafficTypeView): Obj {
  return {
    id: t.uuid, traffictype: t.trafficType, physicalnetworkid: t.physicalNetworkUuid, kvmnetworklabel: orUndef(t.kvmLabel), xennetworklabel: orUndef(t.xenLabel),
    vmwarenetworklabel: orUndef(t.vmwareLabel), hypervnetworklabel: orUndef(t.hypervLabel), ovm3networklabel: orUndef(t.ovm3Label),
  };
}

registerEntityRenderer('Network', (d) => networkResponse(d as NetworkView));
registerEntityRenderer('PhysicalNetwork', (d) => physicalNetworkResponse(d as PhysicalNetworkView));
registerEntityRenderer('TrafficType', (d) => trafficTypeResponse(d as TrafficTypeView));
