import { randomUUID } from 'node:crypto';
import { ROLE_TYPES, type RoleType } from '../api/types.js';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { internalError, invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import { loadRoles, type RoleRow, rolesVisibleTo } from './role-visibility.js';
import type { RoleService } from './roles.js';

export type { RoleRow } from './role-visibility.js';

export interface RolePermissionView {
  readonly uuid: string;
  readonly roleUuid: string;
  readonly roleName: string;
  readonly rule: string;
  readonly permission: 'ALLOW' | 'DENY';
  readonly description: string;
}

export interface RuleInput {
  readonly rule: string;
  readonly permission: string;
  readonly description?: string;
}

export interface RoleFilter {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  readonly state?: string;
  readonly keyword?: string;
}

/** RoleType.fromString, case-insensitive. */
export function parseRoleType(s: string): RoleType {
  const t = ROLE_TYPES.find((r) => r.toLowerCase() === s.trim().toLowerCase());
  if (!t) throw invalidParam(`Invalid role type provided: ${s}. Valid options are: ${ROLE_TYPES.join(', ')}`);
  return t;
}

/** Rule(String): an API name or a wildcard such as list*. */
export function validRule(rule: string): string {
  if (!/^[a-zA-Z0-9*]+$/.test(rule)) throw invalidParam(`Only API names and wildcards are allowed, invalid rule provided: ${rule}`);
  return rule;
}

/** RoleService.getRolePermission: allow or deny, any case. */
export function parsePermission(p: string): 'ALLOW' | 'DENY' {
  const v = p.trim().toUpperCase();
  if (v !== 'ALLOW' && v !== 'DENY') throw invalidParam('Values for permission parameter should be: allow or deny');
  return v;
}

const ROLE_STATES = ['ENABLED', 'DISABLED'];

/**
 * Dynamic roles and their ordered rules (RoleManagerImpl). Rule changes invalidate the
 * permission cache, so the very next API call is checked against them.
 */
export class RoleAdminService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly roles: RoleService,
  ) {}

  /** A live role by uuid or id; Admin-type roles exist only for root admins (RoleService.findRole). */
  async find(caller: Caller, idOrUuid: string): Promise<RoleRow> {
    const id = await resolveId(this.db, 'roles', idOrUuid);
    const [r] = id === undefined ? [] : await loadRoles(this.db, { ids: [id] });
    if (!r || (r.type === 'Admin' && !isRootAdmin(caller))) throw invalidParam(`Invalid role id provided: ${idOrUuid}`);
    return r;
  }

  async create(caller: Caller, a: { name: string; type?: string; cloneFrom?: string; description?: string; isPublic?: boolean }): Promise<RoleRow> {
    if (!a.name.trim()) throw invalidParam('Invalid role name provided');
    if (a.type === undefined && a.cloneFrom === undefined) throw invalidParam('Neither role type nor role ID is provided');
    if (a.type !== undefined && a.cloneFrom !== undefined) throw invalidParam('Both role type and role ID should not be specified');
    const source = a.cloneFrom !== undefined ? await this.find(caller, a.cloneFrom) : undefined;
    const type = source?.type ?? parseRoleType(a.type!);
    const id = await this.db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('roles').values({
        uuid: randomUUID(), name: a.name, type, description: a.description ?? '', is_default: 0, removed: null, is_public: a.isPublic === false ? 0 : 1,
      }).returning('id').executeTakeFirstOrThrow();
      if (source) {
        const rules = await tx.selectFrom('role_permissions').selectAll().where('role_id', '=', source.id).orderBy('sort_order').orderBy('id').execute();
        let order = 0;
        for (const r of rules) {
          await tx.insertInto('role_permissions').values({ uuid: randomUUID(), role_id: row.id, rule: r.rule, permission: r.permission, description: r.description, sort_order: order++ }).execute();
        }
      }
      return row.id;
    });
    const created = await this.byId(id);
    const from = source ? `, from role: ${source.uuid}` : `, type: ${type}`;
    await this.events.record(caller, { type: 'ROLE.CREATE', description: `Role: ${a.name}${from}`, resourceType: 'Role', resourceId: created.uuid, resourceName: a.name });
    return created;
  }

  /** importRole: a role with its rules in one go; `forced` replaces a same-named role of that type. */
  async import(caller: Caller, a: { name: string; type?: string; description?: string; isPublic?: boolean; forced?: boolean; rules: readonly RuleInput[] }): Promise<RoleRow> {
    if (!a.name.trim()) throw invalidParam('Invalid role name provided');
    if (a.type === undefined) throw invalidParam('Invalid role type provided');
    const type = parseRoleType(a.type);
    const rules = a.rules.map((r) => {
      if (!r.rule) throw invalidParam("Invalid rule, the rule can't be empty");
      if (!r.permission) throw invalidParam("Invalid permission, the permission can't be empty. Provide allow or deny");
      return { rule: validRule(r.rule), permission: parsePermission(r.permission), description: r.description ?? '' };
    });
    const named = (await loadRoles(this.db)).filter((r) => r.name === a.name);
    if (named.length && !a.forced) throw invalidParam(`Role already exists: ${a.name} (use forced=true to replace it)`);
    const existing = named.find((r) => r.type === type);
    if (existing?.isDefault) throw invalidParam(`Failed to import the role: ${a.name}, default role cannot be overriden`);
    const id = await this.db.transaction().execute(async (tx) => {
      let roleId: number;
      if (existing) {
        await tx.deleteFrom('role_permissions').where('role_id', '=', existing.id).execute();
        await tx.updateTable('roles').set({ description: a.description ?? '', is_public: a.isPublic === false ? 0 : 1 }).where('id', '=', existing.id).execute();
        roleId = existing.id;
      } else {
        roleId = (await tx.insertInto('roles').values({
          uuid: randomUUID(), name: a.name, type, description: a.description ?? '', is_default: 0, removed: null, is_public: a.isPublic === false ? 0 : 1,
        }).returning('id').executeTakeFirstOrThrow()).id;
      }
      let order = 0;
      for (const r of rules) {
        await tx.insertInto('role_permissions').values({ uuid: randomUUID(), role_id: roleId, rule: r.rule, permission: r.permission, description: r.description, sort_order: order++ }).execute();
      }
      return roleId;
    });
    this.roles.invalidate();
    const role = await this.byId(id);
    await this.events.record(caller, { type: 'ROLE.IMPORT', description: `Role: ${a.name}, type: ${type}, rules: ${rules.length}`, resourceType: 'Role', resourceId: role.uuid, resourceName: a.name });
    return role;
  }

  /** listRoles, with CloudStack's precedence: id, then name/keyword, then type, else all. */
  async list(caller: Caller, f: RoleFilter, page: Page): Promise<{ count: number; items: RoleRow[] }> {
    const root = isRootAdmin(caller);
    if (f.state !== undefined && !ROLE_STATES.includes(f.state.toUpperCase())) throw invalidParam(`Invalid role state ${f.state}: valid options are enabled, disabled`);
    const inState = (r: RoleRow) => f.state === undefined || r.state === f.state.toUpperCase();
    let items: RoleRow[];
    if (f.id !== undefined) {
      const id = await resolveId(this.db, 'roles', f.id);
      items = (id === undefined ? [] : await loadRoles(this.db, { ids: [id] })).filter((r) => root || (r.type !== 'Admin' && r.isPublic));
    } else if (f.name !== undefined || f.keyword !== undefined) {
      const name = f.name?.toLowerCase();
      const kw = f.keyword?.toLowerCase();
      items = (await rolesVisibleTo(this.db, this.roles, caller))
        .filter((r) => (name === undefined || r.name.toLowerCase() === name) && (kw === undefined || r.name.toLowerCase().includes(kw)));
    } else if (f.type !== undefined) {
      const type = parseRoleType(f.type);
      items = type === 'Admin' && !root ? [] : (await loadRoles(this.db)).filter((r) => r.type === type && (root || r.isPublic));
    } else {
      items = await rolesVisibleTo(this.db, this.roles, caller);
    }
    items = items.filter(inState);
    return { count: items.length, items: items.slice(page.offset, page.offset + page.limit) };
  }

  async update(caller: Caller, idOrUuid: string, a: { name?: string; type?: string; description?: string; isPublic?: boolean }): Promise<RoleRow> {
    const r = await this.find(caller, idOrUuid);
    const type = a.type !== undefined ? parseRoleType(a.type) : undefined;
    if (r.isDefault) {
      if (a.isPublic === undefined || type !== undefined || a.name || a.description) {
        throw permissionDenied('Default roles cannot be updated (with the exception of making it private/public).');
      }
    }
    if (type !== undefined && type !== r.type) {
      const used = await this.db.selectFrom('accounts').select('id').where('role_id', '=', r.id).where('removed', 'is', null).executeTakeFirst();
      if (used) throw permissionDenied("Found accounts that have role in use, won't allow to change role type");
    }
    const set: { name?: string; type?: string; description?: string; is_public?: number } = {};
    if (a.name) set.name = a.name;
    if (type !== undefined) set.type = type;
    if (a.description) set.description = a.description;
    if (a.isPublic !== undefined) set.is_public = a.isPublic ? 1 : 0;
    if (Object.keys(set).length) await this.db.updateTable('roles').set(set).where('id', '=', r.id).execute();
    this.roles.invalidate();
    await this.events.record(caller, { type: 'ROLE.UPDATE', description: `Role: ${a.name ?? r.name}, type: ${type ?? r.type}`, resourceType: 'Role', resourceId: r.uuid, resourceName: a.name ?? r.name });
    return this.byId(r.id);
  }

  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const r = await this.find(caller, idOrUuid);
    if (r.isDefault) throw permissionDenied('Default roles cannot be deleted');
    await this.db.transaction().execute(async (tx) => {
      const used = await tx.selectFrom('accounts').select('id').where('role_id', '=', r.id).where('removed', 'is', null).executeTakeFirst();
      if (used) throw permissionDenied("Found accounts that have role in use, won't allow to delete role");
      await tx.deleteFrom('role_permissions').where('role_id', '=', r.id).execute();
      await tx.updateTable('roles').set({ removed: new Date().toISOString() }).where('id', '=', r.id).where('removed', 'is', null).execute();
    });
    this.roles.invalidate();
    await this.events.record(caller, { type: 'ROLE.DELETE', description: `Role id: ${r.uuid}`, resourceType: 'Role', resourceId: r.uuid, resourceName: r.name });
  }

  async setState(caller: Caller, idOrUuid: string, state: 'ENABLED' | 'DISABLED'): Promise<void> {
    const r = await this.find(caller, idOrUuid);
    const done = await this.db.updateTable('roles').set({ state }).where('id', '=', r.id).where('state', '!=', state).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw permissionDenied(`Role is already ${state}`);
    this.roles.invalidate();
    await this.events.record(caller, { type: state === 'ENABLED' ? 'ROLE.ENABLE' : 'ROLE.DISABLE', description: `Role id: ${r.uuid}`, resourceType: 'Role', resourceId: r.uuid, resourceName: r.name });
  }

  /** Default roles keep CloudStack's rules: their permissions cannot be changed. */
  private editable(r: RoleRow, what: 'added' | 'updated' | 'deleted'): void {
    if (r.isDefault) throw permissionDenied(`Role permission cannot be ${what} for Default roles`);
  }

  async createPermission(caller: Caller, a: { roleId: string; rule: string; permission: string; description?: string }): Promise<RolePermissionView> {
    const r = await this.find(caller, a.roleId);
    const rule = validRule(a.rule);
    const permission = parsePermission(a.permission);
    this.editable(r, 'added');
    const uuid = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const clash = await tx.selectFrom('role_permissions').select('id').where('role_id', '=', r.id).where('rule', '=', rule).executeTakeFirst();
      if (clash) throw permissionDenied(`Rule already exists for the role: ${r.name}`);
      const last = await tx.selectFrom('role_permissions').select('sort_order').where('role_id', '=', r.id).orderBy('sort_order', 'desc').limit(1).executeTakeFirst();
      await tx.insertInto('role_permissions').values({ uuid, role_id: r.id, rule, permission, description: a.description ?? '', sort_order: last ? last.sort_order + 1 : 0 }).execute();
    });
    this.roles.invalidate();
    await this.events.record(caller, { type: 'ROLE.PERMISSION.CREATE', description: `Role id: ${r.uuid}, rule: ${rule}, permission: ${permission}`, resourceType: 'RolePermission', resourceId: uuid });
    return this.permissionView(uuid);
  }

  async listPermissions(caller: Caller, roleId: string | undefined): Promise<RolePermissionView[]> {
    let q = this.db.selectFrom('role_permissions as p').innerJoin('roles as r', 'r.id', 'p.role_id')
      .select(['p.uuid', 'r.uuid as roleUuid', 'r.name as roleName', 'p.rule', 'p.permission', 'p.description']).where('r.removed', 'is', null);
    if (roleId !== undefined) q = q.where('r.id', '=', (await this.find(caller, roleId)).id);
    const rows = await q.orderBy('r.id').orderBy('p.sort_order').orderBy('p.id').execute();
    return rows.map((p) => ({ ...p, permission: p.permission === 'DENY' ? 'DENY' : 'ALLOW' }));
  }

  /** updateRolePermission: either a full new order (`ruleorder`) or one rule's permission. */
  async updatePermission(caller: Caller, a: { roleId: string; ruleOrder?: readonly string[]; ruleId?: string; permission?: string }): Promise<void> {
    const r = await this.find(caller, a.roleId);
    if (a.ruleOrder !== undefined) {
      if (a.ruleId !== undefined || a.permission !== undefined) throw invalidParam('Parameters permission and ruleid must be mutually exclusive with ruleorder');
      const ids: number[] = [];
      for (const u of a.ruleOrder) {
        const id = await resolveId(this.db, 'role_permissions', u);
        if (id === undefined) throw invalidParam('Provided role permission(s) do not exist');
        ids.push(id);
      }
      this.editable(r, 'updated');
      await this.db.transaction().execute(async (tx) => {
        const current = (await tx.selectFrom('role_permissions').select('id').where('role_id', '=', r.id).execute()).map((p) => p.id);
        const same = current.length === ids.length && new Set(ids).size === ids.length && ids.every((id) => current.includes(id));
        if (!same) throw internalError("The role's rule permissions list has changed while you were making updates, aborted re-ordering of rules. Please try again.");
        let order = 0;
        for (const id of ids) await tx.updateTable('role_permissions').set({ sort_order: order++ }).where('id', '=', id).execute();
      });
      this.roles.invalidate();
      await this.events.record(caller, { type: 'ROLE.PERMISSION.UPDATE', description: `Reordering permissions for role id: ${r.uuid}`, resourceType: 'Role', resourceId: r.uuid, resourceName: r.name });
      return;
    }
    if (a.ruleId === undefined || a.permission === undefined) throw invalidParam('Either ruleorder, or both ruleid and permission, must be given');
    const permission = parsePermission(a.permission);
    const id = await resolveId(this.db, 'role_permissions', a.ruleId);
    const p = id === undefined ? undefined : await this.db.selectFrom('role_permissions').select(['id', 'uuid', 'role_id']).where('id', '=', id).executeTakeFirst();
    if (!p || p.role_id !== r.id) throw invalidParam('Invalid rule id provided');
    this.editable(r, 'updated');
    await this.db.updateTable('role_permissions').set({ permission }).where('id', '=', p.id).execute();
    this.roles.invalidate();
    await this.events.record(caller, { type: 'ROLE.PERMISSION.UPDATE', description: `Updating permission for rule id: ${p.uuid} to: ${permission}`, resourceType: 'RolePermission', resourceId: p.uuid });
  }

  async deletePermission(caller: Caller, idOrUuid: string): Promise<void> {
    const id = await resolveId(this.db, 'role_permissions', idOrUuid);
    const p = id === undefined ? undefined : await this.db.selectFrom('role_permissions').select(['id', 'uuid', 'role_id', 'rule']).where('id', '=', id).executeTakeFirst();
    if (!p) throw invalidParam('Invalid role permission id provided');
    const r = await this.find(caller, String(p.role_id));
    this.editable(r, 'deleted');
    await this.db.deleteFrom('role_permissions').where('id', '=', p.id).execute();
    this.roles.invalidate();
    await this.events.record(caller, { type: 'ROLE.PERMISSION.DELETE', description: `Role id: ${r.uuid}, rule: ${p.rule}`, resourceType: 'RolePermission', resourceId: p.uuid });
  }

  private async byId(id: number): Promise<RoleRow> {
    const [r] = await loadRoles(this.db, { ids: [id] });
    if (!r) throw invalidParam(`Unable to find role by id ${id}`);
    return r;
  }

  private async permissionView(uuid: string): Promise<RolePermissionView> {
    const p = await this.db.selectFrom('role_permissions as p').innerJoin('roles as r', 'r.id', 'p.role_id')
      .select(['p.uuid', 'r.uuid as roleUuid', 'r.name as roleName', 'p.rule', 'p.permission', 'p.description']).where('p.uuid', '=', uuid).executeTakeFirstOrThrow();
    return { ...p, permission: p.permission === 'DENY' ? 'DENY' : 'ALLOW' };
  }
}
