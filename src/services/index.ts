import type { Db } from '../db/schema.js';
import type { WriteObserver } from '../db/write-observer.js';
import { JobRunner } from '../jobs/runner.js';
import { AccountService } from './accounts.js';
import { RoleAdminService } from './role-admin.js';
import { AuthService } from './auth.js';
import { DiskOfferingService } from './disk-offerings.js';
import { DomainService } from './domains.js';
import { EventService } from './events.js';
import { JobQueryService } from './jobs.js';
import { NetworkOfferingService } from './network-offerings.js';
import { RoleService } from './roles.js';
import { ServiceOfferingService } from './service-offerings.js';
import { SettingsService } from './settings.js';
import { UserService } from './users.js';
import { ConfigurationService } from './configurations.js';
import { GuestOsService } from './guest-os.js';
import { HypervisorService } from './hypervisors.js';
import { ResourceLimitService } from './resource-limits.js';
import type { HypervisorDrivers } from '../drivers/hypervisor/types.js';
import { CapacityService } from './capacity.js';
import { ClusterService } from './clusters.js';
import { HostMaintenanceService } from './host-maintenance.js';
import { HostService } from './hosts.js';
import { ImageStoreService } from './image-stores.js';
import { PodService } from './pods.js';
import { PoolMaintenanceService } from './pool-maintenance.js';
import { StoragePoolService } from './storage-pools.js';
import { VlanRangeService } from './vlan-ranges.js';
import { ZoneService } from './zones.js';
import { ProjectInvitationService } from './project-invitations.js';
import { ProjectMemberService } from './project-members.js';
import { ProjectRoleService } from './project-roles.js';
import { ProjectService } from './projects.js';
import { AffinityGroupService } from './affinity-groups.js';
import { SshKeyService } from './ssh-keys.js';
import { TagService } from './tags.js';
import { UserDataService } from './user-data.js';

export interface Services {
  readonly db: Db;
  readonly jobs: JobRunner;
  readonly jobQuery: JobQueryService;
  readonly events: EventService;
  readonly settings: SettingsService;
  readonly roles: RoleService;
  readonly auth: AuthService;
  readonly domains: DomainService;
  readonly serviceOfferings: ServiceOfferingService;
  readonly diskOfferings: DiskOfferingService;
  readonly networkOfferings: NetworkOfferingService;
  readonly accounts: AccountService;
  readonly users: UserService;
  readonly roleAdmin: RoleAdminService;
  readonly configurations: ConfigurationService;
  readonly guestOs: GuestOsService;
  readonly hypervisors: HypervisorService;
  readonly resourceLimits: ResourceLimitService;
  readonly zones: ZoneService;
  readonly pods: PodService;
  readonly clusters: ClusterService;
  readonly hosts: HostService;
  readonly hostMaintenance: HostMaintenanceService;
  readonly storagePools: StoragePoolService;
  readonly poolMaintenance: PoolMaintenanceService;
  readonly imageStores: ImageStoreService;
  readonly vlanRanges: VlanRangeService;
  readonly capacity: CapacityService;
  readonly projects: ProjectService;
  readonly projectMembers: ProjectMemberService;
  readonly projectInvitations: ProjectInvitationService;
  readonly projectRoles: ProjectRoleService;
  readonly sshKeys: SshKeyService;
  readonly userData: UserDataService;
  readonly tags: TagService;
  readonly affinity: AffinityGroupService;
}

export interface ServiceOptions {
  readonly serverId: string;
  /** Per-table write counters of the database handle, for in-process caches. */
  readonly writes?: WriteObserver;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  readonly onJobFinish?: (cmd: string, ok: boolean) => void;
  /** Concrete drivers, chosen by the composition root (src/server/start.ts). */
  readonly drivers?: { readonly hypervisors?: HypervisorDrivers };
}

/** Builds every service over one database; the job runner gets every worker registered. */
export function createServices(db: Db, opts: ServiceOptions): Services {
  const events = new EventService(db);
  const jobs = new JobRunner(db, opts.serverId, {
    onFinish: async (job, ok) => {
      opts.onJobFinish?.(job.cmd, ok);
    },
  }, opts.log);
  const settings = new SettingsService(db);
  // Identity services share the rule cache with `roles` (it is per database), so invalidation is seen by all.
  const accounts = new AccountService(db, events, jobs, new RoleService(db));
  // Inventory services that others build on (hosts need clusters; maintenance needs both).
  const clusters = new ClusterService(db, events);
  const hosts = new HostService(db, events, clusters, opts.drivers?.hypervisors ?? {});
  const storagePools = new StoragePoolService(db, events);
  // Projects: constructed before the rest so their account-delete check runs before other families' clean-ups.
  const projectLimits = new ResourceLimitService(db, settings, events);
  const projects = new ProjectService(db, events, jobs, settings, projectLimits, accounts);
  const projectMembers = new ProjectMemberService(db, jobs, settings, projectLimits, projects);
  // SSH keys, user data, tags and affinity groups; what an account owns goes when it is deleted.
  const sshKeys = new SshKeyService(db, events);
  const userData = new UserDataService(db, events, settings);
  const tags = new TagService(db, events, jobs);
  const affinity = new AffinityGroupService(db, events, jobs);
  accounts.onDelete(async (accountId, owner) => {
    await tags.removeAccount(accountId);
    await affinity.removeAccount(accountId, owner);
    await sshKeys.removeAccount(accountId, owner);
    await userData.removeAccount(accountId, owner);
  });
  return {
    db,
    jobs,
    jobQuery: new JobQueryService(db),
    events,
    settings,
    roles: new RoleService(db),
    auth: new AuthService(db, events, settings, opts.writes),
    domains: new DomainService(db, events, jobs),
    serviceOfferings: new ServiceOfferingService(db, events),
    diskOfferings: new DiskOfferingService(db, events),
    networkOfferings: new NetworkOfferingService(db, events),
    accounts,
    users: new UserService(db, events, jobs, new RoleService(db), accounts),
    roleAdmin: new RoleAdminService(db, events, new RoleService(db)),
    configurations: new ConfigurationService(db, settings, events),
    guestOs: new GuestOsService(db, events, jobs),
    hypervisors: new HypervisorService(db, settings, events),
    resourceLimits: new ResourceLimitService(db, settings, events),
    zones: new ZoneService(db, events),
    pods: new PodService(db, events),
    clusters,
    hosts,
    hostMaintenance: new HostMaintenanceService(db, events, jobs, hosts),
    storagePools,
    poolMaintenance: new PoolMaintenanceService(db, events, jobs, storagePools),
    imageStores: new ImageStoreService(db, events),
    vlanRanges: new VlanRangeService(db, events),
    capacity: new CapacityService(db),
    projects,
    projectMembers,
    projectInvitations: new ProjectInvitationService(db, jobs, projectLimits, projects, projectMembers),
    projectRoles: new ProjectRoleService(db, events),
    sshKeys,
    userData,
    tags,
    affinity,
  };
}
