// Wire shapes of ServiceOfferingResponse, DiskOfferingResponse, NetworkOfferingResponse and the
// network service catalogue (ServiceResponse with provider[] and capability[]).
import { offeringCapabilities } from '../../../../core/network-offering-rules.js';
import { CHOOSABLE_CAPABILITIES, type NetworkService, SERVICE_CAPABILITIES, providersFor } from '../../../../core/network-services.js';
import { IO_LIMITS, type IoLimits } from '../../../../core/offering-rules.js';
import { csDate } from '../../../../core/time.js';
import type { DiskOfferingView } from '../../../../services/disk-offerings.js';
import type { NetworkOfferingView } from '../../../../services/network-offerings.js';
import type { OfferingScope } from '../../../../services/offering-scope.js';
import type { ServiceOfferingView } from '../../../../services/service-offerings.js';
import type { Obj } from '../reply.js';

const GIB = 1024 ** 3;

/** CloudStack's offering views join the domain and zone lists with commas. */
function scopeFields(s: OfferingScope): Obj {
  const join = (xs: readonly string[]) => (xs.length ? xs.join(',') : undefined);
  return {
    domainid: join(s.domains.map((d) => d.uuid)), domain: join(s.domains.map((d) => d.name)),
    zoneid: join(s.zones.map((z) => z.uuid)), zone: join(s.zones.map((z) => z.name)),
  };
}

function ioFields(l: IoLimits): Obj {
  const out: Obj = {};
  for (const [param, field] of IO_LIMITS) if (l[param] !== undefined) out[field] = l[param];
  return out;
}

const orUndef = <T>(v: T | null): T | undefined => v ?? undefined;

export function serviceOfferingResponse(o: ServiceOfferingView): Obj {
  return {
    id: o.uuid, name: o.name, state: o.state, displaytext: o.displayText, cpunumber: orUndef(o.cpuNumber), cpuspeed: orUndef(o.cpuSpeed),
    memory: orUndef(o.memory), created: csDate(o.created), storagetype: o.storageType, provisioningtype: o.provisioningType, offerha: o.offerHa,
    limitcpuuse: o.limitCpuUse, isvolatile: o.isVolatile, storagetags: orUndef(o.storageTags), ...scopeFields(o.scope), hosttags: orUndef(o.hostTags),
    issystem: o.isSystem, defaultuse: o.defaultUse, systemvmtype: orUndef(o.systemVmType), networkrate: orUndef(o.networkRate),
    iscustomizediops: orUndef(o.customizedIops), miniops: orUndef(o.minIops), maxiops: orUndef(o.maxIops),
    hypervisorsnapshotreserve: orUndef(o.hypervisorSnapshotReserve), ...ioFields(o.ioLimits), deploymentplanner: orUndef(o.deploymentPlanner),
    serviceofferingdetails: Object.keys(o.details).length ? o.details : undefined, iscustomized: o.customized, cacheMode: o.cacheMode,
    rootdisksize: o.rootDiskSize ?? 0, dynamicscalingenabled: o.dynamicScalingEnabled, diskofferingstrictness: o.diskOfferingStrictness,
    diskofferingid: o.diskOffering?.uuid, diskofferingname: o.diskOffering?.name, diskofferingdisplaytext: o.diskOffering?.displayText,
    encryptroot: o.encryptRoot, purgeresources: o.purgeResources, hasannotations: false,
  };
}

export function diskOfferingResponse(d: DiskOfferingView): Obj {
  return {
    id: d.uuid, ...scopeFields(d.scope), name: d.name, state: d.state, displaytext: d.displayText, disksize: Math.floor(d.diskSize / GIB),
    created: csDate(d.created), iscustomized: d.customized, iscustomizediops: orUndef(d.customizedIops), miniops: orUndef(d.minIops),
    maxiops: orUndef(d.maxIops), hypervisorsnapshotreserve: orUndef(d.hypervisorSnapshotReserve), tags: orUndef(d.tags),
    storagetype: d.storageType, provisioningtype: d.provisioningType, ...ioFields(d.ioLimits), cacheMode: d.cacheMode,
    displayoffering: d.displayOffering, disksizestrictness: d.diskSizeStrictness, encrypt: d.encrypt,
    details: Object.keys(d.details).length ? d.details : undefined, hasannotations: false,
  };
}

export function networkOfferingResponse(n: NetworkOfferingView): Obj {
  return {
    id: n.uuid, name: n.name, displaytext: n.displayText, tags: orUndef(n.tags), created: csDate(n.created), traffictype: n.trafficType,
    isdefault: n.isDefault, specifyvlan: n.specifyVlan, conservemode: n.conserveMode, specifyipranges: n.specifyIpRanges,
    availability: n.availability, networkrate: n.networkRate, state: n.state, guestiptype: orUndef(n.guestIpType),
    serviceofferingid: orUndef(n.serviceOfferingUuid),
    // CloudStack never lists the Gateway service.
    service: n.services.filter((s) => s.name !== 'Gateway').map((s) => {
      const caps = offeringCapabilities(s.name, n);
      return { name: s.name, provider: s.providers.map((p) => ({ name: p })), ...(caps.length ? { capability: caps } : {}) };
    }),
    forvpc: n.forVpc, fornsx: false, fortungsten: false, networkmode: orUndef(n.networkMode), ispersistent: n.isPersistent,
    details: Object.keys(n.details).length ? n.details : undefined, egressdefaultpolicy: n.egressDefaultPolicy,
    maxconnections: orUndef(n.maxConnections), supportsstrechedl2subnet: n.supportsStrechedL2, supportspublicaccess: n.supportsPublicAccess,
    supportsinternallb: n.internalLb, ...scopeFields(n.scope), internetprotocol: orUndef(n.internetProtocol), specifyasnumber: false,
    routingmode: orUndef(n.routingMode), hasannotations: false,
  };
}

/** One entry of listSupportedNetworkServices (ApiResponseHelper.createNetworkServiceResponse). */
export function supportedServiceResponse(s: NetworkService): Obj {
  return {
    name: s,
    provider: providersFor(s).map((p) => ({ name: p.name, canenableindividualservice: p.canEnableIndividualServices })),
    capability: SERVICE_CAPABILITIES[s].map((c) => ({ name: c, canchooseservicecapability: CHOOSABLE_CAPABILITIES.has(c) })),
  };
}
