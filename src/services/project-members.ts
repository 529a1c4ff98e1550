import { randomInt, randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { PROJECT_ACCOUNT_TYPE, type ProjectRole, parseProjectRole } from '../core/project.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import { resolveId } from './lookup.js';
import { checkModifyProject, findProject, membershipOf, type ProjectRow } from './project-access.js';
import { type ProjectMemberView, loadMembers } from './project-views.js';
import type { ProjectService } from './projects.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';

export type { ProjectMemberView } from './project-views.js';

export interface MemberFilter {
  readonly projectId: string;
  readonly account?: string;
  readonly userId?: string;
  readonly role?: string;
  readonly projectRoleId?: string;
  readonly keyword?: string;
}

/** Who joins and how: account-wide (userId null) or a single user, with a project role type and maybe a project role. */
export interface NewMember {
  readonly projectId: number;
  readonly accountId: number;
  readonly userId: number | null;
  readonly role: ProjectRole;
  readonly projectRoleId: number | null;
}

const ADD_ACCOUNT_CMD = 'addAccountToProject';
const REMOVE_ACCOUNT_CMD = 'deleteAccountFromProject';
const ADD_USER_CMD = 'addUserToProject';
const REMOVE_USER_CMD = 'deleteUserFromProject';

/**
 * Adds a member unless it is one already; an Admin member counts against its account's
 * project limit. Runs inside the caller's transaction; true when a row was added.
 */
export async function addMember(tx: Db, limits: ResourceLimitService, m: NewMember): Promise<boolean> {
  let existing = tx.selectFrom('project_accounts').select('id').where('project_id', '=', m.projectId);
  existing = m.userId === null ? existing.where('account_id', '=', m.accountId).where('user_id', 'is', null) : existing.where('user_id', '=', m.userId);
  if (await existing.executeTakeFirst()) return false;
  await tx.insertInto('project_accounts').values({
    uuid: randomUUID(), project_id: m.projectId, account_id: m.accountId, user_id: m.userId, role: m.role, project_role_id: m.projectRoleId, created: new Date().toISOString(),
  }).execute();
  if (m.role === 'Admin') await limits.reserve(m.accountId, 'project', 1, tx);
  return true;
}

/** ProjectManagerImpl.generateToken: ten characters of [0-9A-Z]. */
function token(): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from({ length: 10 }, () => chars[randomInt(chars.length)]).join('');
}

/** Members of projects: accounts, single users, and (with project.invite.required) invitations to become one. */
export class ProjectMemberService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly settings: SettingsService,
    private readonly limits: ResourceLimitService,
    private readonly projects: ProjectService,
  ) {
    for (const [cmd, type, verb] of [[ADD_ACCOUNT_CMD, 'PROJECT.ACCOUNT.ADD', 'adding account to'], [ADD_USER_CMD, 'PROJECT.USER.ADD', 'adding user to']] as const) {
      jobs.register({
        cmd,
        // Adding is idempotent (an existing member or pending invitation is left alone).
        onRestart: 'resume',
        run: async (ctx, params): Promise<JobResult> => {
          const m = params.member as NewMember;
          await ctx.step('add', async () => {
            if (params.invite === true) await this.invite(m.projectId, m.userId === null && params.email === null ? m.accountId : null, m.userId, params.email as string | null, m.role, m.projectRoleId);
            else await this.db.transaction().execute((tx) => addMember(tx, this.limits, m));
          });
          await ctx.step('event', () => this.projects.event(ctx.owner, m.projectId, type, `Successfully completed ${verb} project. Project Id: ${String(params.projectUuid)}`));
          return { type: 'success' };
        },
      });
    }
    for (const [cmd, type, verb] of [[REMOVE_ACCOUNT_CMD, 'PROJECT.ACCOUNT.REMOVE', 'removing account from'], [REMOVE_USER_CMD, 'PROJECT.USER.REMOVE', 'removing user from']] as const) {
      jobs.register({
        cmd,
        onRestart: 'resume',
        run: async (ctx, params): Promise<JobResult> => {
          const projectId = Number(params.projectId);
          await ctx.step('remove', () => this.removeMember(projectId, Number(params.memberId)));
          await ctx.step('event', () => this.projects.event(ctx.owner, projectId, type, `Successfully completed ${verb} project. Project Id: ${String(params.projectUuid)}`));
          return { type: 'success' };
        },
      });
    }
  }

  // ---- addAccountToProject / addUserToProject ----

  async submitAddAccount(caller: Caller, a: { projectId: string; account?: string; email?: string; projectRoleId?: string; roleType?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    if (a.account === undefined && a.email === undefined) throw invalidParam('Either accountName or email is required');
    const p = await findProject(this.db, a.projectId, 'Unable to find project with specified id');
    if (p.state !== 'Active') throw invalidParam(`Can't add account to the specified project id in state=${p.state} as it's no longer active`);
    let accountId: number | null = null;
    if (a.account !== undefined) {
      const acct = await this.db.selectFrom('accounts').select('id').where('name', '=', a.account).where('domain_id', '=', p.domainId)
        .where('removed', 'is', null).where('type', '!=', PROJECT_ACCOUNT_TYPE).executeTakeFirst();
      if (!acct) throw invalidParam(`Unable to find account name=${a.account} in specified domain id`);
      accountId = acct.id;
    }
    // Only who may manage the project adds to it (CloudStack checks this only when an account is named).
    await checkModifyProject(this.db, caller, p);
    const role = a.roleType === undefined ? 'Regular' : parseProjectRole(a.roleType);
    const projectRoleId = await this.projectRole(p, a.projectRoleId);
    const invite = await this.settings.getBool('project.invite.required');
    if (!invite && accountId === null) throw invalidParam('Account information is required for assigning account to the project');
    if (accountId !== null) {
      const member = await this.db.selectFrom('project_accounts').select('id').where('project_id', '=', p.id).where('account_id', '=', accountId).where('user_id', 'is', null).executeTakeFirst();
      // Already a member: nothing to do, and CloudStack answers success.
      if (!member && invite && (await this.activeInviteExists(p.id, accountId, null, null))) {
        throw invalidParam(`There is already a pending invitation for account ${a.account} to the project id=${p.uuid}`);
      }
      if (!member && !invite && role === 'Admin') await this.limits.check(accountId, 'project', 1);
    } else if (await this.activeInviteExists(p.id, null, null, a.email!)) {
      throw invalidParam(`There is already a pending invitation for email ${a.email} to the project ${p.name}`);
    }
    const member: NewMember = { projectId: p.id, accountId: accountId ?? -1, userId: null, role, projectRoleId };
    const job = await this.jobs.submit({
      cmd: ADD_ACCOUNT_CMD, javaClass, owner: caller, params: { projectUuid: p.uuid, member, invite, email: accountId === null ? a.email! : null },
      instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitAddUser(caller: Caller, a: { projectId: string; username: string; email?: string; projectRoleId?: string; roleType?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, a.projectId, 'Unable to find project with specified id');
    if (p.state !== 'Active') throw invalidParam(`Can't add user to the specified project id in state=${p.state} as it isn't currently active`);
    const u = await this.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id').select(['u.id', 'u.account_id', 'a.name as accountName'])
      .where('u.username', '=', a.username).where('a.domain_id', '=', p.domainId).where('u.removed', 'is', null).where('a.removed', 'is', null).executeTakeFirst();
    if (!u) throw invalidParam('Invalid user ID provided');
    await checkModifyProject(this.db, caller, p);
    const accountMember = await this.db.selectFrom('project_accounts').select('id').where('project_id', '=', p.id).where('account_id', '=', u.account_id).where('user_id', 'is', null).executeTakeFirst();
    if (accountMember) throw invalidParam(`User belongs to account ${u.accountName} which is already part of the project`);
    const role = a.roleType === undefined ? 'Regular' : parseProjectRole(a.roleType);
    const projectRoleId = await this.projectRole(p, a.projectRoleId);
    const invite = await this.settings.getBool('project.invite.required');
    const already = await this.db.selectFrom('project_accounts').select('id').where('project_id', '=', p.id).where('user_id', '=', u.id).executeTakeFirst();
    if (!already && invite && (await this.activeInviteExists(p.id, null, u.id, a.email ?? null))) {
      throw invalidParam(`There is already a pending invitation for user ${a.username} to the project id=${p.uuid}`);
    }
    if (!already && !invite && role === 'Admin') await this.limits.check(u.account_id, 'project', 1);
    const member: NewMember = { projectId: p.id, accountId: u.account_id, userId: u.id, role, projectRoleId };
    const job = await this.jobs.submit({
      cmd: ADD_USER_CMD, javaClass, owner: caller, params: { projectUuid: p.uuid, member, invite, email: a.email ?? null },
      instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** A project role of this very project, or a 431. */
  private async projectRole(p: ProjectRow, ref: string | undefined): Promise<number | null> {
    if (ref === undefined) return null;
    const id = await resolveId(this.db, 'project_roles', ref);
    const r = id === undefined ? undefined : await this.db.selectFrom('project_roles').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst();
    if (!r || r.project_id !== p.id) throw invalidParam('Invalid project role ID for the given project');
    return r.id;
  }

  // ---- deleteAccountFromProject / deleteUserFromProject ----

  async submitRemoveAccount(caller: Caller, a: { projectId: string; account: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, a.projectId, 'Unable to find project with specified id');
    const acct = await this.db.selectFrom('accounts').select('id').where('name', '=', a.account).where('domain_id', '=', p.domainId).where('removed', 'is', null).executeTakeFirst();
    if (!acct) throw invalidParam(`Unable to find account name=${a.account} in domain id=${p.domainUuid}`);
    await checkModifyProject(this.db, caller, p);
    const member = await this.db.selectFrom('project_accounts').select(['id', 'role']).where('project_id', '=', p.id).where('account_id', '=', acct.id).where('user_id', 'is', null).executeTakeFirst();
    if (!member) throw invalidParam(`Account ${a.account} is not assigned to the project with specified id`);
    if (await this.onlyOwner(p.id, member)) throw invalidParam(`Unable to delete account ${a.account} from the project with specified id as the account is the owner of the project`);
    return this.submitRemove(caller, p, member.id, REMOVE_ACCOUNT_CMD, javaClass);
  }

  async submitRemoveUser(caller: Caller, a: { projectId: string; userId: string }, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, a.projectId, 'Unable to find project with specified id');
    const id = await resolveId(this.db, 'users', a.userId);
    const u = id === undefined ? undefined : await this.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id')
      .select(['u.id', 'u.username', 'a.domain_id', 'a.removed']).where('u.id', '=', id).where('u.removed', 'is', null).executeTakeFirst();
    if (!u) throw invalidParam('Invalid userId provided');
    if (u.domain_id !== p.domainId || u.removed !== null) throw invalidParam(`Unable to find user ${u.username} in domain id=${p.domainUuid}`);
    await checkModifyProject(this.db, caller, p);
    const member = await this.db.selectFrom('project_accounts').select(['id', 'role']).where('project_id', '=', p.id).where('user_id', '=', u.id).executeTakeFirst();
    if (!member) {
      // A pending invitation of the user goes anyway, as CloudStack does.
      await this.db.deleteFrom('project_invitations').where('project_id', '=', p.id).where('user_id', '=', u.id).where('state', '=', 'Pending').execute();
      throw invalidParam(`User ${u.username} is not assigned to the project with specified id`);
    }
    if (await this.onlyOwner(p.id, member)) throw invalidParam(`Unable to delete user ${u.username} from the project with specified id as the user is the owner of the project`);
    return this.submitRemove(caller, p, member.id, REMOVE_USER_CMD, javaClass);
  }

  private async onlyOwner(projectId: number, member: { id: number; role: string }): Promise<boolean> {
    if (member.role !== 'Admin') return false;
    const admins = await this.db.selectFrom('project_accounts').select('id').where('project_id', '=', projectId).where('role', '=', 'Admin').execute();
    return admins.length === 1;
  }

  private async submitRemove(caller: Caller, p: ProjectRow, memberId: number, cmd: string, javaClass: string): Promise<{ jobUuid: string }> {
    const job = await this.jobs.submit({
      cmd, javaClass, owner: caller, params: { projectId: p.id, projectUuid: p.uuid, memberId }, instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** Idempotent: the membership and the member's invitations go; an Admin's project count comes back once. */
  private async removeMember(projectId: number, memberId: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const m = await tx.selectFrom('project_accounts').select(['account_id', 'user_id', 'role']).where('id', '=', memberId).executeTakeFirst();
      if (!m) return;
      await tx.deleteFrom('project_accounts').where('id', '=', memberId).execute();
      if (m.role === 'Admin') await this.limits.release(m.account_id, 'project', 1, tx);
      let inv = tx.deleteFrom('project_invitations').where('project_id', '=', projectId);
      inv = m.user_id === null ? inv.where('account_id', '=', m.account_id).where('user_id', 'is', null) : inv.where('user_id', '=', m.user_id);
      await inv.execute();
    });
  }

  // ---- listProjectAccounts ----

  async list(caller: Caller, f: MemberFilter, page: Page): Promise<{ count: number; items: ProjectMemberView[] }> {
    const p = await findProject(this.db, f.projectId, `Unable to find the project id=${f.projectId}`);
    const allowed = caller.roleType === 'User' ? (await membershipOf(this.db, p.id, caller)) !== undefined : p.domainPath.startsWith(caller.domainPath) || caller.roleType === 'Admin';
    if (!allowed) throw permissionDenied(`Account ${caller.accountName} is not authorized to list users of the project id=${p.uuid}`);
    let q = this.db.selectFrom('project_accounts as pa').innerJoin('accounts as a', 'a.id', 'pa.account_id').leftJoin('users as u', 'u.id', 'pa.user_id')
      .where('pa.project_id', '=', p.id).where('a.removed', 'is', null);
    if (f.account !== undefined) q = q.where('a.name', '=', f.account);
    if (f.userId !== undefined) q = q.where('pa.user_id', '=', (await resolveId(this.db, 'users', f.userId)) ?? -1);
    if (f.role !== undefined) q = q.where('pa.role', '=', parseProjectRole(f.role));
    if (f.projectRoleId !== undefined) q = q.where('pa.project_role_id', '=', (await resolveId(this.db, 'project_roles', f.projectRoleId)) ?? -1);
    if (f.keyword !== undefined) {
      const k = `%${f.keyword.toLowerCase()}%`;
      q = q.where((eb) => eb.or([eb(eb.fn('lower', ['a.name']), 'like', k), eb(eb.fn('lower', ['u.username']), 'like', k)]));
    }
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = await q.select('pa.id').orderBy('pa.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: await loadMembers(this.db, ids.map((r) => r.id)) };
  }

  // ---- invitations (shared with ProjectInvitationService) ----

  /** Pending invitations past project.invite.timeout become Expired (CloudStack's cleanup thread). */
  async expireInvitations(): Promise<void> {
    const timeout = await this.settings.getNumber('project.invite.timeout');
    const cutoff = new Date(Date.now() - timeout * 1000).toISOString();
    await this.db.updateTable('project_invitations').set({ state: 'Expired' }).where('state', '=', 'Pending').where('created', '<', cutoff).execute();
  }

  /**
   * activeInviteExists: a completed or live pending invitation for the same invitee blocks a new
   * one; a declined or expired one is removed so a new one can be made.
   */
  private async activeInviteExists(projectId: number, accountId: number | null, userId: number | null, email: string | null): Promise<boolean> {
    await this.expireInvitations();
    let q = this.db.selectFrom('project_invitations').select(['id', 'state']).where('project_id', '=', projectId);
    if (accountId !== null) q = q.where('account_id', '=', accountId).where('user_id', 'is', null);
    else if (userId !== null) q = q.where('user_id', '=', userId);
    else if (email !== null) q = q.where('email', '=', email);
    else return false;
    const inv = await q.executeTakeFirst();
    if (!inv) return false;
    if (inv.state === 'Completed' || inv.state === 'Pending') return true;
    await this.db.deleteFrom('project_invitations').where('id', '=', inv.id).execute();
    return false;
  }

  /** Creates the invitation (idempotent for the same invitee). E-mail invitations carry a token; Nubo sends no mail. */
  private async invite(projectId: number, accountId: number | null, userId: number | null, email: string | null, role: ProjectRole, projectRoleId: number | null): Promise<void> {
    if (await this.activeInviteExists(projectId, accountId, userId, email)) return;
    const p = await this.db.selectFrom('projects').select('domain_id').where('id', '=', projectId).executeTakeFirstOrThrow();
    const forUser = userId === null ? undefined : await this.db.selectFrom('users').select('account_id').where('id', '=', userId).executeTakeFirst();
    await this.db.insertInto('project_invitations').values({
      uuid: randomUUID(), project_id: projectId, account_id: accountId ?? forUser?.account_id ?? null, user_id: userId, domain_id: p.domain_id,
      email, token: email === null ? null : token(), role, project_role_id: projectRoleId, state: 'Pending', created: new Date().toISOString(),
    }).execute();
  }
}
