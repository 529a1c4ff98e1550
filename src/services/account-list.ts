import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { checkDomainAccess, checkEntityAccess } from './identity-access.js';
import { type AccountView, loadAccounts } from './identity-views.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';

export interface AccountFilter {
  readonly id?: string;
  readonly name?: string;
  readonly accountType?: number;
  readonly state?: string;
  readonly keyword?: string;
  readonly domainId?: string;
  readonly isRecursive?: boolean;
  readonly listAll?: boolean;
  readonly cleanupRequired?: boolean;
}

/**
 * listAccounts (AccountQueryServiceImpl.searchForAccountIdsAndCount): without `id` a caller sees
 * its own account unless an admin asks for `listall` or a `domainid`; never the system account.
 */
export async function listAccounts(
  db: Db, caller: Caller, f: AccountFilter, page: Page, findDomain: (idOrUuid: string) => Promise<{ id: number; uuid: string; path: string }>,
): Promise<{ count: number; items: AccountView[] }> {
  const admin = caller.roleType !== 'User';
  // CloudStack's account 1: the first account the seed makes.
  const system = await db.selectFrom('accounts').select('id').orderBy('id').limit(1).executeTakeFirst();
  let domain: { id: number; uuid: string; path: string } | undefined;
  if (f.domainId !== undefined) {
    domain = await findDomain(f.domainId);
    checkDomainAccess(caller, domain);
  }
  let accountId: number | undefined;
  let recursive = f.isRecursive === true;
  if (f.id === undefined) {
    // listall matters only to admins; otherwise a caller sees its own account.
    if (f.listAll && admin) {
      domain ??= { id: caller.domainId, uuid: caller.domainUuid, path: caller.domainPath };
      recursive = true;
    } else if (!admin || domain === undefined) {
      accountId = caller.accountId;
    }
  } else {
    const id = await resolveId(db, 'accounts', f.id);
    const a = id === undefined ? undefined : await db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id')
      .select(['a.id', 'a.name', 'a.domain_id', 'd.path']).where('a.id', '=', id).where('a.removed', 'is', null).executeTakeFirst();
    if (!a || a.id === system?.id || (domain && a.domain_id !== domain.id)) throw invalidParam(`Unable to find account by id ${f.id}${domain ? ` in domain ${domain.uuid}` : ''}`);
    checkEntityAccess(caller, { accountId: a.id, domainPath: a.path, what: `account ${a.name}` });
    accountId = a.id;
  }
  let q = db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').where('a.removed', 'is', null).where('a.id', '!=', system?.id ?? -1);
  // CloudStack hides domain-admin accounts from callers who are not admins, and the
  // accounts behind projects (type 5) from everyone: they are listed as projects.
  if (!admin) q = q.where('a.type', '!=', 2);
  q = q.where('a.type', '!=', 5);
  if (accountId !== undefined) q = q.where('a.id', '=', accountId);
  if (domain !== undefined) q = recursive ? q.where('d.path', 'like', `${domain.path}%`) : q.where('a.domain_id', '=', domain.id);
  if (f.name !== undefined) q = q.where('a.name', '=', f.name);
  if (f.accountType !== undefined) q = q.where('a.type', '=', f.accountType);
  if (f.state !== undefined) q = q.where('a.state', '=', f.state.toLowerCase());
  if (f.cleanupRequired === true) q = q.where('a.id', '=', -1);
  if (f.keyword !== undefined) {
    // MySQL's LIKE (CloudStack's) ignores case; so do we, on both dialects.
    const k = `%${f.keyword.toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['a.name']), 'like', k), eb('a.state', 'like', k)]));
  }
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const ids = await q.select('a.id').orderBy('a.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await loadAccounts(db, ids.map((r) => r.id)) };
}
