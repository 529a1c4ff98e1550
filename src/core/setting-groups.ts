// Configuration groups and subgroups (CloudStack 4.18+), which the UI uses to lay out global
// settings. A setting's place is found from its name, as CloudStack does with keywords.

export interface SettingGroup {
  readonly name: string;
  readonly description: string;
  readonly precedence: number;
  readonly subgroups: readonly string[];
}

export const SETTING_GROUPS: readonly SettingGroup[] = [
  { name: 'Access', description: 'Identity, Security, Domain and Account Management', precedence: 1,
    subgroups: ['Account', 'Domain', 'Project', 'LDAP', 'SAML', 'OAuth', 'Role', 'User', 'Others'] },
  { name: 'Compute', description: 'Virtual Machine, Kubernetes, High Availability and Cluster Management', precedence: 2,
    subgroups: ['Virtual Machine', 'Kubernetes', 'High Availability', 'Compute Offering', 'Others'] },
  { name: 'Storage', description: 'Images, Volumes, Snapshots, Backup and Object Storage', precedence: 3,
    subgroups: ['Images', 'Volume', 'Snapshot', 'Backup', 'Object Storage', 'Others'] },
  { name: 'Network', description: 'Network, Virtual Router and Network Service Management', precedence: 4,
    subgroups: ['Network', 'DHCP', 'VPC', 'Load Balancer', 'Firewall', 'Virtual Router', 'VPN', 'Security Group', 'Others'] },
  { name: 'Management Server', description: 'Management Server Management', precedence: 5,
    subgroups: ['API', 'Alerts', 'Events', 'Security', 'Usage', 'Limits', 'Jobs', 'Agent', 'Others'] },
  { name: 'System VMs', description: 'Console Proxy and Secondary Storage VM Management', precedence: 6,
    subgroups: ['Console Proxy', 'Secondary Storage', 'Others'] },
  { name: 'Infrastructure', description: 'Zone, Pod, Cluster, Host, Hypervisor and Capacity Management', precedence: 7,
    subgroups: ['Zone', 'Pod', 'Cluster', 'Host', 'Hypervisor', 'Capacity', 'Others'] },
  { name: 'Usage Server', description: 'Usage Server Management', precedence: 8, subgroups: ['Others'] },
  { name: 'Miscellaneous', description: 'Miscellaneous configuration', precedence: 999, subgroups: ['Others'] },
];

/** Name prefix → [group, subgroup]; the first match wins, so longer prefixes come first. */
const RULES: readonly (readonly [string, string, string])[] = [
  ['max.account.', 'Access', 'Account'],
  ['max.domain.', 'Access', 'Domain'],
  ['max.project.', 'Access', 'Project'],
  ['allow.user.create.projects', 'Access', 'Project'],
  ['enable.account.', 'Access', 'Account'],
  ['enable.domain.', 'Access', 'Domain'],
  ['account.', 'Access', 'Account'],
  ['session.', 'Access', 'User'],
  ['default.page.size', 'Management Server', 'API'],
  ['api.', 'Management Server', 'API'],
  ['event.', 'Management Server', 'Events'],
  ['job.', 'Management Server', 'Jobs'],
  ['cluster.', 'Infrastructure', 'Cluster'],
  ['cpu.overprovisioning', 'Infrastructure', 'Cluster'],
  ['mem.overprovisioning', 'Infrastructure', 'Cluster'],
  ['pool.storage.', 'Infrastructure', 'Capacity'],
  ['capacity.', 'Infrastructure', 'Capacity'],
  ['hypervisor.', 'Infrastructure', 'Hypervisor'],
  ['host.', 'Infrastructure', 'Host'],
  ['storage.', 'Storage', 'Volume'],
  ['custom.diskoffering', 'Storage', 'Volume'],
  ['max.template', 'Storage', 'Images'],
  ['router.', 'Network', 'Virtual Router'],
  ['security.groups', 'Network', 'Security Group'],
  ['expose.dns', 'Network', 'DHCP'],
  ['network.', 'Network', 'Network'],
  ['guest.', 'Network', 'Network'],
  ['use.system.', 'Network', 'Network'],
  ['system.vm.', 'System VMs', 'Others'],
  ['vm.', 'Compute', 'Virtual Machine'],
  ['expunge.', 'Compute', 'Virtual Machine'],
  ['allow.user.', 'Compute', 'Virtual Machine'],
  ['enable.dynamic.scale', 'Compute', 'Virtual Machine'],
  ['instance.', 'Compute', 'Virtual Machine'],
  ['apply.allocation', 'Compute', 'Virtual Machine'],
];

export function settingGroupOf(name: string): { group: string; subgroup: string } {
  const r = RULES.find(([prefix]) => name.startsWith(prefix));
  return r ? { group: r[1], subgroup: r[2] } : { group: 'Miscellaneous', subgroup: 'Others' };
}
