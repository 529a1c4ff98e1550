// The hypervisor driver contract: a driver turns a host URL into facts and runs guests on it
// (start/stop/reboot/migrate/scale, power reports), so every hypervisor (simulator, QEMU) is
// one object the services receive by injection.

/** CloudStack's Hypervisor.HypervisorType names that Nubo has (or will have) drivers for. */
export type HypervisorType = 'Simulator' | 'KVM';

export const HYPERVISOR_TYPES: readonly HypervisorType[] = ['Simulator', 'KVM'];

/** What a driver learns about a host when it is added or reconnected. */
export interface HostFacts {
  /** A stable identity of the machine: adding the same host twice is refused by it. */
  readonly guid: string;
  /** The host's own name (hostname or the simulator's name for it). */
  readonly name: string;
  readonly ipAddress: string;
  readonly cpuSockets: number;
  /** Total CPU cores on the host (CloudStack's `cpunumber`). */
  readonly cpuCores: number;
  readonly cpuSpeedMhz: number;
  readonly memoryBytes: number;
  readonly hypervisorType: HypervisorType;
  readonly hypervisorVersion: string;
  /** Capability words, e.g. `hvm`, `snapshot`. */
  readonly capabilities: readonly string[];
  /** CPU architecture: x86_64 or aarch64. */
  readonly arch: string;
}

export interface HypervisorDriver extends HypervisorVmOps {
  readonly type: HypervisorType;
  /** Present only on the simulator. */
  readonly simulator?: SimulatorControl;
  /**
   * Contacts (or, for the simulator, imagines) the host at `url` and reports its facts.
   * Throws a DomainError (InvalidParameter for a malformed URL, ResourceUnavailable when
   * the host cannot be reached).
   */
  probeHost(url: string, username: string, password: string): Promise<HostFacts>;
}

/** The hypervisor drivers a management server has, by type; a missing type has no driver. */
export type HypervisorDrivers = Readonly<Partial<Record<HypervisorType, HypervisorDriver>>>;

// ---- VM operations ----------------------------------------------------------------------
// Every operation names its host by URL (the host row's `url`) and its guest by instance
// name (`i-<account>-<vm>-VM`), so the management server needs no driver-side ids and a
// real QEMU driver (one QMP socket per instance name) fits the same calls.

export type PowerState = 'PowerOn' | 'PowerOff';

export interface VmDisk {
  readonly poolUrl: string;
  /** The volume's path in its pool, as the storage driver returned it. */
  readonly path: string;
  /** Device order: 0 is the root disk, data disks follow. */
  readonly deviceId: number;
  readonly type: 'ROOT' | 'DATADISK';
}

export interface VmNic {
  readonly mac: string;
  readonly ip?: string;
  readonly netmask?: string;
  readonly gateway?: string;
  /** What the host plugs the NIC into: the network's broadcast URI (vlan://…) or its uuid. */
  readonly networkKey: string;
  readonly deviceId: number;
  readonly isDefault: boolean;
}

/** What cloud-init reads from the config drive (a real driver writes it as an ISO). */
export interface ConfigDrive {
  readonly hostname: string;
  /** Base64, exactly as the API received it. */
  readonly userData?: string;
  readonly publicKeys: readonly string[];
  readonly password?: string;
  readonly metaData: Readonly<Record<string, string>>;
}

export interface VmResources {
  readonly cpus: number;
  /** Per-vCPU speed in MHz (CloudStack's cpuspeed). */
  readonly cpuMhz: number;
  readonly memoryBytes: number;
}

export interface VmSpec extends VmResources {
  readonly instanceName: string;
  readonly uuid: string;
  readonly disks: readonly VmDisk[];
  readonly nics: readonly VmNic[];
  readonly iso?: { readonly storeUrl: string; readonly path: string };
  readonly configDrive?: ConfigDrive;
}

/** Power report of one host: every guest it knows, by instance name. */
export type PowerReport = Readonly<Record<string, PowerState>>;

/** The VM half of a hypervisor driver. Each call is idempotent so a resumed job may repeat it. */
export interface HypervisorVmOps {
  /** Boots the guest; a guest already running on that host is fine. */
  startVm(hostUrl: string, spec: VmSpec): Promise<void>;
  /** Shuts the guest down (force: pull the plug); a guest that is not running is fine. */
  stopVm(hostUrl: string, instanceName: string, force: boolean): Promise<void>;
  /** Reboots a running guest; ResourceUnavailable when it is not running there. */
  rebootVm(hostUrl: string, instanceName: string): Promise<void>;
  /** Live-migrates a running guest; already running on the target (and gone from the source) is fine. */
  migrateVm(fromHostUrl: string, toHostUrl: string, spec: VmSpec): Promise<void>;
  /** Changes vCPUs/memory of a running guest (hot-plug). */
  scaleVm(hostUrl: string, instanceName: string, to: VmResources): Promise<void>;
  listVms(hostUrl: string): Promise<PowerReport>;
  /** Resolves when the host answers; ResourceUnavailable when it is down. */
  pingHost(hostUrl: string): Promise<void>;
}

/** Where a simulator mock applies (configureSimulator's zoneid/podid/clusterid/hostid). */
export interface MockScope {
  readonly zoneId?: number;
  readonly podId?: number;
  readonly clusterId?: number;
  readonly hostId?: number;
}

export interface MockInfo {
  readonly id: number;
  readonly name: string;
  /** Times it is still active; undefined: until cleaned up. */
  readonly count?: number;
  readonly scope: MockScope;
}

export interface MockRequest {
  /** CloudStack's agent command name (StartCommand, StopCommand, …) or a Nubo one (HostDown, VmDies). */
  readonly name: string;
  /** `key:value` pairs separated by `;` (enabled:false, wait:500) or, for VmDies, the instance name. */
  readonly value: string;
  readonly count?: number;
  readonly scope: MockScope;
  /** The hosts the scope covers (URLs); undefined: every host. */
  readonly hostUrls?: readonly string[];
}

/** Fault injection of a simulated hypervisor (CloudStack's configureSimulator); real drivers have none. */
export interface SimulatorControl {
  configure(m: MockRequest): MockInfo;
  query(id: number): MockInfo | undefined;
  /** Removes one mock (undoing its effect, e.g. a host comes back up) or, without id, all of them. */
  cleanup(id?: number): boolean;
}
