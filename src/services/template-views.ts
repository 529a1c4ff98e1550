// What listTemplates/listIsos show: one view per (template, zone) pair, as CloudStack's
// template_view does, with the download state of the copies in that zone's image stores.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { PROJECT_ACCOUNT_TYPE } from '../core/project.js';
import { type DownloadState, downloadStatus } from '../core/template-rules.js';
import type { Db } from '../db/schema.js';
import type { TagView } from './tags.js';
import { isIsoRow, templateQuery } from './template-access.js';

export interface TemplateCopyView {
  readonly storeUuid: string;
  readonly storeName: string;
  readonly downloadPct: number;
  readonly downloadState: DownloadState;
}

export interface TemplateView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly isIso: boolean;
  readonly format: string;
  readonly type: string;
  readonly hypervisor: string;
  readonly bits: number;
  readonly url: string | null;
  readonly checksum: string | null;
  readonly isPublic: boolean;
  readonly isFeatured: boolean;
  readonly isExtractable: boolean;
  readonly passwordEnabled: boolean;
  readonly sshKeyEnabled: boolean;
  readonly requiresHvm: boolean;
  readonly bootable: boolean;
  readonly crossZones: boolean;
  readonly dynamicallyScalable: boolean;
  readonly templateTag: string | null;
  readonly arch: string;
  readonly details: Readonly<Record<string, string>>;
  readonly created: string;
  readonly removed: string | null;
  readonly osTypeUuid: string | null;
  readonly osTypeName: string | null;
  readonly sourceTemplateUuid: string | null;
  readonly accountUuid: string;
  readonly account: string;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
  readonly projectUuid: string | null;
  readonly projectName: string | null;
  readonly zoneUuid: string | null;
  readonly zoneName: string | null;
  readonly ready: boolean;
  readonly status: string | null;
  readonly sizeBytes: number | null;
  readonly physicalBytes: number | null;
  readonly copies: readonly TemplateCopyView[];
  /** Status, URL and download details are for root admins, the owner and project templates only. */
  readonly showsDownload: boolean;
  /** Filled by TemplateService (job results carry none). */
  readonly tags?: readonly TagView[];
}

/** One (template, zone) pair to show; zone undefined means "its first zone" (showunique). */
export interface TemplatePair {
  readonly templateId: number;
  readonly zoneId: number | null | undefined;
}

function parseDetails(s: string): Record<string, string> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Views of the given pairs, in the given order (a pair whose template is gone is skipped). */
export async function loadTemplateViews(db: Db, caller: Caller | null, pairs: readonly TemplatePair[]): Promise<TemplateView[]> {
  if (pairs.length === 0) return [];
  const ids = [...new Set(pairs.map((p) => p.templateId))];
  const rows = await templateQuery(db).where('t.id', 'in', ids).execute();
  if (rows.length === 0) return [];
  const osIds = rows.map((r) => r.guest_os_id).filter((x): x is number => x !== null);
  const oses = osIds.length ? await db.selectFrom('guest_os').select(['id', 'uuid', 'display_name']).where('id', 'in', osIds).execute() : [];
  const srcIds = rows.map((r) => r.source_template_id).filter((x): x is number => x !== null);
  const sources = srcIds.length ? await db.selectFrom('templates').select(['id', 'uuid']).where('id', 'in', srcIds).execute() : [];
  const projects = await db.selectFrom('projects').select(['uuid', 'name', 'project_account_id'])
    .where('project_account_id', 'in', rows.map((r) => r.account_id)).execute();
  const copies = await db.selectFrom('template_stores as ts').innerJoin('image_stores as s', 's.id', 'ts.store_id').innerJoin('zones as z', 'z.id', 'ts.zone_id')
    .select(['ts.template_id', 'ts.zone_id', 'ts.state', 'ts.download_state', 'ts.download_pct', 'ts.error_str', 'ts.size', 'ts.physical_size',
      's.uuid as storeUuid', 's.name as storeName', 'z.uuid as zoneUuid', 'z.name as zoneName'])
    .where('ts.template_id', 'in', ids).where('ts.state', '!=', 'Destroyed').orderBy('ts.id').execute();

  const out: TemplateView[] = [];
  for (const p of pairs) {
    const t = rows.find((r) => r.id === p.templateId);
    if (!t) continue;
    const mine = copies.filter((c) => c.template_id === t.id);
    const zoneId = p.zoneId === undefined ? (mine[0]?.zone_id ?? null) : p.zoneId;
    const inZone = zoneId === null ? [] : mine.filter((c) => c.zone_id === zoneId);
    // The copy that speaks for the zone: a ready one if any, else the first.
    const lead = inZone.find((c) => c.state === 'Ready') ?? inZone[0];
    const os = oses.find((o) => o.id === t.guest_os_id);
    const project = t.accountType === PROJECT_ACCOUNT_TYPE ? projects.find((x) => x.project_account_id === t.account_id) : undefined;
    out.push({
      id: t.id, uuid: t.uuid, name: t.name, displayText: t.display_text, isIso: isIsoRow(t), format: t.format, type: t.type, hypervisor: t.hypervisor,
      bits: t.bits, url: t.url, checksum: t.checksum, isPublic: t.is_public === 1, isFeatured: t.is_featured === 1, isExtractable: t.is_extractable === 1,
      passwordEnabled: t.password_enabled === 1, sshKeyEnabled: t.sshkey_enabled === 1, requiresHvm: t.requires_hvm === 1, bootable: t.bootable === 1,
      crossZones: t.cross_zones === 1, dynamicallyScalable: t.dynamically_scalable === 1, templateTag: t.template_tag, arch: t.arch,
      details: parseDetails(t.details), created: t.created, removed: t.removed, osTypeUuid: os?.uuid ?? null, osTypeName: os?.display_name ?? null,
      sourceTemplateUuid: sources.find((s) => s.id === t.source_template_id)?.uuid ?? null,
      accountUuid: t.accountUuid, account: t.accountName, domainUuid: t.domainUuid, domainName: t.domainName, domainPath: t.domainPath,
      projectUuid: project?.uuid ?? null, projectName: project?.name ?? null,
      zoneUuid: lead?.zoneUuid ?? null, zoneName: lead?.zoneName ?? null,
      ready: lead?.state === 'Ready',
      status: lead ? downloadStatus({ downloadState: lead.download_state as DownloadState, downloadPct: lead.download_pct, error: lead.error_str, templateState: t.state }) : null,
      sizeBytes: lead && lead.state === 'Ready' ? Number(lead.size) : null,
      physicalBytes: lead && lead.state === 'Ready' ? Number(lead.physical_size) : null,
      copies: inZone.map((c) => ({ storeUuid: c.storeUuid, storeName: c.storeName, downloadPct: c.download_pct, downloadState: c.download_state as DownloadState })),
      showsDownload: caller === null || isRootAdmin(caller) || t.account_id === caller.accountId || t.accountType === PROJECT_ACCOUNT_TYPE,
    });
  }
  return out;
}

/** Every zone pair of one template (what register/copy/update answer with). */
export async function templateViewsAllZones(db: Db, caller: Caller | null, templateId: number): Promise<TemplateView[]> {
  const zones = await db.selectFrom('template_stores').select('zone_id').distinct().where('template_id', '=', templateId).where('state', '!=', 'Destroyed')
    .orderBy('zone_id').execute();
  const pairs: TemplatePair[] = zones.length ? zones.map((z) => ({ templateId, zoneId: z.zone_id })) : [{ templateId, zoneId: null }];
  return loadTemplateViews(db, caller, pairs);
}
