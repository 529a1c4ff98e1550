// CloudStack's network services, their capabilities (Network.Service / Network.Capability)
// and the providers Nubo implements, with the services each provider can deliver.

export const NETWORK_SERVICES = [
  'Vpn', 'Dhcp', 'Dns', 'Gateway', 'Firewall', 'Lb', 'UserData', 'SourceNat', 'StaticNat', 'PortForwarding',
  'SecurityGroup', 'NetworkACL', 'Connectivity',
] as const;
export type NetworkService = (typeof NETWORK_SERVICES)[number];

/** Capabilities each service declares, in CloudStack's order. */
export const SERVICE_CAPABILITIES: Readonly<Record<NetworkService, readonly string[]>> = {
  Vpn: ['SupportedVpnTypes', 'VpnTypes'],
  Dhcp: ['ExtraDhcpOptions'],
  Dns: ['AllowDnsSuffixModification'],
  Gateway: ['RedundantRouter'],
  Firewall: ['SupportedProtocols', 'MultipleIps', 'TrafficStatistics', 'SupportedTrafficDirection', 'SupportedEgressProtocols'],
  Lb: ['SupportedLbAlgorithms', 'SupportedLBIsolation', 'SupportedProtocols', 'TrafficStatistics', 'LoadBalancingSupportedIps',
    'SupportedStickinessMethods', 'ElasticLb', 'LbSchemes'],
  UserData: [],
  SourceNat: ['SupportedSourceNatTypes', 'RedundantRouter'],
  StaticNat: ['ElasticIp'],
  PortForwarding: [],
  SecurityGroup: [],
  NetworkACL: ['SupportedProtocols'],
  Connectivity: ['DistributedRouter', 'RegionLevelVpc', 'StretchedL2Subnet', 'NoVlan', 'PublicAccess'],
};

/** Every capability name CloudStack knows (Network.Capability), for parsing servicecapabilitylist. */
export const CAPABILITY_NAMES = [
  'SupportedProtocols', 'SupportedLbAlgorithms', 'SupportedLBIsolation', 'SupportedStickinessMethods', 'MultipleIps',
  'SupportedSourceNatTypes', 'SupportedVpnTypes', 'VpnTypes', 'TrafficStatistics', 'LoadBalancingSupportedIps',
  'AllowDnsSuffixModification', 'RedundantRouter', 'ElasticIp', 'AssociatePublicIP', 'ElasticLb', 'AutoScaleCounters',
  'InlineMode', 'SupportedTrafficDirection', 'SupportedEgressProtocols', 'HealthCheckPolicy', 'SslTermination', 'LbSchemes',
  'DhcpAccrossMultipleSubnets', 'DistributedRouter', 'StretchedL2Subnet', 'RegionLevelVpc', 'NoVlan', 'PublicAccess',
  'ExtraDhcpOptions', 'VmAutoScaling',
] as const;

/** Capabilities whose value an offering may choose (ApiResponseHelper.createNetworkServiceResponse). */
export const CHOOSABLE_CAPABILITIES: ReadonlySet<string> = new Set(['SupportedLBIsolation', 'SupportedSourceNatTypes', 'RedundantRouter']);

export interface ProviderDef {
  readonly name: string;
  readonly services: readonly NetworkService[];
  /** False: an offering using the provider must take all of its services (NetworkModel.canProviderSupportServices). */
  readonly canEnableIndividualServices: boolean;
}

/** The network elements Nubo has: the virtual router (plain and VPC), security groups, internal LB VMs and config drive. */
export const PROVIDERS: readonly ProviderDef[] = [
  { name: 'VirtualRouter', canEnableIndividualServices: true,
    services: ['Dhcp', 'Dns', 'UserData', 'Firewall', 'Gateway', 'Lb', 'SourceNat', 'StaticNat', 'PortForwarding', 'Vpn'] },
  { name: 'VpcVirtualRouter', canEnableIndividualServices: true,
    services: ['Dhcp', 'Dns', 'UserData', 'NetworkACL', 'Gateway', 'Lb', 'SourceNat', 'StaticNat', 'PortForwarding', 'Vpn'] },
  { name: 'SecurityGroupProvider', canEnableIndividualServices: false, services: ['SecurityGroup'] },
  { name: 'InternalLbVm', canEnableIndividualServices: false, services: ['Lb'] },
  { name: 'ConfigDrive', canEnableIndividualServices: false, services: ['UserData'] },
];

/** Provider names CloudStack defines (Network.Provider) whose elements Nubo does not have. */
export const FOREIGN_PROVIDERS: readonly string[] = [
  'JuniperContrailRouter', 'JuniperContrailVpcRouter', 'JuniperSRX', 'PaloAlto', 'F5BigIp', 'Netscaler', 'ExternalDhcpServer',
  'ExternalGateWay', 'ElasticLoadBalancerVm', 'None', 'NiciraNvp', 'CiscoVnmc', 'Ovs', 'Opendaylight', 'BrocadeVcs', 'GloboDns',
  'BigSwitchBcf', 'Tungsten', 'Nsx', 'Netris',
];

/** Providers CloudStack only allows in VPC tiers (ConfigurationManagerImpl.VPC_ONLY_PROVIDERS). */
export const VPC_ONLY_PROVIDERS: ReadonlySet<string> = new Set(['VpcVirtualRouter', 'JuniperContrailVpcRouter', 'InternalLbVm']);

const lower = (s: string) => s.toLowerCase();

/** CloudStack matches service, provider and capability names case-insensitively. */
export function findService(name: string): NetworkService | undefined {
  return NETWORK_SERVICES.find((s) => lower(s) === lower(name));
}

export function findProvider(name: string): ProviderDef | undefined {
  return PROVIDERS.find((p) => lower(p.name) === lower(name));
}

export function findCapability(name: string): string | undefined {
  return CAPABILITY_NAMES.find((c) => lower(c) === lower(name));
}

export function isForeignProvider(name: string): boolean {
  return FOREIGN_PROVIDERS.some((p) => lower(p) === lower(name));
}

/** The providers able to deliver a service, as listSupportedNetworkServices reports them. */
export function providersFor(service: NetworkService): ProviderDef[] {
  // CloudStack only reports router-like providers for Firewall.
  return PROVIDERS.filter((p) => p.services.includes(service) && (service !== 'Firewall' || p.name === 'VirtualRouter'));
}
