import { commands } from '../api/cloudstack/index.js';
import type { RoleType } from '../api/types.js';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { type RoleRule, ruleMatches } from '../core/role-rules.js';
import type { Db } from '../db/schema.js';
import type { RoleService } from './roles.js';

export interface RoleRow {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly type: RoleType;
  readonly description: string;
  readonly isDefault: boolean;
  readonly isPublic: boolean;
  readonly state: string;
}

export async function loadRoles(db: Db, where: { ids?: readonly number[] } = {}): Promise<RoleRow[]> {
  let q = db.selectFrom('roles').selectAll().where('removed', 'is', null);
  if (where.ids) q = q.where('id', 'in', where.ids.length ? [...where.ids] : [-1]);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, uuid: r.uuid, name: r.name, type: r.type as RoleType, description: r.description,
    isDefault: r.is_default === 1, isPublic: r.is_public === 1, state: r.state,
  }));
}

/** RoleManagerImpl.getRoleRulesAndPermissions: each command's first matching explicit rule. */
function explicitPermissions(rules: readonly RoleRule[]): Map<string, 'ALLOW' | 'DENY'> {
  const m = new Map<string, 'ALLOW' | 'DENY'>();
  for (const r of rules) {
    for (const c of commands) if (ruleMatches(r.rule, c.name) && !m.has(c.name)) m.set(c.name, r.permission);
  }
  return m;
}

/**
 * RoleManagerImpl.roleHasPermission: a role is within the caller's reach when every command
 * one of its rules allows is explicitly allowed to the caller's role too.
 */
export async function roleWithinReach(roles: RoleService, callerRoleId: number, roleId: number): Promise<boolean> {
  if (roleId === callerRoleId) return true;
  const mine = explicitPermissions(await roles.rulesOf(callerRoleId));
  const compared = new Set<string>();
  for (const r of await roles.rulesOf(roleId)) {
    for (const c of commands) {
      if (!ruleMatches(r.rule, c.name) || compared.has(c.name)) continue;
      if (r.permission === 'ALLOW' && mine.get(c.name) !== 'ALLOW') return false;
      compared.add(c.name);
    }
  }
  return true;
}

/**
 * The roles a caller may see or hand out (RoleService.listRoles): root admins see every role;
 * others see public roles that grant nothing beyond their own role, and their own role.
 */
export async function rolesVisibleTo(db: Db, roles: RoleService, caller: Caller): Promise<RoleRow[]> {
  const all = await loadRoles(db);
  if (isRootAdmin(caller)) return all;
  const out: RoleRow[] = [];
  for (const r of all) {
    if (r.id !== caller.roleId && (!r.isPublic || r.type === 'Admin')) continue;
    if (await roleWithinReach(roles, caller.roleId, r.id)) out.push(r);
  }
  return out;
}
