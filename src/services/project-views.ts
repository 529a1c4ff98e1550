import type { Db } from '../db/schema.js';

// Plain view objects of the project family, loaded by id so every command answers alike.

export interface ProjectOwnerView {
  readonly account: string;
  readonly accountUuid: string;
  readonly username: string | null;
  readonly userUuid: string | null;
}

export interface ProjectView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly state: string;
  readonly created: string;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
  readonly projectAccountName: string;
  /** Every Admin member (CloudStack 4.15 allows several). */
  readonly owners: readonly ProjectOwnerView[];
}

export interface ProjectMemberView {
  readonly projectUuid: string;
  readonly projectName: string;
  readonly accountUuid: string;
  readonly accountName: string;
  readonly accountType: number;
  readonly userUuid: string | null;
  readonly username: string | null;
  readonly role: string;
  readonly projectRoleUuid: string | null;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
}

export interface InvitationView {
  readonly uuid: string;
  readonly projectUuid: string;
  readonly projectName: string;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
  readonly accountName: string | null;
  readonly userUuid: string | null;
  readonly email: string | null;
  readonly state: string;
}

export async function loadProjects(db: Db, ids: readonly number[]): Promise<ProjectView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('projects as p').innerJoin('domains as d', 'd.id', 'p.domain_id').innerJoin('accounts as a', 'a.id', 'p.project_account_id')
    .select(['p.id', 'p.uuid', 'p.name', 'p.display_text', 'p.state', 'p.created', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath', 'a.name as accountName'])
    .where('p.id', 'in', ids).execute();
  const owners = await db.selectFrom('project_accounts as pa').innerJoin('accounts as a', 'a.id', 'pa.account_id').leftJoin('users as u', 'u.id', 'pa.user_id')
    .select(['pa.project_id', 'a.name as account', 'a.uuid as accountUuid', 'u.username', 'u.uuid as userUuid'])
    .where('pa.project_id', 'in', ids).where('pa.role', '=', 'Admin').orderBy('pa.id').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id: r.id, uuid: r.uuid, name: r.name, displayText: r.display_text, state: r.state, created: r.created,
      domainUuid: r.domainUuid, domainName: r.domainName, domainPath: r.domainPath, projectAccountName: r.accountName,
      owners: owners.filter((o) => o.project_id === id).map((o) => ({ account: o.account, accountUuid: o.accountUuid, username: o.username, userUuid: o.userUuid })),
    }];
  });
}

export async function loadMembers(db: Db, ids: readonly number[]): Promise<ProjectMemberView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('project_accounts as pa').innerJoin('projects as p', 'p.id', 'pa.project_id')
    .innerJoin('accounts as a', 'a.id', 'pa.account_id').innerJoin('domains as d', 'd.id', 'a.domain_id')
    .leftJoin('users as u', 'u.id', 'pa.user_id').leftJoin('project_roles as r', 'r.id', 'pa.project_role_id')
    .select(['pa.id', 'p.uuid as projectUuid', 'p.name as projectName', 'a.uuid as accountUuid', 'a.name as accountName', 'a.type as accountType',
      'u.uuid as userUuid', 'u.username', 'pa.role', 'r.uuid as projectRoleUuid', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath'])
    .where('pa.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const { id: _id, ...view } = r;
    return [view];
  });
}

export async function loadInvitations(db: Db, ids: readonly number[]): Promise<InvitationView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('project_invitations as i').innerJoin('projects as p', 'p.id', 'i.project_id').innerJoin('domains as d', 'd.id', 'i.domain_id')
    .leftJoin('accounts as a', 'a.id', 'i.account_id').leftJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.id', 'i.uuid', 'p.uuid as projectUuid', 'p.name as projectName', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath',
      'a.name as accountName', 'u.uuid as userUuid', 'i.email', 'i.state'])
    .where('i.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ uuid: r.uuid, projectUuid: r.projectUuid, projectName: r.projectName, domainUuid: r.domainUuid, domainName: r.domainName, domainPath: r.domainPath,
      accountName: r.accountName, userUuid: r.userUuid, email: r.email, state: r.state }] : [];
  });
}
