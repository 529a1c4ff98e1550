// Plain views of snapshots and snapshot policies for a page of ids (one joined query, one
// batch of owners, one of tags), and listSnapshots' filters.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { INTERVAL_TYPES } from '../core/snapshot-schedule.js';
import { internalError, invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type OwnerView, ownerViews } from './owned-access.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { type TagMapEntry, filterByTags } from './tag-filter.js';
import type { TagService, TagView } from './tags.js';

export interface SnapshotView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly owner: OwnerView;
  readonly snapshotType: string;
  readonly volume: { readonly uuid: string; readonly name: string; readonly type: string; readonly state: string } | null;
  readonly created: string;
  readonly state: string;
  readonly physicalSize: number;
  readonly size: number;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly revertable: boolean;
  readonly osType: { readonly uuid: string; readonly name: string } | null;
  readonly store: { readonly uuid: string; readonly name: string } | null;
  readonly tags: readonly TagView[];
}

export async function snapshotViews(db: Db, tags: TagService, ids: readonly number[]): Promise<SnapshotView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('snapshots as s')
    .innerJoin('zones as z', 'z.id', 's.zone_id')
    .leftJoin('volumes as v', 'v.id', 's.volume_id')
    .leftJoin('vms as vm', 'vm.id', 'v.vm_id')
    .leftJoin('templates as t', 't.id', 'v.template_id')
    .leftJoin('guest_os as os', (j) => j.on((eb) => eb('os.id', '=', eb.fn.coalesce('vm.guest_os_id', 't.guest_os_id'))))
    .leftJoin('image_stores as st', 'st.id', 's.store_id')
    .select([
      's.id', 's.uuid', 's.name', 's.account_id', 's.snapshot_type', 's.created', 's.state', 's.physical_size', 's.size',
      'z.uuid as zoneUuid', 'z.name as zoneName',
      'v.uuid as volUuid', 'v.name as volName', 'v.type as volType', 'v.state as volState', 'v.removed as volRemoved',
      'os.uuid as osUuid', 'os.display_name as osName', 'st.uuid as storeUuid', 'st.name as storeName',
    ])
    .where('s.id', 'in', [...ids]).execute();
  const owners = await ownerViews(db, rows.map((r) => r.account_id));
  const tagMap = await tags.tagsOf('Snapshot', ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: SnapshotView[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    const owner = r ? owners.get(r.account_id) : undefined;
    if (!r || !owner) continue;
    out.push({
      id: r.id, uuid: r.uuid, name: r.name, owner, snapshotType: r.snapshot_type,
      volume: r.volUuid ? { uuid: r.volUuid, name: r.volName ?? '', type: r.volType ?? '', state: r.volRemoved ? 'Expunged' : (r.volState ?? '') } : null,
      created: r.created, state: r.state, physicalSize: Number(r.physical_size), size: Number(r.size), zoneUuid: r.zoneUuid, zoneName: r.zoneName,
      revertable: r.state === 'BackedUp' && r.volUuid !== null && r.volRemoved === null,
      osType: r.osUuid ? { uuid: r.osUuid, name: r.osName ?? '' } : null,
      store: r.storeUuid ? { uuid: r.storeUuid, name: r.storeName ?? '' } : null,
      tags: tagMap.get(r.id) ?? [],
    });
  }
  return out;
}

export async function snapshotView(db: Db, tags: TagService, id: number): Promise<SnapshotView> {
  const [s] = await snapshotViews(db, tags, [id]);
  if (!s) throw internalError(`snapshot ${id} does not exist`);
  return s;
}

export interface SnapshotFilter extends ScopeArgs {
  readonly id?: string;
  readonly ids?: readonly string[];
  readonly name?: string;
  readonly intervalType?: string;
  readonly snapshotType?: string;
  readonly volumeId?: string;
  readonly zoneId?: string;
  readonly keyword?: string;
  readonly locationType?: string;
  readonly imageStoreId?: string;
  readonly storageId?: string;
  readonly tags?: readonly TagMapEntry[];
}

const SNAPSHOT_TYPES = ['MANUAL', ...INTERVAL_TYPES];

async function ref(db: Db, table: 'snapshots' | 'volumes' | 'zones' | 'image_stores' | 'storage_pools', v: string, param: string): Promise<number> {
  const id = await resolveId(db, table, v);
  if (id === undefined) throw invalidParam(`Invalid parameter ${param} value=${v} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`);
  return id;
}

export async function listSnapshotIds(db: Db, caller: Caller, f: SnapshotFilter, page: Page): Promise<{ count: number; ids: number[] }> {
  const scope = await listScope(db, caller, f);
  let q = db.selectFrom('snapshots as s').innerJoin('domains as d', 'd.id', 's.domain_id').leftJoin('volumes as v', 'v.id', 's.volume_id')
    .where('s.removed', 'is', null);
  q = applyScope(q, scope, 's.account_id', 'd');
  if (f.id !== undefined) q = q.where('s.id', '=', await ref(db, 'snapshots', f.id, 'id'));
  if (f.ids?.length) {
    const ids: number[] = [];
    for (const x of f.ids) ids.push(await ref(db, 'snapshots', x, 'ids'));
    q = q.where('s.id', 'in', ids);
  }
  if (f.name !== undefined) q = q.where('s.name', '=', f.name);
  if (f.keyword !== undefined) q = q.where('s.name', 'like', `%${f.keyword}%`);
  for (const [param, value] of [['intervaltype', f.intervalType], ['snapshottype', f.snapshotType]] as const) {
    if (value === undefined) continue;
    const t = SNAPSHOT_TYPES.find((x) => x === value.toUpperCase());
    if (!t) throw invalidParam(`Invalid ${param} ${value}: it is one of ${SNAPSHOT_TYPES.join(', ')}`);
    q = q.where('s.snapshot_type', '=', t);
  }
  if (f.volumeId !== undefined) q = q.where('s.volume_id', '=', await ref(db, 'volumes', f.volumeId, 'volumeid'));
  if (f.zoneId !== undefined) q = q.where('s.zone_id', '=', await ref(db, 'zones', f.zoneId, 'zoneid'));
  if (f.locationType !== undefined) {
    const l = f.locationType.toUpperCase();
    if (l !== 'PRIMARY' && l !== 'SECONDARY') throw invalidParam(`Invalid locationtype ${f.locationType}: it is PRIMARY or SECONDARY`);
    // Every snapshot lives on secondary storage here.
    if (l === 'PRIMARY') q = q.where('s.id', '<', 0);
  }
  if (isRootAdmin(caller)) {
    if (f.imageStoreId !== undefined) q = q.where('s.store_id', '=', await ref(db, 'image_stores', f.imageStoreId, 'imagestoreid'));
    if (f.storageId !== undefined) q = q.where('v.pool_id', '=', await ref(db, 'storage_pools', f.storageId, 'storageid'));
  }
  q = filterByTags(q, 'Snapshot', 's.id', f.tags);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select('s.id').orderBy('s.created', 'desc').orderBy('s.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { count: Number(total.n), ids: rows.map((r) => r.id) };
}
