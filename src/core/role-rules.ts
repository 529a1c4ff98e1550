import type { RoleType } from '../api/types.js';

export interface RoleRule {
  readonly rule: string;
  readonly permission: 'ALLOW' | 'DENY';
}

/** CloudStack's rule syntax: a command name or a glob with `*`. */
export function ruleMatches(rule: string, command: string): boolean {
  if (!rule.includes('*')) return rule.toLowerCase() === command.toLowerCase();
  const re = new RegExp('^' + rule.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
  return re.test(command);
}

/**
 * DynamicRoleBasedAPIAccessChecker: the root admin role may call everything; otherwise the
 * first matching rule decides, and when none matches the command's annotation decides.
 */
export function roleAllows(
  role: { readonly id: number; readonly type: RoleType },
  rules: readonly RoleRule[],
  command: { readonly name: string; readonly authorized: readonly RoleType[] },
): boolean {
  if (role.id === 1) return true;
  for (const r of rules) if (ruleMatches(r.rule, command.name)) return r.permission === 'ALLOW';
  return command.authorized.includes(role.type);
}
