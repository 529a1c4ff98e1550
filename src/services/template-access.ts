// Finding templates/ISOs and CloudStack's access rules on them (AccountManagerImpl.checkAccess
// with DomainChecker): who may use one (deploy from it, see it) and who may change it.
import type { Selectable } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { PROJECT_ACCOUNT_TYPE } from '../core/project.js';
import type { Db, TemplateTable } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { canAccessProject, projectOfAccount } from './project-access.js';
import type { SettingsService } from './settings.js';

export interface TemplateRow extends Selectable<TemplateTable> {
  readonly accountUuid: string;
  readonly accountName: string;
  readonly accountType: number;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
}

export const isIsoRow = (t: { format: string }) => t.format === 'ISO';
const label = (iso: boolean) => (iso ? 'ISO' : 'template');

export function templateQuery(db: Db) {
  return db.selectFrom('templates as t').innerJoin('accounts as a', 'a.id', 't.account_id').innerJoin('domains as d', 'd.id', 't.domain_id')
    .selectAll('t').select(['a.uuid as accountUuid', 'a.name as accountName', 'a.type as accountType', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath']);
}

/**
 * A live template (iso=false) or ISO (iso=true) by uuid or internal id; a 431 naming the kind
 * when there is none, it is removed, or it is of the other kind.
 */
export async function findTemplate(db: Db, idOrUuid: string, iso: boolean): Promise<TemplateRow> {
  const id = await resolveId(db, 'templates', idOrUuid);
  const t = id === undefined ? undefined : await templateQuery(db).where('t.id', '=', id).where('t.removed', 'is', null).executeTakeFirst();
  if (!t || isIsoRow(t) !== iso) throw invalidParam(`Unable to find ${label(iso)} with id ${idOrUuid}`);
  return t;
}

/** The same row by internal id, removed or not (views of finished jobs). */
export async function templateById(db: Db, id: number): Promise<TemplateRow> {
  return templateQuery(db).where('t.id', '=', id).executeTakeFirstOrThrow();
}

async function projectMember(db: Db, caller: Caller, t: TemplateRow): Promise<boolean> {
  if (t.accountType !== PROJECT_ACCOUNT_TYPE) return false;
  const p = await projectOfAccount(db, t.account_id);
  return p !== undefined && (await canAccessProject(db, caller, p));
}

/**
 * Whether a public template of another domain is visible (share.public.templates.with.other.domains
 * of the owner's domain; QueryManagerImpl.applyPublicTemplateSharingRestrictions).
 */
export async function domainShares(settings: SettingsService, caller: Caller, t: { domain_id: number }): Promise<boolean> {
  if (isRootAdmin(caller) || t.domain_id === caller.domainId) return true;
  return settings.getBool('share.public.templates.with.other.domains', 'domain', t.domain_id);
}

/**
 * UseEntry (DomainChecker's template rule): deploy from it, attach it. Root admins, the owner,
 * members of an owning project, accounts it is shared with, and everybody for a public one.
 * Domain admins get no reach over other accounts' private templates here, as in CloudStack.
 */
export async function canUse(db: Db, settings: SettingsService, caller: Caller, t: TemplateRow): Promise<boolean> {
  if (isRootAdmin(caller) || t.account_id === caller.accountId) return true;
  if (t.is_public === 1 && (await domainShares(settings, caller, t))) return true;
  const shared = await db.selectFrom('template_permissions').select('account_id').where('template_id', '=', t.id).where('account_id', '=', caller.accountId).executeTakeFirst();
  if (shared) return true;
  return projectMember(db, caller, t);
}

/** Listing by id also lets a domain admin see the private templates of its subtree. */
export async function canSee(db: Db, settings: SettingsService, caller: Caller, t: TemplateRow): Promise<boolean> {
  if (caller.roleType !== 'User' && t.domainPath.startsWith(caller.domainPath)) return true;
  return canUse(db, settings, caller, t);
}

/** OperateEntry: change, delete, copy, extract it: root admins, the owner, an owning project's members. */
export async function canOperate(db: Db, caller: Caller, t: TemplateRow): Promise<boolean> {
  return isRootAdmin(caller) || t.account_id === caller.accountId || projectMember(db, caller, t);
}

export async function checkUse(db: Db, settings: SettingsService, caller: Caller, t: TemplateRow): Promise<void> {
  if (!(await canUse(db, settings, caller, t))) {
    throw permissionDenied(`Account ${caller.accountName} does not have permission to use ${label(isIsoRow(t))} ${t.name} (${t.uuid})`);
  }
}

export async function checkOperate(db: Db, caller: Caller, t: TemplateRow): Promise<void> {
  if (!(await canOperate(db, caller, t))) {
    throw permissionDenied(`Account ${caller.accountName} does not have permission to operate with ${label(isIsoRow(t))} ${t.name} (${t.uuid})`);
  }
}

export async function checkSee(db: Db, settings: SettingsService, caller: Caller, t: TemplateRow): Promise<void> {
  if (!(await canSee(db, settings, caller, t))) {
    throw permissionDenied(`Account ${caller.accountName} does not have permission to see ${label(isIsoRow(t))} ${t.name} (${t.uuid})`);
  }
}
