// listTemplates / listIsos: CloudStack's template filters and visibility rules
// (TemplateQueryServiceImpl.searchForTemplatesInternal), over (template, zone) pairs.
import { sql } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { PROJECT_ACCOUNT_TYPE } from '../core/project.js';
import { TEMPLATE_HYPERVISORS, type TemplateFilter, filterListsOnlyReady, parseTemplateFilter } from '../core/template-rules.js';
import type { Db } from '../db/schema.js';
import { idOf } from './infra-refs.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import type { SettingsService } from './settings.js';
import { type TagMapEntry, tagPairs } from './tag-filter.js';
import { checkSee, isIsoRow, templateQuery } from './template-access.js';
import { type TemplatePair, type TemplateView, loadTemplateViews } from './template-views.js';

export interface TemplateListArgs extends ScopeArgs {
  readonly iso: boolean;
  /** templatefilter / isofilter. */
  readonly filter: string;
  readonly id?: string;
  readonly ids?: readonly string[];
  readonly name?: string;
  readonly keyword?: string;
  readonly zoneId?: string;
  readonly hypervisor?: string;
  readonly showRemoved?: boolean;
  readonly showUnique?: boolean;
  readonly isReady?: boolean;
  readonly bootable?: boolean;
  readonly isPublic?: boolean;
  readonly arch?: string;
  readonly templateType?: string;
  readonly osCategoryId?: string;
  readonly imageStoreId?: string;
  readonly tags?: readonly TagMapEntry[];
}

/** Domains whose public templates the caller may not see (share.public.templates.with.other.domains). */
async function unsharableDomains(db: Db, settings: SettingsService, caller: Caller): Promise<number[]> {
  if (isRootAdmin(caller)) return [];
  const owners = await db.selectFrom('templates').select('domain_id').distinct().where('is_public', '=', 1).where('removed', 'is', null).execute();
  const out: number[] = [];
  for (const o of owners) {
    if (o.domain_id !== caller.domainId && !(await settings.getBool('share.public.templates.with.other.domains', 'domain', o.domain_id))) out.push(o.domain_id);
  }
  return out;
}

export async function listTemplates(db: Db, settings: SettingsService, caller: Caller, a: TemplateListArgs, page: Page): Promise<{ count: number; items: TemplateView[] }> {
  const filter: TemplateFilter = parseTemplateFilter(a.filter);
  if (filter === 'all' && caller.roleType === 'User') throw invalidParam('Filter all can be specified by admin only');
  if (a.id !== undefined && a.ids !== undefined) throw invalidParam('Specify either id or ids, not both');
  const scope = await listScope(db, caller, { ...a, listall: a.listall === true || filter === 'all' });
  const permitted = scope.kind === 'account' ? [scope.accountId] : scope.kind === 'accounts' ? [...scope.accountIds] : [];
  const adminForAccount = caller.roleType !== 'User' && a.account !== undefined && a.domainid !== undefined;
  const onlyReady = filterListsOnlyReady(filter, adminForAccount) || a.isReady === true;
  const unsharable = await unsharableDomains(db, settings, caller);

  let q = db.selectFrom('templates as t').innerJoin('accounts as a', 'a.id', 't.account_id').innerJoin('domains as d', 'd.id', 't.domain_id')
    .leftJoin('template_stores as ts', (j) => j.onRef('ts.template_id', '=', 't.id').on('ts.state', '!=', 'Destroyed'));

  if (a.id !== undefined) {
    // As CloudStack: an id is checked for access and then searched for alone, filters aside.
    const id = await resolveId(db, 'templates', a.id);
    const t = id === undefined ? undefined : await templateQuery(db).where('t.id', '=', id).executeTakeFirst();
    if (!t) throw invalidParam(`Please specify a valid ${a.iso ? 'ISO' : 'template'} ID.`);
    if (a.iso && !isIsoRow(t)) throw invalidParam('Specified Template Id is not an ISO');
    if (!a.iso && isIsoRow(t)) throw invalidParam(`Incorrect format ${t.format} of the specified template id`);
    await checkSee(db, settings, caller, t);
    q = q.where('t.id', '=', t.id);
  } else {
    if (a.ids !== undefined) {
      const ids: number[] = [];
      for (const x of a.ids) ids.push((await resolveId(db, 'templates', x)) ?? -1);
      q = q.where('t.id', 'in', ids.length ? ids : [-1]);
    }
    if (a.projectid === undefined) q = q.where('a.type', '!=', PROJECT_ACCOUNT_TYPE);
    else if (scope.kind === 'accounts') q = q.where('a.type', '=', PROJECT_ACCOUNT_TYPE);
    switch (filter) {
      case 'featured':
      case 'community':
        q = q.where('t.is_public', '=', 1).where('t.is_featured', '=', filter === 'featured' ? 1 : 0);
        break;
      case 'self':
      case 'selfexecutable': {
        if (permitted.length) q = q.where('t.account_id', 'in', permitted);
        if (caller.roleType !== 'User') {
          // Admins: the templates of one domain, or of its subtree when recursive.
          const d = scope.kind === 'domain' ? scope : await db.selectFrom('accounts as x').innerJoin('domains as y', 'y.id', 'x.domain_id')
            .select(['y.id as domainId', 'y.path']).where('x.id', '=', permitted[0] ?? caller.accountId).executeTakeFirstOrThrow();
          const recursive = scope.kind === 'domain' ? scope.recursive : a.isrecursive === true;
          q = recursive ? q.where('d.path', 'like', `${d.path}%`) : q.where('d.id', '=', d.domainId);
        }
        break;
      }
      case 'sharedexecutable':
        if (!permitted.length) return { count: 0, items: [] };
        q = q.where((eb) => eb.exists(eb.selectFrom('template_permissions as lp').select('lp.template_id').whereRef('lp.template_id', '=', 't.id').where('lp.account_id', 'in', permitted)));
        break;
      case 'executable':
        q = q.where((eb) => eb.or([eb('t.is_public', '=', 1), ...(permitted.length ? [eb('t.account_id', 'in', permitted)] : [])]));
        break;
      case 'all':
        if (!isRootAdmin(caller)) {
          q = q.where((eb) => eb.or([
            eb('t.is_public', '=', 1),
            ...(a.projectid === undefined ? [eb('d.path', 'like', `${caller.domainPath}%`)]
              : permitted.length ? [eb('t.account_id', 'in', permitted), eb.exists(eb.selectFrom('template_permissions as lp').select('lp.template_id').whereRef('lp.template_id', '=', 't.id').where('lp.account_id', 'in', permitted))] : []),
          ]));
        }
        break;
    }
  }
  if (unsharable.length) q = q.where((eb) => eb.not(eb.and([eb('t.is_public', '=', 1), eb('t.domain_id', 'in', unsharable)])));

  q = q.where('t.format', a.iso ? '=' : '!=', 'ISO');
  if (!a.iso && a.hypervisor !== undefined) {
    // CloudStack ignores a hypervisor name it does not know (HypervisorType.getType gives None).
    const h = TEMPLATE_HYPERVISORS.find((x) => x.toLowerCase() === a.hypervisor!.trim().toLowerCase());
    if (h) q = q.where('t.hypervisor', '=', h);
  }
  if (a.name !== undefined) q = q.where('t.name', '=', a.name);
  if (a.keyword !== undefined) {
    const k = `%${a.keyword.toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['t.name']), 'like', k), eb(eb.fn('lower', ['t.display_text']), 'like', k)]));
  }
  if (a.bootable !== undefined) q = q.where('t.bootable', '=', a.bootable ? 1 : 0);
  if (a.isPublic !== undefined) q = q.where('t.is_public', '=', a.isPublic ? 1 : 0);
  if (a.arch !== undefined) q = q.where('t.arch', '=', a.arch.toLowerCase());
  if (a.templateType !== undefined) q = q.where('t.type', '=', a.templateType.toUpperCase());
  if (a.osCategoryId !== undefined) {
    const cat = await idOf(db, 'guest_os_categories', a.osCategoryId);
    q = q.where('t.guest_os_id', 'in', db.selectFrom('guest_os').select('id').where('category_id', '=', cat));
  }
  const tags = tagPairs(a.tags);
  if (tags.length) {
    q = q.where((eb) => eb.exists(eb.selectFrom('resource_tags as rt').select('rt.id').whereRef('rt.resource_id', '=', 't.id')
      .where('rt.resource_type', '=', a.iso ? 'ISO' : 'Template')
      .where((e) => e.or(tags.map((x) => e.and([e('rt.key', '=', x.key), e('rt.value', '=', x.value)]))))));
  }
  if (a.imageStoreId !== undefined) q = q.where('ts.store_id', '=', await idOf(db, 'image_stores', a.imageStoreId));
  if (a.zoneId !== undefined) q = q.where('ts.zone_id', '=', await idOf(db, 'zones', a.zoneId));
  if (onlyReady) q = q.where('ts.state', '=', 'Ready');
  // featured and selfexecutable hide system VM templates (showDomr).
  if (filter === 'featured' || filter === 'selfexecutable') q = q.where('t.type', '!=', 'SYSTEM');
  if (a.showRemoved !== true) q = q.where('t.removed', 'is', null);

  const unique = a.showUnique === true;
  const pairs = unique
    ? q.select(['t.id as templateId', 't.sort_key as sortKey']).distinct()
    : q.select(['t.id as templateId', 'ts.zone_id as zoneId', 't.sort_key as sortKey']).distinct();
  const { count } = await db.selectFrom(pairs.as('p')).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  let ordered = pairs.orderBy('t.sort_key').orderBy('t.id');
  if (!unique) ordered = ordered.orderBy(sql`ts.zone_id`);
  const rows = await ordered.limit(page.limit).offset(page.offset).execute();
  const list: TemplatePair[] = rows.map((r) => ({ templateId: r.templateId, zoneId: unique ? undefined : ((r as { zoneId?: number | null }).zoneId ?? null) }));
  return { count: Number(count), items: await loadTemplateViews(db, caller, list) };
}
