import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { internalError, invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { canAccessProject, findProject, membershipOf, type ProjectRow } from './project-access.js';
import type { Page } from './query.js';
import { parsePermission, validRule } from './role-admin.js';

export interface ProjectRoleView {
  readonly uuid: string;
  readonly projectUuid: string;
  readonly name: string;
  readonly description: string;
}

export interface ProjectRolePermissionView {
  readonly uuid: string;
  readonly projectUuid: string;
  readonly roleUuid: string;
  readonly roleName: string;
  readonly rule: string;
  readonly permission: 'ALLOW' | 'DENY';
  readonly description: string;
}

/**
 * Project roles and their ordered rules (ProjectRoleManagerImpl). Root and domain admins over
 * the project, and the project's Admin members, manage them; any member may read them. A
 * Regular member given a project role may call, on the project's resources, only what its
 * rules allow (see checkProjectOperation in project-access.ts).
 */
export class ProjectRoleService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  /** ProjectRoleManagerImpl.checkAccess: admins over the project, else an Admin member. */
  private async manageable(caller: Caller, projectRef: string): Promise<ProjectRow> {
    const p = await findProject(this.db, projectRef, 'Invalid project id provided');
    if (caller.roleType !== 'User') {
      if (caller.roleType === 'Admin' || p.domainPath.startsWith(caller.domainPath)) return p;
      throw permissionDenied(`Account ${caller.accountName} does not have permission to operate within domain id=${p.domainUuid}`);
    }
    const m = await membershipOf(this.db, p.id, caller);
    if (!m) throw permissionDenied('User/Account not part of project');
    if (m.role !== 'Admin') throw permissionDenied('User unauthorized to perform operation in the project');
    return p;
  }

  private async readable(caller: Caller, projectRef: string): Promise<ProjectRow> {
    const p = await findProject(this.db, projectRef, 'Invalid project id provided');
    if (!(await canAccessProject(this.db, caller, p))) throw permissionDenied(`Account ${caller.accountName} can't access project id=${p.uuid}`);
    return p;
  }

  /** A role of this very project, or a 431. */
  private async role(p: ProjectRow, ref: string): Promise<{ id: number; uuid: string; name: string }> {
    const id = await resolveId(this.db, 'project_roles', ref);
    const r = id === undefined ? undefined : await this.db.selectFrom('project_roles').select(['id', 'uuid', 'name', 'project_id']).where('id', '=', id).executeTakeFirst();
    if (!r || r.project_id !== p.id) throw invalidParam('Invalid project role id provided');
    return r;
  }

  private async nameTaken(projectId: number, name: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('project_roles').select('id').where('project_id', '=', projectId).where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async create(caller: Caller, a: { projectId: string; name: string; description?: string }): Promise<ProjectRoleView> {
    const p = await this.manageable(caller, a.projectId);
    const name = a.name.trim();
    if (!name) throw invalidParam('Invalid project role name provided');
    if (await this.nameTaken(p.id, name)) throw invalidParam(`Project role with name ${name} already exists in the project`);
    const uuid = randomUUID();
    await this.db.insertInto('project_roles').values({ uuid, project_id: p.id, name, description: a.description ?? '', created: new Date().toISOString() }).execute();
    await this.events.record(caller, { type: 'PROJECT.ROLE.CREATE', description: `Project role name: ${name}, project id: ${p.uuid}`, resourceType: 'ProjectRole', resourceId: uuid, resourceName: name });
    return this.view(uuid);
  }

  async list(caller: Caller, a: { projectId: string; roleId?: string; name?: string; keyword?: string }, page: Page): Promise<{ count: number; items: ProjectRoleView[] }> {
    const p = await this.readable(caller, a.projectId);
    let q = this.db.selectFrom('project_roles as r').where('r.project_id', '=', p.id);
    if (a.roleId !== undefined) q = q.where('r.id', '=', (await resolveId(this.db, 'project_roles', a.roleId)) ?? -1);
    if (a.name !== undefined) q = q.where('r.name', '=', a.name);
    if (a.keyword !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['r.name']), 'like', `%${a.keyword!.toLowerCase()}%`));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('r.uuid').orderBy('r.id').limit(page.limit).offset(page.offset).execute();
    const items: ProjectRoleView[] = [];
    for (const r of rows) items.push(await this.view(r.uuid));
    return { count: Number(count), items };
  }

  async update(caller: Caller, a: { id: string; projectId: string; name?: string; description?: string }): Promise<ProjectRoleView> {
    const p = await this.manageable(caller, a.projectId);
    const r = await this.role(p, a.id);
    // As CloudStack: an empty name or description leaves it as it is.
    const name = a.name?.trim() || undefined;
    if (name !== undefined && (await this.nameTaken(p.id, name, r.id))) throw invalidParam(`Project role with name ${name} already exists in the project`);
    if (name !== undefined) await this.db.updateTable('project_roles').set({ name }).where('id', '=', r.id).execute();
    if (a.description) await this.db.updateTable('project_roles').set({ description: a.description }).where('id', '=', r.id).execute();
    await this.events.record(caller, { type: 'PROJECT.ROLE.UPDATE', description: `Project role id: ${r.uuid}`, resourceType: 'ProjectRole', resourceId: r.uuid, resourceName: name ?? r.name });
    return this.view(r.uuid);
  }

  async delete(caller: Caller, a: { id: string; projectId: string }): Promise<void> {
    const p = await this.manageable(caller, a.projectId);
    const r = await this.role(p, a.id);
    const inUse = await this.db.selectFrom('project_accounts').select('id').where('project_role_id', '=', r.id).executeTakeFirst();
    if (inUse) throw permissionDenied('Found users that have the project role in use, cannot delete the Project Role');
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('project_role_permissions').where('project_role_id', '=', r.id).execute();
      await tx.updateTable('project_invitations').set({ project_role_id: null }).where('project_role_id', '=', r.id).execute();
      await tx.deleteFrom('project_roles').where('id', '=', r.id).execute();
    });
    await this.events.record(caller, { type: 'PROJECT.ROLE.DELETE', description: `Project role id: ${r.uuid}`, resourceType: 'ProjectRole', resourceId: r.uuid, resourceName: r.name });
  }

  async createPermission(caller: Caller, a: { projectId: string; roleId: string; rule: string; permission: string; description?: string }): Promise<ProjectRolePermissionView> {
    const p = await this.manageable(caller, a.projectId);
    const r = await this.role(p, a.roleId);
    const rule = validRule(a.rule);
    const permission = parsePermission(a.permission);
    const uuid = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const clash = await tx.selectFrom('project_role_permissions').select('id').where('project_role_id', '=', r.id).where('rule', '=', rule).executeTakeFirst();
      if (clash) throw invalidParam(`Project role permission for ${rule} seems to already exist.`);
      const last = await tx.selectFrom('project_role_permissions').select('sort_order').where('project_role_id', '=', r.id).orderBy('sort_order', 'desc').limit(1).executeTakeFirst();
      await tx.insertInto('project_role_permissions').values({
        uuid, project_id: p.id, project_role_id: r.id, rule, permission, description: a.description ?? '', sort_order: last ? last.sort_order + 1 : 0,
      }).execute();
    });
    await this.events.record(caller, { type: 'PROJECT.ROLE.PERMISSION.CREATE', description: `Project role id: ${r.uuid}, rule: ${rule}, permission: ${permission}`, resourceType: 'ProjectRolePermission', resourceId: uuid });
    return (await this.permissions(p, r.id, uuid))[0]!;
  }

  async listPermissions(caller: Caller, a: { projectId: string; roleId?: string }): Promise<ProjectRolePermissionView[]> {
    const p = await this.readable(caller, a.projectId);
    const roleId = a.roleId === undefined ? undefined : (await this.role(p, a.roleId)).id;
    return this.permissions(p, roleId);
  }

  /** updateProjectRolePermission: either a full new order (`ruleorder`) or one rule's permission. */
  async updatePermission(caller: Caller, a: { projectId: string; roleId: string; ruleOrder?: readonly string[]; ruleId?: string; permission?: string }): Promise<void> {
    const p = await this.manageable(caller, a.projectId);
    const r = await this.role(p, a.roleId);
    if (a.ruleOrder !== undefined) {
      if (a.ruleId !== undefined || a.permission !== undefined) throw invalidParam('Parameters permission and ruleid must be mutually exclusive with ruleorder');
      const ids: number[] = [];
      for (const u of a.ruleOrder) {
        const id = await resolveId(this.db, 'project_role_permissions', u);
        if (id === undefined) throw invalidParam('Provided project role permission(s) do not exist');
        ids.push(id);
      }
      await this.db.transaction().execute(async (tx) => {
        const current = (await tx.selectFrom('project_role_permissions').select('id').where('project_role_id', '=', r.id).execute()).map((x) => x.id);
        const same = current.length === ids.length && new Set(ids).size === ids.length && ids.every((id) => current.includes(id));
        if (!same) throw internalError("The project role's rule permissions list has changed while you were making updates, aborted re-ordering of rules. Please try again.");
        let order = 0;
        for (const id of ids) await tx.updateTable('project_role_permissions').set({ sort_order: order++ }).where('id', '=', id).execute();
      });
      await this.events.record(caller, { type: 'PROJECT.ROLE.PERMISSION.UPDATE', description: `Reordering permissions for project role id: ${r.uuid}`, resourceType: 'ProjectRole', resourceId: r.uuid, resourceName: r.name });
      return;
    }
    if (a.ruleId === undefined || a.permission === undefined) throw invalidParam('Either ruleorder, or both projectrolepermissionid and permission, must be given');
    const permission = parsePermission(a.permission);
    const id = await resolveId(this.db, 'project_role_permissions', a.ruleId);
    const rp = id === undefined ? undefined : await this.db.selectFrom('project_role_permissions').select(['id', 'uuid', 'project_role_id']).where('id', '=', id).executeTakeFirst();
    if (!rp || rp.project_role_id !== r.id) throw invalidParam('Invalid project role permission id provided');
    await this.db.updateTable('project_role_permissions').set({ permission }).where('id', '=', rp.id).execute();
    await this.events.record(caller, { type: 'PROJECT.ROLE.PERMISSION.UPDATE', description: `Updating permission for rule id: ${rp.uuid} to: ${permission}`, resourceType: 'ProjectRolePermission', resourceId: rp.uuid });
  }

  async deletePermission(caller: Caller, a: { projectId: string; id: string }): Promise<void> {
    const p = await this.manageable(caller, a.projectId);
    const id = await resolveId(this.db, 'project_role_permissions', a.id);
    const rp = id === undefined ? undefined : await this.db.selectFrom('project_role_permissions').select(['id', 'uuid', 'rule', 'project_id']).where('id', '=', id).executeTakeFirst();
    if (!rp || rp.project_id !== p.id) throw invalidParam('Invalid project role permission id provided');
    await this.db.deleteFrom('project_role_permissions').where('id', '=', rp.id).execute();
    await this.events.record(caller, { type: 'PROJECT.ROLE.PERMISSION.DELETE', description: `Project role permission id: ${rp.uuid}, rule: ${rp.rule}`, resourceType: 'ProjectRolePermission', resourceId: rp.uuid });
  }

  private async permissions(p: ProjectRow, roleId?: number, uuid?: string): Promise<ProjectRolePermissionView[]> {
    let q = this.db.selectFrom('project_role_permissions as rp').innerJoin('project_roles as r', 'r.id', 'rp.project_role_id')
      .select(['rp.uuid', 'r.uuid as roleUuid', 'r.name as roleName', 'rp.rule', 'rp.permission', 'rp.description']).where('rp.project_id', '=', p.id);
    if (roleId !== undefined) q = q.where('r.id', '=', roleId);
    if (uuid !== undefined) q = q.where('rp.uuid', '=', uuid);
    const rows = await q.orderBy('r.id').orderBy('rp.sort_order').orderBy('rp.id').execute();
    return rows.map((x) => ({ ...x, projectUuid: p.uuid, permission: x.permission === 'DENY' ? 'DENY' : 'ALLOW' }));
  }

  private async view(uuid: string): Promise<ProjectRoleView> {
    const r = await this.db.selectFrom('project_roles as r').innerJoin('projects as p', 'p.id', 'r.project_id')
      .select(['r.uuid', 'p.uuid as projectUuid', 'r.name', 'r.description']).where('r.uuid', '=', uuid).executeTakeFirstOrThrow();
    return r;
  }
}
