// The offerings CloudStack seeds on first start (ConfigurationServerImpl.persistDefaultValues,
// NetworkOfferingDaoImpl.persistDefaultL2NetworkOfferings and the system VM managers), with
// their real names, display texts, services and providers. Each row is keyed by its unique
// name, so the seed is idempotent and never resurrects an offering an operator deleted.
import { randomUUID } from 'node:crypto';
import type { NetworkService } from '../../core/network-services.js';
import type { Db } from '../../db/schema.js';
import { insertNetworkOffering } from '../network-offerings.js';

const GIB = 1024 ** 3;

interface ComputeSeed {
  readonly uniqueName: string;
  readonly name: string;
  readonly cpu: number;
  readonly speed: number;
  readonly memory: number;
  readonly offerHa: boolean;
  readonly systemVmType?: string;
}

const COMPUTE: readonly ComputeSeed[] = [
  { uniqueName: 'Cloud.Com-Small Instance', name: 'Small Instance', cpu: 1, speed: 500, memory: 512, offerHa: false },
  { uniqueName: 'Cloud.Com-Medium Instance', name: 'Medium Instance', cpu: 1, speed: 1000, memory: 1024, offerHa: false },
  { uniqueName: 'Cloud.Com-SoftwareRouter', name: 'System Offering For Software Router', cpu: 1, speed: 500, memory: 256, offerHa: true, systemVmType: 'domainrouter' },
  { uniqueName: 'Cloud.com-ConsoleProxy', name: 'System Offering For Console Proxy', cpu: 1, speed: 500, memory: 1024, offerHa: false, systemVmType: 'consoleproxy' },
  { uniqueName: 'Cloud.com-SecondaryStorage', name: 'System Offering For Secondary Storage VM', cpu: 1, speed: 500, memory: 512, offerHa: false, systemVmType: 'secondarystoragevm' },
];

const DISKS: readonly { readonly name: string; readonly displayText: string; readonly gb: number }[] = [
  { name: 'Small', displayText: 'Small Disk, 5 GB', gb: 5 },
  { name: 'Medium', displayText: 'Medium Disk, 20 GB', gb: 20 },
  { name: 'Large', displayText: 'Large Disk, 100 GB', gb: 100 },
  { name: 'Custom', displayText: 'Custom Disk', gb: 0 },
];

interface NetworkSeed {
  readonly name: string;
  readonly displayText: string;
  readonly guestIpType: 'Isolated' | 'Shared' | 'L2';
  readonly specifyVlan: boolean;
  readonly required?: boolean;
  readonly conserveMode: boolean;
  readonly specifyIpRanges: boolean;
  readonly publicLb?: boolean;
  readonly internalLb?: boolean;
  readonly forVpc?: boolean;
  readonly autoScaling?: boolean;
  readonly services: readonly (readonly [NetworkService, string])[];
}

const VR = 'VirtualRouter';
const VPC = 'VpcVirtualRouter';
const basic = (p: string) => [['Dhcp', p], ['Dns', p], ['UserData', p]] as const;
const vpcTier = (lb: boolean): NetworkSeed['services'] => [
  ...basic(VPC), ['NetworkACL', VPC], ['Gateway', VPC], ...(lb ? [['Lb', VPC] as const] : []), ['SourceNat', VPC], ['StaticNat', VPC],
  ['PortForwarding', VPC], ['Vpn', VPC],
];

// Netscaler, NSX and Tungsten-Fabric defaults are left out: this cloud has no such providers.
const NETWORKS: readonly NetworkSeed[] = [
  { name: 'DefaultSharedNetworkOfferingWithSGService', displayText: 'Offering for Shared Security group enabled networks', guestIpType: 'Shared',
    specifyVlan: true, conserveMode: true, specifyIpRanges: true, services: [...basic(VR), ['SecurityGroup', 'SecurityGroupProvider']] },
  { name: 'DefaultSharedNetworkOffering', displayText: 'Offering for Shared networks', guestIpType: 'Shared',
    specifyVlan: true, conserveMode: true, specifyIpRanges: true, services: basic(VR) },
  { name: 'DefaultIsolatedNetworkOfferingWithSourceNatService', displayText: 'Offering for Isolated networks with Source Nat service enabled',
    guestIpType: 'Isolated', specifyVlan: false, required: true, conserveMode: true, specifyIpRanges: false, publicLb: true, autoScaling: true,
    services: [...basic(VR), ['Firewall', VR], ['Gateway', VR], ['Lb', VR], ['SourceNat', VR], ['StaticNat', VR], ['PortForwarding', VR], ['Vpn', VR]] },
  { name: 'DefaultIsolatedNetworkOffering', displayText: 'Offering for Isolated networks with no Source Nat service', guestIpType: 'Isolated',
    specifyVlan: true, conserveMode: true, specifyIpRanges: true, services: basic(VR) },
  { name: 'DefaultIsolatedNetworkOfferingForVpcNetworks', displayText: 'Offering for Isolated Vpc networks with Source Nat service enabled',
    guestIpType: 'Isolated', specifyVlan: false, conserveMode: false, specifyIpRanges: false, publicLb: true, forVpc: true, autoScaling: true,
    services: vpcTier(true) },
  { name: 'DefaultIsolatedNetworkOfferingForVpcNetworksNoLB',
    displayText: 'Offering for Isolated Vpc networks with Source Nat service enabled and LB service Disabled', guestIpType: 'Isolated',
    specifyVlan: false, conserveMode: false, specifyIpRanges: false, forVpc: true, services: vpcTier(false) },
  { name: 'DefaultIsolatedNetworkOfferingForVpcNetworksWithInternalLB', displayText: 'Offering for Isolated Vpc networks with Internal LB support',
    guestIpType: 'Isolated', specifyVlan: false, conserveMode: false, specifyIpRanges: false, internalLb: true, forVpc: true,
    services: [...basic(VPC), ['NetworkACL', VPC], ['Gateway', VPC], ['Lb', 'InternalLbVm'], ['SourceNat', VPC]] },
  { name: 'DefaultL2NetworkOffering', displayText: 'Offering for L2 networks', guestIpType: 'L2',
    specifyVlan: false, conserveMode: true, specifyIpRanges: false, services: [] },
  { name: 'DefaultL2NetworkOfferingVlan', displayText: 'Offering for L2 networks VLAN', guestIpType: 'L2',
    specifyVlan: true, conserveMode: true, specifyIpRanges: false, services: [] },
  { name: 'DefaultL2NetworkOfferingConfigDrive', displayText: 'Offering for L2 networks with config drive user data', guestIpType: 'L2',
    specifyVlan: false, conserveMode: true, specifyIpRanges: false, services: [['UserData', 'ConfigDrive']] },
  { name: 'DefaultL2NetworkOfferingConfigDriveVlan', displayText: 'Offering for L2 networks with config drive user data VLAN', guestIpType: 'L2',
    specifyVlan: true, conserveMode: true, specifyIpRanges: false, services: [['UserData', 'ConfigDrive']] },
];

async function seedCompute(db: Db, now: string): Promise<void> {
  for (const c of COMPUTE) {
    if (await db.selectFrom('service_offerings').select('id').where('unique_name', '=', c.uniqueName).executeTakeFirst()) continue;
    const system = c.systemVmType !== undefined;
    await db.insertInto('service_offerings').values({
      uuid: randomUUID(), name: c.name, display_text: c.name, unique_name: c.uniqueName, cpu_number: c.cpu, cpu_speed: c.speed, memory: c.memory,
      customized: 0, min_cpu: null, max_cpu: null, min_memory: null, max_memory: null, offer_ha: c.offerHa ? 1 : 0, limit_cpu_use: 0, is_volatile: 0,
      host_tags: null, storage_tags: null, storage_type: 'shared', provisioning_type: 'thin', cache_mode: 'none', is_system: system ? 1 : 0,
      system_vm_type: c.systemVmType ?? null, default_use: system ? 1 : 0, network_rate: null, deployment_planner: null, root_disk_size: null,
      dynamic_scaling_enabled: 1, disk_offering_id: null, disk_offering_strictness: 0, customized_iops: system ? 0 : null, min_iops: null,
      max_iops: null, io_limits: '{}', hypervisor_snapshot_reserve: null, encrypt_root: 0, purge_resources: 0, details: '{}', sort_key: 0,
      state: 'Active', created: now, removed: null,
    }).execute();
  }
}

async function seedDisks(db: Db, now: string): Promise<void> {
  for (const d of DISKS) {
    const uniqueName = `Cloud.Com-${d.name}`;
    if (await db.selectFrom('disk_offerings').select('id').where('unique_name', '=', uniqueName).executeTakeFirst()) continue;
    await db.insertInto('disk_offerings').values({
      uuid: randomUUID(), name: d.name, display_text: d.displayText, unique_name: uniqueName, disk_size: d.gb * GIB, customized: d.gb === 0 ? 1 : 0,
      customized_iops: null, min_iops: null, max_iops: null, tags: null, storage_type: 'shared', provisioning_type: 'thin', cache_mode: 'none',
      io_limits: '{}', hypervisor_snapshot_reserve: null, display_offering: 1, disk_size_strictness: 0, encrypt: 0, details: '{}', sort_key: 0,
      state: 'Active', created: now, removed: null,
    }).execute();
  }
}

async function seedNetworks(db: Db, now: string): Promise<void> {
  for (const n of NETWORKS) {
    if (await db.selectFrom('network_offerings').select('id').where('unique_name', '=', n.name).executeTakeFirst()) continue;
    const services = new Map<NetworkService, string[]>();
    for (const [s, p] of n.services) services.set(s, [...(services.get(s) ?? []), p]);
    // NetworkOfferingVO's defaults for shipped offerings: dedicated LB, public IPs associated, egress deny.
    await insertNetworkOffering(db, {
      uuid: randomUUID(), name: n.name, display_text: n.displayText, unique_name: n.name, traffic_type: 'Guest', guest_ip_type: n.guestIpType,
      tags: null, availability: n.required ? 'Required' : 'Optional', state: 'Enabled', is_default: 1, system_only: 0,
      specify_vlan: n.specifyVlan ? 1 : 0, specify_ip_ranges: n.specifyIpRanges ? 1 : 0, conserve_mode: n.conserveMode ? 1 : 0, is_persistent: 0,
      egress_default_policy: 0, for_vpc: n.forVpc ? 1 : 0, network_rate: null, service_offering_id: null, dedicated_lb: 1, shared_source_nat: 0,
      redundant_router: 0, elastic_ip: 0, elastic_lb: 0, associate_public_ip: 1, inline: 0, public_lb: n.publicLb ? 1 : 0,
      internal_lb: n.internalLb ? 1 : 0, supports_streched_l2: 0, supports_public_access: 0, supports_vm_autoscaling: n.autoScaling ? 1 : 0,
      max_connections: null, keep_alive_enabled: 0, network_mode: null, routing_mode: null, internet_protocol: null, details: '{}', sort_key: 0,
      created: now, removed: null,
    }, services);
  }
}

export async function seedOfferings(db: Db): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await seedCompute(tx, now);
    await seedDisks(tx, now);
    await seedNetworks(tx, now);
  });
}
