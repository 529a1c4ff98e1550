import type { RoleType } from '../api/types.js';
import type { Db } from '../db/schema.js';

// Plain view objects of the identity family (accounts, users, roles), loaded by id so that
// every command answers with the same shape whatever changed.

export interface UserView {
  readonly id: number;
  readonly uuid: string;
  readonly username: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly email: string | null;
  readonly timezone: string | null;
  readonly state: string;
  readonly created: string;
  readonly apiKey: string | null;
  readonly isDefault: boolean;
  readonly accountId: number;
  readonly accountUuid: string;
  readonly accountName: string;
  readonly accountType: number;
  readonly roleUuid: string;
  readonly roleName: string;
  readonly roleType: RoleType;
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
}

export interface AccountView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly type: number;
  readonly roleUuid: string;
  readonly roleName: string;
  readonly roleType: RoleType;
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
  readonly state: string;
  readonly created: string;
  readonly networkDomain: string | null;
  readonly isDefault: boolean;
  readonly details: Readonly<Record<string, string>>;
  readonly users: readonly UserView[];
}

/** Users by id, in the order given; removed ones are skipped. */
export async function loadUsers(db: Db, ids: readonly number[]): Promise<UserView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .innerJoin('roles as r', 'r.id', 'a.role_id')
    .select([
      'u.id', 'u.uuid', 'u.username', 'u.firstname', 'u.lastname', 'u.email', 'u.timezone', 'u.state', 'u.created', 'u.api_key', 'u.is_default',
      'a.id as accountId', 'a.uuid as accountUuid', 'a.name as accountName', 'a.type as accountType',
      'r.uuid as roleUuid', 'r.name as roleName', 'r.type as roleType',
      'd.id as domainId', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath',
    ])
    .where('u.id', 'in', [...ids]).where('u.removed', 'is', null).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id: r.id, uuid: r.uuid, username: r.username, firstname: r.firstname, lastname: r.lastname, email: r.email, timezone: r.timezone,
      state: r.state, created: r.created, apiKey: r.api_key, isDefault: r.is_default === 1,
      accountId: r.accountId, accountUuid: r.accountUuid, accountName: r.accountName, accountType: r.accountType,
      roleUuid: r.roleUuid, roleName: r.roleName, roleType: r.roleType as RoleType,
      domainId: r.domainId, domainUuid: r.domainUuid, domainName: r.domainName, domainPath: r.domainPath,
    }];
  });
}

/** Accounts by id, in the order given, each with its live users and details. */
export async function loadAccounts(db: Db, ids: readonly number[]): Promise<AccountView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('accounts as a')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .innerJoin('roles as r', 'r.id', 'a.role_id')
    .select([
      'a.id', 'a.uuid', 'a.name', 'a.type', 'a.state', 'a.created', 'a.network_domain',
      'r.uuid as roleUuid', 'r.name as roleName', 'r.type as roleType',
      'd.id as domainId', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath',
    ])
    .where('a.id', 'in', [...ids]).execute();
  const users = await db.selectFrom('users').select(['id', 'account_id', 'is_default']).where('account_id', 'in', [...ids]).where('removed', 'is', null).orderBy('id').execute();
  const userViews = new Map((await loadUsers(db, users.map((u) => u.id))).map((u) => [u.id, u]));
  const details = await db.selectFrom('account_details').selectAll().where('account_id', 'in', [...ids]).orderBy('name').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const own = users.filter((u) => u.account_id === id);
    return [{
      id: r.id, uuid: r.uuid, name: r.name, type: r.type, state: r.state, created: r.created, networkDomain: r.network_domain,
      roleUuid: r.roleUuid, roleName: r.roleName, roleType: r.roleType as RoleType,
      domainId: r.domainId, domainUuid: r.domainUuid, domainName: r.domainName, domainPath: r.domainPath,
      // The seeded system and admin accounts are CloudStack's default accounts; their users carry is_default.
      isDefault: own.some((u) => u.is_default === 1),
      details: Object.fromEntries(details.filter((d) => d.account_id === id).map((d) => [d.name, d.value])),
      users: own.flatMap((u) => userViews.get(u.id) ?? []),
    }];
  });
}
