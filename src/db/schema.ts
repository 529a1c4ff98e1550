import type { Generated, Kysely } from 'kysely';

// Booleans are stored as 0/1 integers and times as ISO-8601 text so that one schema
// serves both SQLite and PostgreSQL unchanged.

export interface DomainTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  path: string;
  parent_id: number | null;
  level: number;
  network_domain: string | null;
  state: string;
  created: string;
  removed: string | null;
}

export interface RoleTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  type: string;
  description: string;
  is_default: number;
  removed: string | null;
  /** 0002-identity: ENABLED or DISABLED (CloudStack 4.20). */
  state: Generated<string>;
  /** 0002-identity: 0/1, whether non-root callers may see the role. */
  is_public: Generated<number>;
}

export interface RolePermissionTable {
  id: Generated<number>;
  uuid: string;
  role_id: number;
  rule: string;
  permission: string;
  description: string;
  sort_order: number;
}

export interface AccountTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  type: number;
  role_id: number;
  domain_id: number;
  state: string;
  network_domain: string | null;
  created: string;
  removed: string | null;
}

export interface UserTable {
  id: Generated<number>;
  uuid: string;
  account_id: number;
  username: string;
  password_hash: string;
  firstname: string;
  lastname: string;
  email: string | null;
  timezone: string | null;
  state: string;
  api_key: string | null;
  secret_key: string | null;
  is_default: number;
  created: string;
  removed: string | null;
}

/** 0002-identity: CloudStack's account_details (accountdetails map). */
export interface AccountDetailTable {
  account_id: number;
  name: string;
  value: string;
}

export interface SessionTable {
  session_key: string;
  jsessionid: string;
  user_id: number;
  created: string;
  last_access: string;
}

export interface AsyncJobTable {
  id: Generated<number>;
  uuid: string;
  user_id: number;
  account_id: number;
  domain_id: number;
  cmd: string;
  java_class: string;
  instance_type: string | null;
  instance_id: string | null;
  lock_key: string | null;
  params: string;
  status: number;
  result_code: number;
  result_type: string;
  result: string | null;
  progress: string;
  owner: string | null;
  created: string;
  completed: string | null;
}

export interface EventTable {
  id: Generated<number>;
  uuid: string;
  type: string;
  state: string;
  level: string;
  description: string;
  user_id: number;
  account_id: number;
  domain_id: number;
  resource_id: string | null;
  resource_type: string | null;
  resource_name: string | null;
  start_id: number | null;
  archived: number;
  created: string;
}

export interface ConfigurationTable {
  name: string;
  scope: string;
  scope_id: number;
  value: string;
  updated: string;
}

/** 0003-infra: a zone (CloudStack data_center). */
export interface ZoneTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  description: string | null;
  dns1: string;
  dns2: string | null;
  ip6_dns1: string | null;
  ip6_dns2: string | null;
  internal_dns1: string;
  internal_dns2: string | null;
  guest_cidr: string | null;
  network_domain: string | null;
  domain_id: number | null;
  network_type: string;
  security_group_enabled: number;
  local_storage_enabled: number;
  allocation_state: string;
  zone_token: string;
  dhcp_provider: string;
  is_edge: number;
  sort_key: number;
  created: string;
  removed: string | null;
}

/** 0003-infra: a pod (CloudStack host_pod_ref); start/end is its management IP range. */
export interface PodTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  zone_id: number;
  gateway: string;
  netmask: string;
  start_ip: string | null;
  end_ip: string | null;
  allocation_state: string;
  created: string;
  removed: string | null;
}

/** 0003-infra: a cluster of hosts of one hypervisor type. */
export interface ClusterTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  zone_id: number;
  pod_id: number;
  hypervisor_type: string;
  cluster_type: string;
  allocation_state: string;
  managed_state: string;
  arch: string;
  created: string;
  removed: string | null;
}

/** 0003-infra: a hypervisor host; *_used columns are reservations made by the VM service. */
export interface HostTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  guid: string;
  zone_id: number;
  pod_id: number;
  cluster_id: number;
  type: string;
  status: string;
  resource_state: string;
  hypervisor_type: string;
  hypervisor_version: string;
  url: string;
  username: string | null;
  ip_address: string;
  cpu_sockets: number;
  cpu_cores: number;
  cpu_speed_mhz: number;
  memory_bytes: number;
  cpu_used_mhz: Generated<number>;
  memory_used_bytes: Generated<number>;
  capabilities: string;
  arch: string;
  is_tag_rule: number;
  os_category_uuid: string | null;
  os_category_name: string | null;
  annotation: string | null;
  last_pinged: string | null;
  disconnected: string | null;
  created: string;
  removed: string | null;
}

export interface HostTagTable {
  id: Generated<number>;
  host_id: number;
  tag: string;
  is_implicit: number;
}

/** 0003-infra: a primary storage pool; `driver` is sim, nfs or filesystem (the URL scheme). */
export interface StoragePoolTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  zone_id: number;
  pod_id: number | null;
  cluster_id: number | null;
  scope: string;
  pool_type: string;
  driver: string;
  url: string;
  host_address: string;
  path: string;
  provider: string;
  hypervisor: string | null;
  capacity_bytes: number;
  capacity_iops: number | null;
  used_bytes: Generated<number>;
  allocated_bytes: Generated<number>;
  status: string;
  is_tag_rule: number;
  managed: number;
  created: string;
  removed: string | null;
}

export interface StoragePoolTagTable {
  id: Generated<number>;
  pool_id: number;
  tag: string;
}

/** 0003-infra: a secondary (image) store. */
export interface ImageStoreTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  zone_id: number | null;
  url: string;
  protocol: string;
  provider: string;
  scope: string;
  readonly: number;
  total_bytes: number | null;
  used_bytes: Generated<number>;
  created: string;
  removed: string | null;
}

/** 0003-infra: a public (or direct) IP range, CloudStack's `vlan` table. */
export interface VlanRangeTable {
  id: Generated<number>;
  uuid: string;
  zone_id: number;
  pod_id: number | null;
  vlan_tag: string;
  gateway: string;
  netmask: string;
  start_ip: string;
  end_ip: string;
  for_virtual_network: number;
  for_system_vms: number;
  network_id: number | null;
  physical_network_id: number | null;
  domain_id: number | null;
  account_id: number | null;
  created: string;
}

/** 0003-infra: one public IP of a range; `state` Free until the networking family allocates it. */
export interface PublicIpAddressTable {
  id: Generated<number>;
  uuid: string;
  zone_id: number;
  vlan_range_id: number;
  address: string;
  address_num: number;
  state: string;
  account_id: number | null;
  domain_id: number | null;
  network_id: number | null;
  allocated: string | null;
  /** 0011-networks: 1 for the source NAT address of network_id. */
  source_nat: Generated<number>;
  /** 0011-networks: static NAT target (a user VM and its guest IP). */
  static_nat_vm_id: number | null;
  static_nat_vm_ip: string | null;
  vpc_id: number | null;
  for_display: Generated<number>;
}

/** 0004-offerings: a compute offering (CloudStack service_offering plus its compute-only disk offering). */
export interface ServiceOfferingTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_text: string;
  unique_name: string | null;
  cpu_number: number | null;
  cpu_speed: number | null;
  memory: number | null;
  customized: number;
  min_cpu: number | null;
  max_cpu: number | null;
  min_memory: number | null;
  max_memory: number | null;
  offer_ha: number;
  limit_cpu_use: number;
  is_volatile: number;
  host_tags: string | null;
  storage_tags: string | null;
  storage_type: string;
  provisioning_type: string;
  cache_mode: string;
  is_system: number;
  system_vm_type: string | null;
  default_use: number;
  network_rate: number | null;
  deployment_planner: string | null;
  root_disk_size: number | null;
  dynamic_scaling_enabled: number;
  disk_offering_id: number | null;
  disk_offering_strictness: number;
  customized_iops: number | null;
  min_iops: number | null;
  max_iops: number | null;
  /** JSON object of the twelve bytes/iops read/write rate limits; stored and echoed only. */
  io_limits: string;
  hypervisor_snapshot_reserve: number | null;
  encrypt_root: number;
  purge_resources: number;
  /** JSON object: serviceofferingdetails. */
  details: string;
  sort_key: number;
  state: string;
  created: string;
  removed: string | null;
}

/** 0004-offerings: a disk offering; disk_size in bytes, 0 when customized. */
export interface DiskOfferingTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_text: string;
  unique_name: string | null;
  disk_size: number;
  customized: number;
  customized_iops: number | null;
  min_iops: number | null;
  max_iops: number | null;
  tags: string | null;
  storage_type: string;
  provisioning_type: string;
  cache_mode: string;
  io_limits: string;
  hypervisor_snapshot_reserve: number | null;
  display_offering: number;
  disk_size_strictness: number;
  encrypt: number;
  details: string;
  sort_key: number;
  state: string;
  created: string;
  removed: string | null;
}

/** 0004-offerings: a network offering; its services are rows of network_offering_services. */
export interface NetworkOfferingTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_text: string;
  unique_name: string;
  traffic_type: string;
  guest_ip_type: string | null;
  tags: string | null;
  availability: string;
  state: string;
  is_default: number;
  system_only: number;
  specify_vlan: number;
  specify_ip_ranges: number;
  conserve_mode: number;
  is_persistent: number;
  egress_default_policy: number;
  for_vpc: number;
  network_rate: number | null;
  service_offering_id: number | null;
  dedicated_lb: number;
  shared_source_nat: number;
  redundant_router: number;
  elastic_ip: number;
  elastic_lb: number;
  associate_public_ip: number;
  inline: number;
  public_lb: number;
  internal_lb: number;
  supports_streched_l2: number;
  supports_public_access: number;
  supports_vm_autoscaling: number;
  max_connections: number | null;
  keep_alive_enabled: number;
  network_mode: string | null;
  routing_mode: string | null;
  internet_protocol: string | null;
  /** JSON object: the offering's details map. */
  details: string;
  sort_key: number;
  created: string;
  removed: string | null;
}

/** 0004-offerings: one (service, provider) of a network offering; provider null = physical network default. */
export interface NetworkOfferingServiceTable {
  network_offering_id: number;
  service: string;
  provider: string | null;
}

/** 0004-offerings: the domains (and, below, zones) an offering is limited to; none = public. */
export interface OfferingDomainTable {
  offering_type: string;
  offering_id: number;
  domain_id: number;
}

export interface OfferingZoneTable {
  offering_type: string;
  offering_id: number;
  zone_id: number;
}

/** 0005-settings-os-limits: CloudStack's guest_os_category. */
export interface GuestOsCategoryTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  is_featured: number;
  sort_key: number;
  created: string;
}

/** 0005-settings-os-limits: a guest OS type (listOsTypes); display_name is CloudStack's description. */
export interface GuestOsTable {
  id: Generated<number>;
  uuid: string;
  category_id: number;
  name: string | null;
  display_name: string;
  is_user_defined: number;
  for_display: number;
  created: string;
  removed: string | null;
}

export interface GuestOsDetailTable {
  guest_os_id: number;
  name: string;
  value: string;
}

/** 0005-settings-os-limits: the name a hypervisor (version) knows a guest OS by. */
export interface GuestOsMappingTable {
  id: Generated<number>;
  uuid: string;
  guest_os_id: number;
  hypervisor_type: string;
  hypervisor_version: string;
  guest_os_name: string;
  is_user_defined: number;
  created: string;
  removed: string | null;
}

export interface HypervisorCapabilitiesTable {
  id: Generated<number>;
  uuid: string;
  hypervisor_type: string;
  hypervisor_version: string;
  max_guests_limit: number;
  security_group_enabled: number;
  max_data_volumes_limit: number;
  max_hosts_per_cluster: number | null;
  storage_motion_supported: number;
  vm_snapshot_enabled: number;
}

/** 0005-settings-os-limits: an explicit limit (count units: bytes for storage); no row means the max.* default. */
export interface ResourceLimitTable {
  id: Generated<number>;
  owner_type: string;
  owner_id: number;
  type: string;
  max: number;
}

/** 0005-settings-os-limits: usage per account and per domain (a domain's includes its subtree). */
export interface ResourceCountTable {
  owner_type: string;
  owner_id: number;
  type: string;
  count: Generated<number>;
}

/** 0006-projects: a project; its resources belong to its own account (type 5, project_account_id). */
export interface ProjectTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_text: string;
  domain_id: number;
  project_account_id: number;
  /** Active, Suspended, or Disabled (while being deleted). */
  state: string;
  created: string;
  removed: string | null;
}

/** 0006-projects: a member; user_id null means every user of the account, else only that user. */
export interface ProjectAccountTable {
  id: Generated<number>;
  uuid: string;
  project_id: number;
  account_id: number;
  user_id: number | null;
  /** Admin or Regular. */
  role: string;
  project_role_id: number | null;
  created: string;
}

/** 0006-projects: an invitation to an account, a user, or an e-mail address (with a token). */
export interface ProjectInvitationTable {
  id: Generated<number>;
  uuid: string;
  project_id: number;
  account_id: number | null;
  user_id: number | null;
  domain_id: number;
  email: string | null;
  token: string | null;
  role: string;
  project_role_id: number | null;
  /** Pending, Completed, Declined or Expired. */
  state: string;
  created: string;
}

/** 0006-projects: a role defined inside one project. */
export interface ProjectRoleTable {
  id: Generated<number>;
  uuid: string;
  project_id: number;
  name: string;
  description: string;
  created: string;
}

/** 0006-projects: an ordered allow/deny rule of a project role. */
export interface ProjectRolePermissionTable {
  id: Generated<number>;
  uuid: string;
  project_id: number;
  project_role_id: number;
  rule: string;
  permission: string;
  description: string;
  sort_order: number;
}

export interface VmTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_name: string;
  instance_name: string;
  account_id: number;
  domain_id: number;
  user_id: number;
  zone_id: number;
  pod_id: number | null;
  cluster_id: number | null;
  host_id: number | null;
  last_host_id: number | null;
  template_id: number | null;
  iso_id: number | null;
  service_offering_id: number;
  cpu_number: number;
  cpu_speed: number;
  memory_mb: number;
  reserved_cpu_mhz: Generated<number>;
  reserved_memory_bytes: Generated<number>;
  state: string;
  power_state: Generated<string>;
  power_state_updated: string | null;
  ha_enabled: Generated<number>;
  hypervisor_type: string;
  guest_os_id: number | null;
  password: string | null;
  user_data: string | null;
  user_data_id: number | null;
  keypairs: string | null;
  group_name: string | null;
  display: Generated<number>;
  boot_type: string | null;
  boot_mode: string | null;
  created: string;
  updated: string | null;
  removed: string | null;
  // 0008-compute
  template_uuid: string | null;
  template_name: string | null;
  template_display_text: string | null;
  template_format: string | null;
  template_type: string | null;
  password_enabled: Generated<number>;
  template_image: string | null;
  dynamically_scalable: Generated<number>;
  arch: Generated<string>;
}

export interface VmDetailTable {
  vm_id: number;
  name: string;
  value: string;
  display: Generated<number>;
}

export interface VolumeTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  account_id: number;
  domain_id: number;
  zone_id: number;
  pool_id: number | null;
  vm_id: number | null;
  device_id: number | null;
  type: string;
  state: string;
  size: number;
  physical_size: Generated<number>;
  path: string | null;
  format: string | null;
  disk_offering_id: number | null;
  template_id: number | null;
  min_iops: number | null;
  max_iops: number | null;
  provisioning_type: Generated<string>;
  display_volume: Generated<number>;
  attached: string | null;
  created: string;
  updated: string | null;
  removed: string | null;
  // 0012-snapshots
  /** The snapshot the volume was created from (createVolume snapshotid). */
  snapshot_id: number | null;
  delete_protection: Generated<number>;
  chain_info: string | null;
}

/** 0010-keys-tags-affinity: an SSH key pair; only the public key is kept. */
export interface SshKeyPairTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  account_id: number;
  domain_id: number;
  /** `type base64`, without the comment. */
  public_key: string;
  /** Colon-separated MD5 of the key blob. */
  fingerprint: string;
  created: string;
}

/** 0010-keys-tags-affinity: registered (optionally templated) user data, base64. */
export interface UserDataTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  account_id: number;
  domain_id: number;
  user_data: string;
  /** Comma-separated variable names; null when none. */
  params: string | null;
  created: string;
}

/** 0010-keys-tags-affinity: the user data linked to a template or ISO (linkUserDataToTemplate). */
export interface TemplateUserDataTable {
  template_id: number;
  user_data_id: number;
  /** ALLOWOVERRIDE, APPEND or DENYOVERRIDE. */
  link_policy: string;
}

/** 0010-keys-tags-affinity: a tag on a resource, owned by the resource's owner. */
export interface ResourceTagTable {
  id: Generated<number>;
  uuid: string;
  key: string;
  value: string;
  resource_type: string;
  resource_id: number;
  resource_uuid: string;
  customer: string | null;
  account_id: number;
  domain_id: number;
  created: string;
}

/** 0010-keys-tags-affinity: an affinity group (host affinity / host anti-affinity). */
export interface AffinityGroupTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  description: string | null;
  type: string;
  account_id: number;
  domain_id: number;
  created: string;
}

export interface AffinityGroupVmTable {
  group_id: number;
  vm_id: number;
}

/** 0011-networks: a physical network of a zone; `vlan` holds its guest VLAN ranges ("100-199,300"). */
export interface PhysicalNetworkTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  zone_id: number;
  vlan: string | null;
  network_speed: string | null;
  broadcast_domain_range: string;
  isolation_methods: string | null;
  tags: string | null;
  domain_id: number | null;
  state: string;
  created: string;
  removed: string | null;
}

/** 0011-networks: a traffic type (Guest, Public, Management, Storage) carried by a physical network. */
export interface PhysicalNetworkTrafficTypeTable {
  id: Generated<number>;
  uuid: string;
  physical_network_id: number;
  traffic_type: string;
  kvm_label: string | null;
  xen_label: string | null;
  vmware_label: string | null;
  hyperv_label: string | null;
  ovm3_label: string | null;
  vlan: string | null;
  isolation_method: string | null;
}

/** 0011-networks: a guest network (Isolated, Shared or L2). */
export interface NetworkTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_text: string;
  zone_id: number;
  physical_network_id: number | null;
  network_offering_id: number;
  guest_type: string;
  traffic_type: string;
  acl_type: string;
  account_id: number;
  domain_id: number;
  subdomain_access: number | null;
  state: string;
  cidr: string | null;
  network_cidr: string | null;
  gateway: string | null;
  netmask: string | null;
  ip_start: string | null;
  ip_end: string | null;
  broadcast_domain_type: string;
  vlan: string | null;
  network_domain: string | null;
  dns1: string | null;
  dns2: string | null;
  restart_required: Generated<number>;
  specify_ip_ranges: Generated<number>;
  vpc_id: number | null;
  acl_id: number | null;
  external_id: string | null;
  display_network: Generated<number>;
  public_mtu: number | null;
  private_mtu: number | null;
  associated_network_id: number | null;
  created: string;
  removed: string | null;
}

/** 0011-networks: a guest VLAN/VNI taken by a network in a zone. */
export interface GuestVlanTable {
  zone_id: number;
  vnet: number;
  network_id: number;
  created: string;
}

/** 0011-networks: a NIC of a user VM or a virtual router (vm_type). */
export interface NicTable {
  id: Generated<number>;
  uuid: string;
  vm_id: number;
  vm_type: string;
  network_id: number | null;
  zone_id: number;
  device_id: number;
  mac_address: string;
  ip4_address: string | null;
  netmask: string | null;
  gateway: string | null;
  is_default: number;
  traffic_type: string;
  broadcast_uri: string | null;
  isolation_uri: string | null;
  state: string;
  created: string;
}

/** 0011-networks: a guest address in use in a network (NIC primary, secondary IP, router). */
export interface GuestIpTable {
  id: Generated<number>;
  uuid: string;
  network_id: number;
  address: string;
  address_num: number;
  kind: string;
  nic_id: number | null;
  vm_id: number | null;
  created: string;
}

/** 0011-networks: a virtual router of a guest network (or, later, of a VPC). */
export interface RouterTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  zone_id: number;
  pod_id: number | null;
  host_id: number | null;
  account_id: number;
  domain_id: number;
  network_id: number | null;
  vpc_id: number | null;
  service_offering_id: number | null;
  state: string;
  role: string;
  redundant_state: string;
  version: string;
  link_local_ip: string | null;
  config_version: Generated<number>;
  config_hash: string | null;
  config: string | null;
  applied_version: Generated<number>;
  /** The hash of the config the driver reported applied (compare with config_hash). */
  applied: string | null;
  created: string;
  removed: string | null;
}

/** 0011-networks: firewall, egress firewall and port forwarding rules (CloudStack's firewall_rules). */
export interface FirewallRuleTable {
  id: Generated<number>;
  uuid: string;
  purpose: string;
  traffic_type: string;
  ip_address_id: number | null;
  network_id: number;
  account_id: number;
  domain_id: number;
  protocol: string;
  start_port: number | null;
  end_port: number | null;
  icmp_type: number | null;
  icmp_code: number | null;
  source_cidrs: string | null;
  dest_cidrs: string | null;
  state: string;
  related_rule_id: number | null;
  for_display: Generated<number>;
  vm_id: number | null;
  vm_guest_ip: string | null;
  dest_start_port: number | null;
  dest_end_port: number | null;
  created: string;
}

/** 0009-templates: a template or ISO (CloudStack's vm_template; an ISO has format ISO). */
export interface TemplateTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_text: string;
  unique_name: string | null;
  account_id: number;
  domain_id: number;
  format: string;
  type: string;
  hypervisor: string;
  guest_os_id: number | null;
  bits: Generated<number>;
  url: string | null;
  checksum: string | null;
  is_public: number;
  is_featured: number;
  is_extractable: number;
  password_enabled: number;
  sshkey_enabled: number;
  requires_hvm: number;
  bootable: number;
  cross_zones: number;
  dynamically_scalable: Generated<number>;
  template_tag: string | null;
  source_template_id: number | null;
  arch: Generated<string>;
  sort_key: Generated<number>;
  /** JSON object: the details map. */
  details: Generated<string>;
  /** Active, or Inactive once removed. */
  state: string;
  created: string;
  removed: string | null;
}

/** 0009-templates: a template's copy in one image store (CloudStack's template_store_ref). */
export interface TemplateStoreTable {
  id: Generated<number>;
  template_id: number;
  store_id: number;
  zone_id: number;
  state: string;
  download_state: string;
  download_pct: Generated<number>;
  error_str: string | null;
  install_path: string | null;
  size: Generated<number>;
  physical_size: Generated<number>;
  md5: string | null;
  format: string | null;
  counted_bytes: Generated<number>;
  extract_token: string | null;
  extract_created: string | null;
  created: string;
  updated: string | null;
}

/** 0009-templates: an account a private template or ISO is shared with (launch_permission). */
export interface TemplatePermissionTable {
  template_id: number;
  account_id: number;
}

/** 0012-snapshots: a volume snapshot, backed up into an image store of its zone. */
export interface SnapshotTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  account_id: number;
  domain_id: number;
  zone_id: number;
  volume_id: number;
  /** MANUAL, or the interval type (HOURLY, DAILY, WEEKLY, MONTHLY) of the policy that took it. */
  snapshot_type: string;
  policy_id: number | null;
  state: string;
  size: number;
  physical_size: Generated<number>;
  store_id: number | null;
  /** JSON ImageInfo of the backup. */
  image: string | null;
  counted_bytes: Generated<number>;
  hypervisor: string | null;
  created: string;
  removed: string | null;
}

/** 0012-snapshots: a recurring snapshot schedule of a volume. */
export interface SnapshotPolicyTable {
  id: Generated<number>;
  uuid: string;
  volume_id: number;
  account_id: number;
  domain_id: number;
  /** 0 HOURLY, 1 DAILY, 2 WEEKLY, 3 MONTHLY. */
  interval_type: number;
  schedule: string;
  timezone: string;
  max_snaps: number;
  display: Generated<number>;
  next_run: string;
  created: string;
  removed: string | null;
}

/** 0012-snapshots: a snapshot of all disks of a VM (Disk, or DiskAndMemory). */
export interface VmSnapshotTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_name: string;
  description: string | null;
  vm_id: number;
  account_id: number;
  domain_id: number;
  zone_id: number;
  type: string;
  state: string;
  parent_id: number | null;
  current: Generated<number>;
  hypervisor: string;
  service_offering_id: number;
  created: string;
  removed: string | null;
}

/** 0012-snapshots: the image of one disk in a VM snapshot. */
export interface VmSnapshotVolumeTable {
  vm_snapshot_id: number;
  volume_id: number;
  store_id: number;
  /** JSON ImageInfo. */
  image: string;
  created: string;
}

/** 0013-lb-vpc-sg: what only a load-balancing rule has (the rule itself is a firewall_rules row). */
export interface LoadBalancerRuleTable {
  rule_id: number;
  name: string;
  description: string | null;
  algorithm: string;
  lb_protocol: string;
  created: string;
}

/** 0013-lb-vpc-sg: a VM's guest address behind a load-balancing rule. */
export interface LbVmMapTable {
  id: Generated<number>;
  uuid: string;
  rule_id: number;
  vm_id: number;
  vm_ip: string;
  state: string;
  created: string;
}

/** 0013-lb-vpc-sg: a stickiness policy of a load-balancing rule. */
export interface LbStickinessPolicyTable {
  id: Generated<number>;
  uuid: string;
  rule_id: number;
  name: string;
  description: string | null;
  method: string;
  /** JSON object of the method's parameters. */
  params: string;
  state: string;
  for_display: Generated<number>;
  created: string;
}

/** 0013-lb-vpc-sg: a health-check policy of a load-balancing rule. */
export interface LbHealthCheckPolicyTable {
  id: Generated<number>;
  uuid: string;
  rule_id: number;
  ping_path: string;
  description: string | null;
  response_time: number;
  interval_time: number;
  healthy_threshold: number;
  unhealthy_threshold: number;
  state: string;
  for_display: Generated<number>;
  created: string;
}

/** 0013-lb-vpc-sg: a VPC offering. */
export interface VpcOfferingTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  unique_name: string | null;
  display_text: string;
  state: string;
  is_default: Generated<number>;
  service_offering_id: number | null;
  distributed_router: Generated<number>;
  region_level: Generated<number>;
  redundant_router: Generated<number>;
  internet_protocol: string;
  network_mode: string;
  sort_key: Generated<number>;
  created: string;
  removed: string | null;
}

/** 0013-lb-vpc-sg: a service of a VPC offering and its provider. */
export interface VpcOfferingServiceTable {
  vpc_offering_id: number;
  service: string;
  provider: string;
}

/** 0013-lb-vpc-sg: a VPC. */
export interface VpcTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_text: string;
  zone_id: number;
  vpc_offering_id: number;
  cidr: string;
  account_id: number;
  domain_id: number;
  state: string;
  network_domain: string | null;
  restart_required: Generated<number>;
  for_display: Generated<number>;
  public_mtu: number | null;
  dns1: string | null;
  dns2: string | null;
  created: string;
  removed: string | null;
}

/** 0013-lb-vpc-sg: a network ACL list (vpc_id null: default_allow / default_deny). */
export interface NetworkAclListTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  description: string | null;
  vpc_id: number | null;
  for_display: Generated<number>;
  created: string;
}

/** 0013-lb-vpc-sg: a rule of a network ACL list. */
export interface NetworkAclItemTable {
  id: Generated<number>;
  uuid: string;
  acl_id: number;
  number: number;
  action: string;
  traffic_type: string;
  protocol: string;
  start_port: number | null;
  end_port: number | null;
  icmp_type: number | null;
  icmp_code: number | null;
  cidrs: string;
  state: string;
  for_display: Generated<number>;
  reason: string | null;
  created: string;
}

/** 0013-lb-vpc-sg: a VPC private gateway. */
export interface PrivateGatewayTable {
  id: Generated<number>;
  uuid: string;
  vpc_id: number;
  ip_address: string;
  gateway: string;
  netmask: string;
  vlan: string;
  physical_network_id: number | null;
  account_id: number;
  domain_id: number;
  state: string;
  source_nat: Generated<number>;
  acl_id: number;
  created: string;
}

/** 0013-lb-vpc-sg: a VPC static route (through a private gateway or to a next hop). */
export interface StaticRouteTable {
  id: Generated<number>;
  uuid: string;
  vpc_id: number;
  gateway_id: number | null;
  next_hop: string | null;
  cidr: string;
  account_id: number;
  domain_id: number;
  state: string;
  created: string;
}

/** 0013-lb-vpc-sg: a security group. */
export interface SecurityGroupTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  description: string | null;
  account_id: number;
  domain_id: number;
  created: string;
}

/** 0013-lb-vpc-sg: an ingress or egress rule of a security group (one CIDR or one group each). */
export interface SecurityGroupRuleTable {
  id: Generated<number>;
  uuid: string;
  group_id: number;
  type: string;
  protocol: string;
  start_port: number | null;
  end_port: number | null;
  icmp_type: number | null;
  icmp_code: number | null;
  cidr: string | null;
  allowed_group_id: number | null;
  created: string;
}

/** 0013-lb-vpc-sg: a VM's membership of a security group. */
export interface SecurityGroupVmTable {
  group_id: number;
  vm_id: number;
}

/** 0013-lb-vpc-sg: the desired rule set of a VM, as its host enforces it. */
export interface SecurityGroupVmRulesTable {
  vm_id: number;
  version: number;
  hash: string;
  rules: string;
  updated: string;
}

export interface Database {
  domains: DomainTable;
  roles: RoleTable;
  role_permissions: RolePermissionTable;
  accounts: AccountTable;
  users: UserTable;
  account_details: AccountDetailTable;
  sessions: SessionTable;
  async_jobs: AsyncJobTable;
  events: EventTable;
  configurations: ConfigurationTable;
  zones: ZoneTable;
  pods: PodTable;
  clusters: ClusterTable;
  hosts: HostTable;
  host_tags: HostTagTable;
  storage_pools: StoragePoolTable;
  storage_pool_tags: StoragePoolTagTable;
  image_stores: ImageStoreTable;
  vlan_ranges: VlanRangeTable;
  public_ip_addresses: PublicIpAddressTable;
  service_offerings: ServiceOfferingTable;
  disk_offerings: DiskOfferingTable;
  network_offerings: NetworkOfferingTable;
  network_offering_services: NetworkOfferingServiceTable;
  offering_domains: OfferingDomainTable;
  offering_zones: OfferingZoneTable;
  guest_os_categories: GuestOsCategoryTable;
  guest_os: GuestOsTable;
  guest_os_details: GuestOsDetailTable;
  guest_os_mappings: GuestOsMappingTable;
  hypervisor_capabilities: HypervisorCapabilitiesTable;
  resource_limits: ResourceLimitTable;
  resource_counts: ResourceCountTable;
  projects: ProjectTable;
  project_accounts: ProjectAccountTable;
  project_invitations: ProjectInvitationTable;
  project_roles: ProjectRoleTable;
  project_role_permissions: ProjectRolePermissionTable;
  vms: VmTable;
  vm_details: VmDetailTable;
  volumes: VolumeTable;
  ssh_keypairs: SshKeyPairTable;
  user_data: UserDataTable;
  template_user_data: TemplateUserDataTable;
  resource_tags: ResourceTagTable;
  affinity_groups: AffinityGroupTable;
  affinity_group_vms: AffinityGroupVmTable;
  physical_networks: PhysicalNetworkTable;
  physical_network_traffic_types: PhysicalNetworkTrafficTypeTable;
  networks: NetworkTable;
  guest_vlans: GuestVlanTable;
  nics: NicTable;
  guest_ips: GuestIpTable;
  routers: RouterTable;
  firewall_rules: FirewallRuleTable;
  templates: TemplateTable;
  template_stores: TemplateStoreTable;
  template_permissions: TemplatePermissionTable;
  snapshots: SnapshotTable;
  snapshot_policies: SnapshotPolicyTable;
  vm_snapshots: VmSnapshotTable;
  vm_snapshot_volumes: VmSnapshotVolumeTable;
  load_balancer_rules: LoadBalancerRuleTable;
  lb_vm_maps: LbVmMapTable;
  lb_stickiness_policies: LbStickinessPolicyTable;
  lb_healthcheck_policies: LbHealthCheckPolicyTable;
  vpc_offerings: VpcOfferingTable;
  vpc_offering_services: VpcOfferingServiceTable;
  vpcs: VpcTable;
  network_acl_lists: NetworkAclListTable;
  network_acl_items: NetworkAclItemTable;
  private_gateways: PrivateGatewayTable;
  static_routes: StaticRouteTable;
  security_groups: SecurityGroupTable;
  security_group_rules: SecurityGroupRuleTable;
  security_group_vms: SecurityGroupVmTable;
  security_group_vm_rules: SecurityGroupVmRulesTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
