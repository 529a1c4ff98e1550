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
import type { StorageDriver } from '../drivers/storage/types.js';
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
import { TemplateService } from './templates.js';
import type { NetworkDriver } from '../drivers/network/types.js';
import { type NetworkingServices, createNetworking } from './networking.js';
import { type LbVpcSgServices, createLbVpcSg } from './lb-vpc-sg.js';
import { VmService } from './vms.js';
import { SimulatorService } from './simulator.js';
import { VolumeService } from './volumes.js';
import { SnapshotService } from './snapshots.js';
import { VmSnapshotService } from './vm-snapshots.js';

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
  readonly templates: TemplateService;
  readonly networks: NetworkingServices['networks'];
  readonly physicalNetworks: NetworkingServices['physicalNetworks'];
  readonly routers: NetworkingServices['routers'];
  readonly publicIps: NetworkingServices['publicIps'];
  readonly firewallRules: NetworkingServices['firewallRules'];
  readonly portForwarding: NetworkingServices['portForwarding'];
  readonly loadBalancers: LbVpcSgServices['loadBalancers'];
  readonly lbPolicies: LbVpcSgServices['lbPolicies'];
  readonly vpcOfferings: LbVpcSgServices['vpcOfferings'];
  readonly vpcs: LbVpcSgServices['vpcs'];
  readonly vpcRouters: LbVpcSgServices['vpcRouters'];
  readonly vpcTiers: LbVpcSgServices['vpcTiers'];
  readonly networkAcls: LbVpcSgServices['networkAcls'];
  readonly privateGateways: LbVpcSgServices['privateGateways'];
  readonly staticRoutes: LbVpcSgServices['staticRoutes'];
  readonly securityGroups: LbVpcSgServices['securityGroups'];
  readonly securityGroupRules: LbVpcSgServices['securityGroupRules'];
  readonly vms: VmService;
  readonly simulator: SimulatorService;
  readonly volumes: VolumeService;
  readonly snapshots: SnapshotService;
  readonly vmSnapshots: VmSnapshotService;
}

export interface ServiceOptions {
  readonly serverId: string;
  /** Per-table write counters of the database handle, for in-process caches. */
  readonly writes?: WriteObserver;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  readonly onJobFinish?: (cmd: string, ok: boolean) => void;
  /** Concrete drivers, chosen by the composition root (src/server/start.ts). */
  readonly drivers?: { readonly hypervisors?: HypervisorDrivers; readonly storage?: readonly StorageDriver[] };
  /** The network driver routers are pushed to (the composition root picks it; none: desired state only). */
  readonly networkDriver?: NetworkDriver;
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
  // Templates and ISOs: downloads into image stores through the storage drivers; an account's go with it.
  const templates = new TemplateService(db, events, jobs, projectLimits, settings, tags, opts.drivers?.storage ?? [], opts.log);
  accounts.onDelete((accountId) => templates.removeAccount(accountId));
  // Guest networks, public IPs, firewall and port forwarding, virtual routers (the networking family).
  const networking = createNetworking(db, events, jobs, settings, accounts, opts.networkDriver);
  // Load balancing, VPCs (tiers, ACLs, private gateways, static routes) and security groups, on top of it.
  const lbVpcSg = createLbVpcSg(db, events, jobs, settings, accounts, networking, opts.networkDriver);
  // Virtual machines (the compute core). It consumes templates, networks, keys, affinity and tags:
  // the composition root binds them (services.vms.bindPeers) once every service exists.
  const vms = new VmService({
    db, events, jobs, settings, limits: projectLimits, accounts, hypervisors: opts.drivers?.hypervisors ?? {}, storage: opts.drivers?.storage ?? [],
  });
  // Volumes, snapshots (with their policies) and VM snapshots: the storage family. What an account
  // owns goes with it; pools holding volumes cannot be deleted.
  const volumeDeps = { db, events, jobs, limits: projectLimits, settings, storage: opts.drivers?.storage ?? [], tags };
  const volumes = new VolumeService(volumeDeps);
  volumes.bind(accounts, storagePools);
  const snapshots = new SnapshotService(volumeDeps, opts.log);
  snapshots.bind(accounts);
  const vmSnapshots = new VmSnapshotService(volumeDeps, opts.drivers?.hypervisors ?? {});
  vmSnapshots.bind(accounts);
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
    templates,
    ...networking,
    ...lbVpcSg,
    vms,
    simulator: new SimulatorService(db, opts.drivers?.hypervisors ?? {}),
    volumes,
    snapshots,
    vmSnapshots,
  };
}
