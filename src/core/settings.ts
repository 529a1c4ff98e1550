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
  { name: 'allow.user.view.destroyed.vm', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'false',
    description: 'Determines whether users can view their destroyed or expunging vm' },
  { name: 'allow.user.expunge.recover.vm', category: 'Advanced', type: 'Boolean', scopes: ['global', 'account'], defaultValue: 'false',
    description: 'Determines whether users can expunge or recover their vm' },
  { name: 'custom.diskoffering.size.min', category: 'Advanced', type: 'Long', scopes: ['global'], defaultValue: '1',
    description: 'Minimum size in GB for custom disk offering' },
  { name: 'custom.diskoffering.size.max', category: 'Advanced', type: 'Long', scopes: ['global'], defaultValue: '1024',
    description: 'Maximum size in GB for custom disk offering' },
];

export const settingByName = new Map(settingDefs.map((d) => [d.name, d]));
