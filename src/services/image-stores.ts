import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { parseStorageUrl } from '../core/storage-url.js';
import type { Db } from '../db/schema.js';
import { DeleteGuards } from './delete-guards.js';
import type { EventService } from './events.js';
import { type ImageStoreRow, findImageStore, findZone, idOf, nowIso } from './infra-refs.js';
import type { Page } from './query.js';

export type ImageStoreProvider = 'NFS' | 'Simulator';

export interface ImageStoreView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly zoneUuid: string | null;
  readonly zoneName: string | null;
  readonly url: string;
  readonly protocol: string;
  readonly provider: ImageStoreProvider;
  readonly scope: string;
  readonly readonly: boolean;
  readonly totalBytes: number | null;
  readonly usedBytes: number;
}

export interface ImageStoreFilter {
  readonly id?: string;
  readonly name?: string;
  readonly zoneId?: string;
  readonly protocol?: string;
  readonly provider?: string;
  readonly readonly?: boolean;
  readonly keyword?: string;
}

/** A simulator store holds as much as it is told; 1 TiB by default. */
export const SIM_STORE_DEFAULT_BYTES = 1024 ** 4;

function parseProvider(s: string): ImageStoreProvider {
  const v = s.trim().toLowerCase();
  if (v === 'nfs') return 'NFS';
  if (v === 'simulator') return 'Simulator';
  throw invalidParam(`Image store provider ${s} is not supported; use NFS or Simulator`);
}

export class ImageStoreService {
  /** Other families' vetoes on deleteImageStore (templates, snapshots stored there). */
  readonly deleteGuards = new DeleteGuards();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async add(caller: Caller, a: { name?: string; url?: string; zoneId?: string; provider: string }): Promise<ImageStoreView> {
    const provider = parseProvider(a.provider);
    if (a.url === undefined) throw invalidParam(`url is required for the ${provider} image store provider`);
    if (a.zoneId === undefined) throw invalidParam(`zoneid is required: ${provider} image stores are zone-wide`);
    const zone = await findZone(this.db, a.zoneId);
    const loc = parseStorageUrl(a.url);
    if (provider === 'NFS' && loc.scheme !== 'nfs') throw invalidParam(`An NFS image store needs an nfs:// URL, not ${a.url}`);
    if (provider === 'Simulator' && loc.scheme === 'filesystem') throw invalidParam(`A Simulator image store needs a sim:// or nfs:// URL, not ${a.url}`);
    const name = a.name?.trim() || loc.canonical;
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      const dup = await tx.selectFrom('image_stores').select('name').where('url', '=', loc.canonical).where('removed', 'is', null).executeTakeFirst();
      if (dup) throw invalidParam(`The image store at ${loc.canonical} already exists (${dup.name})`);
      const row = await tx.insertInto('image_stores').values({
        uuid, name, zone_id: zone.id, url: loc.canonical, protocol: loc.scheme, provider, scope: 'ZONE', readonly: 0,
        // A real NFS export's size is unknown until a storage driver measures it.
        total_bytes: provider === 'Simulator' ? SIM_STORE_DEFAULT_BYTES : null, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    await this.events.record(caller, { type: 'IMAGE.STORE.CREATE', description: `Added image store ${name}`, resourceType: 'ImageStore', resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  /** CloudStack's older addSecondaryStorage: the provider follows from the URL's scheme. */
  async addSecondary(caller: Caller, a: { url: string; zoneId?: string }): Promise<ImageStoreView> {
    const loc = parseStorageUrl(a.url);
    return this.add(caller, { url: a.url, zoneId: a.zoneId, provider: loc.scheme === 'sim' ? 'Simulator' : 'NFS' });
  }

  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const s = await findImageStore(this.db, idOrUuid);
    await this.db.transaction().execute(async (tx) => {
      await this.deleteGuards.assertFree(tx, s.id);
      await tx.updateTable('image_stores').set({ removed: nowIso() }).where('id', '=', s.id).where('removed', 'is', null).execute();
    });
    await this.events.record(caller, { type: 'IMAGE.STORE.DELETE', description: `Deleted image store ${s.name}`, resourceType: 'ImageStore', resourceId: s.uuid, resourceName: s.name });
  }

  async list(f: ImageStoreFilter, page: Page): Promise<{ count: number; items: ImageStoreView[] }> {
    let q = this.db.selectFrom('image_stores as s').where('s.removed', 'is', null);
    if (f.id !== undefined) q = q.where('s.id', '=', await idOf(this.db, 'image_stores', f.id));
    if (f.zoneId !== undefined) q = q.where('s.zone_id', '=', await idOf(this.db, 'zones', f.zoneId));
    if (f.name !== undefined) q = q.where('s.name', '=', f.name);
    if (f.protocol !== undefined) q = q.where('s.protocol', '=', f.protocol.toLowerCase());
    if (f.provider !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['s.provider']), '=', f.provider!.toLowerCase()));
    if (f.readonly !== undefined) q = q.where('s.readonly', '=', f.readonly ? 1 : 0);
    if (f.keyword !== undefined) q = q.where('s.name', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('s.id').orderBy('s.id').limit(page.limit).offset(page.offset).execute();
    const items: ImageStoreView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<ImageStoreView> {
    const s = await this.db.selectFrom('image_stores as s').leftJoin('zones as z', 'z.id', 's.zone_id').selectAll('s')
      .select(['z.uuid as zoneUuid', 'z.name as zoneName']).where('s.id', '=', id).executeTakeFirstOrThrow();
    return toView(s, s.zoneUuid, s.zoneName);
  }
}

function toView(s: ImageStoreRow, zoneUuid: string | null, zoneName: string | null): ImageStoreView {
  return {
    id: s.id, uuid: s.uuid, name: s.name, zoneUuid, zoneName, url: s.url, protocol: s.protocol, provider: s.provider as ImageStoreProvider,
    scope: s.scope, readonly: s.readonly === 1, totalBytes: s.total_bytes === null ? null : Number(s.total_bytes), usedBytes: Number(s.used_bytes),
  };
}
