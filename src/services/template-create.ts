// createTemplate (CreateTemplateCmd, an async "create" command): the record is made and counted
// when the call is accepted (createPrivateTemplateRecord), the job exports the stopped VM's
// volume into an image store of its zone through the storage driver's volumeToImage. A failed
// job takes the record and its counts away again, as CloudStack does.
import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { DomainError, invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import { checkTemplateName, parseArch } from '../core/template-rules.js';
import type { ImageFormat, ImageInfo } from '../drivers/storage/types.js';
import type { JobContext, JobResult } from '../jobs/types.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';
import { type OwnerArgs, checkOwnerWritable, resolveOwner } from './owner.js';
import type { TemplateDeps } from './template-deps.js';
import { zoneStores } from './template-deps.js';
import { templateById } from './template-access.js';
import { loadTemplateViews } from './template-views.js';

export const CREATE_CMD = 'createTemplate';

export interface CreateArgs extends OwnerArgs {
  readonly name: string;
  readonly displayText?: string;
  readonly osTypeId: string;
  readonly volumeId?: string;
  readonly snapshotId?: string;
  readonly zoneId?: string;
  readonly bits?: number;
  readonly isPublic?: boolean;
  readonly isFeatured?: boolean;
  readonly passwordEnabled?: boolean;
  readonly sshKeyEnabled?: boolean;
  readonly requiresHvm?: boolean;
  readonly templateTag?: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly isDynamicallyScalable?: boolean;
  readonly arch?: string;
  readonly virtualMachineId?: string;
  readonly url?: string;
}

const fail = (m: string) => invalidParam(`Failed to create private Template record, ${m}`);

export async function submitCreate(deps: TemplateDeps, caller: Caller, a: CreateArgs, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
  const { db } = deps;
  const name = checkTemplateName(a.name);
  if (a.templateTag !== undefined && !isRootAdmin(caller)) throw permissionDenied('Parameter templatetag can only be specified by a Root Admin, permission denied');
  if (a.virtualMachineId !== undefined || a.url !== undefined) throw invalidParam('Parameters virtualmachineid and url are only for BareMetal templates, which Nubo does not have');
  const ownerId = await resolveOwner(db, caller, a);
  await checkOwnerWritable(db, ownerId);
  const owner = await db.selectFrom('accounts').select(['id', 'type', 'domain_id']).where('id', '=', ownerId).executeTakeFirstOrThrow();
  const isPublic = a.isPublic ?? false;
  if (isPublic && caller.roleType === 'User' && !(await deps.settings.getBool('allow.public.user.templates', 'account', ownerId))) {
    throw permissionDenied(`Failed to create Template ${name}, only private Templates can be created.`);
  }
  if (a.zoneId !== undefined && a.snapshotId === undefined) throw invalidParam('Failed to create private template record, zone ID can only be specified together with snapshot ID.');
  if (a.volumeId === undefined && a.snapshotId === undefined) throw fail('neither volume ID nor Snapshot ID were specified.');
  if (a.volumeId !== undefined && a.snapshotId !== undefined) throw fail(`please specify only one of volume ID (${a.volumeId}) and Snapshot ID (${a.snapshotId})`);
  const src = a.snapshotId !== undefined ? await fromSnapshot(deps, caller, a.snapshotId, a.zoneId) : await fromVolume(deps, caller, a.volumeId!);
  const osRef = await resolveId(db, 'guest_os', a.osTypeId);
  const os = osRef === undefined ? undefined : await db.selectFrom('guest_os').select('id').where('id', '=', osRef).where('removed', 'is', null).executeTakeFirst();
  if (!os) throw invalidParam(`GuestOS with ID: ${a.osTypeId} does not exist.`);
  if (!(await zoneStores(db, src.zoneId)).length) throw new DomainError('ResourceUnavailable', `cannot find an image store for zone ${src.zoneId}`);
  const source = src.templateId === null ? undefined
    : await db.selectFrom('templates').select(['id', 'is_extractable', 'type', 'arch', 'details']).where('id', '=', src.templateId).executeTakeFirst();
  const details = { ...(source ? (JSON.parse(source.details) as Record<string, string>) : {}), ...(a.details ?? {}) };
  const size = src.size;
  await deps.limits.check(ownerId, 'secondary_storage', size);

  const uuid = randomUUID();
  const templateId = await db.transaction().execute(async (tx) => {
    await deps.limits.reserve(ownerId, 'template', 1, tx);
    await deps.limits.reserve(ownerId, 'secondary_storage', size, tx);
    const r = await tx.insertInto('templates').values({
      uuid, name, display_text: a.displayText?.trim() ? a.displayText : name, unique_name: null, account_id: ownerId, domain_id: owner.domain_id,
      format: src.format, type: 'USER', hypervisor: src.hypervisor, guest_os_id: os.id, bits: a.bits ?? 64, url: null, checksum: null, is_public: isPublic ? 1 : 0,
      is_featured: isRootAdmin(caller) && a.isFeatured === true ? 1 : 0, is_extractable: source && source.is_extractable === 1 && source.type !== 'SYSTEM' ? 1 : 0,
      password_enabled: a.passwordEnabled ? 1 : 0, sshkey_enabled: a.sshKeyEnabled ? 1 : 0, requires_hvm: (a.requiresHvm ?? true) ? 1 : 0, bootable: 1,
      cross_zones: 0, dynamically_scalable: a.isDynamicallyScalable ? 1 : 0, template_tag: a.templateTag ?? null, source_template_id: source?.id ?? null,
      arch: a.arch !== undefined ? parseArch(a.arch) : (source?.arch ?? 'x86_64'), sort_key: 0, details: JSON.stringify(details), state: 'Active',
      created: new Date().toISOString(), removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  });
  await deps.events.record(caller, { type: 'TEMPLATE.CREATE', state: 'Created', description: `Creating template ${name} from ${src.what}`, resourceType: 'Template', resourceId: uuid, resourceName: name });
  const job = await deps.jobs.submit({
    cmd: CREATE_CMD, javaClass, owner: caller, params: { templateId, zoneId: src.zoneId, size, from: src.from },
    instanceType: 'Template', instanceId: uuid, lockKey: src.lockKey,
  });
  return { jobUuid: job.uuid, uuid };
}

/** Where the image comes from: a volume on its pool, or a snapshot's backup in an image store. */
type Source =
  | { readonly kind: 'volume'; readonly poolUrl: string; readonly path: string }
  | { readonly kind: 'snapshot'; readonly storeId: number | null; readonly image: ImageInfo };

interface SourcePlan {
  readonly from: Source;
  readonly zoneId: number;
  readonly size: number;
  readonly format: string;
  readonly hypervisor: string;
  readonly templateId: number | null;
  readonly what: string;
  readonly lockKey: string;
}

async function fromVolume(deps: TemplateDeps, caller: Caller, ref: string): Promise<SourcePlan> {
  const { db } = deps;
  const volId = await resolveId(db, 'volumes', ref);
  const v = volId === undefined ? undefined : await db.selectFrom('volumes').selectAll().where('id', '=', volId).where('removed', 'is', null).executeTakeFirst();
  if (!v) throw fail(`unable to find volume ${ref}`);
  await checkOwnedAccess(db, caller, v.account_id, `volume ${v.name} (${v.uuid})`);
  const vm = v.vm_id === null ? undefined : await db.selectFrom('vms').select(['id', 'uuid', 'state', 'hypervisor_type']).where('id', '=', v.vm_id).executeTakeFirst();
  if (vm && vm.state !== 'Stopped') {
    throw invalidState(`Unable to create private Template for volume: ${v.name} (${v.uuid}); volume is attached to a non-stopped Instance, please stop the Instance first`);
  }
  if (v.state !== 'Ready' || v.pool_id === null || v.path === null) throw invalidState(`Volume ${v.name} (${v.uuid}) is in state ${v.state}, not Ready: it has no disk to make a template from yet`);
  const pool = await db.selectFrom('storage_pools').select(['url', 'hypervisor']).where('id', '=', v.pool_id).executeTakeFirstOrThrow();
  return {
    from: { kind: 'volume', poolUrl: pool.url, path: v.path }, zoneId: v.zone_id, size: Number(v.size), format: v.format ?? 'QCOW2',
    hypervisor: vm?.hypervisor_type ?? pool.hypervisor ?? 'Simulator', templateId: v.template_id, what: `volume ${v.uuid}`, lockKey: `volume:${v.id}`,
  };
}

async function fromSnapshot(deps: TemplateDeps, caller: Caller, ref: string, zoneRef: string | undefined): Promise<SourcePlan> {
  const { db } = deps;
  const id = await resolveId(db, 'snapshots', ref);
  const snap = id === undefined ? undefined : await db.selectFrom('snapshots').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!snap) throw fail(`unable to find Snapshot ${ref}`);
  await checkOwnedAccess(db, caller, snap.account_id, `snapshot ${snap.name} (${snap.uuid})`);
  if (snap.state !== 'BackedUp' || snap.image === null) throw invalidParam(`Snapshot ${snap.name} (${snap.uuid}) is not in BackedUp state yet and can't be used for Template creation`);
  if (zoneRef !== undefined) {
    const z = await resolveId(db, 'zones', zoneRef);
    if (z === undefined) throw invalidParam('Failed to create private template record, invalid zone specified');
    if (z !== snap.zone_id) throw invalidParam(`Snapshot ${snap.uuid} is not in zone ${zoneRef}: copy it there first`);
  }
  const image = JSON.parse(snap.image) as ImageInfo;
  // The volume may be gone by now; it still tells which template it came from.
  const v = await db.selectFrom('volumes').select(['template_id', 'format']).where('id', '=', snap.volume_id).executeTakeFirst();
  return {
    from: { kind: 'snapshot', storeId: snap.store_id, image }, zoneId: snap.zone_id, size: Number(snap.size), format: image.format ?? v?.format ?? 'QCOW2',
    hypervisor: snap.hypervisor ?? 'Simulator', templateId: v?.template_id ?? null, what: `snapshot ${snap.uuid}`, lockKey: `snapshot:${snap.id}`,
  };
}

export async function runCreate(deps: TemplateDeps, ctx: JobContext, params: Record<string, unknown>): Promise<JobResult> {
  const { db } = deps;
  const templateId = Number(params.templateId);
  const zoneId = Number(params.zoneId);
  const size = Number(params.size);
  const t = await templateById(db, templateId);
  const snapshotStoreUrl = async (storeId: number | null, fallback: string) =>
    storeId === null ? fallback : ((await db.selectFrom('image_stores').select('url').where('id', '=', storeId).executeTakeFirst())?.url ?? fallback);
  // Nothing to do, but its undo takes the record and its counts away when a later step fails.
  await ctx.step('record', async () => templateId, async () => {
    await db.deleteFrom('template_stores').where('template_id', '=', templateId).execute();
    const r = await db.updateTable('templates').set({ state: 'Inactive', removed: new Date().toISOString() }).where('id', '=', templateId).where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) {
      await deps.limits.release(t.account_id, 'template', 1);
      await deps.limits.release(t.account_id, 'secondary_storage', size);
    }
  });
  const from = params.from as Source;
  const store = await ctx.step('store', async () => {
    // From a snapshot, the template goes where the snapshot is (CloudStack picks the snapshot's store).
    const snapStore = from.kind === 'snapshot' && from.storeId !== null
      ? await db.selectFrom('image_stores').select(['id', 'uuid', 'name', 'url', 'provider']).where('id', '=', from.storeId).where('removed', 'is', null).executeTakeFirst()
      : undefined;
    const s = snapStore ?? (await zoneStores(db, zoneId))[0];
    if (!s) throw new DomainError('ResourceUnavailable', `cannot find an image store for zone ${zoneId}`);
    const now = new Date().toISOString();
    await db.insertInto('template_stores').values({
      template_id: templateId, store_id: s.id, zone_id: zoneId, state: 'Creating', download_state: 'DOWNLOAD_IN_PROGRESS', download_pct: 0, error_str: null,
      install_path: null, md5: null, format: t.format, counted_bytes: size, extract_token: null, extract_created: null, created: now, updated: null,
    }).onConflict((oc) => oc.columns(['template_id', 'store_id']).doNothing()).execute();
    return { id: s.id, url: s.url, provider: s.provider };
  });
  await ctx.step('image', async () => {
    const driver = deps.storageFor(store);
    const info = from.kind === 'volume'
      ? await driver.volumeToImage(from.poolUrl, from.path, store.url, t.uuid, t.format as ImageFormat)
      : await driver.copyImage(await snapshotStoreUrl(from.storeId, store.url), from.image, store.url, t.uuid);
    await db.updateTable('template_stores').set({
      state: 'Ready', download_state: 'DOWNLOADED', download_pct: 100, install_path: info.path, size: info.sizeBytes, physical_size: info.physicalBytes,
      md5: info.md5, format: info.format, updated: new Date().toISOString(),
    }).where('template_id', '=', templateId).where('store_id', '=', store.id).execute();
    return info.path;
  }, async (path) => {
    await deps.storageFor(store).deleteImage(store.url, path);
  });
  await ctx.step('event', async () => {
    await deps.events.record(ctx.owner, { type: 'TEMPLATE.CREATE', description: `Created template ${t.name} from volume`, resourceType: 'Template', resourceId: t.uuid, resourceName: t.name });
  });
  const [view] = await loadTemplateViews(db, null, [{ templateId, zoneId }]);
  return { type: 'entity', entity: 'Template', data: view };
}
