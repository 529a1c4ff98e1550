import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { checkAccessProject, domainProjectAccountIds, findProject, memberProjectAccountIds } from './project-access.js';

/** Which owners a list call may show without `projectid`: one account, or a domain (optionally its subtree). */
export type OwnerScope =
  | { readonly kind: 'account'; readonly accountId: number }
  | { readonly kind: 'domain'; readonly domainId: number; readonly path: string; readonly recursive: boolean };

/** What a list call may show: an OwnerScope, or with `projectid=-1` the accounts of several projects. */
export type ListScope = OwnerScope | { readonly kind: 'accounts'; readonly accountIds: readonly number[] };

export interface ScopeArgs {
  readonly listall?: boolean;
  readonly domainid?: string;
  readonly account?: string;
  readonly isrecursive?: boolean;
  /** A project's id (its resources), or `-1` (the resources of every project the caller can see). */
  readonly projectid?: string;
}

/**
 * CloudStack's list scoping: a user sees its own account; an admin without `listall`
 * sees its own account too, with `listall` everything under its domain, and may narrow
 * by `domainid` (+`isrecursive`) or `account`. Asking for a domain or account outside the
 * caller's reach is refused. With `projectid` (AccountManagerImpl.buildACLSearchParameters)
 * the list shows that project's account, or with `-1` every project's account the caller
 * may see; a project the caller may not access is refused (531).
 */
export function listScope(db: Db, caller: Caller, a: ScopeArgs & { readonly projectid?: undefined }): Promise<OwnerScope>;
export function listScope(db: Db, caller: Caller, a: ScopeArgs): Promise<ListScope>;
export async function listScope(db: Db, caller: Caller, a: ScopeArgs): Promise<ListScope> {
  if (a.projectid !== undefined) return projectScope(db, caller, a, a.projectid);
  if (caller.roleType === 'User') {
    if (a.account !== undefined && a.account !== caller.accountName) throw permissionDenied(`Account ${a.account} is not accessible by the caller`);
    return { kind: 'account', accountId: caller.accountId };
  }
  let domain = { id: caller.domainId, path: caller.domainPath };
  if (a.domainid !== undefined) domain = await scopeDomain(db, caller, a.domainid);
  if (a.account !== undefined) {
    const acct = await db.selectFrom('accounts').select('id').where('name', '=', a.account).where('domain_id', '=', domain.id).where('removed', 'is', null).executeTakeFirst();
    if (!acct) throw invalidParam(`Unable to find account ${a.account} in domain ${a.domainid ?? caller.domainUuid}`);
    return { kind: 'account', accountId: acct.id };
  }
  if (a.domainid !== undefined) return { kind: 'domain', domainId: domain.id, path: domain.path, recursive: a.isrecursive === true || a.listall === true };
  if (a.listall) return { kind: 'domain', domainId: domain.id, path: domain.path, recursive: true };
  return { kind: 'account', accountId: caller.accountId };
}

async function scopeDomain(db: Db, caller: Caller, ref: string): Promise<{ id: number; path: string }> {
  const id = await resolveId(db, 'domains', ref);
  const d = id === undefined ? undefined : await db.selectFrom('domains').select(['id', 'path']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!d) throw invalidParam(`Unable to find domain by id ${ref}`);
  if (!isRootAdmin(caller) && !d.path.startsWith(caller.domainPath)) throw permissionDenied(`Domain ${ref} is not accessible by the caller`);
  return d;
}

async function projectScope(db: Db, caller: Caller, a: ScopeArgs, projectid: string): Promise<ListScope> {
  if (a.account !== undefined) throw invalidParam("Account and projectId can't be specified together");
  // A given domain is still checked, as CloudStack does, even though the project decides.
  const domain = a.domainid !== undefined && caller.roleType !== 'User' ? await scopeDomain(db, caller, a.domainid) : undefined;
  if (projectid === '-1') {
    if (caller.roleType === 'User') return { kind: 'accounts', accountIds: await memberProjectAccountIds(db, caller) };
    // Admins: the projects of the domain asked for, else of their own subtree (root: all).
    const d = domain ?? { id: caller.domainId, path: caller.domainPath };
    return { kind: 'accounts', accountIds: await domainProjectAccountIds(db, d, domain === undefined || a.isrecursive === true || a.listall === true) };
  }
  const p = await findProject(db, projectid);
  await checkAccessProject(db, caller, p);
  return { kind: 'account', accountId: p.accountId };
}
