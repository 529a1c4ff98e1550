// Finds live (not removed) inventory rows by UUID or numeric id, answering CloudStack's 431
// for an unknown id. Shared by the zone, pod, cluster, host and storage services.
import type { Selectable } from 'kysely';
import { invalidParam } from '../core/errors.js';
import type { ClusterTable, Db, HostTable, ImageStoreTable, PodTable, StoragePoolTable, ZoneTable } from '../db/schema.js';
import { type EntityTableName, resolveId } from './lookup.js';

export type ZoneRow = Selectable<ZoneTable>;
export type PodRow = Selectable<PodTable>;
export type ClusterRow = Selectable<ClusterTable>;
export type HostRow = Selectable<HostTable>;
export type PoolRow = Selectable<StoragePoolTable>;
export type ImageStoreRow = Selectable<ImageStoreTable>;

const missing = (what: string, id: string) => invalidParam(`Unable to find ${what} with id ${id}`);

export async function findZone(db: Db, idOrUuid: string): Promise<ZoneRow> {
  const id = await resolveId(db, 'zones', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('zones').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!row) throw missing('zone', idOrUuid);
  return row;
}

export async function findPod(db: Db, idOrUuid: string): Promise<PodRow> {
  const id = await resolveId(db, 'pods', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('pods').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!row) throw missing('pod', idOrUuid);
  return row;
}

export async function findCluster(db: Db, idOrUuid: string): Promise<ClusterRow> {
  const id = await resolveId(db, 'clusters', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('clusters').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!row) throw missing('cluster', idOrUuid);
  return row;
}

export async function findHost(db: Db, idOrUuid: string): Promise<HostRow> {
  const id = await resolveId(db, 'hosts', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('hosts').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!row) throw missing('host', idOrUuid);
  return row;
}

export async function findPool(db: Db, idOrUuid: string): Promise<PoolRow> {
  const id = await resolveId(db, 'storage_pools', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('storage_pools').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!row) throw missing('storage pool', idOrUuid);
  return row;
}

export async function findImageStore(db: Db, idOrUuid: string): Promise<ImageStoreRow> {
  const id = await resolveId(db, 'image_stores', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('image_stores').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!row) throw missing('image store', idOrUuid);
  return row;
}

const LABELS: Partial<Record<EntityTableName, string>> = {
  zones: 'zone', pods: 'pod', clusters: 'cluster', hosts: 'host', storage_pools: 'storage pool', image_stores: 'image store',
  vlan_ranges: 'IP range', domains: 'domain',
};

/**
 * The internal id behind an id parameter of a list filter. As CloudStack, an id that names
 * no entity at all is a 431 (a removed one still resolves, and simply lists nothing).
 */
export async function idOf(db: Db, table: EntityTableName, idOrUuid: string): Promise<number> {
  const id = await resolveId(db, table, idOrUuid);
  if (id === undefined) throw missing(LABELS[table] ?? table, idOrUuid);
  return id;
}

/** A pod that must belong to the given zone (CloudStack refuses a mismatch). */
export async function findPodInZone(db: Db, podId: string, zone: ZoneRow): Promise<PodRow> {
  const pod = await findPod(db, podId);
  if (pod.zone_id !== zone.id) throw invalidParam(`Pod ${pod.uuid} does not belong to zone ${zone.uuid}`);
  return pod;
}

/** Parses a comma-separated or list tag value: trimmed, no empties, no duplicates, order kept. */
export function cleanTags(tags: readonly string[] | string | undefined): string[] {
  if (tags === undefined) return [];
  const list = typeof tags === 'string' ? tags.split(',') : tags;
  const out: string[] = [];
  for (const t of list.map((x) => x.trim()).filter(Boolean)) {
    if (t.length > 255) throw invalidParam(`Tag ${t.slice(0, 32)}... is longer than 255 characters`);
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

export const nowIso = (): string => new Date().toISOString();
