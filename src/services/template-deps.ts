// What the template/ISO operations share: the database, events, limits, settings, jobs, the
// storage driver of each image store and the background downloads.
import { DomainError } from '../core/errors.js';
import type { StorageDriver } from '../drivers/storage/types.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';
import type { StorageFor, TemplateDownloads } from './template-downloads.js';

export interface TemplateDeps {
  readonly db: Db;
  readonly events: EventService;
  readonly jobs: JobRunner;
  readonly limits: ResourceLimitService;
  readonly settings: SettingsService;
  readonly storageFor: StorageFor;
  readonly downloads: TemplateDownloads;
}

/**
 * The driver of an image store: the simulator's for a Simulator store (whatever its URL says,
 * CloudStack's simulator stores have nfs:// URLs), else the one serving the URL's scheme.
 */
export function storageLookup(drivers: readonly StorageDriver[]): StorageFor {
  return (store) => {
    const scheme = store.provider === 'Simulator' ? 'sim' : store.url.slice(0, Math.max(0, store.url.indexOf(':'))).toLowerCase();
    const d = drivers.find((x) => x.schemes.includes(scheme));
    if (!d) throw new DomainError('ResourceUnavailable', `No storage driver serves image store ${store.url} on this management server`);
    return d;
  };
}

/** The live, writable image stores of a zone, least used first. */
export async function zoneStores(db: Db, zoneId: number): Promise<{ id: number; uuid: string; name: string; url: string; provider: string }[]> {
  return db.selectFrom('image_stores').select(['id', 'uuid', 'name', 'url', 'provider']).where('zone_id', '=', zoneId).where('removed', 'is', null)
    .where('readonly', '=', 0).orderBy('used_bytes').orderBy('id').execute();
}
