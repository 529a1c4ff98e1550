// listVolumes: CloudStack's filters over the caller's list scope, returning a page of ids
// (views are built for the page only).
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { EntityTableName } from './lookup.js';
import { resolveId } from './lookup.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { type TagMapEntry, filterByTags } from './tag-filter.js';
import { VOLUME_STATES } from './volume-rows.js';

export interface VolumeFilter extends ScopeArgs {
  readonly id?: string;
  readonly ids?: readonly string[];
  readonly name?: string;
  readonly type?: string;
  readonly virtualMachineId?: string;
  readonly zoneId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly hostId?: string;
  readonly storageId?: string;
  readonly diskOfferingId?: string;
  readonly serviceOfferingId?: string;
  readonly state?: string;
  readonly keyword?: string;
  readonly displayVolume?: boolean;
  readonly isEncrypted?: boolean;
  readonly tags?: readonly TagMapEntry[];
}

/** An id filter's internal id; 431 when it names nothing (CloudStack's uuid translation fails the same way). */
async function ref(db: Db, table: EntityTableName, v: string, param: string): Promise<number> {
  const id = await resolveId(db, table, v);
  if (id === undefined) throw invalidParam(`Invalid parameter ${param} value=${v} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`);
  return id;
}

export async function listVolumeIds(db: Db, caller: Caller, f: VolumeFilter, page: Page): Promise<{ count: number; ids: number[] }> {
  const scope = await listScope(db, caller, f);
  let q = db.selectFrom('volumes as v').innerJoin('domains as d', 'd.id', 'v.domain_id').leftJoin('vms as vm', 'vm.id', 'v.vm_id')
    .leftJoin('storage_pools as p', 'p.id', 'v.pool_id').where('v.removed', 'is', null);
  q = applyScope(q, scope, 'v.account_id', 'd');
  // Volumes an admin hid are not shown to anybody else (CloudStack's display flag).
  if (!isRootAdmin(caller)) q = q.where('v.display_volume', '=', 1);
  else if (f.displayVolume !== undefined) q = q.where('v.display_volume', '=', f.displayVolume ? 1 : 0);
  if (f.id !== undefined) q = q.where('v.id', '=', await ref(db, 'volumes', f.id, 'id'));
  if (f.ids?.length) {
    const ids: number[] = [];
    for (const x of f.ids) ids.push(await ref(db, 'volumes', x, 'ids'));
    q = q.where('v.id', 'in', ids);
  }
  if (f.name !== undefined) q = q.where('v.name', '=', f.name);
  if (f.keyword !== undefined) q = q.where('v.name', 'like', `%${f.keyword}%`);
  if (f.type !== undefined) {
    const t = f.type.toUpperCase();
    if (t !== 'ROOT' && t !== 'DATADISK') throw invalidParam(`Invalid volume type ${f.type}: it is ROOT or DATADISK`);
    q = q.where('v.type', '=', t);
  }
  if (f.state !== undefined) {
    const s = VOLUME_STATES.find((x) => x.toLowerCase() === f.state!.toLowerCase());
    if (!s) throw invalidParam(`Invalid volume state ${f.state}`);
    q = q.where('v.state', '=', s);
  }
  if (f.virtualMachineId !== undefined) q = q.where('v.vm_id', '=', await ref(db, 'vms', f.virtualMachineId, 'virtualmachineid'));
  if (f.zoneId !== undefined) q = q.where('v.zone_id', '=', await ref(db, 'zones', f.zoneId, 'zoneid'));
  if (f.diskOfferingId !== undefined) q = q.where('v.disk_offering_id', '=', await ref(db, 'disk_offerings', f.diskOfferingId, 'diskofferingid'));
  if (f.serviceOfferingId !== undefined) {
    const so = await ref(db, 'service_offerings', f.serviceOfferingId, 'serviceofferingid');
    q = q.where('v.type', '=', 'ROOT').where('vm.service_offering_id', '=', so);
  }
  if (f.storageId !== undefined) q = q.where('v.pool_id', '=', await ref(db, 'storage_pools', f.storageId, 'storageid'));
  if (f.hostId !== undefined) q = q.where('vm.host_id', '=', await ref(db, 'hosts', f.hostId, 'hostid'));
  if (f.podId !== undefined) {
    const pod = await ref(db, 'pods', f.podId, 'podid');
    q = q.where((eb) => eb.or([eb('p.pod_id', '=', pod), eb('vm.pod_id', '=', pod)]));
  }
  if (f.clusterId !== undefined) {
    const cl = await ref(db, 'clusters', f.clusterId, 'clusterid');
    q = q.where((eb) => eb.or([eb('p.cluster_id', '=', cl), eb('vm.cluster_id', '=', cl)]));
  }
  // Nubo does not encrypt volumes: asking for encrypted ones finds none.
  if (f.isEncrypted === true) q = q.where('v.id', '<', 0);
  q = filterByTags(q, 'Volume', 'v.id', f.tags);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select('v.id').orderBy('v.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(total.n), ids: rows.map((r) => r.id) };
}
