import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { type ProjectRole, parseInvitationState } from '../core/project.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import { checkEntityAccess } from './identity-access.js';
import { resolveId } from './lookup.js';
import { checkModifyProject, findProject } from './project-access.js';
import { addMember, type ProjectMemberService } from './project-members.js';
import { type InvitationView, loadInvitations } from './project-views.js';
import type { ProjectService } from './projects.js';
import { type Page, applyScope } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import { listScope } from './scope.js';

export type { InvitationView } from './project-views.js';

export interface InvitationFilter {
  readonly projectId?: string;
  readonly activeOnly?: boolean;
  readonly state?: string;
  readonly id?: string;
  readonly userId?: string;
  readonly account?: string;
  readonly listAll?: boolean;
  readonly domainId?: string;
  readonly isRecursive?: boolean;
}

const UPDATE_CMD = 'updateProjectInvitation';
const DELETE_CMD = 'deleteProjectInvitation';

/** Project invitations (project.invite.required): listed by invitee, accepted or declined by it, withdrawn by the project's admins. */
export class ProjectInvitationService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly limits: ResourceLimitService,
    private readonly projects: ProjectService,
    private readonly members: ProjectMemberService,
  ) {
    jobs.register({
      cmd: UPDATE_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const projectId = Number(params.projectId);
        await ctx.step('answer', () => this.answer(Number(params.invitationId), params.accept === true, Number(params.accountId)));
        await ctx.step('event', () => this.projects.event(ctx.owner, projectId, 'PROJECT.INVITATION.UPDATE', `Successfully completed updating project invitation. Project Id: ${String(params.projectUuid)}`));
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: DELETE_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        await ctx.step('delete', async () => {
          await this.db.deleteFrom('project_invitations').where('id', '=', Number(params.invitationId)).execute();
        });
        await ctx.step('event', () => this.projects.event(ctx.owner, Number(params.projectId), 'PROJECT.INVITATION.REMOVE', `Successfully completed removing project invitation. Invitation Id: ${String(params.invitationUuid)}`));
        return { type: 'success' };
      },
    });
  }

  /**
   * listProjectInvitations (buildACLSearchParameters with forProjectInvitation): scoped by the
   * invitee's account like any list; `projectid` only filters. Invitations by e-mail have no
   * invitee account, so only admins listing a domain see them.
   */
  async list(caller: Caller, f: InvitationFilter, page: Page): Promise<{ count: number; items: InvitationView[] }> {
    await this.members.expireInvitations();
    const scope = await listScope(this.db, caller, { listall: f.listAll, domainid: f.domainId, account: f.account, isrecursive: f.isRecursive });
    let q = this.db.selectFrom('project_invitations as i').innerJoin('domains as d', 'd.id', 'i.domain_id');
    q = applyScope(q, scope, 'i.account_id', 'd');
    if (f.projectId !== undefined) q = q.where('i.project_id', '=', (await findProject(this.db, f.projectId)).id);
    if (f.id !== undefined) q = q.where('i.id', '=', (await resolveId(this.db, 'project_invitations', f.id)) ?? -1);
    if (f.userId !== undefined) q = q.where('i.user_id', '=', (await resolveId(this.db, 'users', f.userId)) ?? -1);
    if (f.state !== undefined) q = q.where('i.state', '=', parseInvitationState(f.state));
    if (f.activeOnly) q = q.where('i.state', '=', 'Pending');
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = await q.select('i.id').orderBy('i.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: await loadInvitations(this.db, ids.map((r) => r.id)) };
  }

  /** updateProjectInvitation: the invitee (the caller, a named account, a user, or a token's bearer) accepts or declines. */
  async submitUpdate(caller: Caller, a: { projectId: string; account?: string; userId?: string; token?: string; accept?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, a.projectId, `Unable to find the project id=${a.projectId}`);
    let accountId = caller.accountId;
    let userId: number | null = caller.userId;
    if (a.account !== undefined) {
      const acct = await this.db.selectFrom('accounts').select(['id', 'name']).where('name', '=', a.account).where('domain_id', '=', p.domainId).where('removed', 'is', null).executeTakeFirst();
      if (!acct) throw invalidParam(`Unable to find account name=${a.account} in domain id=${p.domainUuid}`);
      checkEntityAccess(caller, { accountId: acct.id, domainPath: p.domainPath, what: `account ${acct.name}` });
      accountId = acct.id;
      userId = null;
    } else if (a.userId !== undefined) {
      const id = await resolveId(this.db, 'users', a.userId);
      const u = id === undefined ? undefined : await this.db.selectFrom('users as u').innerJoin('accounts as ac', 'ac.id', 'u.account_id')
        .select(['u.id', 'u.username', 'u.account_id', 'ac.domain_id']).where('u.id', '=', id).where('u.removed', 'is', null).executeTakeFirst();
      if (!u) throw invalidParam('Invalid user ID provided. Please provide a valid user ID or account name whose invitation is to be updated');
      if (u.domain_id !== p.domainId) throw invalidParam(`Unable to find user =${a.userId} in domain id=${p.domainUuid}`);
      checkEntityAccess(caller, { accountId: u.account_id, domainPath: p.domainPath, what: `user ${u.username}` });
      accountId = u.account_id;
      userId = u.id;
    }
    await this.members.expireInvitations();
    const base = this.db.selectFrom('project_invitations').select(['id', 'state', 'created']).where('project_id', '=', p.id).where('state', 'in', ['Pending', 'Expired']);
    let inv: { id: number; state: string } | undefined;
    if (a.token !== undefined) inv = await base.where('token', '=', a.token).executeTakeFirst();
    else if (userId === null) inv = await base.where('account_id', '=', accountId).where('user_id', 'is', null).executeTakeFirst();
    // The caller's own invitation, else its account's.
    else inv = (await base.where('user_id', '=', userId).executeTakeFirst()) ?? (await base.where('account_id', '=', accountId).where('user_id', 'is', null).executeTakeFirst());
    if (!inv) throw invalidParam(`Unable to find invitation for account name=${a.account ?? caller.accountName} to the project=${p.name}`);
    const accept = a.accept !== false;
    if (inv.state === 'Expired' && accept) throw invalidParam(`Invitation is expired for account id=${a.account ?? caller.accountName} to the project ${p.name}`);
    const job = await this.jobs.submit({
      cmd: UPDATE_CMD, javaClass, owner: caller, params: { projectId: p.id, projectUuid: p.uuid, invitationId: inv.id, accept, accountId, userId },
      instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** Compare-and-set from Pending (a declined or expired one never joins); joining adds the member once. */
  private async answer(invitationId: number, accept: boolean, accountId: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const inv = await tx.selectFrom('project_invitations').selectAll().where('id', '=', invitationId).executeTakeFirst();
      if (!inv) return;
      const r = await tx.updateTable('project_invitations').set({ state: accept ? 'Completed' : 'Declined' }).where('id', '=', invitationId)
        .where('state', 'in', accept ? ['Pending'] : ['Pending', 'Expired']).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0 || !accept) return;
      // A user's invitation makes that user a member; an account's, or an e-mail one, the (accepting) account.
      await addMember(tx, this.limits, {
        projectId: inv.project_id, accountId: inv.account_id ?? accountId, userId: inv.user_id, role: inv.role as ProjectRole, projectRoleId: inv.project_role_id,
      });
    });
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const id = await resolveId(this.db, 'project_invitations', idOrUuid);
    const inv = id === undefined ? undefined : await this.db.selectFrom('project_invitations').select(['id', 'uuid', 'project_id']).where('id', '=', id).executeTakeFirst();
    if (!inv) throw invalidParam(`Unable to find project invitation by id ${idOrUuid}`);
    const p = await findProject(this.db, String(inv.project_id));
    await checkModifyProject(this.db, caller, p);
    const job = await this.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { projectId: p.id, invitationId: inv.id, invitationUuid: inv.uuid },
      instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }
}
