import { invalidParam } from '../core/errors.js';
import { PROJECT_ACCOUNT_TYPE, type ProjectRole } from '../core/project.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import type { ProjectRow } from './project-access.js';
import type { ResourceLimitService } from './resource-limits.js';

// updateProject's rules (ProjectManagerImpl.updateProject, both forms), shared helpers of ProjectService.

export interface ProjectChanges {
  readonly name?: string;
  readonly displayText?: string;
  readonly account?: string;
  readonly userId?: string;
  readonly roleType?: string;
  readonly swapOwner?: boolean;
}

/** A membership whose role updateProject changes (decided while validating, applied in the job). */
export interface RoleChange {
  readonly memberId: number;
  readonly accountId: number;
  readonly role: ProjectRole;
}

export async function nameTaken(q: Db, domainId: number, name: string, exceptId?: number): Promise<boolean> {
  let s = q.selectFrom('projects').select('id').where('domain_id', '=', domainId).where('removed', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== undefined) s = s.where('id', '!=', exceptId);
  return (await s.executeTakeFirst()) !== undefined;
}

/** validateUser: a live user, of `accountId` and/or in `domainId` when given. */
export async function userOf(db: Db, userRef: string, accountRef: string | undefined, domainRef: string | undefined) {
  const id = await resolveId(db, 'users', userRef);
  const u = id === undefined ? undefined : await db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id').innerJoin('domains as d', 'd.id', 'a.domain_id')
    .select(['u.id', 'u.username', 'u.account_id as accountId', 'a.uuid as accountUuid', 'd.id as domainId', 'd.uuid as domainUuid', 'd.path as domainPath'])
    .where('u.id', '=', id).where('u.removed', 'is', null).where('a.removed', 'is', null).executeTakeFirst();
  if (!u) throw invalidParam('Invalid user ID provided');
  const accountId = accountRef === undefined ? undefined : await resolveId(db, 'accounts', accountRef);
  const domainId = domainRef === undefined ? undefined : await resolveId(db, 'domains', domainRef);
  if ((accountRef !== undefined && accountId !== u.accountId) || (domainRef !== undefined && domainId !== u.domainId)) {
    throw invalidParam("User doesn't belong to the specified account or domain");
  }
  return u;
}

/** The membership roles an update changes: a swap of ownership (default), or one member promoted or demoted. */
export async function roleChanges(db: Db, p: ProjectRow, c: ProjectChanges, role: ProjectRole | undefined): Promise<RoleChange[]> {
  const admins = await db.selectFrom('project_accounts').select(['id', 'account_id', 'user_id']).where('project_id', '=', p.id).where('role', '=', 'Admin').orderBy('id').execute();
  if (c.swapOwner !== false) {
    // CloudStack's swap takes an account only (a user id is ignored here).
    if (c.account === undefined) return [];
    const acct = await activeAccount(db, c.account, p);
    const member = await db.selectFrom('project_accounts').select(['id', 'role']).where('project_id', '=', p.id).where('account_id', '=', acct.id).where('user_id', 'is', null).executeTakeFirst();
    if (!member) throw invalidParam(`Account ${c.account} doesn't belong to the project. Add it to the project first and then change the project's ownership`);
    const current = admins[0];
    if (!current) throw invalidParam(`Unable to find the current owner for the project ${p.name}`);
    if (current.account_id === acct.id && current.user_id === null) return [];
    return [{ memberId: current.id, accountId: current.account_id, role: 'Regular' }, { memberId: member.id, accountId: acct.id, role: 'Admin' }];
  }
  if (c.account === undefined && c.userId === undefined) return [];
  if (role === undefined) throw invalidParam('Please provide the project role type (Admin or Regular) to assign');
  let member: { id: number; account_id: number; role: string } | undefined;
  if (c.account !== undefined) {
    const acct = await activeAccount(db, c.account, p);
    member = await db.selectFrom('project_accounts').select(['id', 'account_id', 'role']).where('project_id', '=', p.id).where('account_id', '=', acct.id).where('user_id', 'is', null).executeTakeFirst();
    if (!member) throw invalidParam(`Account ${c.account} doesn't belong to the project. Add it to the project first and then change the project's ownership`);
  } else {
    const u = await userOf(db, c.userId!, undefined, undefined);
    if (u.domainId !== p.domainId) throw invalidParam("User doesn't belong to the specified account or domain");
    member = await db.selectFrom('project_accounts').select(['id', 'account_id', 'role']).where('project_id', '=', p.id).where('user_id', '=', u.id).executeTakeFirst();
    if (!member) throw invalidParam(`User ${u.username} doesn't belong to the project. Add it to the project first and then change the project's ownership`);
  }
  if (admins.length === 1 && admins[0]!.id === member.id && role !== 'Admin') throw invalidParam('Cannot demote the only admin of the project');
  return member.role === role ? [] : [{ memberId: member.id, accountId: member.account_id, role }];
}

export async function activeAccount(db: Db, name: string, p: ProjectRow): Promise<{ id: number }> {
  const a = await db.selectFrom('accounts').select('id').where('name', '=', name).where('domain_id', '=', p.domainId)
    .where('removed', 'is', null).where('type', '!=', PROJECT_ACCOUNT_TYPE).executeTakeFirst();
  if (!a) throw invalidParam(`Unable to find account name=${name} in domain id=${p.domainUuid}`);
  return a;
}

/** Idempotent: names are set, and each role change is compare-and-set with its count adjusted once. */
export async function applyUpdate(db: Db, limits: ResourceLimitService, id: number, params: Record<string, unknown>): Promise<void> {
  const changes = (params.changes ?? []) as RoleChange[];
  await db.transaction().execute(async (tx) => {
    if (typeof params.name === 'string') {
      if (await nameTaken(tx, (await tx.selectFrom('projects').select('domain_id').where('id', '=', id).executeTakeFirstOrThrow()).domain_id, params.name, id)) {
        throw invalidParam(`Project with name ${params.name} already exists in its domain`);
      }
      await tx.updateTable('projects').set({ name: params.name }).where('id', '=', id).execute();
    }
    if (typeof params.displayText === 'string') await tx.updateTable('projects').set({ display_text: params.displayText }).where('id', '=', id).execute();
    // Demotions first, so a swap never needs room for two owners at once.
    for (const ch of [...changes].sort((a, b) => (a.role === 'Regular' ? -1 : 0) - (b.role === 'Regular' ? -1 : 0))) {
      const from = ch.role === 'Admin' ? 'Regular' : 'Admin';
      const r = await tx.updateTable('project_accounts').set({ role: ch.role }).where('id', '=', ch.memberId).where('role', '=', from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) continue;
      if (ch.role === 'Admin') await limits.reserve(ch.accountId, 'project', 1, tx);
      else await limits.release(ch.accountId, 'project', 1, tx);
    }
  });
}

