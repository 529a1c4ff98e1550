import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { internalError, invalidParam, invalidState } from '../core/errors.js';
import { HOST_DELETABLE_STATES, HOST_RESOURCE_TRANSITIONS, type HostResourceState, type HostStatus } from '../core/infra-states.js';
import type { Db } from '../db/schema.js';
import type { HostFacts, HypervisorDriver, HypervisorDrivers, HypervisorType } from '../drivers/hypervisor/types.js';
import { type ClusterService, parseHypervisor } from './clusters.js';
import { DeleteGuards } from './delete-guards.js';
import type { EventService } from './events.js';
import { type ClusterRow, type HostRow, cleanTags, findCluster, findHost, findPodInZone, findZone, idOf, nowIso } from './infra-refs.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';

export interface HostView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly type: string;
  readonly status: HostStatus;
  readonly resourceState: HostResourceState;
  readonly ipAddress: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly podUuid: string;
  readonly podName: string;
  readonly clusterUuid: string;
  readonly clusterName: string;
  readonly clusterType: string;
  readonly hypervisorType: HypervisorType;
  readonly hypervisorVersion: string;
  readonly cpuSockets: number;
  readonly cpuCores: number;
  readonly cpuSpeedMhz: number;
  readonly memoryBytes: number;
  readonly cpuUsedMhz: number;
  readonly memoryUsedBytes: number;
  readonly capabilities: string;
  readonly arch: string;
  readonly explicitTags: readonly string[];
  readonly implicitTags: readonly string[];
  readonly isTagRule: boolean;
  readonly osCategoryUuid: string | null;
  readonly osCategoryName: string | null;
  readonly annotation: string | null;
  readonly lastPinged: string | null;
  readonly disconnected: string | null;
  readonly created: string;
}

export interface HostTagView {
  readonly id: number;
  readonly hostId: number;
  readonly name: string;
  readonly isImplicit: boolean;
}

export interface AddHostInput {
  readonly zoneId: string;
  readonly podId: string;
  readonly clusterId?: string;
  readonly clusterName?: string;
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly hypervisor: string;
  readonly allocationState?: string;
  readonly hostTags?: readonly string[];
}

export interface UpdateHostInput {
  readonly name?: string;
  readonly allocationState?: string;
  readonly hostTags?: readonly string[];
  readonly isTagRule?: boolean;
  readonly osCategoryId?: string;
  readonly annotation?: string;
  readonly url?: string;
}

export interface HostFilter {
  readonly id?: string;
  readonly name?: string;
  readonly zoneId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly state?: string;
  readonly type?: string;
  readonly resourceState?: string;
  readonly hypervisor?: string;
  readonly arch?: string;
  readonly keyword?: string;
  /** Filters that nothing can match yet (HA hosts, out-of-band management). */
  readonly matchesNothing?: boolean;
  readonly virtualMachineId?: string;
}

/** Every host added through the API is a hypervisor host: CloudStack's type Routing. */
const ROUTING = 'Routing';

function parseHostAllocation(s: string): 'Enable' | 'Disable' {
  const v = s.trim().toLowerCase();
  if (v === 'enable' || v === 'enabled') return 'Enable';
  if (v === 'disable' || v === 'disabled') return 'Disable';
  throw invalidParam(`Invalid allocation state ${s}: it must be Enable or Disable`);
}

export class HostService {
  /** Other families' vetoes on deleteHost (VMs running on it, …). */
  readonly deleteGuards = new DeleteGuards();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly clusters: ClusterService,
    private readonly drivers: HypervisorDrivers,
  ) {}

  /** The driver for a hypervisor type, or a clear error naming what is missing. */
  driverFor(type: HypervisorType): HypervisorDriver {
    const d = this.drivers[type];
    if (!d) {
      throw internalError(type === 'KVM'
        ? 'Unable to add the host: no KVM hypervisor driver is configured on this management server yet, so KVM hosts cannot be added. Use a Simulator cluster for now.'
        : `Unable to add the host: no ${type} hypervisor driver is configured on this management server`);
    }
    return d;
  }

  async add(caller: Caller, a: AddHostInput): Promise<HostView> {
    const zone = await findZone(this.db, a.zoneId);
    const pod = await findPodInZone(this.db, a.podId, zone);
    const hypervisor = parseHypervisor(a.hypervisor);
    const allocation = a.allocationState !== undefined ? parseHostAllocation(a.allocationState) : 'Enable';
    const tags = cleanTags(a.hostTags);
    let cluster: ClusterRow | undefined;
    if (a.clusterId !== undefined) {
      cluster = await findCluster(this.db, a.clusterId);
      if (cluster.pod_id !== pod.id) throw invalidParam(`Cluster ${cluster.uuid} does not belong to pod ${pod.uuid}`);
    } else if (a.clusterName !== undefined) {
      cluster = await this.clusters.findByName(pod.id, a.clusterName);
    } else {
      throw invalidParam('Either clusterid or clustername is required to add a host');
    }
    if (cluster && cluster.hypervisor_type !== hypervisor) {
      throw invalidParam(`Cluster ${cluster.name} is of hypervisor type ${cluster.hypervisor_type}, which does not match the host's hypervisor ${hypervisor}`);
    }
    const driver = this.driverFor(hypervisor);
    if (hypervisor === 'KVM' && (!a.username || !a.password)) throw invalidParam('username and password are required to add a KVM host');
    const facts = await driver.probeHost(a.url, a.username ?? '', a.password ?? '');
    await this.assertNew(this.db, facts.guid, a.url);
    // As CloudStack does, a clustername that does not exist yet creates the cluster.
    if (!cluster) {
      const made = await this.clusters.create(caller, { name: a.clusterName!, zoneId: zone.uuid, podId: pod.uuid, hypervisor, clusterType: 'CloudManaged' });
      cluster = await findCluster(this.db, made.uuid);
    }
    const id = await this.insert(cluster, a.url, a.username ?? null, facts, allocation === 'Enable' ? 'Enabled' : 'Disabled', tags);
    const h = await this.view(id);
    await this.events.record(caller, { type: 'HOST.ADD', description: `Added host ${h.name} (${a.url}) to cluster ${cluster.name}`, resourceType: 'Host', resourceId: h.uuid, resourceName: h.name });
    return h;
  }

  /** Adds a host without a caller (the first-start seed); no event, as the rest of the seed. */
  async addSeeded(clusterId: number, url: string): Promise<void> {
    const cluster = await findCluster(this.db, String(clusterId));
    const facts = await this.driverFor(cluster.hypervisor_type as HypervisorType).probeHost(url, '', '');
    await this.insert(cluster, url, null, facts, 'Enabled', []);
  }

  private async insert(cluster: ClusterRow, url: string, username: string | null, facts: HostFacts, state: HostResourceState, tags: readonly string[]): Promise<number> {
    const now = nowIso();
    return this.db.transaction().execute(async (tx) => {
      await this.assertNew(tx, facts.guid, url);
      const row = await tx.insertInto('hosts').values({
        uuid: randomUUID(), name: facts.name, guid: facts.guid, zone_id: cluster.zone_id, pod_id: cluster.pod_id, cluster_id: cluster.id,
        type: ROUTING, status: 'Up', resource_state: state, hypervisor_type: facts.hypervisorType, hypervisor_version: facts.hypervisorVersion,
        url, username, ip_address: facts.ipAddress, cpu_sockets: facts.cpuSockets, cpu_cores: facts.cpuCores, cpu_speed_mhz: facts.cpuSpeedMhz,
        memory_bytes: facts.memoryBytes, capabilities: facts.capabilities.join(','), arch: facts.arch, is_tag_rule: 0,
        os_category_uuid: null, os_category_name: null, annotation: null, last_pinged: now, disconnected: null, created: now, removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      for (const tag of tags) await tx.insertInto('host_tags').values({ host_id: row.id, tag, is_implicit: 0 }).execute();
      return row.id;
    });
  }

  private async assertNew(db: Db, guid: string, url: string): Promise<void> {
    const dup = await db.selectFrom('hosts').select('uuid').where('guid', '=', guid).where('removed', 'is', null).executeTakeFirst();
    if (dup) throw invalidParam(`The host at ${url} has already been added (host ${dup.uuid})`);
  }

  async update(caller: Caller, idOrUuid: string, a: UpdateHostInput): Promise<HostView> {
    const h = await findHost(this.db, idOrUuid);
    if (a.url !== undefined) throw invalidParam('url can only be updated for secondary storage hosts');
    const name = a.name?.trim();
    if (name === '') throw invalidParam('The host name must not be empty');
    const event = a.allocationState !== undefined ? parseHostAllocation(a.allocationState) : undefined;
    const tags = a.hostTags !== undefined ? cleanTags(a.hostTags) : undefined;
    let os: { uuid: string; name: string } | undefined;
    if (a.osCategoryId !== undefined) {
      // The guest OS family owns the categories; a host only points at one.
      const catId = await resolveId(this.db, 'guest_os_categories', a.osCategoryId);
      os = catId === undefined ? undefined : await this.db.selectFrom('guest_os_categories').select(['uuid', 'name']).where('id', '=', catId).executeTakeFirst();
      if (!os) throw invalidParam(`Unable to find OS category with id ${a.osCategoryId}`);
    }
    await this.db.transaction().execute(async (tx) => {
      if (event) {
        const t = HOST_RESOURCE_TRANSITIONS[event];
        const r = await tx.updateTable('hosts').set({ resource_state: t.to }).where('id', '=', h.id).where('resource_state', 'in', t.from).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw invalidState(`Unable to ${event.toLowerCase()} host ${h.name}: it is in resource state ${h.resource_state}`);
      }
      const set = {
        ...(name !== undefined ? { name } : {}),
        ...(a.isTagRule !== undefined ? { is_tag_rule: a.isTagRule ? 1 : 0 } : {}),
        ...(os ? { os_category_uuid: os.uuid, os_category_name: os.name } : {}),
        ...(a.annotation !== undefined ? { annotation: a.annotation || null } : {}),
      };
      if (Object.keys(set).length) await tx.updateTable('hosts').set(set).where('id', '=', h.id).execute();
      if (tags) {
        await tx.deleteFrom('host_tags').where('host_id', '=', h.id).where('is_implicit', '=', 0).execute();
        for (const tag of tags) await tx.insertInto('host_tags').values({ host_id: h.id, tag, is_implicit: 0 }).execute();
      }
    });
    await this.events.record(caller, { type: 'HOST.UPDATE', description: `Updated host ${name ?? h.name}`, resourceType: 'Host', resourceId: h.uuid, resourceName: name ?? h.name });
    return this.view(h.id);
  }

  /** As CloudStack: only a host in maintenance (or disabled) goes, unless forced. */
  async delete(caller: Caller, idOrUuid: string, forced: boolean): Promise<void> {
    const h = await findHost(this.db, idOrUuid);
    if (!forced && !HOST_DELETABLE_STATES.includes(h.resource_state as HostResourceState)) {
      throw invalidState(`Host ${h.name} cannot be deleted as it is not in maintenance mode or disabled (resource state ${h.resource_state}). Either put the host into maintenance or perform a forced deletion.`);
    }
    await this.db.transaction().execute(async (tx) => {
      await this.deleteGuards.assertFree(tx, h.id);
      const r = await tx.updateTable('hosts').set({ removed: nowIso(), status: 'Removed' }).where('id', '=', h.id).where('removed', 'is', null)
        .where('resource_state', 'in', forced ? [h.resource_state] : HOST_DELETABLE_STATES).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw invalidState(`Host ${h.name} changed state while being deleted; try again`);
      await tx.deleteFrom('host_tags').where('host_id', '=', h.id).execute();
    });
    await this.events.record(caller, { type: 'HOST.DELETE', description: `Deleted host ${h.name}`, resourceType: 'Host', resourceId: h.uuid, resourceName: h.name });
  }

  async list(f: HostFilter, page: Page): Promise<{ count: number; items: HostView[] }> {
    // No VM exists yet, so every VM id names nothing; the VM family replaces this with its lookup.
    if (f.virtualMachineId !== undefined) throw invalidParam(`Unable to find virtual machine with id ${f.virtualMachineId}`);
    let q = this.db.selectFrom('hosts as h').where('h.removed', 'is', null);
    if (f.matchesNothing) q = q.where('h.id', '=', -1);
    if (f.id !== undefined) q = q.where('h.id', '=', await idOf(this.db, 'hosts', f.id));
    if (f.zoneId !== undefined) q = q.where('h.zone_id', '=', await idOf(this.db, 'zones', f.zoneId));
    if (f.podId !== undefined) q = q.where('h.pod_id', '=', await idOf(this.db, 'pods', f.podId));
    if (f.clusterId !== undefined) q = q.where('h.cluster_id', '=', await idOf(this.db, 'clusters', f.clusterId));
    if (f.name !== undefined) q = q.where('h.name', '=', f.name);
    if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['h.status']), '=', f.state!.toLowerCase()));
    if (f.type !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['h.type']), '=', f.type!.toLowerCase()));
    if (f.resourceState !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['h.resource_state']), '=', f.resourceState!.toLowerCase()));
    if (f.hypervisor !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['h.hypervisor_type']), '=', f.hypervisor!.toLowerCase()));
    if (f.arch !== undefined) q = q.where('h.arch', '=', f.arch);
    if (f.keyword !== undefined) q = q.where('h.name', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('h.id').orderBy('h.id').limit(page.limit).offset(page.offset).execute();
    const items: HostView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async listTags(keyword: string | undefined, page: Page): Promise<{ count: number; items: HostTagView[] }> {
    let q = this.db.selectFrom('host_tags as t').innerJoin('hosts as h', 'h.id', 't.host_id').where('h.removed', 'is', null);
    if (keyword !== undefined) q = q.where('t.tag', 'like', `%${keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select(['t.id', 't.host_id', 't.tag', 't.is_implicit']).orderBy('t.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: rows.map((r) => ({ id: r.id, hostId: r.host_id, name: r.tag, isImplicit: r.is_implicit === 1 })) };
  }

  async view(id: number): Promise<HostView> {
    const h = await this.db.selectFrom('hosts as h').innerJoin('clusters as c', 'c.id', 'h.cluster_id').innerJoin('pods as p', 'p.id', 'h.pod_id')
      .innerJoin('zones as z', 'z.id', 'h.zone_id').selectAll('h')
      .select(['c.uuid as clusterUuid', 'c.name as clusterName', 'c.cluster_type as clusterType', 'p.uuid as podUuid', 'p.name as podName', 'z.uuid as zoneUuid', 'z.name as zoneName'])
      .where('h.id', '=', id).executeTakeFirstOrThrow();
    const tags = await this.db.selectFrom('host_tags').select(['tag', 'is_implicit']).where('host_id', '=', id).orderBy('id').execute();
    return toView(h, h, tags.filter((t) => t.is_implicit === 0).map((t) => t.tag), tags.filter((t) => t.is_implicit === 1).map((t) => t.tag));
  }

  /** A live host row (for the maintenance and reconnect jobs). */
  async row(idOrUuid: string): Promise<HostRow> {
    return findHost(this.db, idOrUuid);
  }
}

interface HostJoin {
  clusterUuid: string;
  clusterName: string;
  clusterType: string;
  podUuid: string;
  podName: string;
  zoneUuid: string;
  zoneName: string;
}

function toView(h: HostRow, j: HostJoin, explicitTags: string[], implicitTags: string[]): HostView {
  return {
    id: h.id, uuid: h.uuid, name: h.name, type: h.type, status: h.status as HostStatus, resourceState: h.resource_state as HostResourceState,
    ipAddress: h.ip_address, zoneUuid: j.zoneUuid, zoneName: j.zoneName, podUuid: j.podUuid, podName: j.podName, clusterUuid: j.clusterUuid,
    clusterName: j.clusterName, clusterType: j.clusterType, hypervisorType: h.hypervisor_type as HypervisorType, hypervisorVersion: h.hypervisor_version,
    cpuSockets: h.cpu_sockets, cpuCores: h.cpu_cores, cpuSpeedMhz: h.cpu_speed_mhz, memoryBytes: Number(h.memory_bytes),
    cpuUsedMhz: Number(h.cpu_used_mhz), memoryUsedBytes: Number(h.memory_used_bytes), capabilities: h.capabilities, arch: h.arch,
    explicitTags, implicitTags, isTagRule: h.is_tag_rule === 1, osCategoryUuid: h.os_category_uuid, osCategoryName: h.os_category_name,
    annotation: h.annotation, lastPinged: h.last_pinged, disconnected: h.disconnected, created: h.created,
  };
}

