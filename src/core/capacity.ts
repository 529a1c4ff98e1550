// Capacity arithmetic (listCapacity, showcapacities, host allocation figures). Inputs are
// plain figures read from hosts, pools, image stores and IP tables; "used" is whatever the
// owning services have reserved (VMs reserve CPU and memory on a host, volumes bytes on a pool).

/** CloudStack's Capacity.CAPACITY_TYPE_* codes, the `type` of a CapacityResponse. */
export const CAPACITY_TYPES = {
  MEMORY: 0, CPU: 1, STORAGE: 2, STORAGE_ALLOCATED: 3, VIRTUAL_NETWORK_PUBLIC_IP: 4, PRIVATE_IP: 5,
  SECONDARY_STORAGE: 6, VLAN: 7, DIRECT_ATTACHED_PUBLIC_IP: 8, LOCAL_STORAGE: 9, GPU: 19, CPU_CORE: 90,
} as const;

export type CapacityName = keyof typeof CAPACITY_TYPES;

export interface CapacityFigure {
  readonly name: CapacityName;
  readonly type: number;
  readonly total: number;
  readonly used: number;
}

export interface HostFigures {
  readonly cpuCores: number;
  readonly cpuSpeedMhz: number;
  readonly memoryBytes: number;
  readonly cpuUsedMhz: number;
  readonly memoryUsedBytes: number;
}

export interface PoolFigures {
  readonly capacityBytes: number;
  readonly usedBytes: number;
  readonly allocatedBytes: number;
}

export interface Counted {
  readonly total: number;
  readonly used: number;
}

/** What one zone, pod or cluster holds; an absent group is not reported at that level. */
export interface CapacityInputs {
  readonly hosts?: readonly HostFigures[];
  readonly pools?: readonly PoolFigures[];
  readonly imageStores?: readonly Counted[];
  readonly virtualPublicIps?: Counted;
  readonly directPublicIps?: Counted;
  readonly privateIps?: Counted;
}

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
const fig = (name: CapacityName, total: number, used: number): CapacityFigure => ({ name, type: CAPACITY_TYPES[name], total, used });

/** The capacity figures of one group, in CloudStack's type order. */
export function sumCapacities(i: CapacityInputs): CapacityFigure[] {
  const out: CapacityFigure[] = [];
  if (i.hosts) {
    out.push(fig('MEMORY', sum(i.hosts, (h) => h.memoryBytes), sum(i.hosts, (h) => h.memoryUsedBytes)));
    out.push(fig('CPU', sum(i.hosts, (h) => h.cpuCores * h.cpuSpeedMhz), sum(i.hosts, (h) => h.cpuUsedMhz)));
  }
  if (i.pools) {
    out.push(fig('STORAGE', sum(i.pools, (p) => p.capacityBytes), sum(i.pools, (p) => p.usedBytes)));
    out.push(fig('STORAGE_ALLOCATED', sum(i.pools, (p) => p.capacityBytes), sum(i.pools, (p) => p.allocatedBytes)));
  }
  if (i.virtualPublicIps) out.push(fig('VIRTUAL_NETWORK_PUBLIC_IP', i.virtualPublicIps.total, i.virtualPublicIps.used));
  if (i.privateIps) out.push(fig('PRIVATE_IP', i.privateIps.total, i.privateIps.used));
  if (i.imageStores) out.push(fig('SECONDARY_STORAGE', sum(i.imageStores, (s) => s.total), sum(i.imageStores, (s) => s.used)));
  if (i.directPublicIps) out.push(fig('DIRECT_ATTACHED_PUBLIC_IP', i.directPublicIps.total, i.directPublicIps.used));
  if (i.hosts) {
    // A host's CPU core count is its capacity; VMs reserve MHz, so used cores are not tracked yet.
    out.push(fig('CPU_CORE', sum(i.hosts, (h) => h.cpuCores), 0));
  }
  return out;
}

/** CloudStack's DecimalFormat("#.##") of used/total·100: "0", "12.5", "33.33". */
export function percentUsed(used: number, total: number): string {
  if (total <= 0) return '0';
  return String(Math.round((used / total) * 10000) / 100);
}

/** `sortby=usage`: the fullest first. */
export function byUsageDesc<T extends { total: number; used: number }>(a: T, b: T): number {
  const pa = a.total > 0 ? a.used / a.total : 0;
  const pb = b.total > 0 ? b.used / b.total : 0;
  return pb - pa;
}

/** Resolves `type=` of listCapacity to a known code. */
export function isCapacityType(n: number): boolean {
  return Object.values(CAPACITY_TYPES).includes(n as (typeof CAPACITY_TYPES)[CapacityName]);
}
