import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';

/** Which owners a list call may show: one account, or a domain (optionally its subtree). */
export type ListScope =
  | { readonly kind: 'account'; readonly accountId: number }
  | { readonly kind: 'domain'; readonly domainId: number; readonly path: string; readonly recursive: boolean };

export interface ScopeArgs {
  readonly listall?: boolean;
  readonly domainid?: string;
  readonly account?: string;
  readonly isrecursive?: boolean;
}

/**
 * CloudStack's list scoping: a user sees its own account; an admin without `listall`
 * sees its own account too, with `listall` everything under its domain, and may narrow
 * by `domainid` (+`isrecursive`) or `account`. Asking for a domain or account outside the
 * caller's reach is refused.
 */
export async function listScope(db: Db, caller: Caller, a: ScopeArgs): Promise<ListScope> {
  if (caller.roleType === 'User') {
    if (a.account !== undefined && a.account !== caller.accountName) throw permissionDenied(`Account ${a.account} is not accessible by the caller`);
    return { kind: 'account', accountId: caller.accountId };
  }
  let domain = { id: caller.domainId, path: caller.domainPath };
  if (a.domainid !== undefined) {
    const id = await resolveId(db, 'domains', a.domainid);
    const d = id === undefined ? undefined : await db.selectFrom('domains').select(['id', 'path']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!d) throw invalidParam(`Unable to find domain by id ${a.domainid}`);
    if (!isRootAdmin(caller) && !d.path.startsWith(caller.domainPath)) throw permissionDenied(`Domain ${a.domainid} is not accessible by the caller`);
    domain = d;
  }
  if (a.account !== undefined) {
    const acct = await db.selectFrom('accounts').select('id').where('name', '=', a.account).where('domain_id', '=', domain.id).where('removed', 'is', null).executeTakeFirst();
    if (!acct) throw invalidParam(`Unable to find account ${a.account} in domain ${a.domainid ?? caller.domainUuid}`);
    return { kind: 'account', accountId: acct.id };
  }
  if (a.domainid !== undefined) return { kind: 'domain', domainId: domain.id, path: domain.path, recursive: a.isrecursive === true || a.listall === true };
  if (a.listall) return { kind: 'domain', domainId: domain.id, path: domain.path, recursive: true };
  return { kind: 'account', accountId: caller.accountId };
}
