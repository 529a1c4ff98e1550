import type { CommandDecl, RoleType } from '../api/types.js';
import { type RoleRule, roleAllows } from '../core/role-rules.js';
import type { Db } from '../db/schema.js';

/**
 * Rule caches, one per database: every RoleService over the same database shares it, so an
 * invalidate() from any of them is seen by the API's permission check at once.
 */
const caches = new WeakMap<Db, Map<number, readonly RoleRule[]>>();

/** Answers "may this role call that command", from the role's ordered rules (cached). */
export class RoleService {
  private readonly rules: Map<number, readonly RoleRule[]>;

  constructor(private readonly db: Db) {
    let c = caches.get(db);
    if (!c) caches.set(db, (c = new Map()));
    this.rules = c;
  }

  async allows(role: { id: number; type: RoleType }, cmd: CommandDecl): Promise<boolean> {
    return roleAllows(role, await this.rulesOf(role.id), cmd);
  }

  async rulesOf(roleId: number): Promise<readonly RoleRule[]> {
    const hit = this.rules.get(roleId);
    if (hit) return hit;
    const rows = await this.db.selectFrom('role_permissions').select(['rule', 'permission']).where('role_id', '=', roleId).orderBy('sort_order').orderBy('id').execute();
    const rules = rows.map((r) => ({ rule: r.rule, permission: r.permission === 'DENY' ? ('DENY' as const) : ('ALLOW' as const) }));
    this.rules.set(roleId, rules);
    return rules;
  }

  /** Call after any change to roles or rules. */
  invalidate(): void {
    this.rules.clear();
  }
}
