// registerTemplate / registerIso (TemplateAdapterBase.prepare + HypervisorTemplateAdapter.create):
// validate everything, record the template and one copy per image store it goes to, count it
// against the owner's template limit, then download in the background.
import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import {
  ISO_HYPERVISOR, checkTemplateName, parseArch, parseHypervisor, parseTemplateFormat,
} from '../core/template-rules.js';
import { parseChecksum } from '../drivers/storage/checksum.js';
import type { Db } from '../db/schema.js';
import type { JobOwner } from '../jobs/types.js';
import { findZone } from './infra-refs.js';
import { resolveId } from './lookup.js';
import { type OwnerArgs, checkOwnerWritable, resolveOwner } from './owner.js';
import type { TemplateDeps } from './template-deps.js';
import { zoneStores } from './template-deps.js';
import { type TemplateView, templateViewsAllZones } from './template-views.js';

export interface RegisterArgs extends OwnerArgs {
  readonly name: string;
  readonly displayText?: string;
  readonly url: string;
  /** Templates only (ISOs are format ISO, hypervisor None). */
  readonly format?: string;
  readonly hypervisor?: string;
  readonly zoneId?: string;
  readonly zoneIds?: readonly string[];
  readonly osTypeId?: string;
  readonly bits?: number;
  readonly passwordEnabled?: boolean;
  readonly sshKeyEnabled?: boolean;
  readonly isExtractable?: boolean;
  readonly isFeatured?: boolean;
  readonly isPublic?: boolean;
  readonly requiresHvm?: boolean;
  readonly bootable?: boolean;
  readonly checksum?: string;
  readonly templateTag?: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly isDynamicallyScalable?: boolean;
  readonly isRouting?: boolean;
  readonly directDownload?: boolean;
  readonly deployAsIs?: boolean;
  readonly templateType?: string;
  readonly arch?: string;
  readonly extensionId?: string;
  readonly imageStoreUuid?: string;
}

const TEMPLATE_TYPES = ['USER', 'VNF', 'SYSTEM', 'ROUTING', 'BUILTIN'] as const;
/** Reserved: the system VM templates' names (TemplateAdapterBase refuses them). */
const RESERVED_TYPES = ['SYSTEM'];

/** The URL rules of UriUtils.validateUrl: http(s) only, and a well-formed one. */
export function checkImageUrl(url: string): void {
  if (url.toLowerCase().includes('file://')) throw invalidParam('File:// type urls are currently unsupported');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidParam(`Please specify a valid URL. URL:${url} is an invalid.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalidParam(`Unsupported scheme for url: ${url}`);
}

/** The zones a registration goes to: one, several, or every zone with an image store (-1). */
async function targetZones(db: Db, caller: Caller, a: RegisterArgs, ownerIsRoot: boolean, iso: boolean): Promise<{ id: number; uuid: string; name: string }[]> {
  if (a.zoneId !== undefined && a.zoneIds !== undefined && a.zoneIds.length) throw invalidParam('Both zoneid and zoneids cannot be specified at the same time');
  const refs = a.zoneIds?.length ? a.zoneIds : a.zoneId !== undefined ? [a.zoneId] : [];
  if (!refs.length) throw invalidParam('Either zoneid or zoneids is required. Both cannot be null.');
  if (refs.length > 1 && refs.includes('-1')) throw invalidParam('Parameter zoneids cannot combine all zones (-1) option with other zones');
  if (refs[0] === '-1') {
    if (!ownerIsRoot) throw invalidParam(`${iso ? 'ISO' : 'Template'} registered for 'All zones' can only be owned a Root Admin account. Please select specific zone(s).`);
    const all = await db.selectFrom('zones').select(['id', 'uuid', 'name']).where('removed', 'is', null).orderBy('id').execute();
    const withStore: typeof all = [];
    for (const z of all) if ((await zoneStores(db, z.id)).length) withStore.push(z);
    if (!withStore.length) throw invalidParam('No zone has an image store to download the image to');
    return withStore;
  }
  const out: { id: number; uuid: string; name: string }[] = [];
  for (const ref of [...new Set(refs)]) {
    const z = await findZone(db, ref).catch(() => {
      throw invalidParam('Please specify a valid zone.');
    });
    if (z.allocation_state === 'Disabled' && !isRootAdmin(caller)) throw permissionDenied(`Cannot perform this operation, Zone ${z.name} is currently disabled`);
    if (!(await zoneStores(db, z.id)).length) throw invalidParam(`Unable to find image store to download the ${iso ? 'ISO' : 'template'} to in zone ${z.name}`);
    out.push(z);
  }
  return out;
}

async function guestOs(db: Db, ref: string): Promise<number> {
  const id = await resolveId(db, 'guest_os', ref);
  const os = id === undefined ? undefined : await db.selectFrom('guest_os').select('id').where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!os) throw invalidParam(`Unable to find guest OS type with id ${ref}`);
  return os.id;
}

export async function noneGuestOs(db: Db): Promise<number | null> {
  return (await db.selectFrom('guest_os').select('id').where('display_name', '=', 'None').where('removed', 'is', null).executeTakeFirst())?.id ?? null;
}

/** Validates and records a registration; returns the copies to download and what to answer. */
export async function registerImage(deps: TemplateDeps, caller: Caller, a: RegisterArgs, iso: boolean): Promise<TemplateView[]> {
  const { db } = deps;
  if (a.templateTag !== undefined && !isRootAdmin(caller)) throw permissionDenied('Parameter templatetag can only be specified by a Root Admin, permission denied');
  if (a.isRouting !== undefined && !isRootAdmin(caller)) throw permissionDenied('Parameter isrouting can only be specified by a Root Admin, permission denied');
  const name = checkTemplateName(a.name);
  const format = iso ? 'ISO' : parseTemplateFormat(a.format ?? '');
  const hypervisor = iso ? ISO_HYPERVISOR : parseHypervisor(a.hypervisor ?? '');
  if (a.directDownload === true) {
    throw invalidParam('Parameter directdownload is not supported: Nubo always downloads templates and ISOs to the image stores (secondary storage) of the zone');
  }
  if (a.deployAsIs === true) throw invalidParam('Parameter deployasis is only supported for VMware templates');
  if (a.extensionId !== undefined) throw invalidParam(`Unable to find extension with id ${a.extensionId}`);
  checkImageUrl(a.url);
  if (a.checksum !== undefined && a.checksum !== '') parseChecksum(a.checksum);
  const arch = parseArch(a.arch);

  let type = 'USER';
  if (a.templateType !== undefined) {
    const t = TEMPLATE_TYPES.find((x) => x === a.templateType!.trim().toUpperCase());
    if (!t) throw invalidParam(`Please specify a valid templatetype: ${TEMPLATE_TYPES.join(',')}`);
    if (a.isRouting !== undefined && (t === 'ROUTING') !== a.isRouting) throw invalidParam('Please specify a valid templatetype (consistent with isrouting parameter).');
    if (t !== 'USER' && t !== 'VNF' && caller.roleType === 'User') throw invalidParam(`Parameter templatetype can only be specified as USER or VNF, not ${t}.`);
    type = t;
  } else if (a.isRouting === true) type = 'ROUTING';

  const ownerId = await resolveOwner(db, caller, a);
  await checkOwnerWritable(db, ownerId);
  const owner = await db.selectFrom('accounts').select(['id', 'uuid', 'name', 'type', 'domain_id']).where('id', '=', ownerId).executeTakeFirstOrThrow();
  const ownerIsRoot = owner.type === 1;
  const zones = await targetZones(db, caller, a, ownerIsRoot, iso);
  if ((type === 'SYSTEM' || type === 'BUILTIN') && !(a.zoneId === '-1' || a.zoneIds?.[0] === '-1')) throw invalidParam('System and Builtin templates must be cross zone.');

  let osId: number | null;
  const bootable = iso ? (a.bootable ?? true) : true;
  if (iso) {
    const none = await noneGuestOs(db);
    if (bootable) {
      osId = a.osTypeId === undefined ? null : await guestOs(db, a.osTypeId);
      if (osId === null || osId === none) throw invalidParam('Please pass a valid GuestOS Id');
    } else osId = none;
  } else {
    if (a.osTypeId === undefined) throw invalidParam('Please provide a guest OS type');
    osId = await guestOs(db, a.osTypeId);
  }

  const isPublic = a.isPublic ?? false;
  if (isPublic && !ownerIsRoot && !(await deps.settings.getBool('allow.public.user.templates', 'account', ownerId))) {
    throw invalidParam('Only private templates/ISO can be created.');
  }
  // Only a root admin's templates can be featured; anybody else's flag is dropped, as CloudStack does.
  const isFeatured = ownerIsRoot && a.isFeatured === true;
  const reserved = await db.selectFrom('templates').select('id').where('type', 'in', RESERVED_TYPES).where('removed', 'is', null)
    .where((eb) => eb.or([eb(eb.fn('lower', ['name']), '=', name.toLowerCase()), eb(eb.fn('lower', ['display_text']), '=', (a.displayText ?? name).toLowerCase())]))
    .where('arch', '=', arch).executeTakeFirst();
  if (reserved) throw invalidParam('Cannot use reserved names for templates');

  let storeFilter: string | undefined;
  if (a.imageStoreUuid !== undefined) {
    const s = await db.selectFrom('image_stores').select(['uuid', 'zone_id']).where('uuid', '=', a.imageStoreUuid).where('removed', 'is', null).executeTakeFirst();
    if (!s || !zones.some((z) => z.id === s.zone_id)) throw invalidParam(`Unable to find image store with uuid ${a.imageStoreUuid} in the zone`);
    storeFilter = s.uuid;
  }
  // A private image goes to one store per zone; a public, featured or system one to every store.
  const everyStore = isPublic || isFeatured || type === 'SYSTEM';
  const targets: { zoneId: number; storeId: number }[] = [];
  for (const z of zones) {
    const stores = (await zoneStores(db, z.id)).filter((s) => storeFilter === undefined || s.uuid === storeFilter);
    for (const s of everyStore ? stores : stores.slice(0, 1)) targets.push({ zoneId: z.id, storeId: s.id });
  }

  const now = new Date().toISOString();
  const uuid = randomUUID();
  const { templateId, copyIds } = await db.transaction().execute(async (tx) => {
    await deps.limits.reserve(ownerId, 'template', 1, tx);
    const t = await tx.insertInto('templates').values({
      uuid, name, display_text: a.displayText?.trim() ? a.displayText : name, unique_name: null, account_id: ownerId, domain_id: owner.domain_id,
      format, type, hypervisor, guest_os_id: osId, bits: a.bits ?? 64, url: a.url, checksum: a.checksum || null, is_public: isPublic ? 1 : 0,
      is_featured: isFeatured ? 1 : 0, is_extractable: a.isExtractable ? 1 : 0, password_enabled: a.passwordEnabled ? 1 : 0,
      sshkey_enabled: a.sshKeyEnabled ? 1 : 0, requires_hvm: iso ? 1 : (a.requiresHvm ?? true) ? 1 : 0, bootable: bootable ? 1 : 0,
      cross_zones: a.zoneId === '-1' || a.zoneIds?.[0] === '-1' ? 1 : 0, dynamically_scalable: a.isDynamicallyScalable ? 1 : 0,
      template_tag: a.templateTag ?? null, source_template_id: null, arch, sort_key: 0, details: JSON.stringify(a.details ?? {}), state: 'Active',
      created: now, removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (const x of targets) {
      const r = await tx.insertInto('template_stores').values({
        template_id: t.id, store_id: x.storeId, zone_id: x.zoneId, state: 'Allocated', download_state: 'NOT_DOWNLOADED', download_pct: 0, error_str: null,
        install_path: null, md5: null, format, extract_token: null, extract_created: null, created: now, updated: null,
      }).returning('id').executeTakeFirstOrThrow();
      ids.push(r.id);
    }
    return { templateId: t.id, copyIds: ids };
  });
  const who: JobOwner = { userId: caller.userId, accountId: caller.accountId, domainId: caller.domainId };
  await deps.events.record(caller, {
    type: iso ? 'ISO.CREATE' : 'TEMPLATE.CREATE', description: `Registered ${iso ? 'ISO' : 'template'} ${name} from ${a.url}`,
    resourceType: iso ? 'Iso' : 'Template', resourceId: uuid, resourceName: name,
  });
  const views = await templateViewsAllZones(db, caller, templateId);
  deps.downloads.start(copyIds, who);
  return views;
}
