import { commands } from '../api/cloudstack/index.js';
import type { RoleType } from '../api/types.js';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { permissionDenied } from '../core/errors.js';
import type { RoleService } from './roles.js';

// CloudStack's access rules for operations on accounts and users (AccountManagerImpl):
// domain reach, role-type ordering and "no privilege escalation".

/** RoleType.getId(): a smaller number is a more privileged role type. */
const RANK: Record<RoleType, number> = { Admin: 1, ResourceAdmin: 2, DomainAdmin: 4, User: 8 };

/** Role types that may act on other accounts of their own role type (role.types.allowed.for.operations.on.accounts.of.same.role.type). */
const SAME_TYPE_ALLOWED: readonly RoleType[] = ['Admin', 'ResourceAdmin', 'DomainAdmin'];

/** DomainChecker.checkAccess(caller, domain): a user only in its own domain, an admin in its subtree. */
export function checkDomainAccess(caller: Caller, domain: { id: number; uuid: string; path: string }): void {
  if (isRootAdmin(caller)) return;
  const ok = caller.roleType === 'User' ? domain.id === caller.domainId : domain.path.startsWith(caller.domainPath);
  if (!ok) throw permissionDenied(`Account ${caller.accountName} does not have permission to operate within domain id=${domain.uuid}`);
}

export interface TargetAccount {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly roleId: number;
  readonly roleType: RoleType;
}

/**
 * checkCallerRoleTypeAllowedForUserOrAccountOperations: a caller may act on accounts of a
 * less privileged role type, on other accounts of its own type only if that type is listed,
 * and never on a more privileged one. `userId` names the user being acted on, if any.
 */
export function checkRoleTypeOrder(caller: Caller, target: TargetAccount): void {
  const mine = RANK[caller.roleType];
  const theirs = RANK[target.roleType];
  if (mine < theirs) return;
  if (mine === theirs) {
    if (caller.accountId === target.id || SAME_TYPE_ALLOWED.includes(caller.roleType)) return;
    throw permissionDenied(`The calling account ${caller.accountName} is not allowed to perform this operation on users from other accounts of the same role type within the domain`);
  }
  throw permissionDenied(`The calling account ${caller.accountName} has a lower role type than the account ${target.name} (${target.uuid})`);
}

/**
 * checkRoleEscalation: every command the target role may call, the caller must be able to
 * call too, so nobody hands out more privileges than they have.
 */
export async function checkNoEscalation(roles: RoleService, caller: Caller, target: { roleId: number; roleType: RoleType }): Promise<void> {
  if (isRootAdmin(caller) || caller.roleId === target.roleId) return;
  const mine = { id: caller.roleId, type: caller.roleType };
  const theirs = { id: target.roleId, type: target.roleType };
  for (const c of commands) {
    if ((await roles.allows(theirs, c)) && !(await roles.allows(mine, c))) {
      throw permissionDenied(`User of account ${caller.accountName} can not create or change an account with access to more privileges than they have themselves (${c.name})`);
    }
  }
}

/** verifyCallerPrivilegeForUserOrAccountOperations: role-type order, root-admin targets, escalation. */
export async function checkAccountOperation(roles: RoleService, caller: Caller, target: TargetAccount): Promise<void> {
  checkRoleTypeOrder(caller, target);
  if (isRootAdmin(caller)) return;
  if (target.roleType === 'Admin') throw permissionDenied(`Account ${caller.accountName} cannot perform this operation for account ${target.name}`);
  await checkNoEscalation(roles, caller, target);
}

/**
 * DomainChecker.checkAccess(caller, entity): a plain user only reaches its own account's
 * entities, an admin those owned inside its domain subtree.
 */
export function checkEntityAccess(caller: Caller, e: { accountId: number; domainPath: string; what: string }): void {
  if (isRootAdmin(caller)) return;
  const ok = caller.roleType === 'User' ? e.accountId === caller.accountId : e.domainPath.startsWith(caller.domainPath);
  if (!ok) throw permissionDenied(`Account ${caller.accountName} does not have permission to operate with resource ${e.what}`);
}
