import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { canAccessProject, checkProjectOperation, findProject, projectOfAccount } from './project-access.js';

export interface OwnerArgs {
  readonly account?: string;
  readonly domainid?: string;
  readonly projectid?: string;
  /** The API command being served: a member's project role may not allow it in the project. */
  readonly command?: string;
}

/**
 * Who owns what a create command makes (AccountManagerImpl.finalizeOwner): the project's
 * account when `projectid` names a project the caller may act in, the account an admin names
 * with `account` + `domainid`, else the caller's own account. Returns the owning account id.
 */
export async function resolveOwner(db: Db, caller: Caller, a: OwnerArgs): Promise<number> {
  if (a.account !== undefined && a.domainid !== undefined && a.projectid !== undefined) {
    throw invalidParam("ProjectId and account/domainId can't be specified together");
  }
  if (a.projectid !== undefined) {
    const p = await findProject(db, a.projectid, `Unable to find project by id=${a.projectid}`);
    if (!(await canAccessProject(db, caller, p))) throw permissionDenied(`Account ${caller.accountName} is unauthorised to use project id=${p.uuid}`);
    if (a.command !== undefined) await checkProjectOperation(db, caller, p, a.command);
    assertActive(p);
    return p.accountId;
  }
  if ((a.account === undefined) !== (a.domainid === undefined)) throw invalidParam('AccountName and domainId must be specified together');
  if (a.account === undefined || a.domainid === undefined) return caller.accountId;
  const domainId = await resolveId(db, 'domains', a.domainid);
  const domain = domainId === undefined ? undefined
    : await db.selectFrom('domains').select(['id', 'uuid', 'path']).where('id', '=', domainId).where('removed', 'is', null).executeTakeFirst();
  if (caller.roleType === 'User') {
    // A user may name only itself.
    if (a.account !== caller.accountName || domain?.id !== caller.domainId) {
      throw permissionDenied(`Can't create/list resources for account ${a.account} in domain ${a.domainid}, permission denied`);
    }
    return caller.accountId;
  }
  if (!domain) throw invalidParam(`Unable to find the domain by id=${a.domainid}`);
  const owner = await db.selectFrom('accounts').select('id').where('name', '=', a.account).where('domain_id', '=', domain.id)
    .where('removed', 'is', null).executeTakeFirst();
  if (!owner) throw invalidParam(`Unable to find account ${a.account} in domain ${a.domainid}`);
  if (!isRootAdmin(caller) && !domain.path.startsWith(caller.domainPath)) {
    throw permissionDenied(`Account ${caller.accountName} does not have permission to operate within domain id=${domain.uuid}`);
  }
  return owner.id;
}

/**
 * Other families call this before changing a resource: what a project owns can be changed
 * only while the project is Active (a suspended project's resources are frozen).
 */
export async function checkOwnerWritable(db: Db, accountId: number): Promise<void> {
  const p = await projectOfAccount(db, accountId);
  if (p) assertActive(p);
}

function assertActive(p: { uuid: string; name: string; state: string }): void {
  if (p.state !== 'Active') {
    throw invalidState(`Project ${p.name} (id=${p.uuid}) is in state ${p.state}: its resources can not be created or changed until it is active`);
  }
}
