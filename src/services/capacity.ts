// Capacity of zones, pods and clusters, computed from the inventory rows (never cached), and
// the reservation calls the VM and volume services use to claim host CPU/memory and pool bytes.
import { type CapacityFigure, type CapacityInputs, byUsageDesc, sumCapacities } from '../core/capacity.js';
import { invalidParam } from '../core/errors.js';
import { parseIpv4 } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import { findCluster, findPod, findZone } from './infra-refs.js';
import type { Page } from './query.js';

export interface CapacityView extends CapacityFigure {
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly podUuid?: string;
  readonly podName?: string;
  readonly clusterUuid?: string;
  readonly clusterName?: string;
}

export interface CapacityFilter {
  readonly zoneId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly type?: number;
  readonly sortBy?: string;
}

type Level = { readonly zoneId: number } | { readonly podId: number } | { readonly clusterId: number };

export class CapacityService {
  constructor(private readonly db: Db) {}

  async forZone(zoneId: number): Promise<CapacityFigure[]> {
    return sumCapacities(await this.inputs({ zoneId }));
  }

  async forPod(podId: number): Promise<CapacityFigure[]> {
    return sumCapacities(await this.inputs({ podId }));
  }

  async forCluster(clusterId: number): Promise<CapacityFigure[]> {
    return sumCapacities(await this.inputs({ clusterId }));
  }

  /** listCapacity: per cluster, per pod, or per zone (all zones when none is named). */
  async list(f: CapacityFilter, page: Page): Promise<{ count: number; items: CapacityView[] }> {
    if (f.sortBy !== undefined && f.sortBy.toLowerCase() !== 'usage') throw invalidParam(`Invalid sortby ${f.sortBy}: the only value is usage`);
    let all: CapacityView[];
    if (f.clusterId !== undefined) {
      const c = await findCluster(this.db, f.clusterId);
      const [z, p] = await Promise.all([this.zoneRef(c.zone_id), this.podRef(c.pod_id)]);
      all = (await this.forCluster(c.id)).map((x) => ({ ...x, ...z, ...p, clusterUuid: c.uuid, clusterName: c.name }));
    } else if (f.podId !== undefined) {
      const p = await findPod(this.db, f.podId);
      const z = await this.zoneRef(p.zone_id);
      all = (await this.forPod(p.id)).map((x) => ({ ...x, ...z, podUuid: p.uuid, podName: p.name }));
    } else {
      const zones = f.zoneId !== undefined ? [await findZone(this.db, f.zoneId)]
        : await this.db.selectFrom('zones').selectAll().where('removed', 'is', null).orderBy('id').execute();
      all = [];
      for (const z of zones) all.push(...(await this.forZone(z.id)).map((x) => ({ ...x, zoneUuid: z.uuid, zoneName: z.name })));
    }
    if (f.type !== undefined) all = all.filter((x) => x.type === f.type);
    if (f.sortBy !== undefined) all = [...all].sort(byUsageDesc);
    return { count: all.length, items: all.slice(page.offset, page.offset + page.limit) };
  }

  /**
   * Claims CPU and memory on a host, compare-and-set against its totals; false when it does
   * not fit. The VM service calls this when it places a VM, and releaseHost when it goes.
   */
  async reserveHost(hostId: number, cpuMhz: number, memoryBytes: number): Promise<boolean> {
    const r = await this.db.updateTable('hosts')
      .set((eb) => ({ cpu_used_mhz: eb('cpu_used_mhz', '+', cpuMhz), memory_used_bytes: eb('memory_used_bytes', '+', memoryBytes) }))
      .where('id', '=', hostId).where('removed', 'is', null)
      .where((eb) => eb(eb('cpu_used_mhz', '+', cpuMhz), '<=', eb('cpu_cores', '*', eb.ref('cpu_speed_mhz'))))
      .where((eb) => eb(eb('memory_used_bytes', '+', memoryBytes), '<=', eb.ref('memory_bytes')))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async releaseHost(hostId: number, cpuMhz: number, memoryBytes: number): Promise<void> {
    await this.db.updateTable('hosts')
      .set((eb) => ({ cpu_used_mhz: eb('cpu_used_mhz', '-', cpuMhz), memory_used_bytes: eb('memory_used_bytes', '-', memoryBytes) }))
      .where('id', '=', hostId).where('cpu_used_mhz', '>=', cpuMhz).where('memory_used_bytes', '>=', memoryBytes).execute();
  }

  /** Claims bytes on a primary pool (volume allocation), compare-and-set; false when it does not fit. */
  async reservePool(poolId: number, bytes: number): Promise<boolean> {
    const r = await this.db.updateTable('storage_pools').set((eb) => ({ allocated_bytes: eb('allocated_bytes', '+', bytes) }))
      .where('id', '=', poolId).where('removed', 'is', null)
      .where((eb) => eb(eb('allocated_bytes', '+', bytes), '<=', eb.ref('capacity_bytes'))).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async releasePool(poolId: number, bytes: number): Promise<void> {
    await this.db.updateTable('storage_pools').set((eb) => ({ allocated_bytes: eb('allocated_bytes', '-', bytes) }))
      .where('id', '=', poolId).where('allocated_bytes', '>=', bytes).execute();
  }

  private async zoneRef(id: number): Promise<{ zoneUuid: string; zoneName: string }> {
    const z = await this.db.selectFrom('zones').select(['uuid', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
    return { zoneUuid: z.uuid, zoneName: z.name };
  }

  private async podRef(id: number): Promise<{ podUuid: string; podName: string }> {
    const p = await this.db.selectFrom('pods').select(['uuid', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
    return { podUuid: p.uuid, podName: p.name };
  }

  /** Only enabled hosts and pools that are Up count, as CloudStack's enabled capacity. */
  private async inputs(level: Level): Promise<CapacityInputs> {
    let hq = this.db.selectFrom('hosts').select(['cpu_cores', 'cpu_speed_mhz', 'memory_bytes', 'cpu_used_mhz', 'memory_used_bytes'])
      .where('removed', 'is', null).where('type', '=', 'Routing').where('resource_state', '=', 'Enabled');
    let pq = this.db.selectFrom('storage_pools').select(['capacity_bytes', 'used_bytes', 'allocated_bytes']).where('removed', 'is', null).where('status', '=', 'Up');
    let podq = this.db.selectFrom('pods').select(['start_ip', 'end_ip']).where('removed', 'is', null);
    if ('clusterId' in level) {
      hq = hq.where('cluster_id', '=', level.clusterId);
      pq = pq.where('cluster_id', '=', level.clusterId);
    } else if ('podId' in level) {
      hq = hq.where('pod_id', '=', level.podId);
      pq = pq.where('pod_id', '=', level.podId);
      podq = podq.where('id', '=', level.podId);
    } else {
      hq = hq.where('zone_id', '=', level.zoneId);
      pq = pq.where('zone_id', '=', level.zoneId);
      podq = podq.where('zone_id', '=', level.zoneId);
    }
    const hosts = (await hq.execute()).map((h) => ({
      cpuCores: h.cpu_cores, cpuSpeedMhz: h.cpu_speed_mhz, memoryBytes: Number(h.memory_bytes), cpuUsedMhz: Number(h.cpu_used_mhz), memoryUsedBytes: Number(h.memory_used_bytes),
    }));
    const pools = (await pq.execute()).map((p) => ({ capacityBytes: Number(p.capacity_bytes), usedBytes: Number(p.used_bytes), allocatedBytes: Number(p.allocated_bytes) }));
    if ('clusterId' in level) return { hosts, pools };
    const privateIps = { total: (await podq.execute()).reduce((n, p) => n + rangeSize(p.start_ip, p.end_ip), 0), used: 0 };
    if ('podId' in level) return { hosts, pools, privateIps };
    const stores = await this.db.selectFrom('image_stores').select(['total_bytes', 'used_bytes']).where('zone_id', '=', level.zoneId)
      .where('removed', 'is', null).where('total_bytes', 'is not', null).execute();
    return {
      hosts, pools, privateIps,
      imageStores: stores.map((s) => ({ total: Number(s.total_bytes), used: Number(s.used_bytes) })),
      virtualPublicIps: await this.ipCount(level.zoneId, 1),
      directPublicIps: await this.ipCount(level.zoneId, 0),
    };
  }

  private async ipCount(zoneId: number, virtual: 0 | 1): Promise<{ total: number; used: number }> {
    const rows = await this.db.selectFrom('public_ip_addresses as ip').innerJoin('vlan_ranges as v', 'v.id', 'ip.vlan_range_id')
      .select((eb) => ['ip.state', eb.fn.countAll<number>().as('n')])
      .where('ip.zone_id', '=', zoneId).where('v.for_virtual_network', '=', virtual).groupBy('ip.state').execute();
    const total = rows.reduce((a, r) => a + Number(r.n), 0);
    return { total, used: total - Number(rows.find((r) => r.state === 'Free')?.n ?? 0) };
  }
}

function rangeSize(start: string | null, end: string | null): number {
  const s = start === null ? undefined : parseIpv4(start);
  const e = end === null ? undefined : parseIpv4(end);
  return s === undefined || e === undefined ? 0 : e - s + 1;
}
