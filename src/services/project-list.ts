import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { checkDomainAccess } from './identity-access.js';
import { resolveId } from './lookup.js';
import { type ProjectView, loadProjects } from './project-views.js';
import type { Page } from './query.js';

export interface ProjectFilter {
  readonly id?: string;
  readonly name?: string;
  readonly displayText?: string;
  readonly state?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly isRecursive?: boolean;
  readonly listAll?: boolean;
  readonly keyword?: string;
  readonly username?: string;
}

/** Who a membership filter is about: a user (its own rows and its account's) or any row of an account. */
type MemberFilter = { readonly userId: number; readonly accountId: number } | { readonly accountId: number };

/**
 * listProjects (QueryManagerImpl.listProjectsInternal): a user sees the projects it is a
 * member of; an admin too, unless it asks for `listall` (every project within its domain,
 * root admins all) or names a `domainid` (and maybe a member `account` in it).
 */
export async function listProjects(db: Db, caller: Caller, f: ProjectFilter, page: Page): Promise<{ count: number; items: ProjectView[] }> {
  const admin = caller.roleType !== 'User';
  let domain: { id: number; uuid: string; path: string } | undefined;
  let member: MemberFilter | undefined;
  let path: string | undefined;
  if (admin) {
    if (f.domainId !== undefined) {
      const id = await resolveId(db, 'domains', f.domainId);
      domain = id === undefined ? undefined : await db.selectFrom('domains').select(['id', 'uuid', 'path']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
      if (!domain) throw invalidParam(`Domain id=${f.domainId} doesn't exist in the system`);
      checkDomainAccess(caller, domain);
      if (f.account !== undefined) {
        const a = await db.selectFrom('accounts').select('id').where('name', '=', f.account).where('domain_id', '=', domain.id).where('removed', 'is', null).executeTakeFirst();
        if (!a) throw invalidParam(`Unable to find account ${f.account} in domain ${f.domainId}`);
        member = { accountId: a.id };
      }
    } else if (f.account !== undefined) {
      throw invalidParam(`could not find account ${f.account} because domain is not specified`);
    }
  } else {
    if (f.account !== undefined && f.account !== caller.accountName) throw permissionDenied(`Can't list account ${f.account} projects; unauthorized`);
    if (f.domainId !== undefined && (await resolveId(db, 'domains', f.domainId)) !== caller.domainId) throw permissionDenied(`Can't list domain id= ${f.domainId} projects; unauthorized`);
    member = { userId: caller.userId, accountId: caller.accountId };
  }
  if (domain === undefined && member === undefined && !f.listAll) member = { userId: caller.userId, accountId: caller.accountId };
  else if (admin && !isRootAdmin(caller)) path = caller.domainPath;

  let q = db.selectFrom('projects as p').innerJoin('domains as d', 'd.id', 'p.domain_id').innerJoin('accounts as pacct', 'pacct.id', 'p.project_account_id')
    .where('p.removed', 'is', null).where('pacct.removed', 'is', null);
  if (member !== undefined) {
    const m = member;
    q = q.where((eb) => eb.exists(eb.selectFrom('project_accounts as pa').select('pa.id').whereRef('pa.project_id', '=', 'p.id').where((w) => ('userId' in m
      ? w.or([w('pa.user_id', '=', m.userId), w.and([w('pa.account_id', '=', m.accountId), w('pa.user_id', 'is', null)])])
      : w('pa.account_id', '=', m.accountId)))));
  }
  if (path !== undefined) q = q.where('d.path', 'like', `${path}%`);
  if (domain !== undefined) q = f.isRecursive ? q.where('d.path', 'like', `${domain.path}%`) : q.where('p.domain_id', '=', domain.id);
  if (f.id !== undefined) q = q.where('p.id', '=', (await resolveId(db, 'projects', f.id)) ?? -1);
  if (f.name !== undefined) q = q.where('p.name', '=', f.name);
  if (f.displayText !== undefined) q = q.where('p.display_text', '=', f.displayText);
  if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['p.state']), '=', f.state!.toLowerCase()));
  if (f.keyword !== undefined) {
    // MySQL's LIKE (CloudStack's) ignores case; so do we, on both dialects.
    const k = `%${f.keyword.toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['p.name']), 'like', k), eb(eb.fn('lower', ['p.display_text']), 'like', k)]));
  }
  if (f.username !== undefined) {
    // Projects the named user (of the domain asked for, else the caller's) belongs to, itself or through its account.
    const users = db.selectFrom('users as u').innerJoin('accounts as ua', 'ua.id', 'u.account_id').where('u.username', '=', f.username)
      .where('u.removed', 'is', null).where('ua.domain_id', '=', domain?.id ?? caller.domainId);
    q = q.where((eb) => eb.exists(eb.selectFrom('project_accounts as pu').select('pu.id').whereRef('pu.project_id', '=', 'p.id').where((w) => w.or([
      w('pu.user_id', 'in', users.select('u.id')),
      w.and([w('pu.user_id', 'is', null), w('pu.account_id', 'in', users.select('u.account_id'))]),
    ]))));
  }
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  // CloudStack lists the newest project first.
  const ids = await q.select('p.id').orderBy('p.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await loadProjects(db, ids.map((r) => r.id)) };
}
