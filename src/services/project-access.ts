import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { ruleMatches } from '../core/role-rules.js';
import type { ProjectRole, ProjectState } from '../core/project.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';

// Who may see and who may manage a project (ProjectManagerImpl.canAccessProjectAccount and
// canModifyProjectAccount): root admins always; domain and resource admins when the project's
// domain is within theirs; anybody else only as a member, and to manage it as an Admin member.

export interface ProjectRow {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly state: ProjectState;
  readonly created: string;
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainPath: string;
  /** The project's own account (type 5), which owns the project's resources. */
  readonly accountId: number;
}

export interface Membership {
  readonly id: number;
  readonly role: ProjectRole;
  readonly userId: number | null;
  readonly projectRoleId: number | null;
}

/** A live project by uuid or internal id, or a 431 with `notFound`. */
export async function findProject(db: Db, idOrUuid: string, notFound = `Unable to find project by id ${idOrUuid}`): Promise<ProjectRow> {
  const id = await resolveId(db, 'projects', idOrUuid);
  const p = id === undefined ? undefined : await projectQuery(db).where('p.id', '=', id).executeTakeFirst();
  if (!p) throw invalidParam(notFound);
  return { ...p, state: p.state as ProjectState };
}

/** The live project whose account is `accountId`, if that account is a project's. */
export async function projectOfAccount(db: Db, accountId: number): Promise<ProjectRow | undefined> {
  const p = await projectQuery(db).where('p.project_account_id', '=', accountId).executeTakeFirst();
  return p ? { ...p, state: p.state as ProjectState } : undefined;
}

function projectQuery(db: Db) {
  return db.selectFrom('projects as p').innerJoin('domains as d', 'd.id', 'p.domain_id')
    .select(['p.id', 'p.uuid', 'p.name', 'p.display_text as displayText', 'p.state', 'p.created', 'p.domain_id as domainId',
      'd.uuid as domainUuid', 'd.path as domainPath', 'p.project_account_id as accountId'])
    .where('p.removed', 'is', null);
}

/** The caller's membership: its own user-level row first, else its account's. */
export async function membershipOf(db: Db, projectId: number, who: { userId: number; accountId: number }): Promise<Membership | undefined> {
  const base = db.selectFrom('project_accounts').select(['id', 'role', 'user_id as userId', 'project_role_id as projectRoleId']).where('project_id', '=', projectId);
  const row = (await base.where('user_id', '=', who.userId).executeTakeFirst())
    ?? (await base.where('account_id', '=', who.accountId).where('user_id', 'is', null).executeTakeFirst());
  return row ? { ...row, role: row.role as ProjectRole } : undefined;
}

/** Admins act on projects by domain reach; only plain users need to be members. */
const adminReaches = (caller: Caller, p: ProjectRow) => isRootAdmin(caller) || (caller.roleType !== 'User' && p.domainPath.startsWith(caller.domainPath));

export async function canAccessProject(db: Db, caller: Caller, p: ProjectRow): Promise<boolean> {
  if (caller.roleType !== 'User') return adminReaches(caller, p);
  return (await membershipOf(db, p.id, caller)) !== undefined;
}

export async function canModifyProject(db: Db, caller: Caller, p: ProjectRow): Promise<boolean> {
  if (caller.roleType !== 'User') return adminReaches(caller, p);
  return (await membershipOf(db, p.id, caller))?.role === 'Admin';
}

/** checkAccess(caller, ModifyProject, project account): 531 unless the caller may manage it. */
export async function checkModifyProject(db: Db, caller: Caller, p: ProjectRow): Promise<void> {
  if (!(await canModifyProject(db, caller, p))) {
    throw permissionDenied(`Account ${caller.accountName} does not have permission to operate with resource project ${p.name} (${p.uuid})`);
  }
}

/** 531 unless the caller may see the project (members, and admins over its domain). */
export async function checkAccessProject(db: Db, caller: Caller, p: ProjectRow): Promise<void> {
  if (!(await canAccessProject(db, caller, p))) throw permissionDenied(`Account ${caller.accountName} can't access project id=${p.uuid}`);
}

/** listPermittedProjectAccounts: the accounts of every live project the user is a member of. */
export async function memberProjectAccountIds(db: Db, who: { userId: number; accountId: number }): Promise<number[]> {
  const rows = await db.selectFrom('projects as p').innerJoin('project_accounts as pa', 'pa.project_id', 'p.id')
    .select('p.project_account_id').distinct().where('p.removed', 'is', null)
    .where((eb) => eb.or([eb('pa.user_id', '=', who.userId), eb.and([eb('pa.account_id', '=', who.accountId), eb('pa.user_id', 'is', null)])]))
    .execute();
  return rows.map((r) => r.project_account_id);
}

/** The accounts of every live project in a domain (optionally its subtree). */
export async function domainProjectAccountIds(db: Db, domain: { id: number; path: string }, recursive: boolean): Promise<number[]> {
  let q = db.selectFrom('projects as p').innerJoin('domains as d', 'd.id', 'p.domain_id').select('p.project_account_id').where('p.removed', 'is', null);
  q = recursive ? q.where('d.path', 'like', `${domain.path}%`) : q.where('d.id', '=', domain.id);
  return (await q.execute()).map((r) => r.project_account_id);
}

/**
 * DomainChecker.checkOperationPermitted: a member without the Admin role that was given a
 * project role may call, on the project's resources, only what the role's rules allow (the
 * first matching rule decides; none matching denies). Admins and other members are not limited.
 */
export async function checkProjectOperation(db: Db, caller: Caller, p: ProjectRow, command: string): Promise<void> {
  if (caller.roleType !== 'User') return;
  const m = await membershipOf(db, p.id, caller);
  if (!m || m.role === 'Admin' || m.projectRoleId === null) return;
  const rules = await db.selectFrom('project_role_permissions').select(['rule', 'permission']).where('project_role_id', '=', m.projectRoleId)
    .orderBy('sort_order').orderBy('id').execute();
  const match = rules.find((r) => ruleMatches(r.rule, command));
  if (match?.permission !== 'ALLOW') throw permissionDenied(`Account ${caller.accountName} does not have permission to operate with resource project ${p.name} (${p.uuid})`);
}
