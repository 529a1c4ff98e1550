// Background downloads of registered templates and ISOs into image stores. The state lives in
// template_stores (NOT_DOWNLOADED → DOWNLOAD_IN_PROGRESS → DOWNLOADED | DOWNLOAD_ERROR), so a
// restart resumes every unfinished download (resume()); the driver's download is idempotent
// by name. Not an API job: CloudStack's registerTemplate answers at once and the download is
// watched through listTemplates' status/isready.
import { DomainError } from '../core/errors.js';
import type { ImageFormat, StorageDriver } from '../drivers/storage/types.js';
import type { Db } from '../db/schema.js';
import type { JobOwner } from '../jobs/types.js';
import type { EventService } from './events.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';

const BYTES_PER_GB = 1024 ** 3;
/** Progress is written at most this often (the last value always is). */
const PROGRESS_EVERY_MS = 250;

export type StorageFor = (store: { url: string; provider: string }) => StorageDriver;

export class TemplateDownloads {
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly limits: ResourceLimitService,
    private readonly settings: SettingsService,
    private readonly storageFor: StorageFor,
    private readonly log: (msg: string, extra?: Record<string, unknown>) => void,
  ) {}

  /** Starts downloading these copies in the background. */
  start(copyIds: readonly number[], who: JobOwner): void {
    for (const id of copyIds) {
      if (this.running.has(id)) continue;
      const p = this.run(id, who)
        .catch((e: unknown) => this.log('template download crashed', { copyId: id, error: String(e) }))
        .finally(() => this.running.delete(id));
      this.running.set(id, p);
    }
  }

  /** After a restart: starts again every download that had not finished. */
  async resume(): Promise<number> {
    const rows = await this.db.selectFrom('template_stores as ts').innerJoin('templates as t', 't.id', 'ts.template_id')
      .select(['ts.id', 't.account_id', 't.domain_id'])
      .where('ts.download_state', 'in', ['NOT_DOWNLOADED', 'DOWNLOAD_IN_PROGRESS']).where('t.url', 'is not', null).where('t.removed', 'is', null)
      .orderBy('ts.id').execute();
    for (const r of rows) this.start([r.id], await this.ownerOf(r.account_id, r.domain_id));
    return rows.length;
  }

  /** Waits for every download this process runs (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  /** Who download events are recorded for when nobody asked (a resumed download). */
  private async ownerOf(accountId: number, domainId: number): Promise<JobOwner> {
    const u = await this.db.selectFrom('users').select('id').where('account_id', '=', accountId).orderBy('id').executeTakeFirst()
      ?? await this.db.selectFrom('users').select('id').where('username', '=', 'system').orderBy('id').executeTakeFirstOrThrow();
    return { userId: u.id, accountId, domainId };
  }

  private async run(copyId: number, who: JobOwner): Promise<void> {
    const c = await this.db.selectFrom('template_stores as ts').innerJoin('templates as t', 't.id', 'ts.template_id')
      .innerJoin('image_stores as s', 's.id', 'ts.store_id')
      .select(['ts.id', 'ts.template_id', 't.uuid', 't.name', 't.url', 't.checksum', 't.format', 't.account_id', 's.url as storeUrl', 's.provider', 's.name as storeName'])
      .where('ts.id', '=', copyId).executeTakeFirst();
    if (!c || c.url === null) return;
    const claimed = await this.db.updateTable('template_stores')
      .set({ state: 'Creating', download_state: 'DOWNLOAD_IN_PROGRESS', download_pct: 0, error_str: null, updated: new Date().toISOString() })
      .where('id', '=', copyId).where('download_state', 'in', ['NOT_DOWNLOADED', 'DOWNLOAD_IN_PROGRESS']).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return;
    const kind = c.format === 'ISO' ? 'ISO' : 'Template';
    await this.events.record(who, { type: 'TEMPLATE.DOWNLOAD.START', description: `${kind} ${c.name} download to ${c.storeName} started`, resourceType: kind === 'ISO' ? 'Iso' : 'Template', resourceId: c.uuid, resourceName: c.name });

    // Progress writes are chained so they land in order, and awaited before the final write.
    let chain: Promise<unknown> = Promise.resolve();
    let lastWrite = 0;
    const progress = (pct: number) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_EVERY_MS && pct < 100) return;
      lastWrite = now;
      chain = chain.then(() => this.db.updateTable('template_stores').set({ download_pct: Math.min(pct, 100) }).where('id', '=', copyId)
        .where('download_state', '=', 'DOWNLOAD_IN_PROGRESS').execute()).catch(() => undefined);
    };
    try {
      const driver = this.storageFor({ url: c.storeUrl, provider: c.provider });
      const info = await driver.downloadImage(c.storeUrl, { name: c.uuid, url: c.url, format: c.format as ImageFormat, checksum: c.checksum ?? undefined }, progress);
      await chain;
      const maxGb = await this.settings.getNumber('max.template.iso.size');
      if (info.physicalBytes > maxGb * BYTES_PER_GB) {
        await driver.deleteImage(c.storeUrl, info.path);
        throw new DomainError('InvalidParameter', `${kind} size ${info.physicalBytes} bytes is over the maximum of ${maxGb} GB (max.template.iso.size)`);
      }
      try {
        await this.limits.reserve(c.account_id, 'secondary_storage', info.sizeBytes);
      } catch (e) {
        await driver.deleteImage(c.storeUrl, info.path);
        throw e;
      }
      const done = await this.db.updateTable('template_stores').set({
        state: 'Ready', download_state: 'DOWNLOADED', download_pct: 100, error_str: null, install_path: info.path, size: info.sizeBytes,
        physical_size: info.physicalBytes, md5: info.md5, format: info.format, counted_bytes: info.sizeBytes, updated: new Date().toISOString(),
      }).where('id', '=', copyId).where('download_state', '=', 'DOWNLOAD_IN_PROGRESS').executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) {
        // The template (or this copy) was deleted while it downloaded: leave nothing behind.
        await this.limits.release(c.account_id, 'secondary_storage', info.sizeBytes);
        await driver.deleteImage(c.storeUrl, info.path);
        return;
      }
      await this.events.record(who, { type: 'TEMPLATE.DOWNLOAD.SUCCESS', description: `${kind} ${c.name} downloaded to ${c.storeName}`, resourceType: kind === 'ISO' ? 'Iso' : 'Template', resourceId: c.uuid, resourceName: c.name });
    } catch (e) {
      await chain;
      const message = e instanceof Error ? e.message : String(e);
      await this.db.updateTable('template_stores').set({ state: 'Failed', download_state: 'DOWNLOAD_ERROR', error_str: message, updated: new Date().toISOString() })
        .where('id', '=', copyId).execute();
      await this.events.record(who, { type: 'TEMPLATE.DOWNLOAD.FAILED', level: 'ERROR', description: `${kind} ${c.name} download to ${c.storeName} failed: ${message}`, resourceType: kind === 'ISO' ? 'Iso' : 'Template', resourceId: c.uuid, resourceName: c.name });
    }
  }
}
