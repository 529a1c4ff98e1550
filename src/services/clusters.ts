import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { type AllocationState, parseAllocationState } from '../core/infra-states.js';
import type { Db } from '../db/schema.js';
import { HYPERVISOR_TYPES, type HypervisorType } from '../drivers/hypervisor/types.js';
import { DeleteGuards, refuseIfAny } from './delete-guards.js';
import type { EventService } from './events.js';
import { type ClusterRow, findCluster, findPodInZone, findZone, idOf, nowIso } from './infra-refs.js';
import type { Page } from './query.js';

export type ManagedState = 'Managed' | 'Unmanaged';

export interface ClusterView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly podUuid: string;
  readonly podName: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly hypervisorType: HypervisorType;
  readonly clusterType: string;
  readonly allocationState: AllocationState;
  readonly managedState: ManagedState;
  readonly arch: string;
}

export interface ClusterFilter {
  readonly id?: string;
  readonly name?: string;
  readonly podId?: string;
  readonly zoneId?: string;
  readonly hypervisor?: string;
  readonly clusterType?: string;
  readonly allocationState?: string;
  readonly managedState?: string;
  readonly arch?: string;
  readonly keyword?: string;
}

const ARCHES = ['x86_64', 'aarch64'] as const;

/** Case-insensitive hypervisor name → Nubo's supported type; anything else is a 431. */
export function parseHypervisor(s: string): HypervisorType {
  const t = HYPERVISOR_TYPES.find((h) => h.toLowerCase() === s.trim().toLowerCase());
  if (!t) throw invalidParam(`Hypervisor type ${s} is not supported; Nubo supports ${HYPERVISOR_TYPES.join(' and ')}`);
  return t;
}

function parseArch(s: string): string {
  const a = ARCHES.find((x) => x === s.trim().toLowerCase());
  if (!a) throw invalidParam(`Invalid arch ${s}: valid options are ${ARCHES.join(', ')}`);
  return a;
}

function parseClusterType(s: string): string {
  if (s.trim().toLowerCase() === 'cloudmanaged') return 'CloudManaged';
  // ExternalManaged clusters are VMware vCenter clusters; Nubo manages its hosts itself.
  throw invalidParam(`Invalid cluster type ${s}: only CloudManaged is supported`);
}

function parseManagedState(s: string): ManagedState {
  const v = s.trim().toLowerCase();
  if (v === 'managed') return 'Managed';
  if (v === 'unmanaged') return 'Unmanaged';
  throw invalidParam(`Invalid managed state ${s}: it must be Managed or Unmanaged`);
}

function allocation(s: string): AllocationState {
  const a = parseAllocationState(s);
  if (!a) throw invalidParam(`Invalid allocation state ${s}: it must be Enabled or Disabled`);
  return a;
}

export class ClusterService {
  readonly deleteGuards = new DeleteGuards();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: { name: string; zoneId: string; podId: string; hypervisor: string; clusterType: string; allocationState?: string; arch?: string }): Promise<ClusterView> {
    const zone = await findZone(this.db, a.zoneId);
    const pod = await findPodInZone(this.db, a.podId, zone);
    const name = a.name.trim();
    if (!name) throw invalidParam('The cluster name must not be empty');
    const hypervisor = parseHypervisor(a.hypervisor);
    const clusterType = parseClusterType(a.clusterType);
    const allocationState = a.allocationState !== undefined ? allocation(a.allocationState) : 'Enabled';
    const arch = a.arch !== undefined ? parseArch(a.arch) : 'x86_64';
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      const clash = await tx.selectFrom('clusters').select('id').where('pod_id', '=', pod.id).where('removed', 'is', null)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
      if (clash) throw invalidParam(`A cluster with name ${name} already exists in pod ${pod.name}`);
      const row = await tx.insertInto('clusters').values({
        uuid, name, zone_id: zone.id, pod_id: pod.id, hypervisor_type: hypervisor, cluster_type: clusterType,
        allocation_state: allocationState, managed_state: 'Managed', arch, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    await this.events.record(caller, { type: 'CLUSTER.ADD', description: `Added cluster ${name} to pod ${pod.name}`, resourceType: 'Cluster', resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  async update(caller: Caller, idOrUuid: string, a: { name?: string; hypervisor?: string; clusterType?: string; allocationState?: string; managedState?: string; arch?: string }): Promise<ClusterView> {
    const c = await findCluster(this.db, idOrUuid);
    const name = a.name?.trim();
    if (name === '') throw invalidParam('The cluster name must not be empty');
    if (a.hypervisor !== undefined && parseHypervisor(a.hypervisor) !== c.hypervisor_type) throw invalidParam('The hypervisor type of a cluster cannot be changed');
    if (a.clusterType !== undefined && parseClusterType(a.clusterType) !== c.cluster_type) throw invalidParam('The type of a cluster cannot be changed');
    const allocationState = a.allocationState !== undefined ? allocation(a.allocationState) : undefined;
    const managedState = a.managedState !== undefined ? parseManagedState(a.managedState) : undefined;
    const arch = a.arch !== undefined ? parseArch(a.arch) : undefined;
    await this.db.transaction().execute(async (tx) => {
      if (name !== undefined && name.toLowerCase() !== c.name.toLowerCase()) {
        const clash = await tx.selectFrom('clusters').select('id').where('pod_id', '=', c.pod_id).where('removed', 'is', null).where('id', '!=', c.id)
          .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
        if (clash) throw invalidParam(`A cluster with name ${name} already exists in this pod`);
      }
      const set = {
        ...(name !== undefined ? { name } : {}),
        ...(allocationState ? { allocation_state: allocationState } : {}),
        ...(managedState ? { managed_state: managedState } : {}),
        ...(arch ? { arch } : {}),
      };
      if (Object.keys(set).length) await tx.updateTable('clusters').set(set).where('id', '=', c.id).execute();
    });
    await this.events.record(caller, { type: 'CLUSTER.UPDATE', description: `Updated cluster ${name ?? c.name}`, resourceType: 'Cluster', resourceId: c.uuid, resourceName: name ?? c.name });
    return this.view(c.id);
  }

  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const c = await findCluster(this.db, idOrUuid);
    await this.db.transaction().execute(async (tx) => {
      await this.deleteGuards.assertFree(tx, c.id, [
        refuseIfAny(`Cluster ${c.name} cannot be deleted: it still has hosts`, (db, id) =>
          db.selectFrom('hosts').select('id').where('cluster_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`Cluster ${c.name} cannot be deleted: it still has primary storage pools`, (db, id) =>
          db.selectFrom('storage_pools').select('id').where('cluster_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
      ]);
      await tx.updateTable('clusters').set({ removed: nowIso() }).where('id', '=', c.id).where('removed', 'is', null).execute();
    });
    await this.events.record(caller, { type: 'CLUSTER.DELETE', description: `Deleted cluster ${c.name}`, resourceType: 'Cluster', resourceId: c.uuid, resourceName: c.name });
  }

  async list(f: ClusterFilter, page: Page): Promise<{ count: number; items: ClusterView[] }> {
    let q = this.db.selectFrom('clusters as c').where('c.removed', 'is', null);
    if (f.id !== undefined) q = q.where('c.id', '=', await idOf(this.db, 'clusters', f.id));
    if (f.podId !== undefined) q = q.where('c.pod_id', '=', await idOf(this.db, 'pods', f.podId));
    if (f.zoneId !== undefined) q = q.where('c.zone_id', '=', await idOf(this.db, 'zones', f.zoneId));
    if (f.name !== undefined) q = q.where('c.name', '=', f.name);
    if (f.hypervisor !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['c.hypervisor_type']), '=', f.hypervisor!.toLowerCase()));
    if (f.clusterType !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['c.cluster_type']), '=', f.clusterType!.toLowerCase()));
    if (f.allocationState !== undefined) q = q.where('c.allocation_state', '=', parseAllocationState(f.allocationState) ?? f.allocationState);
    if (f.managedState !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['c.managed_state']), '=', f.managedState!.toLowerCase()));
    if (f.arch !== undefined) q = q.where('c.arch', '=', f.arch);
    if (f.keyword !== undefined) q = q.where('c.name', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('c.id').orderBy('c.id').limit(page.limit).offset(page.offset).execute();
    const items: ClusterView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<ClusterView> {
    const c = await this.db.selectFrom('clusters as c').innerJoin('pods as p', 'p.id', 'c.pod_id').innerJoin('zones as z', 'z.id', 'c.zone_id')
      .selectAll('c').select(['p.uuid as podUuid', 'p.name as podName', 'z.uuid as zoneUuid', 'z.name as zoneName'])
      .where('c.id', '=', id).executeTakeFirstOrThrow();
    return toView(c, c);
  }

  /** The cluster named `name` in a pod, if any (addHost accepts clustername). */
  async findByName(podId: number, name: string): Promise<ClusterRow | undefined> {
    return this.db.selectFrom('clusters').selectAll().where('pod_id', '=', podId).where('removed', 'is', null)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase())).executeTakeFirst();
  }
}

function toView(c: ClusterRow, j: { podUuid: string; podName: string; zoneUuid: string; zoneName: string }): ClusterView {
  return {
    id: c.id, uuid: c.uuid, name: c.name, podUuid: j.podUuid, podName: j.podName, zoneUuid: j.zoneUuid, zoneName: j.zoneName,
    hypervisorType: c.hypervisor_type as HypervisorType, clusterType: c.cluster_type, allocationState: c.allocation_state as AllocationState,
    managedState: c.managed_state as ManagedState, arch: c.arch,
  };
}
