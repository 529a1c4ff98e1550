// Access to account-owned resources (AccountManagerImpl.checkAccess(caller, null, false, owner))
// and the owner fields every owned resource's response carries.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { canAccessProject, projectOfAccount } from './project-access.js';

/**
 * 531 unless the caller may act on what `ownerAccountId` owns: root admins always; the owner
 * itself; a project's resources for its members (admins: by domain reach); an admin for
 * accounts inside its domain subtree.
 */
export async function checkOwnedAccess(db: Db, caller: Caller, ownerAccountId: number, what: string): Promise<void> {
  if (isRootAdmin(caller) || caller.accountId === ownerAccountId) return;
  const denied = () => permissionDenied(`Account ${caller.accountName} does not have permission to operate with resource ${what}`);
  const project = await projectOfAccount(db, ownerAccountId);
  if (project) {
    if (await canAccessProject(db, caller, project)) return;
    throw denied();
  }
  if (caller.roleType === 'User') throw denied();
  const owner = await db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').select('d.path')
    .where('a.id', '=', ownerAccountId).executeTakeFirst();
  if (!owner || !owner.path.startsWith(caller.domainPath)) throw denied();
}

/** Who owns a resource, as responses show it: a project's resources name the project, not its account. */
export interface OwnerView {
  readonly accountId: number;
  readonly accountUuid: string;
  readonly accountName: string;
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
  readonly projectUuid: string | null;
  readonly projectName: string | null;
}

/** The owner views of several accounts at once (removed accounts included: jobs may still report on them). */
export async function ownerViews(db: Db, accountIds: readonly number[]): Promise<Map<number, OwnerView>> {
  const out = new Map<number, OwnerView>();
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id')
    .leftJoin('projects as p', (j) => j.onRef('p.project_account_id', '=', 'a.id').on('p.removed', 'is', null))
    .select(['a.id', 'a.uuid', 'a.name', 'd.id as domainId', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath',
      'p.uuid as projectUuid', 'p.name as projectName'])
    .where('a.id', 'in', ids).execute();
  for (const r of rows) {
    out.set(r.id, {
      accountId: r.id, accountUuid: r.uuid, accountName: r.name, domainId: r.domainId, domainUuid: r.domainUuid, domainName: r.domainName,
      domainPath: r.domainPath, projectUuid: r.projectUuid, projectName: r.projectName,
    });
  }
  return out;
}

export async function ownerView(db: Db, accountId: number): Promise<OwnerView> {
  const v = (await ownerViews(db, [accountId])).get(accountId);
  if (!v) throw new Error(`account ${accountId} does not exist`);
  return v;
}
