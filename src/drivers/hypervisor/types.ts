// The hypervisor driver contract. A driver turns a host URL into facts now; later issues add
// VM operations (define/start/stop/migrate) to this same interface, so every hypervisor
// (simulator, QEMU) is one object the services receive by injection.

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

export interface HypervisorDriver {
  readonly type: HypervisorType;
  /**
   * Contacts (or, for the simulator, imagines) the host at `url` and reports its facts.
   * Throws a DomainError (InvalidParameter for a malformed URL, ResourceUnavailable when
   * the host cannot be reached).
   */
  probeHost(url: string, username: string, password: string): Promise<HostFacts>;
}

/** The hypervisor drivers a management server has, by type; a missing type has no driver. */
export type HypervisorDrivers = Readonly<Partial<Record<HypervisorType, HypervisorDriver>>>;
