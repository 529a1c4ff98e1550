// Templates and ISOs: registration with background downloads into image stores, listing with
// CloudStack's filters, permissions, copy/delete/extract/create jobs, ISO attach/detach, and
// forDeploy for the VM family. The operations live in the template-*.ts files beside this one.
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { ImageFormat, ImageInfo, StorageDriver } from '../drivers/storage/types.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import type { ImageStoreService } from './image-stores.js';
import { ATTACH_CMD, DETACH_CMD, type VmViewProvider, runAttach, runDetach, submitAttach, submitDetach } from './iso-attach.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';
import type { TagService, TagView } from './tags.js';
import { canUse, templateQuery } from './template-access.js';
import { COPY_CMD, type CopyArgs, runCopy, submitCopy } from './template-copy.js';
import { CREATE_CMD, type CreateArgs, runCreate, submitCreate } from './template-create.js';
import { DELETE_CMD, type DeleteArgs, removeCopies, removeRecord, runDelete, submitDelete } from './template-delete.js';
import { type TemplateDeps, storageLookup } from './template-deps.js';
import { TemplateDownloads } from './template-downloads.js';
import { EXTRACT_CMD, type ExtractArgs, type ExtractDownload, openExtract, runExtract, submitExtract } from './template-extract.js';
import { type TemplateListArgs, listTemplates } from './template-list.js';
import { type RegisterArgs, registerImage } from './template-register.js';
import { syncSeedCopies } from './template-seed-copies.js';
import { type PermissionArgs, type PermissionsView, type UpdateArgs, listPermissions, updateImage, updatePermissions } from './template-update.js';
import { type TemplateView, templateViewsAllZones } from './template-views.js';

export type { TemplateView } from './template-views.js';
export type { IsoVmView } from './iso-attach.js';
export type { ExtractView } from './template-extract.js';
export type { PermissionsView } from './template-update.js';

/** What deployVirtualMachine needs of the template (or ISO) it deploys from, in one zone. */
export interface DeployImage {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly hypervisor: string;
  readonly osTypeId: number | null;
  readonly guestOsId: number | null;
  readonly passwordEnabled: boolean;
  readonly sshKeyEnabled: boolean;
  readonly isDynamicallyScalable: boolean;
  readonly isIso: boolean;
  readonly bootable: boolean;
  readonly format: string;
  readonly type: string;
  readonly templateType: string;
  readonly arch: string;
  readonly sizeBytes: number;
  readonly storeUrl: string;
  readonly image: ImageInfo;
}

export class TemplateService {
  private readonly deps: TemplateDeps;
  private publicUrl?: string;
  private vmView?: VmViewProvider;

  constructor(
    db: Db,
    events: EventService,
    jobs: JobRunner,
    limits: ResourceLimitService,
    settings: SettingsService,
    private readonly tags: TagService,
    storage: readonly StorageDriver[],
    log: (msg: string, extra?: Record<string, unknown>) => void = () => {},
  ) {
    const storageFor = storageLookup(storage);
    this.deps = { db, events, jobs, limits, settings, storageFor, downloads: new TemplateDownloads(db, events, limits, settings, storageFor, log) };
    const d = this.deps;
    // Every step is idempotent (driver operations by name, rows by their unique pair), so a restart carries on.
    for (const cmd of [COPY_CMD.template, COPY_CMD.iso]) jobs.register({ cmd, onRestart: 'resume', run: (ctx, p) => runCopy(d, ctx, p) });
    for (const cmd of [DELETE_CMD.template, DELETE_CMD.iso]) jobs.register({ cmd, onRestart: 'resume', run: (ctx, p) => runDelete(d, ctx, p) });
    for (const cmd of [EXTRACT_CMD.template, EXTRACT_CMD.iso]) jobs.register({ cmd, onRestart: 'resume', run: (ctx, p) => runExtract(d, ctx, p) });
    jobs.register({ cmd: CREATE_CMD, onRestart: 'resume', run: (ctx, p) => runCreate(d, ctx, p) });
    jobs.register({ cmd: ATTACH_CMD, onRestart: 'resume', run: (ctx, p) => runAttach(d, ctx, p, this.vmView) });
    jobs.register({ cmd: DETACH_CMD, onRestart: 'resume', run: (ctx, p) => runDetach(d, ctx, p, this.vmView) });
    tags.registerType('Template', { table: 'templates' });
    tags.registerType('ISO', { table: 'templates' });
  }

  /**
   * Hooks into inventory services the composition root holds: an image store holding copies
   * cannot be deleted, and updateResourceCount can recount templates and secondary storage.
   */
  bindInventory(imageStores: ImageStoreService, limits: ResourceLimitService): void {
    imageStores.deleteGuards.add(async (db, storeId) => {
      const held = await db.selectFrom('template_stores').select('id').where('store_id', '=', storeId).where('state', '!=', 'Destroyed').executeTakeFirst();
      return held ? 'Cannot delete image store with active templates backup!' : undefined;
    });
    limits.registerCounter('template', async (accountId, q) => {
      const r = await q.selectFrom('templates').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId)
        .where('removed', 'is', null).where('unique_name', 'is', null).executeTakeFirstOrThrow();
      return Number(r.n);
    });
    limits.registerCounter('secondary_storage', async (accountId, q) => {
      const r = await q.selectFrom('template_stores as ts').innerJoin('templates as t', 't.id', 'ts.template_id')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('ts.counted_bytes'), eb.val(0)).as('n')).where('t.account_id', '=', accountId).executeTakeFirstOrThrow();
      return Number(r.n);
    });
  }

  /** The address extract URLs point at (the composition root knows it once it listens). */
  setPublicUrl(url: string): void {
    this.publicUrl = url;
  }

  /** Lets attachIso/detachIso answer with the VM family's own VM response. */
  setVmView(provider: VmViewProvider): void {
    this.vmView = provider;
  }

  // ---- for the VM family ----

  /**
   * A template or ISO the caller may use, with its ready copy in the zone (deploy clones the
   * root disk from `image` in `storeUrl`). 431 when there is none or the caller may not use it.
   */
  async forDeploy(caller: Caller, templateIdOrUuid: string, zoneId: number): Promise<DeployImage> {
    const { db, settings } = this.deps;
    await this.syncSeedCopies();
    const id = await resolveId(db, 'templates', templateIdOrUuid);
    const t = id === undefined ? undefined : await templateQuery(db).where('t.id', '=', id).where('t.removed', 'is', null).executeTakeFirst();
    if (!t || !(await canUse(db, settings, caller, t))) throw invalidParam(`Unable to find template ${templateIdOrUuid}`);
    const copy = await db.selectFrom('template_stores as ts').innerJoin('image_stores as s', 's.id', 'ts.store_id')
      .select(['ts.install_path', 'ts.size', 'ts.physical_size', 'ts.md5', 'ts.format', 's.url'])
      .where('ts.template_id', '=', t.id).where('ts.zone_id', '=', zoneId).where('ts.state', '=', 'Ready').where('s.removed', 'is', null)
      .orderBy('ts.id').executeTakeFirst();
    if (!copy || copy.install_path === null) {
      const zone = await db.selectFrom('zones').select('name').where('id', '=', zoneId).executeTakeFirst();
      throw invalidParam(`Template ${t.name} (${t.uuid}) is not ready in zone ${zone?.name ?? zoneId}`);
    }
    const image: ImageInfo = {
      path: copy.install_path, sizeBytes: Number(copy.size), physicalBytes: Number(copy.physical_size), md5: copy.md5 ?? '', format: (copy.format ?? t.format) as ImageFormat,
    };
    return {
      id: t.id, uuid: t.uuid, name: t.name, displayText: t.display_text, hypervisor: t.hypervisor, osTypeId: t.guest_os_id, guestOsId: t.guest_os_id,
      passwordEnabled: t.password_enabled === 1, sshKeyEnabled: t.sshkey_enabled === 1, isDynamicallyScalable: t.dynamically_scalable === 1,
      isIso: t.format === 'ISO', bootable: t.bootable === 1, format: t.format, type: t.type, templateType: t.type, arch: t.arch,
      sizeBytes: image.sizeBytes, storeUrl: copy.url, image,
    };
  }

  // ---- lifecycle (composition root) ----

  /** Makes the seeded simulator images exist in every simulator store (`all`: re-check the ones recorded). */
  async syncSeedCopies(all = false): Promise<number> {
    return syncSeedCopies(this.deps.db, this.deps.storageFor, all);
  }

  /** Carries on the downloads a restart interrupted. */
  resumeDownloads(): Promise<number> {
    return this.deps.downloads.resume();
  }

  /** Waits for running downloads (shutdown). */
  drain(): Promise<void> {
    return this.deps.downloads.drain();
  }

  // ---- the API ----

  async register(caller: Caller, a: RegisterArgs, iso: boolean): Promise<TemplateView[]> {
    return this.withTags(await registerImage(this.deps, caller, a, iso));
  }

  async list(caller: Caller, a: TemplateListArgs, page: Page): Promise<{ count: number; items: TemplateView[] }> {
    await this.syncSeedCopies();
    const r = await listTemplates(this.deps.db, this.deps.settings, caller, a, page);
    return { count: r.count, items: await this.withTags(r.items) };
  }

  async update(caller: Caller, idOrUuid: string, a: UpdateArgs, iso: boolean): Promise<TemplateView> {
    const t = await updateImage(this.deps, caller, idOrUuid, a, iso);
    const [view] = await this.withTags(await templateViewsAllZones(this.deps.db, caller, t.id));
    return view!;
  }

  updatePermissions(caller: Caller, idOrUuid: string, a: PermissionArgs, iso: boolean): Promise<void> {
    return updatePermissions(this.deps, caller, idOrUuid, a, iso);
  }

  listPermissions(caller: Caller, idOrUuid: string, iso: boolean): Promise<PermissionsView> {
    return listPermissions(this.deps, caller, idOrUuid, iso);
  }

  submitCopy(caller: Caller, a: CopyArgs, iso: boolean, javaClass: string): Promise<{ jobUuid: string }> {
    return submitCopy(this.deps, caller, a, iso, javaClass);
  }

  submitDelete(caller: Caller, a: DeleteArgs, iso: boolean, javaClass: string): Promise<{ jobUuid: string }> {
    return submitDelete(this.deps, caller, a, iso, javaClass);
  }

  submitExtract(caller: Caller, a: ExtractArgs, iso: boolean, javaClass: string): Promise<{ jobUuid: string }> {
    return submitExtract(this.deps, caller, a, iso, javaClass, this.publicUrl);
  }

  submitCreate(caller: Caller, a: CreateArgs, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    return submitCreate(this.deps, caller, a, javaClass);
  }

  submitAttachIso(caller: Caller, a: { isoId: string; vmId: string; forced?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    return submitAttach(this.deps, caller, a, javaClass);
  }

  submitDetachIso(caller: Caller, a: { vmId: string }, javaClass: string): Promise<{ jobUuid: string }> {
    return submitDetach(this.deps, caller, a, javaClass);
  }

  /** The bytes behind an extract URL (undefined: unknown or expired token). */
  openExtract(token: string): Promise<ExtractDownload | undefined> {
    return openExtract(this.deps, token);
  }

  // ---- cascades ----

  /** Account deletion: its templates and ISOs go (images first), and it loses what was shared with it. */
  async removeAccount(accountId: number): Promise<void> {
    const { db } = this.deps;
    const owned = await db.selectFrom('templates').select('id').where('account_id', '=', accountId).where('removed', 'is', null).execute();
    for (const t of owned) {
      await removeCopies(this.deps, t.id, null);
      await removeRecord(this.deps, t.id, true);
    }
    await db.deleteFrom('template_permissions').where('account_id', '=', accountId).execute();
    await this.tags.removeAllFor('Template', owned.map((t) => t.id));
    await this.tags.removeAllFor('ISO', owned.map((t) => t.id));
  }

  private async withTags(views: TemplateView[]): Promise<TemplateView[]> {
    const ids = views.map((v) => v.id);
    const tpl = await this.tags.tagsOf('Template', ids);
    const iso = await this.tags.tagsOf('ISO', ids);
    return views.map((v) => ({ ...v, tags: (v.isIso ? iso : tpl).get(v.id) ?? ([] as TagView[]) }));
  }
}
