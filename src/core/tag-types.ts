// CloudStack's ResourceTag.ResourceObjectType: every resource type name, and which of them
// accept tags (resourceTagsSupport). Names are matched case-insensitively and answered in
// CloudStack's spelling.

/** Types that accept tags. */
export const TAGGABLE_TYPES = [
  'VMInstance', 'UserVm', 'Template', 'ISO', 'Volume', 'Snapshot', 'Backup', 'Network', 'LoadBalancer', 'PortForwardingRule',
  'FirewallRule', 'SecurityGroup', 'SecurityGroupRule', 'PublicIpAddress', 'Project', 'Account', 'Vpc', 'NetworkACL',
  'StaticRoute', 'VMSnapshot', 'RemoteAccessVpn', 'User', 'SnapshotPolicy', 'VpcOffering',
] as const;

/** Types CloudStack knows but that carry only metadata or icons, not tags. */
export const UNTAGGABLE_TYPES = [
  'DomainRouter', 'Nic', 'Zone', 'ServiceOffering', 'Storage', 'PrivateGateway', 'NetworkACLList', 'VpnGateway', 'CustomerGateway',
  'VpnConnection', 'DiskOffering', 'AutoScaleVmProfile', 'AutoScaleVmGroup', 'LBStickinessPolicy', 'LBHealthCheckPolicy', 'GuestOs',
  'NetworkOffering', 'Domain', 'VnfTemplate', 'ObjectStore',
] as const;

export type TaggableType = (typeof TAGGABLE_TYPES)[number];

const byLower = new Map<string, string>([...TAGGABLE_TYPES, ...UNTAGGABLE_TYPES].map((t) => [t.toLowerCase(), t]));

/** CloudStack's spelling of a resource type name, or undefined for an unknown name. */
export function canonicalResourceType(name: string): string | undefined {
  return byLower.get(name.trim().toLowerCase());
}

export function isTaggableType(name: string): name is TaggableType {
  return (TAGGABLE_TYPES as readonly string[]).includes(name);
}
