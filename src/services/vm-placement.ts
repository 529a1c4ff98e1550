// Host placement for a VM: the candidate hosts are read, ranked by the pure planner
// (core/placement.ts), and claimed in that order with a compare-and-set; a host lost to a
// concurrent deploy is skipped. Over-provisioning scales what a VM claims: a cluster with a
// cpu factor of 2 lets the VMs' MHz add up to twice the host's, so each claims half.
import { DomainError } from '../core/errors.js';
import { type HostCandidate, type PlacementRequest, rankHosts } from '../core/placement.js';
import type { Db } from '../db/schema.js';
import { reserveOnHost } from './vm-rows.js';
import type { SettingsService } from './settings.js';

export interface HostNeed {
  readonly zoneId: number;
  readonly podId?: number;
  readonly clusterId?: number;
  readonly hostId?: number;
  readonly hypervisor: string;
  readonly cpuNumber: number;
  readonly cpuSpeed: number;
  readonly memoryMb: number;
  readonly hostTags: readonly string[];
  readonly avoidHosts: ReadonlySet<number>;
  readonly onlyHosts?: ReadonlySet<number>;
}

export interface HostClaim {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly url: string;
  readonly podId: number;
  readonly clusterId: number;
  /** What was claimed on the host, after over-provisioning. */
  readonly cpuMhz: number;
  readonly memoryBytes: number;
}

const MiB = 1024 ** 2;

/** The over-provisioning factors of each cluster (cluster setting, else global). */
async function factors(settings: SettingsService, clusterIds: readonly number[]): Promise<Map<number, { cpu: number; mem: number }>> {
  const out = new Map<number, { cpu: number; mem: number }>();
  for (const id of clusterIds) {
    out.set(id, {
      cpu: await settings.getNumber('cpu.overprovisioning.factor', 'cluster', id),
      mem: await settings.getNumber('mem.overprovisioning.factor', 'cluster', id),
    });
  }
  return out;
}

/**
 * Picks a host for a VM and claims its CPU and memory there (by default recorded on the VM
 * row; a migration records its destination claim elsewhere).
 * InsufficientCapacity (533) naming the VM when no host fits.
 */
export type HostReserver = (host: { id: number; podId: number; clusterId: number }, cpuMhz: number, memoryBytes: number) => Promise<boolean>;

export async function claimHost(
  db: Db, settings: SettingsService, vm: { id: number; instanceName: string }, need: HostNeed,
  reserve: HostReserver = (h, cpu, mem) => reserveOnHost(db, vm.id, h, cpu, mem),
): Promise<HostClaim> {
  let q = db.selectFrom('hosts as h').innerJoin('clusters as c', 'c.id', 'h.cluster_id').innerJoin('pods as p', 'p.id', 'h.pod_id')
    .select(['h.id', 'h.uuid', 'h.name', 'h.url', 'h.zone_id', 'h.pod_id', 'h.cluster_id', 'h.status', 'h.resource_state', 'h.cpu_cores',
      'h.cpu_speed_mhz', 'h.cpu_used_mhz', 'h.memory_bytes', 'h.memory_used_bytes', 'c.allocation_state as clusterState', 'p.allocation_state as podState'])
    .where('h.zone_id', '=', need.zoneId).where('h.removed', 'is', null).where('h.type', '=', 'Routing')
    .where('h.hypervisor_type', '=', need.hypervisor).where('h.cpu_cores', '>=', need.cpuNumber);
  if (need.podId !== undefined) q = q.where('h.pod_id', '=', need.podId);
  if (need.clusterId !== undefined) q = q.where('h.cluster_id', '=', need.clusterId);
  if (need.hostId !== undefined) q = q.where('h.id', '=', need.hostId);
  const rows = await q.execute();
  const f = await factors(settings, [...new Set(rows.map((r) => r.cluster_id))]);
  const tags = need.hostTags.length ? await hostTags(db, rows.map((r) => r.id)) : new Map<number, string[]>();
  const candidates: HostCandidate[] = rows.map((h) => {
    const k = f.get(h.cluster_id) ?? { cpu: 1, mem: 1 };
    return {
      id: h.id, zoneId: h.zone_id, podId: h.pod_id, clusterId: h.cluster_id, up: h.status === 'Up',
      enabled: h.resource_state === 'Enabled' && h.clusterState === 'Enabled' && h.podState === 'Enabled',
      cpuTotal: h.cpu_cores * h.cpu_speed_mhz, memTotal: Number(h.memory_bytes),
      // Claims are stored divided by the factor; in the planner's over-provisioned units they are used × factor.
      cpuUsed: Number(h.cpu_used_mhz) * k.cpu, memUsed: Number(h.memory_used_bytes) * k.mem,
      cores: h.cpu_cores, tags: tags.get(h.id) ?? [], cpuOverprovisioning: k.cpu, memOverprovisioning: k.mem,
    };
  });
  const request: PlacementRequest = {
    cpuNumber: need.cpuNumber, cpuSpeed: need.cpuSpeed, memory: need.memoryMb * MiB, zoneId: need.zoneId, podId: need.podId,
    clusterId: need.clusterId, hostId: need.hostId, hostTags: need.hostTags, avoidHosts: need.avoidHosts, onlyHosts: need.onlyHosts,
  };
  const { ranked, rejected } = rankHosts(candidates, request);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const c of ranked) {
    const cpuMhz = Math.ceil((need.cpuNumber * need.cpuSpeed) / c.cpuOverprovisioning);
    const memoryBytes = Math.ceil((need.memoryMb * MiB) / c.memOverprovisioning);
    const h = byId.get(c.id)!;
    if (await reserve({ id: h.id, podId: h.pod_id, clusterId: h.cluster_id }, cpuMhz, memoryBytes)) {
      return { id: h.id, uuid: h.uuid, name: h.name, url: h.url, podId: h.pod_id, clusterId: h.cluster_id, cpuMhz, memoryBytes };
    }
  }
  const why = rejected.length || ranked.length ? ` (${ranked.length ? 'every fitting host was taken concurrently; ' : ''}${rejected.length} host(s) rejected)` : ' (no host in scope)';
  throw new DomainError('InsufficientCapacity', `Unable to create a deployment for VM ${vm.instanceName}: no host has ${need.cpuNumber}x${need.cpuSpeed} MHz and ${need.memoryMb} MB free${why}`);
}

async function hostTags(db: Db, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!ids.length) return out;
  for (const r of await db.selectFrom('host_tags').select(['host_id', 'tag']).where('host_id', 'in', ids).execute()) {
    out.set(r.host_id, [...(out.get(r.host_id) ?? []), r.tag]);
  }
  return out;
}
