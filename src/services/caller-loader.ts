import type { RoleType } from '../api/types.js';
import type { Caller } from '../core/caller.js';
import type { Db } from '../db/schema.js';

/** Loads everything a Caller carries for one user row, or undefined if the user cannot act. */
export async function loadCaller(db: Db, where: { userId: number } | { apiKey: string }): Promise<{ caller: Caller; secret: string | null } | undefined> {
  let q = db
    .selectFrom('users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .innerJoin('roles as r', 'r.id', 'a.role_id')
    .select([
      'u.id as userId', 'u.uuid as userUuid', 'u.username', 'u.secret_key as secret', 'u.state as userState',
      'a.id as accountId', 'a.uuid as accountUuid', 'a.name as accountName', 'a.type as accountType', 'a.state as accountState',
      'd.id as domainId', 'd.uuid as domainUuid', 'd.path as domainPath', 'd.state as domainState',
      'r.id as roleId', 'r.type as roleType',
    ])
    .where('u.removed', 'is', null)
    .where('a.removed', 'is', null);
  q = 'userId' in where ? q.where('u.id', '=', where.userId) : q.where('u.api_key', '=', where.apiKey);
  const row = await q.executeTakeFirst();
  if (!row || row.userState !== 'enabled' || row.accountState !== 'enabled' || row.domainState !== 'Active') return undefined;
  return {
    secret: row.secret,
    caller: {
      userId: row.userId, userUuid: row.userUuid, username: row.username,
      accountId: row.accountId, accountUuid: row.accountUuid, accountName: row.accountName, accountType: row.accountType,
      domainId: row.domainId, domainUuid: row.domainUuid, domainPath: row.domainPath,
      roleId: row.roleId, roleType: row.roleType as RoleType,
    },
  };
}
