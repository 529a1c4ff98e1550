import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, permissionDenied, resourceInUse } from '../core/errors.js';
import { DEFAULT_ROLE_ID } from '../core/identity.js';
import { PROJECT_ACCOUNT_TYPE, parseProjectRole, projectAccountName } from '../core/project.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobContext, JobOwner, JobResult } from '../jobs/types.js';
import type { AccountCleanup, AccountService } from './accounts.js';
import type { EventService } from './events.js';
import { checkEntityAccess } from './identity-access.js';
import { checkModifyProject, findProject, type ProjectRow } from './project-access.js';
import { type ProjectFilter, listProjects } from './project-list.js';
import { type ProjectChanges, applyUpdate, nameTaken, roleChanges, userOf } from './project-update.js';
import { type ProjectView, loadProjects } from './project-views.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';
import { resolveOwner } from './owner.js';

export type { ProjectView } from './project-views.js';
export type { ProjectFilter } from './project-list.js';
export type { ProjectChanges } from './project-update.js';

const CREATE_CMD = 'createProject';
const UPDATE_CMD = 'updateProject';
const DELETE_CMD = 'deleteProject';
const ACTIVATE_CMD = 'activateProject';
const SUSPEND_CMD = 'suspendProject';

/** Why a project's account cannot go yet (e.g. "2 UserVm to clean up"), or undefined. */
export type ProjectResourceCheck = (db: Db, projectAccountId: number) => Promise<string | undefined>;

export interface NewProject {
  readonly name: string;
  readonly displayText?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly userId?: string;
  readonly accountId?: string;
}


interface EventOwner {
  readonly accountId: number;
  readonly domainId: number;
}


/**
 * Projects (ProjectManagerImpl): create, update, delete, activate, suspend. A project owns its
 * resources through its own account (type 5); its members act in it. Other families register
 * what a project's account owns with onResourceCheck/onCleanup so deleteProject can refuse or
 * clean up.
 */
export class ProjectService {
  private readonly checks: ProjectResourceCheck[] = [];
  private readonly cleanups: AccountCleanup[] = [];

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly settings: SettingsService,
    private readonly limits: ResourceLimitService,
    accounts: AccountService,
  ) {
    // CloudStack refuses to delete an account that administers projects; here the account job
    // fails before anything else is cleaned (this cleanup is registered first), and a deleted
    // member simply leaves its projects.
    accounts.beforeDelete(async (accountId) => this.refuseIfAdministers(accountId));
    accounts.onDelete(async (accountId) => this.leaveAllProjects(accountId));
    // Creating is idempotent by the project's pre-chosen uuid, so an interrupted create carries on.
    jobs.register({ cmd: CREATE_CMD, onRestart: 'resume', run: (ctx, params) => this.runCreate(ctx, params) });
    jobs.register({
      cmd: UPDATE_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.projectId);
        await ctx.step('update', () => applyUpdate(this.db, this.limits, id, params));
        await ctx.step('event', () => this.event(ctx.owner, id, 'PROJECT.UPDATE', `Successfully completed updating project. Project Id: ${String(params.projectUuid)}`));
        return { type: 'entity', entity: 'Project', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: DELETE_CMD,
      // Every step is idempotent (a removed project stays removed), so carry on after a restart.
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.projectId);
        const accountId = Number(params.accountId);
        // Mark it Disabled first so nothing new is made in it while it goes.
        await ctx.step('disable', async () => {
          await this.db.updateTable('projects').set({ state: 'Disabled' }).where('id', '=', id).where('removed', 'is', null).execute();
        });
        await ctx.step('cleanup', async () => {
          for (const c of this.cleanups) await c(accountId, ctx.owner);
        });
        await ctx.step('remove', () => this.remove(id));
        await ctx.step('event', () => this.record(ctx.owner, params.eventOwner as EventOwner | null, id, 'PROJECT.DELETE', `Successfully completed deleting project. Project Id: ${String(params.projectUuid)}`));
        return { type: 'success' };
      },
    });
    for (const [cmd, state, type, verb] of [[ACTIVATE_CMD, 'Active', 'PROJECT.ACTIVATE', 'activating'], [SUSPEND_CMD, 'Suspended', 'PROJECT.SUSPEND', 'suspending']] as const) {
      jobs.register({
        cmd,
        onRestart: 'resume',
        run: async (ctx, params): Promise<JobResult> => {
          const id = Number(params.projectId);
          await ctx.step('state', () => this.setState(id, state));
          await ctx.step('event', () => this.event(ctx.owner, id, type, `Successfully completed ${verb} project. Project Id: ${String(params.projectUuid)}`));
          return { type: 'entity', entity: 'Project', data: await this.view(id) };
        },
      });
    }
  }

  /** Another family says what a project's account still owns (deleteProject without cleanup refuses). */
  onResourceCheck(check: ProjectResourceCheck): void {
    this.checks.push(check);
  }

  /** Another family removes what a project's account owns when the project is deleted with cleanup. */
  onCleanup(cleanup: AccountCleanup): void {
    this.cleanups.push(cleanup);
  }

  // ---- createProject ----

  /** Validates everything (bad input changes nothing), then creates in a job; answers the new id at once. */
  async submitCreate(caller: Caller, a: NewProject, javaClass: string): Promise<{ jobUuid: string; projectUuid: string }> {
    if (caller.roleType === 'User' && !(await this.settings.getBool('allow.user.create.projects', 'domain', caller.domainId))) {
      throw permissionDenied('Regular user is not permitted to create a project');
    }
    if ((a.account === undefined) !== (a.domainId === undefined)) throw invalidParam('Account name and domain id must be specified together');
    if (a.userId !== undefined && a.accountId === undefined && a.domainId === undefined) throw invalidParam('Domain ID and account ID must be provided with User ID');
    const name = a.name.trim();
    if (!name) throw invalidParam('Project name can not be empty');
    let ownerId = a.account !== undefined ? await resolveOwner(this.db, caller, { account: a.account, domainid: a.domainId }) : caller.accountId;
    let ownerUserId: number | null = null;
    if (a.userId !== undefined) {
      const u = await userOf(this.db, a.userId, a.accountId, a.domainId);
      checkEntityAccess(caller, { accountId: u.accountId, domainPath: u.domainPath, what: `user ${u.username}` });
      ownerId = u.accountId;
      ownerUserId = u.id;
    }
    const owner = await this.db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').select(['a.id', 'a.type', 'd.id as domainId', 'd.uuid as domainUuid'])
      .where('a.id', '=', ownerId).where('a.removed', 'is', null).executeTakeFirstOrThrow();
    if (owner.type === PROJECT_ACCOUNT_TYPE) throw invalidParam('A project account can not own a project');
    if (await nameTaken(this.db, owner.domainId, name)) throw invalidParam(`Project with name ${name} already exists in domain id=${owner.domainUuid}`);
    await this.limits.check(owner.id, 'project', 1);
    const projectUuid = randomUUID();
    const job = await this.jobs.submit({
      cmd: CREATE_CMD, javaClass, owner: caller,
      params: { projectUuid, name, displayText: a.displayText ?? name, ownerId: owner.id, ownerUserId, domainId: owner.domainId },
      instanceType: 'Project', instanceId: projectUuid, lockKey: `project-name:${owner.domainId}`,
    });
    return { jobUuid: job.uuid, projectUuid };
  }

  private async runCreate(ctx: JobContext, params: Record<string, unknown>): Promise<JobResult> {
    const uuid = String(params.projectUuid);
    const name = String(params.name);
    const domainId = Number(params.domainId);
    const ownerId = Number(params.ownerId);
    const now = new Date().toISOString();
    // One transaction: project account, project, owner membership and the owner's project count.
    const id = await ctx.step('create', () => this.db.transaction().execute(async (tx) => {
      const done = await tx.selectFrom('projects').select('id').where('uuid', '=', uuid).executeTakeFirst();
      if (done) return done.id;
      if (await nameTaken(tx, domainId, name)) {
        const d = await tx.selectFrom('domains').select('uuid').where('id', '=', domainId).executeTakeFirstOrThrow();
        throw invalidParam(`Project with name ${name} already exists in domain id=${d.uuid}`);
      }
      const acct = await tx.insertInto('accounts').values({
        uuid: randomUUID(), name: projectAccountName(name, domainId), type: PROJECT_ACCOUNT_TYPE, role_id: DEFAULT_ROLE_ID[0]!, domain_id: domainId,
        state: 'enabled', network_domain: null, created: now, removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      const p = await tx.insertInto('projects').values({
        uuid, name, display_text: String(params.displayText), domain_id: domainId, project_account_id: acct.id, state: 'Active', created: now, removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('project_accounts').values({
        uuid: randomUUID(), project_id: p.id, account_id: ownerId, user_id: params.ownerUserId === null ? null : Number(params.ownerUserId),
        role: 'Admin', project_role_id: null, created: now,
      }).execute();
      await this.limits.reserve(ownerId, 'project', 1, tx);
      return p.id;
    }));
    await ctx.step('event', () => this.event(ctx.owner, id, 'PROJECT.CREATE', `Successfully completed creating project. Project Name: ${name}`));
    return { type: 'entity', entity: 'Project', data: await this.view(id) };
  }

  // ---- listProjects ----

  async list(caller: Caller, f: ProjectFilter, page: Page): Promise<{ count: number; items: ProjectView[] }> {
    return listProjects(this.db, caller, f, page);
  }

  // ---- updateProject ----

  async submitUpdate(caller: Caller, idOrUuid: string, c: ProjectChanges, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, idOrUuid, `Unable to find the project id=${idOrUuid}`);
    await checkModifyProject(this.db, caller, p);
    if (c.account !== undefined && c.userId !== undefined) {
      throw invalidParam('Account name and user ID are mutually exclusive. Provide either account name to update account or user ID to update the user of the project');
    }
    const role = c.roleType === undefined ? undefined : parseProjectRole(c.roleType);
    let name: string | undefined;
    if (c.name !== undefined) {
      name = c.name.trim();
      if (!name) throw invalidParam('Project name can not be empty');
      if (await nameTaken(this.db, p.domainId, name, p.id)) throw invalidParam(`Project with name ${name} already exists in domain id=${p.domainUuid}`);
    }
    const changes = await roleChanges(this.db, p, c, role);
    for (const ch of changes) {
      if (ch.role === 'Admin') await this.limits.check(ch.accountId, 'project', 1);
    }
    const job = await this.jobs.submit({
      cmd: UPDATE_CMD, javaClass, owner: caller,
      params: { projectId: p.id, projectUuid: p.uuid, name: name ?? null, displayText: c.displayText ?? null, changes: changes.map((x) => ({ ...x })) },
      instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  // ---- deleteProject ----

  async submitDelete(caller: Caller, idOrUuid: string, cleanup: boolean, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, idOrUuid);
    await checkModifyProject(this.db, caller, p);
    if (!cleanup) {
      for (const check of this.checks) {
        const why = await check(this.db, p.accountId);
        if (why !== undefined) throw resourceInUse(`Can't delete the project yet because it has ${why}`);
      }
    }
    const job = await this.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { projectId: p.id, projectUuid: p.uuid, accountId: p.accountId, cleanup, eventOwner: await this.eventOwner(p.id) },
      instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** Idempotent: the project, its account, members, invitations and roles go; owners get their project count back once. */
  private async remove(id: number): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const p = await tx.selectFrom('projects').select(['id', 'project_account_id', 'removed']).where('id', '=', id).executeTakeFirst();
      if (!p || p.removed) return;
      const admins = await tx.selectFrom('project_accounts').select('account_id').where('project_id', '=', id).where('role', '=', 'Admin').execute();
      for (const a of admins) await this.limits.release(a.account_id, 'project', 1, tx);
      await tx.deleteFrom('project_accounts').where('project_id', '=', id).execute();
      await tx.deleteFrom('project_invitations').where('project_id', '=', id).execute();
      await tx.deleteFrom('project_role_permissions').where('project_id', '=', id).execute();
      await tx.deleteFrom('project_roles').where('project_id', '=', id).execute();
      await tx.deleteFrom('account_details').where('account_id', '=', p.project_account_id).execute();
      await tx.updateTable('accounts').set({ state: 'removed', removed: now }).where('id', '=', p.project_account_id).where('removed', 'is', null).execute();
      await tx.updateTable('projects').set({ state: 'Disabled', removed: now }).where('id', '=', id).execute();
    });
  }

  // ---- activateProject / suspendProject ----

  async submitActivate(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, idOrUuid, 'Unable to find project with specified id');
    await checkModifyProject(this.db, caller, p);
    // Activating an active project changes nothing; only a suspended one comes back.
    if (p.state !== 'Active' && p.state !== 'Suspended') throw invalidParam(`Can't activate the project in ${p.state} state`);
    return this.submitState(caller, p, ACTIVATE_CMD, javaClass);
  }

  async submitSuspend(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await findProject(this.db, idOrUuid, 'Unable to find project with specified id');
    await checkModifyProject(this.db, caller, p);
    if (p.state === 'Disabled') throw invalidParam(`Can't suspend the project in ${p.state} state`);
    return this.submitState(caller, p, SUSPEND_CMD, javaClass);
  }

  private async submitState(caller: Caller, p: ProjectRow, cmd: string, javaClass: string): Promise<{ jobUuid: string }> {
    const job = await this.jobs.submit({
      cmd, javaClass, owner: caller, params: { projectId: p.id, projectUuid: p.uuid }, instanceType: 'Project', instanceId: p.uuid, lockKey: `project:${p.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** Compare-and-set from the other live state; the project's account follows (a disabled account's resources are frozen). */
  private async setState(id: number, state: 'Active' | 'Suspended'): Promise<void> {
    const from = state === 'Active' ? 'Suspended' : 'Active';
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('projects').set({ state }).where('id', '=', id).where('state', '=', from).where('removed', 'is', null).executeTakeFirst();
      const p = await tx.selectFrom('projects').select(['state', 'name', 'project_account_id']).where('id', '=', id).executeTakeFirstOrThrow();
      if (Number(r.numUpdatedRows) === 0 && p.state !== state) throw invalidParam(`Can't ${state === 'Active' ? 'activate' : 'suspend'} the project in ${p.state} state`);
      await tx.updateTable('accounts').set({ state: state === 'Active' ? 'enabled' : 'disabled' }).where('id', '=', p.project_account_id).where('removed', 'is', null).execute();
    });
  }

  // ---- shared ----

  /** Project events belong to the project's (first) owner account: CloudStack's entity owner of these commands. */
  private async eventOwner(projectId: number): Promise<EventOwner | null> {
    const o = await this.db.selectFrom('project_accounts as pa').innerJoin('accounts as a', 'a.id', 'pa.account_id').select(['a.id', 'a.domain_id'])
      .where('pa.project_id', '=', projectId).where('pa.role', '=', 'Admin').orderBy('pa.id').executeTakeFirst();
    return o ? { accountId: o.id, domainId: o.domain_id } : null;
  }

  /** Records a project event as the acting user, owned by the project's owner account. */
  async event(who: JobOwner, projectId: number, type: string, description: string): Promise<void> {
    await this.record(who, await this.eventOwner(projectId), projectId, type, description);
  }

  /** Records a project event as the acting user, owned by `owner` (else by the caller's account). */
  private async record(who: JobOwner, owner: EventOwner | null, projectId: number, type: string, description: string): Promise<void> {
    const p = await this.db.selectFrom('projects').select(['uuid', 'name']).where('id', '=', projectId).executeTakeFirstOrThrow();
    await this.events.record(owner ? { userId: who.userId, ...owner } : who, { type, description, resourceType: 'Project', resourceId: p.uuid, resourceName: p.name });
  }

  async view(id: number): Promise<ProjectView> {
    const [v] = await loadProjects(this.db, [id]);
    if (!v) throw invalidParam(`Unable to find project by id ${id}`);
    return v;
  }

  /** A deleted account leaves every project; one that still administers a project can not be deleted. */
  private async refuseIfAdministers(accountId: number): Promise<void> {
    const owned = await this.db.selectFrom('project_accounts as pa').innerJoin('projects as p', 'p.id', 'pa.project_id').select('p.uuid')
      .where('pa.account_id', '=', accountId).where('pa.role', '=', 'Admin').where('p.removed', 'is', null).execute();
    if (owned.length) {
      throw invalidParam(`The account manages project(s) with ids ${owned.map((o) => o.uuid).join(', ')} and can't be removed`);
    }
  }

  private async leaveAllProjects(accountId: number): Promise<void> {
    const owned = await this.db.selectFrom('project_accounts as pa').innerJoin('projects as p', 'p.id', 'pa.project_id').select('p.uuid')
      .where('pa.account_id', '=', accountId).where('pa.role', '=', 'Admin').where('p.removed', 'is', null).execute();
    if (owned.length) {
      throw invalidParam(`The account id=${accountId} manages project(s) with ids ${owned.map((o) => o.uuid).join(', ')} and can't be removed`);
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('project_accounts').where('account_id', '=', accountId).execute();
      await tx.deleteFrom('project_invitations').where('account_id', '=', accountId).execute();
    });
  }
}
