import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import {
  type IoLimits, cleanupTags, parseCacheMode, parseOfferingState, parseProvisioningType, parseStorageType, validateIoLimits, validateIops,
} from '../core/offering-rules.js';
import type { Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import {
  type OfferingScope, checkCreateScope, checkDeleteScope, domainFilterIds, inZone, keywordMatch, limitedTo, publicOrIn,
  resolveDomains, resolveZones, resolveScopeUpdate, scopeOf, scopesOf, visibleDomainIds, writeScope, zoneFilterId,
} from './offering-scope.js';
import type { Page } from './query.js';

const TYPE = 'DiskOffering';
const GIB = 1024 ** 3;
/** Default of CloudStack's storage.max.volume.size, in GB. */
const MAX_VOLUME_SIZE_GB = 2000;

export interface DiskOfferingView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  /** Bytes; 0 for a customized offering. */
  readonly diskSize: number;
  readonly customized: boolean;
  readonly customizedIops: boolean | null;
  readonly minIops: number | null;
  readonly maxIops: number | null;
  readonly tags: string | null;
  readonly storageType: string;
  readonly provisioningType: string;
  readonly cacheMode: string;
  readonly ioLimits: IoLimits;
  readonly hypervisorSnapshotReserve: number | null;
  readonly displayOffering: boolean;
  readonly diskSizeStrictness: boolean;
  readonly encrypt: boolean;
  readonly details: Readonly<Record<string, string>>;
  readonly state: string;
  readonly created: string;
  readonly scope: OfferingScope;
}

export interface CreateDiskOffering {
  readonly name: string;
  readonly displayText?: string;
  /** GB. */
  readonly diskSize?: number;
  readonly customized?: boolean;
  readonly tags?: string;
  readonly domainIds?: readonly string[];
  readonly zoneIds?: readonly string[];
  readonly storageType?: string;
  readonly provisioningType?: string;
  readonly displayOffering?: boolean;
  readonly ioLimits?: IoLimits;
  readonly customizedIops?: boolean;
  readonly minIops?: number;
  readonly maxIops?: number;
  readonly hypervisorSnapshotReserve?: number;
  readonly cacheMode?: string;
  readonly storagePolicy?: string;
  readonly diskSizeStrictness?: boolean;
  readonly encrypt?: boolean;
  readonly details?: Readonly<Record<string, string>>;
}

export interface UpdateDiskOffering {
  readonly name?: string;
  readonly displayText?: string;
  readonly sortKey?: number;
  readonly displayOffering?: boolean;
  /** Comma-separated domain ids, or `public`. */
  readonly domainIds?: string;
  /** Comma-separated zone ids, or `all`. */
  readonly zoneIds?: string;
  readonly tags?: string;
  readonly ioLimits?: IoLimits;
  readonly cacheMode?: string;
  readonly state?: string;
}

export interface DiskOfferingFilter {
  readonly id?: string;
  readonly name?: string;
  readonly keyword?: string;
  readonly zoneId?: string;
  readonly domainId?: string;
  readonly isRecursive?: boolean;
  readonly encrypt?: boolean;
  readonly storageType?: string;
  readonly state?: string;
}

const bool = (n: number) => n === 1;

export class DiskOfferingService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: CreateDiskOffering): Promise<DiskOfferingView> {
    const name = a.name.trim();
    if (!name) throw invalidParam('Failed to create disk offering: specify the name that has non-zero length');
    const customized = a.customized ?? false;
    if (!customized && a.diskSize === undefined) throw invalidParam('Disksize is required for a non-customized disk offering');
    if (customized && a.diskSize !== undefined) throw invalidParam('Disksize is not allowed for a customized disk offering');
    if (a.diskSize !== undefined && a.diskSize <= 0) throw invalidParam('Please specify a disk size of at least 1 GB.');
    if (a.diskSize !== undefined && a.diskSize > MAX_VOLUME_SIZE_GB) throw invalidParam(`The maximum size for a disk is ${MAX_VOLUME_SIZE_GB} GB.`);
    const domains = await resolveDomains(this.db, a.domainIds ?? []);
    const zones = await resolveZones(this.db, a.zoneIds ?? []);
    const storageType = parseStorageType(a.storageType);
    const provisioningType = parseProvisioningType(a.provisioningType);
    const cacheMode = parseCacheMode(a.cacheMode);
    const iops = validateIops(a.customizedIops, a.minIops, a.maxIops);
    if (a.hypervisorSnapshotReserve !== undefined && a.hypervisorSnapshotReserve < 0) throw invalidParam('If provided, Hypervisor Snapshot Reserve must be greater than or equal to 0.');
    if (a.storagePolicy !== undefined) throw invalidParam('Please specify a valid vSphere storage policy id');
    const ioLimits = validateIoLimits(a.ioLimits ?? {});
    const tags = cleanupTags(a.tags);
    checkCreateScope(caller, 'disk offering', domains, tags !== null);
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('disk_offerings').values({
        uuid, name, display_text: a.displayText?.trim() || name, unique_name: null, disk_size: (a.diskSize ?? 0) * GIB, customized: customized ? 1 : 0,
        customized_iops: a.customizedIops === undefined ? null : a.customizedIops ? 1 : 0, min_iops: iops.min, max_iops: iops.max, tags,
        storage_type: storageType, provisioning_type: provisioningType, cache_mode: cacheMode, io_limits: JSON.stringify(ioLimits),
        hypervisor_snapshot_reserve: a.hypervisorSnapshotReserve ?? null, display_offering: (a.displayOffering ?? true) ? 1 : 0,
        disk_size_strictness: a.diskSizeStrictness ? 1 : 0, encrypt: a.encrypt ? 1 : 0, details: JSON.stringify(a.details ?? {}), sort_key: 0,
        state: 'Active', created: new Date().toISOString(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      await writeScope(tx, TYPE, row.id, domains, zones);
      return row.id;
    });
    await this.events.record(caller, { type: 'DISK.OFFERING.CREATE', description: `Creating disk offering. Name: ${name}, ID: ${uuid}`, resourceType: TYPE, resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  private async find(idOrUuid: string): Promise<{ id: number; uuid: string; name: string }> {
    const id = await resolveId(this.db, 'disk_offerings', idOrUuid);
    const row = id === undefined ? undefined
      : await this.db.selectFrom('disk_offerings').select(['id', 'uuid', 'name']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!row) throw invalidParam(`Unable to find disk offering by id ${idOrUuid}`);
    return row;
  }

  async update(caller: Caller, idOrUuid: string, a: UpdateDiskOffering): Promise<DiskOfferingView> {
    const o = await this.find(idOrUuid);
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The name of a disk offering must not be empty');
    const state = a.state === undefined ? undefined : parseOfferingState(a.state);
    const cacheMode = a.cacheMode === undefined ? undefined : parseCacheMode(a.cacheMode);
    const { domains: newDomains, zones } = await resolveScopeUpdate(this.db, caller, TYPE, 'disk offering', o.id, {
      domainIds: a.domainIds, zoneIds: a.zoneIds, renames: a.name !== undefined || a.displayText !== undefined || a.sortKey !== undefined, tagged: a.tags !== undefined,
    });
    let ioLimits: IoLimits | undefined;
    if (a.ioLimits && Object.keys(a.ioLimits).length) {
      const row = await this.db.selectFrom('disk_offerings').select('io_limits').where('id', '=', o.id).executeTakeFirstOrThrow();
      ioLimits = validateIoLimits({ ...(JSON.parse(row.io_limits) as IoLimits), ...a.ioLimits });
    }
    await this.db.transaction().execute(async (tx) => {
      const changes = {
        ...(a.name !== undefined ? { name: a.name.trim() } : {}),
        ...(a.displayText !== undefined ? { display_text: a.displayText } : {}),
        ...(a.sortKey !== undefined ? { sort_key: a.sortKey } : {}),
        ...(a.displayOffering !== undefined ? { display_offering: a.displayOffering ? 1 : 0 } : {}),
        ...(a.tags !== undefined ? { tags: cleanupTags(a.tags) } : {}),
        ...(ioLimits ? { io_limits: JSON.stringify(ioLimits) } : {}),
        ...(cacheMode !== undefined ? { cache_mode: cacheMode } : {}),
        ...(state !== undefined ? { state } : {}),
      };
      // An update may touch only the domain/zone lists; an empty SET is not valid SQL.
      if (Object.keys(changes).length) await tx.updateTable('disk_offerings').set(changes).where('id', '=', o.id).execute();
      await writeScope(tx, TYPE, o.id, newDomains, zones);
    });
    await this.events.record(caller, { type: 'DISK.OFFERING.EDIT', description: `Updating disk offering. ID: ${o.uuid}`, resourceType: TYPE, resourceId: o.uuid, resourceName: a.name ?? o.name });
    return this.view(o.id);
  }

  /** As in CloudStack 4.17+: the offering turns Inactive; volumes made from it keep referring to it. */
  async remove(caller: Caller, idOrUuid: string): Promise<void> {
    const o = await this.find(idOrUuid);
    checkDeleteScope(caller, 'disk offering', await scopeOf(this.db, TYPE, o.id));
    await this.db.updateTable('disk_offerings').set({ state: 'Inactive' }).where('id', '=', o.id).execute();
    await this.events.record(caller, { type: 'DISK.OFFERING.DELETE', description: `Deleting disk offering. ID: ${o.uuid}`, resourceType: TYPE, resourceId: o.uuid, resourceName: o.name });
  }

  async list(caller: Caller, f: DiskOfferingFilter, page: Page): Promise<{ count: number; items: DiskOfferingView[] }> {
    let q = this.db.selectFrom('disk_offerings as d').where('d.removed', 'is', null);
    const visible = await visibleDomainIds(this.db, caller, f.isRecursive === true);
    if (visible) q = q.where(publicOrIn(TYPE, 'd.id', visible));
    // Offerings hidden from end users (displayoffering=false) are shown to root admins only.
    if (!isRootAdmin(caller)) q = q.where('d.display_offering', '=', 1);
    if (f.domainId !== undefined) q = q.where(limitedTo(TYPE, 'd.id', await domainFilterIds(this.db, caller, f.domainId, f.isRecursive === true)));
    if (f.zoneId !== undefined) q = q.where(inZone(TYPE, 'd.id', await zoneFilterId(this.db, f.zoneId)));
    if (f.id !== undefined) q = q.where('d.id', '=', (await resolveId(this.db, 'disk_offerings', f.id)) ?? -1);
    if (f.name !== undefined) q = q.where('d.name', '=', f.name);
    if (f.keyword !== undefined) q = q.where(keywordMatch('d', f.keyword));
    if (f.encrypt !== undefined) q = q.where('d.encrypt', '=', f.encrypt ? 1 : 0);
    if (f.storageType !== undefined) q = q.where('d.storage_type', '=', parseStorageType(f.storageType));
    const state = f.state?.toLowerCase() === 'all' ? undefined : parseOfferingState(f.state ?? 'Active');
    if (state) q = q.where('d.state', '=', state);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = await q.select('d.id').orderBy('d.sort_key').orderBy('d.id').limit(page.limit).offset(page.offset).execute();
    const scopes = await scopesOf(this.db, TYPE, ids.map((r) => r.id));
    const items: DiskOfferingView[] = [];
    for (const r of ids) items.push(await this.view(r.id, scopes.get(r.id)));
    return { count: Number(count), items };
  }

  async view(id: number, scope?: OfferingScope): Promise<DiskOfferingView> {
    const d = await this.db.selectFrom('disk_offerings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return {
      id: d.id, uuid: d.uuid, name: d.name, displayText: d.display_text, diskSize: d.disk_size, customized: bool(d.customized),
      customizedIops: d.customized_iops === null ? null : bool(d.customized_iops), minIops: d.min_iops, maxIops: d.max_iops, tags: d.tags,
      storageType: d.storage_type, provisioningType: d.provisioning_type, cacheMode: d.cache_mode, ioLimits: JSON.parse(d.io_limits) as IoLimits,
      hypervisorSnapshotReserve: d.hypervisor_snapshot_reserve, displayOffering: bool(d.display_offering), diskSizeStrictness: bool(d.disk_size_strictness),
      encrypt: bool(d.encrypt), details: JSON.parse(d.details) as Record<string, string>, state: d.state, created: d.created,
      scope: scope ?? (await scopeOf(this.db, TYPE, id)),
    };
  }
}
