import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import { POOL_TRANSITIONS, type PoolStatus } from '../core/infra-states.js';
import { parseStorageUrl } from '../core/storage-url.js';
import type { Db } from '../db/schema.js';
import type { HypervisorType } from '../drivers/hypervisor/types.js';
import { parseHypervisor } from './clusters.js';
import { DeleteGuards } from './delete-guards.js';
import type { EventService } from './events.js';
import { type PoolRow, cleanTags, findCluster, findHost, findPodInZone, findPool, findZone, idOf, nowIso } from './infra-refs.js';
import type { Page } from './query.js';

export type PoolScope = 'CLUSTER' | 'ZONE';

export interface StoragePoolView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly podUuid: string | null;
  readonly podName: string | null;
  readonly clusterUuid: string | null;
  readonly clusterName: string | null;
  readonly scope: PoolScope;
  readonly type: string;
  readonly hostAddress: string;
  readonly path: string;
  readonly provider: string;
  readonly hypervisor: string | null;
  readonly capacityBytes: number;
  readonly usedBytes: number;
  readonly allocatedBytes: number;
  readonly capacityIops: number | null;
  readonly status: PoolStatus;
  readonly tags: readonly string[];
  readonly isTagRule: boolean;
  readonly managed: boolean;
  readonly created: string;
}

export interface StorageTagView {
  readonly id: number;
  readonly poolId: number;
  readonly name: string;
}

export interface CreatePoolInput {
  readonly name: string;
  readonly zoneId: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly url: string;
  readonly scope?: string;
  readonly tags?: string;
  readonly provider?: string;
  readonly managed?: boolean;
  readonly capacityBytes?: number;
  readonly capacityIops?: number;
  readonly hypervisor?: string;
  readonly isTagRule?: boolean;
}

export interface UpdatePoolInput {
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly capacityBytes?: number;
  readonly capacityIops?: number;
  readonly enabled?: boolean;
  readonly url?: string;
  readonly isTagRule?: boolean;
}

export interface PoolFilter {
  readonly id?: string;
  readonly name?: string;
  readonly zoneId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly hostId?: string;
  readonly ipAddress?: string;
  readonly path?: string;
  readonly scope?: string;
  readonly status?: string;
  readonly keyword?: string;
}

/** A simulator pool needs no size; it is as big as the operator says, 1 TiB if not. */
export const SIM_POOL_DEFAULT_BYTES = 1024 ** 4;
const PROVIDER = 'DefaultPrimary';

function parseScope(s: string): PoolScope {
  const v = s.trim().toLowerCase();
  if (v === 'cluster') return 'CLUSTER';
  if (v === 'zone') return 'ZONE';
  throw invalidParam(`Invalid scope ${s}: it must be cluster or zone`);
}

function positive(name: string, v: number | undefined): void {
  if (v !== undefined && v <= 0) throw invalidParam(`${name} must be a positive number`);
}

export class StoragePoolService {
  /** Other families' vetoes on deleteStoragePool (volumes on it, …). */
  readonly deleteGuards = new DeleteGuards();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: CreatePoolInput): Promise<StoragePoolView> {
    const zone = await findZone(this.db, a.zoneId);
    const name = a.name.trim();
    if (!name) throw invalidParam('The storage pool name must not be empty');
    const loc = parseStorageUrl(a.url);
    const scope = a.scope !== undefined ? parseScope(a.scope) : 'CLUSTER';
    if (a.provider !== undefined && a.provider.toLowerCase() !== PROVIDER.toLowerCase()) throw invalidParam(`Storage provider ${a.provider} is not supported; use ${PROVIDER}`);
    if (a.managed === true) throw invalidParam('Managed primary storage is not supported');
    positive('capacitybytes', a.capacityBytes);
    positive('capacityiops', a.capacityIops);
    const capacity = a.capacityBytes ?? (loc.scheme === 'sim' ? SIM_POOL_DEFAULT_BYTES : undefined);
    // Without a storage driver that can measure a real pool, its size must be given.
    if (capacity === undefined) throw invalidParam(`capacitybytes is required for a ${loc.scheme}:// pool: Nubo cannot measure it yet`);
    let podId: number | null = null;
    let clusterId: number | null = null;
    let hypervisor: HypervisorType;
    if (scope === 'CLUSTER') {
      if (a.podId === undefined || a.clusterId === undefined) throw invalidParam('A cluster-wide storage pool needs podid and clusterid');
      const pod = await findPodInZone(this.db, a.podId, zone);
      const cluster = await findCluster(this.db, a.clusterId);
      if (cluster.pod_id !== pod.id) throw invalidParam(`Cluster ${cluster.uuid} does not belong to pod ${pod.uuid}`);
      podId = pod.id;
      clusterId = cluster.id;
      hypervisor = cluster.hypervisor_type as HypervisorType;
      if (a.hypervisor !== undefined && parseHypervisor(a.hypervisor) !== hypervisor) throw invalidParam(`The hypervisor ${a.hypervisor} does not match cluster ${cluster.name} (${hypervisor})`);
    } else {
      if (a.hypervisor === undefined) throw invalidParam('A zone-wide storage pool needs the hypervisor of the hosts that will use it');
      hypervisor = parseHypervisor(a.hypervisor);
    }
    const tags = cleanTags(a.tags);
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      await this.assertUnique(tx, zone.id, undefined, name, loc.canonical);
      const row = await tx.insertInto('storage_pools').values({
        uuid, name, zone_id: zone.id, pod_id: podId, cluster_id: clusterId, scope, pool_type: loc.poolType, driver: loc.scheme, url: loc.canonical,
        host_address: loc.host, path: loc.path, provider: PROVIDER, hypervisor, capacity_bytes: capacity, capacity_iops: a.capacityIops ?? null,
        status: 'Up', is_tag_rule: a.isTagRule ? 1 : 0, managed: 0, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      for (const tag of tags) await tx.insertInto('storage_pool_tags').values({ pool_id: row.id, tag }).execute();
      return row.id;
    });
    await this.events.record(caller, { type: 'STORAGE.POOL.CREATE', description: `Created primary storage ${name} (${loc.canonical})`, resourceType: 'StoragePool', resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  async update(caller: Caller, idOrUuid: string, a: UpdatePoolInput): Promise<StoragePoolView> {
    const p = await findPool(this.db, idOrUuid);
    const name = a.name?.trim();
    if (name === '') throw invalidParam('The storage pool name must not be empty');
    positive('capacitybytes', a.capacityBytes);
    positive('capacityiops', a.capacityIops);
    if (a.capacityBytes !== undefined && a.capacityBytes < Math.max(Number(p.used_bytes), Number(p.allocated_bytes))) {
      throw invalidParam(`capacitybytes ${a.capacityBytes} is below what the pool already holds`);
    }
    const loc = a.url !== undefined ? parseStorageUrl(a.url) : undefined;
    if (loc && p.status !== 'Maintenance') throw invalidState(`The URL of storage pool ${p.name} can be changed only in maintenance`);
    const tags = a.tags !== undefined ? cleanTags(a.tags) : undefined;
    await this.db.transaction().execute(async (tx) => {
      if (name !== undefined || loc) await this.assertUnique(tx, p.zone_id, p.id, name ?? p.name, loc?.canonical ?? p.url);
      if (a.enabled !== undefined) {
        const t = POOL_TRANSITIONS[a.enabled ? 'Enable' : 'Disable'];
        const r = await tx.updateTable('storage_pools').set({ status: t.to }).where('id', '=', p.id).where('status', 'in', t.from).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw invalidState(`Unable to ${a.enabled ? 'enable' : 'disable'} storage pool ${p.name} in state ${p.status}`);
      }
      const set = {
        ...(name !== undefined ? { name } : {}),
        ...(a.capacityBytes !== undefined ? { capacity_bytes: a.capacityBytes } : {}),
        ...(a.capacityIops !== undefined ? { capacity_iops: a.capacityIops } : {}),
        ...(a.isTagRule !== undefined ? { is_tag_rule: a.isTagRule ? 1 : 0 } : {}),
        ...(loc ? { url: loc.canonical, driver: loc.scheme, pool_type: loc.poolType, host_address: loc.host, path: loc.path } : {}),
      };
      if (Object.keys(set).length) await tx.updateTable('storage_pools').set(set).where('id', '=', p.id).execute();
      if (tags) {
        await tx.deleteFrom('storage_pool_tags').where('pool_id', '=', p.id).execute();
        for (const tag of tags) await tx.insertInto('storage_pool_tags').values({ pool_id: p.id, tag }).execute();
      }
    });
    await this.events.record(caller, { type: 'STORAGE.POOL.UPDATE', description: `Updated primary storage ${name ?? p.name}`, resourceType: 'StoragePool', resourceId: p.uuid, resourceName: name ?? p.name });
    return this.view(p.id);
  }

  /** As CloudStack: a pool must be in maintenance before it is deleted. */
  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const p = await findPool(this.db, idOrUuid);
    if (p.status !== 'Maintenance') throw invalidState(`Unable to delete storage pool ${p.name}: it is not in Maintenance state (state ${p.status})`);
    await this.db.transaction().execute(async (tx) => {
      await this.deleteGuards.assertFree(tx, p.id);
      const r = await tx.updateTable('storage_pools').set({ removed: nowIso(), status: 'Removed' }).where('id', '=', p.id).where('status', '=', 'Maintenance').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw invalidState(`Storage pool ${p.name} left maintenance while being deleted`);
      await tx.deleteFrom('storage_pool_tags').where('pool_id', '=', p.id).execute();
    });
    await this.events.record(caller, { type: 'STORAGE.POOL.DELETE', description: `Deleted primary storage ${p.name}`, resourceType: 'StoragePool', resourceId: p.uuid, resourceName: p.name });
  }

  async list(f: PoolFilter, page: Page): Promise<{ count: number; items: StoragePoolView[] }> {
    let q = this.db.selectFrom('storage_pools as s').where('s.removed', 'is', null);
    if (f.id !== undefined) q = q.where('s.id', '=', await idOf(this.db, 'storage_pools', f.id));
    if (f.zoneId !== undefined) q = q.where('s.zone_id', '=', await idOf(this.db, 'zones', f.zoneId));
    if (f.podId !== undefined) q = q.where('s.pod_id', '=', await idOf(this.db, 'pods', f.podId));
    if (f.clusterId !== undefined) q = q.where('s.cluster_id', '=', await idOf(this.db, 'clusters', f.clusterId));
    if (f.hostId !== undefined) {
      // The pools a host can reach: its cluster's, and the zone-wide ones of its hypervisor.
      const h = await findHost(this.db, f.hostId);
      q = q.where((eb) => eb.or([
        eb('s.cluster_id', '=', h.cluster_id),
        eb.and([eb('s.scope', '=', 'ZONE'), eb('s.zone_id', '=', h.zone_id), eb('s.hypervisor', '=', h.hypervisor_type)]),
      ]));
    }
    if (f.name !== undefined) q = q.where('s.name', '=', f.name);
    if (f.ipAddress !== undefined) q = q.where('s.host_address', '=', f.ipAddress.toLowerCase());
    if (f.path !== undefined) q = q.where('s.path', '=', f.path);
    if (f.scope !== undefined) q = q.where('s.scope', '=', f.scope.toUpperCase());
    if (f.status !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['s.status']), '=', f.status!.toLowerCase()));
    if (f.keyword !== undefined) q = q.where('s.name', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('s.id').orderBy('s.id').limit(page.limit).offset(page.offset).execute();
    const items: StoragePoolView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async listTags(keyword: string | undefined, page: Page): Promise<{ count: number; items: StorageTagView[] }> {
    let q = this.db.selectFrom('storage_pool_tags as t').innerJoin('storage_pools as s', 's.id', 't.pool_id').where('s.removed', 'is', null);
    if (keyword !== undefined) q = q.where('t.tag', 'like', `%${keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select(['t.id', 't.pool_id', 't.tag']).orderBy('t.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: rows.map((r) => ({ id: r.id, poolId: r.pool_id, name: r.tag })) };
  }

  async view(id: number): Promise<StoragePoolView> {
    const p = await this.db.selectFrom('storage_pools as s').innerJoin('zones as z', 'z.id', 's.zone_id')
      .leftJoin('pods as p', 'p.id', 's.pod_id').leftJoin('clusters as c', 'c.id', 's.cluster_id').selectAll('s')
      .select(['z.uuid as zoneUuid', 'z.name as zoneName', 'p.uuid as podUuid', 'p.name as podName', 'c.uuid as clusterUuid', 'c.name as clusterName'])
      .where('s.id', '=', id).executeTakeFirstOrThrow();
    const tags = await this.db.selectFrom('storage_pool_tags').select('tag').where('pool_id', '=', id).orderBy('id').execute();
    return toView(p, p, tags.map((t) => t.tag));
  }

  /** A live pool row (for the maintenance jobs). */
  async row(idOrUuid: string): Promise<PoolRow> {
    return findPool(this.db, idOrUuid);
  }

  /** Pool names and URLs are unique within a zone. */
  private async assertUnique(db: Db, zoneId: number, selfId: number | undefined, name: string, url: string): Promise<void> {
    let q = db.selectFrom('storage_pools').select(['name', 'url']).where('zone_id', '=', zoneId).where('removed', 'is', null);
    if (selfId !== undefined) q = q.where('id', '!=', selfId);
    for (const o of await q.execute()) {
      if (o.name.toLowerCase() === name.toLowerCase()) throw invalidParam(`A storage pool named ${name} already exists in this zone`);
      if (o.url === url) throw invalidParam(`The storage at ${url} is already in use by storage pool ${o.name}`);
    }
  }
}

interface PoolJoin {
  zoneUuid: string;
  zoneName: string;
  podUuid: string | null;
  podName: string | null;
  clusterUuid: string | null;
  clusterName: string | null;
}

function toView(p: PoolRow, j: PoolJoin, tags: string[]): StoragePoolView {
  return {
    id: p.id, uuid: p.uuid, name: p.name, zoneUuid: j.zoneUuid, zoneName: j.zoneName, podUuid: j.podUuid, podName: j.podName,
    clusterUuid: j.clusterUuid, clusterName: j.clusterName, scope: p.scope as PoolScope, type: p.pool_type, hostAddress: p.host_address,
    path: p.path, provider: p.provider, hypervisor: p.hypervisor, capacityBytes: Number(p.capacity_bytes), usedBytes: Number(p.used_bytes),
    allocatedBytes: Number(p.allocated_bytes), capacityIops: p.capacity_iops === null ? null : Number(p.capacity_iops),
    status: p.status as PoolStatus, tags, isTagRule: p.is_tag_rule === 1, managed: p.managed === 1, created: p.created,
  };
}
