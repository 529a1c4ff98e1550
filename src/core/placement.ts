// The deployment planner: pure ranking of hosts for a VM. The service reserves capacity on
// the first candidate with a compare-and-set UPDATE and moves to the next if it lost a race.

export interface HostCandidate {
  readonly id: number;
  readonly zoneId: number;
  readonly podId: number;
  readonly clusterId: number;
  readonly up: boolean;
  readonly enabled: boolean;
  /** Total CPU in MHz (cores × speed) and memory in bytes, before over-provisioning. */
  readonly cpuTotal: number;
  readonly cpuUsed: number;
  readonly memTotal: number;
  readonly memUsed: number;
  readonly cores: number;
  readonly tags: readonly string[];
  readonly cpuOverprovisioning: number;
  readonly memOverprovisioning: number;
}

export interface PlacementRequest {
  readonly cpuNumber: number;
  readonly cpuSpeed: number;
  readonly memory: number;
  readonly zoneId: number;
  readonly podId?: number;
  readonly clusterId?: number;
  readonly hostId?: number;
  /** Host tag the offering requires (CloudStack: one tag; all must be on the host). */
  readonly hostTags: readonly string[];
  /** Hosts that must not be used (anti-affinity peers, hosts that already failed). */
  readonly avoidHosts: ReadonlySet<number>;
  /** When set (host affinity), only these hosts qualify. */
  readonly onlyHosts?: ReadonlySet<number>;
}

export interface Rejection {
  readonly hostId: number;
  readonly reason: string;
}

export function freeCpu(h: HostCandidate): number {
  return h.cpuTotal * h.cpuOverprovisioning - h.cpuUsed;
}
export function freeMem(h: HostCandidate): number {
  return h.memTotal * h.memOverprovisioning - h.memUsed;
}

/** Why a host cannot take the VM, or undefined when it can. */
export function hostRejection(h: HostCandidate, r: PlacementRequest): string | undefined {
  if (h.zoneId !== r.zoneId) return 'other zone';
  if (r.podId !== undefined && h.podId !== r.podId) return 'other pod';
  if (r.clusterId !== undefined && h.clusterId !== r.clusterId) return 'other cluster';
  if (r.hostId !== undefined && h.id !== r.hostId) return 'not the requested host';
  if (!h.up) return 'host is not Up';
  if (!h.enabled) return 'host is disabled or in maintenance';
  if (r.avoidHosts.has(h.id)) return 'avoided (anti-affinity or earlier failure)';
  if (r.onlyHosts && !r.onlyHosts.has(h.id)) return 'affinity group requires another host';
  const tags = new Set(h.tags.map((t) => t.toLowerCase()));
  for (const t of r.hostTags) if (!tags.has(t.toLowerCase())) return `missing host tag ${t}`;
  if (r.cpuNumber > h.cores) return `needs ${r.cpuNumber} cores, host has ${h.cores}`;
  if (freeCpu(h) < r.cpuNumber * r.cpuSpeed) return 'not enough free CPU';
  if (freeMem(h) < r.memory) return 'not enough free memory';
  return undefined;
}

/**
 * Candidates in the order to try: clusters with the most free capacity first (zone → pod →
 * cluster), then within a cluster the host with the most free memory, then CPU.
 */
export function rankHosts(hosts: readonly HostCandidate[], r: PlacementRequest): { ranked: HostCandidate[]; rejected: Rejection[] } {
  const ok: HostCandidate[] = [];
  const rejected: Rejection[] = [];
  for (const h of hosts) {
    const why = hostRejection(h, r);
    if (why) rejected.push({ hostId: h.id, reason: why });
    else ok.push(h);
  }
  const clusterFree = new Map<number, number>();
  for (const h of ok) clusterFree.set(h.clusterId, (clusterFree.get(h.clusterId) ?? 0) + freeMem(h) / Math.max(1, h.memTotal));
  ok.sort((a, b) =>
    (clusterFree.get(b.clusterId) ?? 0) - (clusterFree.get(a.clusterId) ?? 0) ||
    freeMem(b) - freeMem(a) ||
    freeCpu(b) - freeCpu(a) ||
    a.id - b.id,
  );
  return { ranked: ok, rejected };
}
