// Global settings (CloudStack's configuration table): definitions with defaults.
// Values are stored only when changed; scope zone/cluster/account overrides global.

export type SettingScope = 'global' | 'zone' | 'cluster' | 'account' | 'domain' | 'storagepool';

export interface SettingDef {
  readonly name: string;
  readonly category: string;
  readonly description: string;
  readonly defaultValue: string;
  readonly type: 'String' | 'Integer' | 'Long' | 'Boolean' | 'Float';
  readonly scopes: readonly SettingScope[];
  /** Select: the value must be one of these; CSV: every comma-separated item must be. */
  readonly options?: readonly string[];
  readonly kind?: 'Select' | 'CSV';
  /** Inclusive bounds for numeric values. */
  readonly range?: readonly [number, number];
  /** Numeric values must be greater than zero. */
  readonly positive?: boolean;
  /** False when a change only takes effect after a restart (CloudStack's isdynamic). */
  readonly dynamic?: boolean;
}

export const settingDefs: readonly SettingDef[] = [
  { name: 'default.page.size', category: 'Advanced', type: 'Long', scopes: ['global'], defaultValue: '500',
    description: 'Default page size for API list calls' },
  { name: 'session.timeout', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '1800',
    description: 'Session timeout in seconds' },
  { name: 'job.expire.minutes', category: 'Advanced', type: 'Long', scopes: ['global'], defaultValue: '1440',
    description: 'Time (in minutes) for async-jobs to be kept in system' },
  { name: 'event.purge.delay', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '15',
    description: 'Events older than specified number days will be purged. Set this value to 0 to never delete events' },
  { name: 'expose.dns.externally', category: 'Advanced', type: 'Boolean', scopes: ['global'], defaultValue: 'true',
    description: 'open port 53 on the virtual router to allow DNS queries from outside the guest network' },
  { name: 'security.groups.enabled', category: 'Network', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'Whether security groups are available in this cloud' },
  { name: 'allow.user.create.projects', category: 'Project Defaults', type: 'Boolean', scopes: ['global', 'domain'], defaultValue: 'true',
    description: 'If regular user can create a project; true by default' },
  { name: 'project.invite.required', category: 'Project Defaults', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'If invitation confirmation is required when add account to project. Default value is false' },
  { name: 'project.invite.timeout', category: 'Project Defaults', type: 'Long', scopes: ['global'], defaultValue: '86400', positive: true,
    description: 'Invitation expiration time (in seconds). Default is 1 day - 86400 seconds' },
  { name: 'allow.user.view.destroyed.vm', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'false',
    description: 'Determines whether users can view their destroyed or expunging vm' },
  { name: 'allow.user.expunge.recover.vm', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'false',
    description: 'Determines whether users can expunge or recover their vm' },
  { name: 'custom.diskoffering.size.min', category: 'Advanced', type: 'Long', scopes: ['global'], defaultValue: '1',
    description: 'Minimum size in GB for custom disk offering' },
  { name: 'custom.diskoffering.size.max', category: 'Advanced', type: 'Long', scopes: ['global'], defaultValue: '1024',
    description: 'Maximum size in GB for custom disk offering' },
  // Default resource limits (CloudStack's Config.java and ResourceLimitService): an account, domain or
  // project without an explicit limit gets these; storage values are GiB, memory MiB, -1 is unlimited.
  ...limitDefaults('account', 'Account Defaults', 'an account', {
    'user.vms': '20', 'public.ips': '20', templates: '20', snapshots: '20', volumes: '20', networks: '20', vpcs: '20',
    cpus: '40', memory: '40960', 'primary.storage': '200', 'secondary.storage': '400', projects: '10',
  }),
  ...limitDefaults('domain', 'Domain Defaults', 'a domain', {
    'user.vms': '40', 'public.ips': '40', templates: '40', snapshots: '40', volumes: '40', networks: '40', vpcs: '40',
    cpus: '80', memory: '81920', 'primary.storage': '400', 'secondary.storage': '800', projects: '50',
  }),
  ...limitDefaults('project', 'Project Defaults', 'a project', {
    'user.vms': '20', 'public.ips': '20', templates: '20', snapshots: '20', volumes: '20', networks: '20', vpcs: '20',
    cpus: '40', memory: '40960', 'primary.storage': '200', 'secondary.storage': '400',
  }),
  { name: 'expunge.delay', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '86400', positive: true,
    description: 'Determines how long (in seconds) to wait before actually expunging destroyed vm. The default value = the default value of expunge.interval' },
  { name: 'expunge.interval', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '86400', positive: true,
    description: 'The interval (in seconds) to wait before running the expunge thread.' },
  { name: 'expunge.workers', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '1', positive: true, dynamic: false,
    description: 'Number of workers performing expunge ' },
  { name: 'vm.destroy.forcestop', category: 'Advanced', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'On destroy, force-stop takes this value ' },
  { name: 'ping.interval', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '60', positive: true,
    description: 'Interval to wait before pinging the host (and syncing the power state of its VMs), in seconds' },
  { name: 'account.cleanup.interval', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '86400', positive: true,
    description: 'The interval (in seconds) between cleanup for removed accounts' },
  { name: 'event.purge.interval', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '86400', positive: true,
    description: 'The interval (in seconds) to wait before running the event purge thread' },
  { name: 'network.gc.interval', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '600', positive: true,
    description: 'Seconds to wait before checking for networks to shutdown' },
  { name: 'network.gc.wait', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '600', positive: true,
    description: "Time (in seconds) to wait before shutting down a network that's not in used" },
  { name: 'capacity.skipcounting.hours', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '3600',
    description: "Time (in seconds) to wait before release VM's cpu and memory when VM in stopped state" },
  { name: 'router.template.kvm', category: 'Advanced', type: 'String', scopes: ['global', 'zone'], defaultValue: 'SystemVM Template (KVM)',
    description: 'Name of the default router template on KVM.' },
  { name: 'vm.allocation.algorithm', category: 'Advanced', type: 'String', scopes: ['global'], defaultValue: 'random', kind: 'Select',
    options: ['random', 'firstfit', 'userdispersing', 'userconcentratedpod_random', 'userconcentratedpod_firstfit', 'firstfitleastconsumed'],
    description: "Order in which hosts within a cluster will be considered for VM/volume allocation. The value can be 'random', 'firstfit', 'userdispersing', 'userconcentratedpod_random', 'userconcentratedpod_firstfit', or 'firstfitleastconsumed'." },
  { name: 'vm.deployment.planner', category: 'Advanced', type: 'String', scopes: ['global'], defaultValue: 'FirstFitPlanner', kind: 'Select',
    options: ['FirstFitPlanner', 'UserDispersingPlanner', 'UserConcentratedPodPlanner'],
    description: "'FirstFitPlanner', 'UserDispersingPlanner', 'UserConcentratedPodPlanner': DeploymentPlanner heuristic that will be used for VM deployment." },
  { name: 'host.capacityType.to.order.clusters', category: 'Advanced', type: 'String', scopes: ['global'], defaultValue: 'CPU', kind: 'Select',
    options: ['CPU', 'RAM'],
    description: 'The host capacity type (CPU or RAM) is used by deployment planner to order clusters during VM resource allocation' },
  { name: 'apply.allocation.algorithm.to.pods', category: 'Advanced', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'If true, deployment planner applies the allocation heuristics at pods first in the given datacenter during VM resource allocation' },
  { name: 'vm.user.dispersion.weight', category: 'Advanced', type: 'Float', scopes: ['global'], defaultValue: '1', range: [0, 1],
    description: 'Weight for user dispersion heuristic (as a value between 0 and 1) applied to resource allocation during vm deployment. Weight for capacity heuristic will be (1 - weight of user dispersion)' },
  { name: 'cpu.overprovisioning.factor', category: 'Advanced', type: 'Float', scopes: ['global', 'cluster'], defaultValue: '1.0', positive: true,
    description: 'Used for CPU overprovisioning calculation; available CPU will be (actualCpuCapacity * cpu.overprovisioning.factor)' },
  { name: 'mem.overprovisioning.factor', category: 'Advanced', type: 'Float', scopes: ['global', 'cluster'], defaultValue: '1.0', positive: true,
    description: 'Used for memory overprovisioning calculation' },
  { name: 'storage.overprovisioning.factor', category: 'Storage', type: 'Float', scopes: ['global', 'storagepool'], defaultValue: '2', positive: true,
    description: 'Used for storage overprovisioning calculation; available storage will be (actualStorageSize * storage.overprovisioning.factor)' },
  { name: 'cluster.cpu.allocated.capacity.disablethreshold', category: 'Alert', type: 'Float', scopes: ['global', 'cluster'], defaultValue: '0.85', range: [0, 1],
    description: 'Percentage (as a value between 0 and 1) of cpu utilization above which allocators will disable using the cluster for low cpu available. Keep the corresponding notification threshold lower than this to be notified beforehand.' },
  { name: 'cluster.memory.allocated.capacity.disablethreshold', category: 'Alert', type: 'Float', scopes: ['global', 'cluster'], defaultValue: '0.85', range: [0, 1],
    description: 'Percentage (as a value between 0 and 1) of memory utilization above which allocators will disable using the cluster for low memory available. Keep the corresponding notification threshold lower than this to be notified beforehand.' },
  { name: 'pool.storage.capacity.disablethreshold', category: 'Alert', type: 'Float', scopes: ['global', 'zone'], defaultValue: '0.85', range: [0, 1],
    description: 'Percentage (as a value between 0 and 1) of storage utilization above which allocators will disable using the pool for low storage available.' },
  { name: 'pool.storage.allocated.capacity.disablethreshold', category: 'Alert', type: 'Float', scopes: ['global', 'zone'], defaultValue: '0.85', range: [0, 1],
    description: 'Percentage (as a value between 0 and 1) of allocated storage utilization above which allocators will disable using the pool for low allocated storage available.' },
  { name: 'api.throttling.enabled', category: 'Advanced', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'Enable/disable Api rate limit' },
  { name: 'api.throttling.interval', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '1', positive: true,
    description: 'Time interval (in seconds) to reset API count' },
  { name: 'api.throttling.max', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '25', positive: true,
    description: 'Max allowed number of APIs within fixed interval' },
  { name: 'api.throttling.cachesize', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '50000', positive: true,
    description: 'Account based API count cache size' },
  { name: 'hypervisor.list', category: 'Advanced', type: 'String', scopes: ['global'], defaultValue: 'KVM,Simulator', kind: 'CSV',
    options: ['KVM', 'Simulator'], description: 'The list of hypervisors that this deployment will use.' },
  { name: 'instance.name', category: 'Advanced', type: 'String', scopes: ['global'], defaultValue: 'VM', dynamic: false,
    description: 'Name of the deployment instance.' },
  { name: 'max.template.iso.size', category: 'Advanced', type: 'Long', scopes: ['global'], defaultValue: '50', positive: true,
    description: 'The maximum size for a downloaded template or ISO (in GB).' },
  { name: 'enable.dynamic.scale.vm', category: 'Advanced', type: 'Boolean', scopes: ['global', 'zone'], defaultValue: 'false',
    description: 'Enables/Disables dynamically scaling a vm' },
  { name: 'system.vm.use.local.storage', category: 'Advanced', type: 'Boolean', scopes: ['global', 'zone'], defaultValue: 'false',
    description: 'Indicates whether to use local storage pools or shared storage pools for system VMs.' },
  { name: 'enable.account.settings.for.domain', category: 'Advanced', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'Indicates whether to add account settings for domain. If true, account settings will be added to domain settings, all accounts in the domain will inherit the domain setting if account setting is not set.' },
  { name: 'enable.domain.settings.for.child.domain', category: 'Advanced', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'Indicates whether the settings of parent domain should be applied for child domain. If true, the child domain will get value from parent domain if its not configured in child domain else global value is taken.' },
  { name: 'network.throttling.rate', category: 'Network', type: 'Integer', scopes: ['global', 'zone'], defaultValue: '200',
    description: 'Default data transfer rate in megabits per second allowed in network.' },
  { name: 'vm.network.throttling.rate', category: 'Network', type: 'Integer', scopes: ['global'], defaultValue: '200',
    description: "Default data transfer rate in megabits per second allowed in User vm's default network." },
  { name: 'guest.domain.suffix', category: 'Network', type: 'String', scopes: ['global', 'zone'], defaultValue: 'cloud.internal',
    description: 'Default domain name for vms inside virtualized networks fronted by router' },
  { name: 'use.system.public.ips', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'true',
    description: 'If true, when account has dedicated public ip range(s), once the ips dedicated to the account have been consumed ips will be acquired from the system pool' },
  { name: 'use.system.guest.vlans', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'true',
    description: 'If true, when account has dedicated guest vlan range(s), once the vlans dedicated to the account have been consumed vlans will be allocated from the system pool' },
  { name: 'vm.userdata.max.length', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '32768', range: [1, 1048576],
    description: 'Max length of vm userdata after base64 encoding. Default is 32768 and maximum is 1048576' },
  { name: 'allow.public.user.templates', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'true',
    description: 'If false, users will not be able to create public Templates.' },
  { name: 'share.public.templates.with.other.domains', category: 'Advanced', type: 'Boolean', scopes: ['global', 'domain'], defaultValue: 'true',
    description: 'If false, Templates of this domain will not show up in the list Templates of other domains.' },
  { name: 'disable.extraction', category: 'Advanced', type: 'Boolean', scopes: ['global'], defaultValue: 'false',
    description: 'Flag for disabling extraction of Templates, ISOs, Snapshots and volumes' },
  { name: 'extract.url.expiration.interval', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '14400', positive: true,
    description: 'The life of an extract URL after which it is deleted.' },
  { name: 'allow.user.expunge.recover.volume', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'true',
    description: 'Determines whether users can expunge or recover their volume' },
  { name: 'snapshot.max.hourly', category: 'Snapshots', type: 'Integer', scopes: ['global'], defaultValue: '8', positive: true,
    description: 'Maximum recurring hourly snapshots to be retained for a volume. If the limit is reached, early snapshots from the start of the hour are deleted so that newer ones can be saved. This limit does not apply to manual snapshots. If set to 0, recurring hourly snapshots can not be scheduled.' },
  { name: 'snapshot.max.daily', category: 'Snapshots', type: 'Integer', scopes: ['global'], defaultValue: '8', positive: true,
    description: 'Maximum recurring daily snapshots to be retained for a volume. If the limit is reached, snapshots from the start of the day are deleted so that newer ones can be saved. This limit does not apply to manual snapshots. If set to 0, recurring daily snapshots can not be scheduled.' },
  { name: 'snapshot.max.weekly', category: 'Snapshots', type: 'Integer', scopes: ['global'], defaultValue: '8', positive: true,
    description: 'Maximum recurring weekly snapshots to be retained for a volume. If the limit is reached, snapshots from the beginning of the week are deleted so that newer ones can be saved. This limit does not apply to manual snapshots. If set to 0, recurring weekly snapshots can not be scheduled.' },
  { name: 'snapshot.max.monthly', category: 'Snapshots', type: 'Integer', scopes: ['global'], defaultValue: '8', positive: true,
    description: 'Maximum recurring monthly snapshots to be retained for a volume. If the limit is reached, snapshots from the beginning of the month are deleted so that newer ones can be saved. This limit does not apply to manual snapshots. If set to 0, recurring monthly snapshots can not be scheduled.' },
  { name: 'snapshot.poll.interval', category: 'Snapshots', type: 'Integer', scopes: ['global'], defaultValue: '300', positive: true,
    description: 'The time interval in seconds when the management server polls for snapshots to be scheduled.' },
  { name: 'vmsnapshot.max', category: 'Advanced', type: 'Integer', scopes: ['global'], defaultValue: '10', positive: true,
    description: 'Maximum vm snapshots for a single vm' },
];

/** The max.<owner>.* settings, with CloudStack's names, units and descriptions. */
function limitDefaults(owner: 'account' | 'domain' | 'project', category: string, whose: string, defaults: Record<string, string>): SettingDef[] {
  const what: Record<string, string> = {
    'user.vms': 'The default maximum number of user VMs that can be deployed for', 'public.ips': 'The default maximum number of public IPs that can be consumed by',
    templates: 'The default maximum number of templates that can be deployed for', snapshots: 'The default maximum number of snapshots that can be created for',
    volumes: 'The default maximum number of volumes that can be created for', networks: 'The default maximum number of networks that can be created for',
    vpcs: 'The default maximum number of vpcs that can be created for', cpus: 'The default maximum number of cpu cores that can be used for',
    memory: 'The default maximum memory (in MB) that can be used for', 'primary.storage': 'The default maximum primary storage space (in GiB) that can be used for',
    'secondary.storage': 'The default maximum secondary storage space (in GiB) that can be used for', projects: 'The default maximum number of projects that can be created for',
  };
  return Object.entries(defaults).map(([key, defaultValue]) => ({
    name: `max.${owner}.${key}`, category, type: 'Long' as const, scopes: ['global' as const], defaultValue, range: [-1, Number.MAX_SAFE_INTEGER] as const,
    description: `${what[key] ?? ''} ${whose}`,
  }));
}

/**
 * Settings whose value must be a positive number although their definition above says nothing
 * (CloudStack's configValuesForValidation); kept apart so the first definitions stay as written.
 */
export const positiveSettings: ReadonlySet<string> = new Set(['default.page.size', 'session.timeout', 'job.expire.minutes']);

export const settingByName = new Map(settingDefs.map((d) => [d.name, d]));
