// The rules of createNetworkOffering (ConfigurationManagerImpl.createNetworkOffering in CloudStack):
// turns the request's services, providers and capabilities into a consistent offering, or
// explains with an InvalidParameter error why it cannot be one. Pure: no database here.
import { invalidParam } from './errors.js';
import {
  type NetworkService, VPC_ONLY_PROVIDERS, findCapability, findProvider, findService, isForeignProvider,
} from './network-services.js';

export type GuestIpType = 'Isolated' | 'Shared' | 'L2';
export type Availability = 'Required' | 'Optional';

export interface NetworkOfferingSpec {
  readonly trafficType: string;
  readonly guestIpType: string;
  readonly supportedServices: readonly string[];
  readonly serviceProviders: readonly { readonly service: string; readonly provider: string }[];
  readonly capabilities: readonly { readonly service: string; readonly capability: string; readonly value: string }[];
  readonly details: readonly (readonly [string, string])[];
  readonly availability?: string;
  readonly specifyVlan?: boolean;
  readonly specifyIpRanges?: boolean;
  readonly isPersistent?: boolean;
  readonly conserveMode?: boolean;
  readonly egressDefaultPolicy?: boolean;
  readonly forVpc?: boolean;
  readonly forNsx?: boolean;
  readonly forTungsten?: boolean;
  readonly specifyAsNumber?: boolean;
  readonly networkMode?: string;
  readonly routingMode?: string;
  readonly internetProtocol?: string;
  readonly networkRate?: number;
  readonly maxConnections?: number;
  readonly keepAliveEnabled?: boolean;
}

/** Everything a network offering row holds besides its names, tags and scope. */
export interface ResolvedNetworkOffering {
  readonly trafficType: 'Guest';
  readonly guestIpType: GuestIpType;
  readonly availability: Availability;
  /** Service → provider names; an empty list means "the physical network's default provider". */
  readonly services: ReadonlyMap<NetworkService, readonly string[]>;
  readonly specifyVlan: boolean;
  readonly specifyIpRanges: boolean;
  readonly isPersistent: boolean;
  readonly conserveMode: boolean;
  readonly egressDefaultPolicy: boolean;
  readonly forVpc: boolean;
  readonly dedicatedLb: boolean;
  readonly sharedSourceNat: boolean;
  readonly redundantRouter: boolean;
  readonly elasticIp: boolean;
  readonly elasticLb: boolean;
  readonly associatePublicIp: boolean;
  readonly inline: boolean;
  readonly publicLb: boolean;
  readonly internalLb: boolean;
  readonly supportsStrechedL2: boolean;
  readonly supportsPublicAccess: boolean;
  readonly supportsVmAutoScaling: boolean;
  readonly networkMode: string | null;
  readonly routingMode: string | null;
  readonly internetProtocol: string | null;
  readonly networkRate: number | null;
  readonly maxConnections: number | null;
  readonly keepAliveEnabled: boolean;
  readonly details: Readonly<Record<string, string>>;
}

const TRAFFIC_TYPES = ['Public', 'Guest', 'Storage', 'Management', 'Control', 'Vpn'];
const GUEST_TYPES: readonly GuestIpType[] = ['Shared', 'Isolated', 'L2'];
const DETAIL_KEYS = ['InternalLbProvider', 'PublicLbProvider', 'servicepackageuuid', 'servicepackagedescription', 'PromiscuousMode',
  'MacAddressChanges', 'ForgedTransmits', 'MacLearning', 'RelatedNetworkOffering', 'domainid', 'zoneid', 'pvlanType', 'internetProtocol'];
/** Default of CloudStack's network.loadbalancer.haproxy.max.conn. */
const HAPROXY_MAX_CONN = 4096;

/** Capability values each of our providers can deliver (NetworkElement.getCapabilities). */
const PROVIDER_CAPABILITIES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  VirtualRouter: { SupportedLBIsolation: ['dedicated'], SupportedSourceNatTypes: ['peraccount'], RedundantRouter: ['true', 'false'],
    LbSchemes: ['public'], InlineMode: ['false'], VmAutoScaling: ['true', 'false'] },
  VpcVirtualRouter: { SupportedLBIsolation: ['dedicated'], SupportedSourceNatTypes: ['peraccount'], RedundantRouter: ['true', 'false'],
    LbSchemes: ['public'], InlineMode: ['false'], VmAutoScaling: ['true', 'false'] },
  InternalLbVm: { SupportedLBIsolation: ['dedicated'], LbSchemes: ['internal'], InlineMode: ['false'] },
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const oneOf = <T extends string>(values: readonly T[], v: string): T | undefined => values.find((x) => same(x, v));
const has = (value: string, word: string) => value.toLowerCase().includes(word);

function checkProviderCapability(providers: readonly string[], capability: string, value: string): void {
  for (const p of providers) {
    const allowed = PROVIDER_CAPABILITIES[p]?.[capability];
    if (!allowed || !value.toLowerCase().split(',').every((v) => allowed.includes(v.trim()))) {
      throw invalidParam(`Capability ${capability} with value ${value} is not supported by the element implementing Provider=${p}`);
    }
  }
}

/** Groups servicecapabilitylist entries by service, refusing unknown capabilities and services. */
function capabilityMaps(spec: NetworkOfferingSpec): Map<NetworkService, Map<string, string>> {
  const out = new Map<NetworkService, Map<string, string>>();
  for (const c of spec.capabilities) {
    const cap = findCapability(c.capability);
    if (!cap || c.value === '') throw invalidParam(`Invalid capability:${c.capability} capability value:${c.value}`);
    const service = findService(c.service);
    if (!service) throw invalidParam(`Invalid service ${c.service} in servicecapabilitylist`);
    const m = out.get(service) ?? new Map<string, string>();
    m.set(cap, c.value);
    out.set(service, m);
  }
  for (const [service] of out) {
    if (!['Lb', 'SourceNat', 'StaticNat', 'Connectivity', 'Gateway'].includes(service)) {
      throw invalidParam(`Capabilities can be specified only for the Lb, SourceNat, StaticNat, Connectivity and Gateway services, not ${service}`);
    }
  }
  return out;
}

function validateLbCapabilities(caps: ReadonlyMap<string, string>): void {
  const allowed = 'SupportedLBIsolation, ElasticLb, InlineMode, LbSchemes, VmAutoScaling';
  if (caps.size > 4 || !caps.has('SupportedLBIsolation')) throw invalidParam(`Only ${allowed} capabilities can be specified for LB service, and SupportedLBIsolation is required`);
  for (const [cap, value] of caps) {
    if (cap === 'SupportedLBIsolation') {
      if (has(value, 'dedicated') === has(value, 'shared')) throw invalidParam('Either dedicated or shared isolation can be specified for SupportedLBIsolation');
    } else if (cap === 'ElasticLb' || cap === 'InlineMode' || cap === 'VmAutoScaling') {
      if (!has(value, 'true') && !has(value, 'false')) throw invalidParam(`Unknown specified value for ${cap}`);
    } else if (cap === 'LbSchemes') {
      if (!has(value, 'internal') && !has(value, 'public')) throw invalidParam('Unknown specified value for LbSchemes');
    } else {
      throw invalidParam(`Only ${allowed} capabilities can be specified for LB service`);
    }
  }
}

function validateSourceNatCapabilities(caps: ReadonlyMap<string, string>): void {
  for (const [cap, value] of caps) {
    if (cap === 'SupportedSourceNatTypes') {
      if (!['peraccount', 'perzone'].includes(value)) throw invalidParam('Either peraccount or perzone source NAT type can be specified for SupportedSourceNatTypes');
    } else if (cap === 'RedundantRouter') {
      if (!['true', 'false'].includes(value.toLowerCase())) throw invalidParam('Unknown specified value for RedundantRouter');
    } else {
      throw invalidParam('Only SupportedSourceNatTypes, RedundantRouter capabilities can be specified for source nat service');
    }
  }
}

function validateStaticNatCapabilities(caps: ReadonlyMap<string, string>): void {
  let elasticIp = false;
  let associatePublicIp = true;
  for (const [cap, raw] of caps) {
    const value = raw.toLowerCase();
    if (has(value, 'true') === has(value, 'false')) throw invalidParam(`Unknown specified value (${value}) for ${cap}`);
    if (cap === 'ElasticIp') elasticIp = has(value, 'true');
    else if (cap === 'AssociatePublicIP') associatePublicIp = has(value, 'true');
    else throw invalidParam('Only ElasticIp and AssociatePublicIP capability can be sepcified for static nat service');
  }
  if (caps.size && !elasticIp && associatePublicIp) throw invalidParam('Capability AssociatePublicIP can only be set when capability ElasticIp is true');
}

function validateConnectivityCapabilities(guestType: GuestIpType, caps: ReadonlyMap<string, string>): void {
  for (const [cap, raw] of caps) {
    if (cap !== 'StretchedL2Subnet' && cap !== 'PublicAccess') throw invalidParam(`Capability ${cap} can not be specified with connectivity service.`);
    const value = raw.toLowerCase();
    if (has(value, 'true') === has(value, 'false')) throw invalidParam(`Invalid value (${value}) for ${cap} should be true/false`);
    if (cap === 'PublicAccess' && guestType !== 'Shared') throw invalidParam('Capability PublicAccess can only be enabled for network offerings with guest type Shared.');
  }
}

function parseDetails(entries: NetworkOfferingSpec['details'], services: ReadonlyMap<NetworkService, readonly string[]>): Record<string, string> {
  const details: Record<string, string> = {};
  for (const [key, value] of entries) {
    const name = oneOf(DETAIL_KEYS, key);
    if (!name) throw invalidParam(`Unsupported detail ${key}`);
    if (name === 'InternalLbProvider' || name === 'PublicLbProvider') {
      const lb = services.get('Lb') ?? [];
      if (!findProvider(value) || !lb.some((p) => same(p, value))) {
        throw invalidParam(`Invalid value ${value} for the detail ${name}. The provider is not supported by the network offering`);
      }
    }
    details[name] = value;
  }
  return details;
}

/** internetprotocol, networkmode and routingmode: only what a cloud without IPv6 offerings or routed mode can offer. */
function parseModes(spec: NetworkOfferingSpec, guestType: GuestIpType): Pick<ResolvedNetworkOffering, 'internetProtocol' | 'networkMode' | 'routingMode'> {
  let internetProtocol: string | null = null;
  if (spec.internetProtocol !== undefined) {
    const ip = oneOf(['IPv4', 'IPv6', 'DualStack'], spec.internetProtocol);
    if (!ip) throw invalidParam(`Invalid value ${spec.internetProtocol} for internetprotocol. Supported: ipv4, dualstack`);
    if (guestType !== 'Isolated') throw invalidParam('internetprotocol is supported only for Isolated guest type');
    if (ip !== 'IPv4') throw invalidParam('Configuration ipv6.offering.enabled needs to be enabled for creating IPv6 supported network offering');
    internetProtocol = ip;
  }
  let networkMode: string | null = null;
  if (spec.networkMode !== undefined) {
    networkMode = oneOf(['NATTED', 'ROUTED'], spec.networkMode) ?? null;
    if (!networkMode) throw invalidParam('Invalid mode passed. Valid values: [NATTED, ROUTED]');
    if (guestType !== 'Isolated') throw invalidParam('networkMode should be set only for Isolated network offerings');
    if (networkMode === 'ROUTED') throw invalidParam('Configuration routed.network.vpc.enabled needs to be enabled for Routed networks');
  }
  let routingMode: string | null = null;
  if (spec.routingMode !== undefined) {
    routingMode = oneOf(['Static', 'Dynamic'], spec.routingMode) ?? null;
    if (!routingMode) throw invalidParam(`Invalid value ${spec.routingMode} for Routing Mode, Supported values: Static, Dynamic.`);
  }
  return { internetProtocol, networkMode, routingMode };
}

/**
 * supportedservices and serviceproviderlist: each service once, one provider per service
 * (several only for Lb), each provider able to deliver it and, if it cannot run services one
 * by one, given all of them. Also works out forvpc when the request leaves it open.
 */
function resolveServices(spec: NetworkOfferingSpec, guestType: GuestIpType): { services: Map<NetworkService, string[]>; forVpc: boolean | undefined } {
  let forVpc = spec.forVpc;
  const services = new Map<NetworkService, string[]>();
  for (const name of spec.supportedServices) {
    const service = findService(name);
    if (!service || service === 'Gateway') throw invalidParam(`Invalid service ${name}`);
    if (services.has(service)) throw invalidParam(`Service ${service} is specified more than once in supportedservices`);
    if (forVpc === undefined && (service === 'SecurityGroup' || service === 'Firewall')) forVpc = false;
    else if (forVpc === undefined && service === 'NetworkACL') forVpc = true;
    if (service === 'SecurityGroup') {
      if (guestType !== 'Shared') throw invalidParam('Security group service is supported for network offerings with guest ip type Shared');
      services.set(service, ['SecurityGroupProvider']);
      continue;
    }
    services.set(service, []);
  }
  const byService = new Map<NetworkService, string[]>();
  for (const e of spec.serviceProviders) {
    const service = findService(e.service);
    if (!service || !services.has(service)) throw invalidParam(`Service ${e.service} is not enabled for the network offering, can't add a provider to it`);
    const provider = findProvider(e.provider);
    if (!provider) {
      if (isForeignProvider(e.provider)) throw invalidParam(`Provider ${e.provider} is not available in this cloud`);
      throw invalidParam(`Invalid service provider: ${e.provider}`);
    }
    if (!provider.services.includes(service)) throw invalidParam(`${provider.name} Provider cannot provide service ${service}`);
    const list = byService.get(service) ?? [];
    if (!list.includes(provider.name)) list.push(provider.name);
    if (list.length > 1 && service !== 'Lb') throw invalidParam('In the current release only one provider can be specified for the service if the service is not LB');
    byService.set(service, list);
    if (forVpc === undefined && VPC_ONLY_PROVIDERS.has(provider.name)) forVpc = true;
  }
  for (const [service, providers] of byService) services.set(service, providers);
  for (const name of new Set([...services.values()].flat())) {
    const p = findProvider(name)!;
    if (p.canEnableIndividualServices) continue;
    const mine = [...services].filter(([, ps]) => ps.includes(p.name)).map(([s]) => s);
    if (mine.length !== p.services.length) {
      throw invalidParam(`Cannot enable subset of Services, Please specify the complete list of Services: ${p.services.join(', ')}  for Service Provider ${p.name}`);
    }
  }
  // The VM fetches its user data from its DHCP server.
  if ((services.get('UserData') ?? []).includes('VirtualRouter') && !(services.get('Dhcp') ?? []).length) {
    throw invalidParam('Without VR as dhcp provider, User data can\'t selected for VR. Please select VR as DHCP provider ');
  }
  return { services, forVpc };
}

type LbFlags = Pick<ResolvedNetworkOffering, 'dedicatedLb' | 'elasticLb' | 'inline' | 'publicLb' | 'internalLb' | 'supportsVmAutoScaling'>;

/** The load balancer's flags from its capabilities, each checked against the LB providers. */
function lbFlags(caps: ReadonlyMap<string, string>, providers: readonly string[], hasLb: boolean): LbFlags {
  const f = { dedicatedLb: false, elasticLb: false, inline: false, publicLb: false, internalLb: false, supportsVmAutoScaling: false };
  if (caps.size) {
    const isolation = caps.get('SupportedLBIsolation')!;
    checkProviderCapability(providers, 'SupportedLBIsolation', isolation);
    f.dedicatedLb = has(isolation, 'dedicated');
    f.elasticLb = has(caps.get('ElasticLb') ?? '', 'true');
    if (f.elasticLb) checkProviderCapability(providers, 'ElasticLb', 'true');
    const inlineMode = caps.get('InlineMode');
    if (inlineMode !== undefined) checkProviderCapability(providers, 'InlineMode', inlineMode);
    f.inline = has(inlineMode ?? '', 'true');
    const schemes = caps.get('LbSchemes');
    if (schemes !== undefined) {
      checkProviderCapability(providers, 'LbSchemes', schemes);
      f.internalLb = has(schemes, 'internal');
      f.publicLb = has(schemes, 'public');
    }
    const autoScaling = caps.get('VmAutoScaling');
    if (autoScaling !== undefined) checkProviderCapability(providers, 'VmAutoScaling', autoScaling);
    f.supportsVmAutoScaling = has(autoScaling ?? '', 'true');
  }
  if (f.publicLb && f.internalLb) throw invalidParam('Public lb and internal lb can\'t be enabled at the same time on the offering');
  // Without a scheme, a load balancer is a public one.
  if (hasLb && !f.publicLb && !f.internalLb) f.publicLb = true;
  return f;
}

/** Validates a createNetworkOffering request and works out the offering it describes. */
export function resolveNetworkOffering(spec: NetworkOfferingSpec): ResolvedNetworkOffering {
  const traffic = oneOf(TRAFFIC_TYPES, spec.trafficType);
  if (!traffic) throw invalidParam('Invalid value for traffictype. Supported traffic types: Public, Management, Control, Guest, Vlan or Storage');
  if (traffic !== 'Guest') throw invalidParam('Only traffic type Guest is supported in the current release');
  const guestType = oneOf(GUEST_TYPES, spec.guestIpType);
  if (!guestType) throw invalidParam('Invalid "guestiptype" parameter is given; can have Shared, Isolated and L2 values');
  const availability = oneOf<Availability>(['Required', 'Optional'], spec.availability ?? 'Optional');
  if (!availability) throw invalidParam('Invalid value for Availability. Supported types: Required, Optional');
  if (spec.forNsx || spec.forTungsten) throw invalidParam('NSX and Tungsten-Fabric network offerings are not supported by this cloud');
  if (spec.specifyAsNumber) throw invalidParam('SpecifyAsNumber can only be true for network offerings for NSX');
  const modes = parseModes(spec, guestType);
  const { services, forVpc } = resolveServices(spec, guestType);

  const caps = capabilityMaps(spec);
  const none = new Map<string, string>();
  const lbCaps = caps.get('Lb') ?? none;
  const snatCaps = caps.get('SourceNat') ?? none;
  const staticNatCaps = caps.get('StaticNat') ?? none;
  const connCaps = caps.get('Connectivity') ?? none;
  const gatewayCaps = caps.get('Gateway') ?? none;
  if (lbCaps.size && !services.has('Lb')) throw invalidParam('Capabilities for LB service can be specifed only when LB service is enabled for network offering.');
  if (lbCaps.size) validateLbCapabilities(lbCaps);
  if (snatCaps.size && !services.has('SourceNat')) throw invalidParam('Capabilities for source NAT service can be specified only when source NAT service is enabled for network offering.');
  validateSourceNatCapabilities(snatCaps);
  if (staticNatCaps.size && !services.has('StaticNat')) throw invalidParam('Capabilities for static NAT service can be specified only when static NAT service is enabled for network offering.');
  validateStaticNatCapabilities(staticNatCaps);
  if (connCaps.size && !services.has('Connectivity')) throw invalidParam('Capabilities for \'Connectivity\' service can be specified only when Connectivity service is enabled for network offering.');
  validateConnectivityCapabilities(guestType, connCaps);
  if (gatewayCaps.size && [...gatewayCaps.keys()].some((c) => c !== 'RedundantRouter')) throw invalidParam('Only RedundantRouter capability can be specified for Gateway service');

  // Port forwarding or static NAT on the virtual router bring its firewall along.
  if ((services.get('PortForwarding') ?? []).includes('VirtualRouter') || (services.get('StaticNat') ?? []).includes('VirtualRouter')) {
    services.set('Firewall', ['VirtualRouter']);
  }
  // The gateway goes with source NAT; it is never listed in responses.
  if (services.has('SourceNat')) services.set('Gateway', [...(services.get('SourceNat') ?? [])]);

  const specifyIpRanges = spec.specifyIpRanges ?? false;
  if (specifyIpRanges && guestType === 'Isolated' && services.has('SourceNat')) {
    throw invalidParam('SpecifyIpRanges can only be true for Shared network offerings and Isolated with no SourceNat service');
  }
  if (!specifyIpRanges && guestType === 'Shared') throw invalidParam('SpecifyIpRanges should always be true for Shared network offerings');
  const isPersistent = spec.isPersistent ?? false;
  if (isPersistent && guestType === 'Shared') throw invalidParam('isPersistent should be false if network offering\'s type is Shared');
  if (availability === 'Required' && !(guestType === 'Isolated' && services.has('SourceNat'))) {
    throw invalidParam('Availability can be Required only for networkOfferings of type Isolated and with SourceNat enabled');
  }

  const lb = lbFlags(lbCaps, services.get('Lb') ?? [], services.has('Lb'));
  const snatProviders = services.get('SourceNat') ?? [];
  const snatType = snatCaps.get('SupportedSourceNatTypes');
  if (snatType !== undefined) checkProviderCapability(snatProviders, 'SupportedSourceNatTypes', snatType);
  const redundant = snatCaps.get('RedundantRouter') ?? gatewayCaps.get('RedundantRouter');
  if (redundant !== undefined) checkProviderCapability(snatProviders, 'RedundantRouter', redundant.toLowerCase());
  const elasticIp = has(staticNatCaps.get('ElasticIp') ?? '', 'true');
  if (elasticIp) checkProviderCapability(services.get('StaticNat') ?? [], 'ElasticIp', 'true');

  return {
    trafficType: 'Guest', guestIpType: guestType, availability, services, ...modes, ...lb,
    specifyVlan: spec.specifyVlan ?? false, specifyIpRanges, isPersistent, conserveMode: spec.conserveMode ?? true,
    egressDefaultPolicy: spec.egressDefaultPolicy ?? true, forVpc: forVpc ?? false, sharedSourceNat: snatType === 'perzone',
    redundantRouter: has(redundant ?? '', 'true'), elasticIp, associatePublicIp: elasticIp && has(staticNatCaps.get('AssociatePublicIP') ?? '', 'true'),
    supportsStrechedL2: same(connCaps.get('StretchedL2Subnet') ?? '', 'true'), supportsPublicAccess: same(connCaps.get('PublicAccess') ?? '', 'true'),
    networkRate: spec.networkRate === undefined ? null : Math.max(0, spec.networkRate),
    maxConnections: lbCaps.size ? (spec.maxConnections ?? HAPROXY_MAX_CONN) : null, keepAliveEnabled: spec.keepAliveEnabled ?? false,
    details: parseDetails(spec.details, services),
  };
}

/** The capabilities a network offering response lists for a service (ApiResponseHelper). */
export function offeringCapabilities(service: NetworkService, o: Pick<ResolvedNetworkOffering,
  'dedicatedLb' | 'elasticLb' | 'inline' | 'sharedSourceNat' | 'redundantRouter' | 'elasticIp' | 'associatePublicIp'>): { name: string; value: string }[] {
  const b = (v: boolean) => (v ? 'true' : 'false');
  switch (service) {
    case 'Lb':
      return [{ name: 'SupportedLBIsolation', value: o.dedicatedLb ? 'dedicated' : 'shared' }, { name: 'ElasticLb', value: b(o.elasticLb) }, { name: 'InlineMode', value: b(o.inline) }];
    case 'SourceNat':
      return [{ name: 'SupportedSourceNatTypes', value: o.sharedSourceNat ? 'perzone' : 'peraccount' }, { name: 'RedundantRouter', value: b(o.redundantRouter) }];
    case 'StaticNat':
      return [{ name: 'ElasticIp', value: b(o.elasticIp) }, { name: 'AssociatePublicIP', value: b(o.associatePublicIp) }];
    default:
      return [];
  }
}
