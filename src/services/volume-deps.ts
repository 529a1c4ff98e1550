// What the volume and snapshot operations share: the database, events, jobs, limits, settings,
// the storage drivers (chosen by URL scheme) and tags.
import type { Db } from '../db/schema.js';
import type { StorageDriver } from '../drivers/storage/types.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';
import type { TagService } from './tags.js';

export interface VolumeDeps {
  readonly db: Db;
  readonly events: EventService;
  readonly jobs: JobRunner;
  readonly limits: ResourceLimitService;
  readonly settings: SettingsService;
  readonly storage: readonly StorageDriver[];
  readonly tags: TagService;
}
