import { randomUUID } from 'node:crypto';
import type { RoleType } from '../api/types.js';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { AccountService } from './accounts.js';
import type { EventService } from './events.js';
import { checkAccountOperation, checkEntityAccess } from './identity-access.js';
import { loadUsers, type UserView } from './identity-views.js';
import { resolveId } from './lookup.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { Page } from './query.js';
import type { RoleService } from './roles.js';
import { listScope } from './scope.js';

export type { UserView } from './identity-views.js';

const DISABLE_CMD = 'disableUser';

interface UserRow {
  readonly id: number;
  readonly uuid: string;
  readonly username: string;
  readonly state: string;
  readonly passwordHash: string;
  readonly isDefault: boolean;
  readonly account: { id: number; uuid: string; name: string; roleId: number; roleType: RoleType; domainId: number; domainUuid: string; domainPath: string; isSystem: boolean };
}

export interface NewUser {
  readonly account: string;
  readonly domainId?: string;
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly timezone?: string;
  readonly userUuid?: string;
}

export interface UserChanges {
  readonly username?: string;
  readonly firstname?: string;
  readonly lastname?: string;
  readonly email?: string;
  readonly timezone?: string;
  readonly password?: string;
  readonly currentPassword?: string;
  readonly apiKey?: string;
  readonly secretKey?: string;
}

export interface UserFilter {
  readonly id?: string;
  readonly username?: string;
  readonly accountType?: number;
  readonly state?: string;
  readonly keyword?: string;
  readonly userSource?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly isRecursive?: boolean;
  readonly listAll?: boolean;
}

/** Users of accounts: CloudStack's AccountManagerImpl user commands. */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly roles: RoleService,
    private readonly accounts: AccountService,
  ) {
    jobs.register({
      cmd: DISABLE_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.userId);
        await ctx.step('state', async () => {
          await this.db.updateTable('users').set({ state: 'disabled' }).where('id', '=', id).where('removed', 'is', null).execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'USER.DISABLE', description: `Successfully completed disabling User. User Id: ${String(params.userUuid)}`, resourceType: 'User', resourceId: String(params.userUuid), resourceName: String(params.username) });
        });
        return { type: 'entity', entity: 'User', data: await this.view(id) };
      },
    });
  }

  /** The system account's user is CloudStack's user 1; the seed makes it first. */
  private async systemUserId(): Promise<number> {
    return (await this.db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirst())?.id ?? -1;
  }

  /** A live user with its account, or a 431 that names only what the caller gave. */
  private async find(idOrUuid: string, notFound = `Unable to find user with id: ${idOrUuid}`): Promise<UserRow> {
    const id = await resolveId(this.db, 'users', idOrUuid);
    const u = id === undefined ? undefined : await this.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id')
      .innerJoin('domains as d', 'd.id', 'a.domain_id').innerJoin('roles as r', 'r.id', 'a.role_id')
      .select(['u.id', 'u.uuid', 'u.username', 'u.state', 'u.password_hash', 'u.is_default', 'a.id as accountId', 'a.uuid as accountUuid', 'a.name as accountName',
        'a.role_id as roleId', 'r.type as roleType', 'd.id as domainId', 'd.uuid as domainUuid', 'd.path as domainPath'])
      .where('u.id', '=', id).where('u.removed', 'is', null).where('a.removed', 'is', null).executeTakeFirst();
    if (!u) throw invalidParam(notFound);
    const system = (await this.db.selectFrom('accounts').select('id').orderBy('id').limit(1).executeTakeFirst())?.id === u.accountId;
    return {
      id: u.id, uuid: u.uuid, username: u.username, state: u.state, passwordHash: u.password_hash, isDefault: u.is_default === 1,
      account: { id: u.accountId, uuid: u.accountUuid, name: u.accountName, roleId: u.roleId, roleType: u.roleType as RoleType, domainId: u.domainId, domainUuid: u.domainUuid, domainPath: u.domainPath, isSystem: system },
    };
  }

  /** checkAccess(caller, OperateEntry, account) + verifyCallerPrivilegeForUserOrAccountOperations(user). */
  private async checkOperate(caller: Caller, u: UserRow): Promise<void> {
    checkEntityAccess(caller, { accountId: u.account.id, domainPath: u.account.domainPath, what: `user ${u.username}` });
    await checkAccountOperation(this.roles, caller, u.account);
  }

  private async usernameTaken(domainId: number, username: string, exceptUserId?: number): Promise<boolean> {
    let q = this.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id').select('u.id')
      .where('a.domain_id', '=', domainId).where('u.username', '=', username).where('u.removed', 'is', null).where('a.removed', 'is', null);
    if (exceptUserId !== undefined) q = q.where('u.id', '!=', exceptUserId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /**
   * registerUserKeys/getUserKeys: besides reach (AuthService), the caller must not act on a
   * more privileged account (CloudStack 4.16+), nor on the system user.
   */
  async checkKeyAccess(caller: Caller, idOrUuid: string): Promise<void> {
    const u = await this.find(idOrUuid, `Unable to find user by id ${idOrUuid}`);
    if (u.account.isSystem) throw permissionDenied(`user id : ${u.uuid} is system account, update is not allowed`);
    await this.checkOperate(caller, u);
  }

  async create(caller: Caller, a: NewUser): Promise<UserView> {
    if (!a.password) throw invalidParam('Empty passwords are not allowed');
    if (!a.username.trim()) throw invalidParam('Username is empty');
    if (!a.firstname.trim()) throw invalidParam('Firstname is empty');
    if (!a.lastname.trim()) throw invalidParam('Lastname is empty');
    // Without domainid CloudStack means ROOT (not the caller's domain).
    const domain = a.domainId !== undefined ? await this.accounts.domain(a.domainId) : await this.accounts.rootDomain();
    const acct = await this.db.selectFrom('accounts as a').innerJoin('roles as r', 'r.id', 'a.role_id')
      .select(['a.id', 'a.uuid', 'a.name', 'a.role_id as roleId', 'r.type as roleType'])
      .where('a.domain_id', '=', domain.id).where('a.name', '=', a.account).where('a.state', '=', 'enabled').where('a.removed', 'is', null).executeTakeFirst();
    // Reach first, so a caller learns nothing about accounts in domains it cannot see.
    checkEntityAccess(caller, { accountId: acct?.id ?? -1, domainPath: domain.path, what: `domain ${domain.uuid}` });
    if (!acct) throw invalidParam(`Unable to find account ${a.account} in domain ${domain.uuid} to create user`);
    const system = (await this.db.selectFrom('accounts').select('id').orderBy('id').limit(1).executeTakeFirst())?.id === acct.id;
    if (system) throw permissionDenied(`Account: ${acct.name} is a system account, can't add a user to it`);
    if (await this.usernameTaken(domain.id, a.username)) throw invalidParam(`The user ${a.username} already exists in domain ${domain.uuid}`);
    await checkAccountOperation(this.roles, caller, { ...acct, roleType: acct.roleType as RoleType });
    const uuid = a.userUuid ?? randomUUID();
    if (await this.db.selectFrom('users').select('id').where('uuid', '=', uuid).executeTakeFirst()) throw invalidParam(`A user with id ${uuid} already exists`);
    const row = await this.db.insertInto('users').values({
      uuid, account_id: acct.id, username: a.username, password_hash: await hashPassword(a.password), firstname: a.firstname, lastname: a.lastname,
      email: a.email || null, timezone: a.timezone || null, state: 'enabled', api_key: null, secret_key: null, is_default: 0,
      created: new Date().toISOString(), removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    await this.events.record(caller, { type: 'USER.CREATE', description: `Successfully completed creating User. User Name: ${a.username}, Account: ${acct.name}`, resourceType: 'User', resourceId: uuid, resourceName: a.username });
    return this.view(row.id);
  }

  async list(caller: Caller, f: UserFilter, page: Page): Promise<{ count: number; items: UserView[] }> {
    let q = this.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id').innerJoin('domains as d', 'd.id', 'a.domain_id')
      .where('u.removed', 'is', null).where('a.removed', 'is', null).where('u.id', '!=', await this.systemUserId());
    let userId = f.id === undefined ? undefined : (await resolveId(this.db, 'users', f.id)) ?? -1;
    if (caller.roleType === 'User') {
      // A plain user lists only itself.
      if (userId !== undefined && userId !== caller.userId) throw permissionDenied('Calling user is not authorized to see the user requested by id');
      userId = caller.userId;
      if (f.account !== undefined && f.account !== caller.accountName) throw permissionDenied(`Account ${f.account} is not accessible by the caller`);
    } else if (userId !== undefined && !f.listAll && f.domainId === undefined && f.account === undefined) {
      // An admin asking for one user by id: anywhere it reaches (buildACLSearchParameters).
      if (!isRootAdmin(caller)) q = q.where('d.path', 'like', `${caller.domainPath}%`);
    } else {
      const scope = await listScope(this.db, caller, { listall: f.listAll, domainid: f.domainId, account: f.account, isrecursive: f.isRecursive });
      if (scope.kind === 'account') q = q.where('a.id', '=', scope.accountId);
      else q = scope.recursive ? q.where('d.path', 'like', `${scope.path}%`) : q.where('a.domain_id', '=', scope.domainId);
    }
    if (userId !== undefined) q = q.where('u.id', '=', userId);
    if (f.username !== undefined) q = q.where('u.username', '=', f.username);
    if (f.accountType !== undefined) q = q.where('a.type', '=', f.accountType);
    if (f.state !== undefined) q = q.where('u.state', '=', f.state.toLowerCase());
    // Every Nubo user authenticates natively.
    if (f.userSource !== undefined && f.userSource.toLowerCase() !== 'native') q = q.where('u.id', '=', -1);
    if (f.keyword !== undefined) {
      // MySQL's LIKE (CloudStack's) ignores case; so do we, on both dialects.
      const k = `%${f.keyword.toLowerCase()}%`;
      const cols = ['u.username', 'u.firstname', 'u.lastname', 'u.email', 'u.state', 'a.name'] as const;
      q = q.where((eb) => eb.or(cols.map((c) => eb(eb.fn('lower', [c]), 'like', k))));
    }
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = await q.select('u.id').orderBy('u.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: await loadUsers(this.db, ids.map((r) => r.id)) };
  }

  /** getUser: the user owning an API key. */
  async byApiKey(caller: Caller, apiKey: string): Promise<UserView> {
    const u = await this.db.selectFrom('users').select('uuid').where('api_key', '=', apiKey).where('removed', 'is', null).executeTakeFirst();
    if (!u) throw invalidParam('User with specified API key does not exist');
    const row = await this.find(u.uuid);
    checkEntityAccess(caller, { accountId: row.account.id, domainPath: row.account.domainPath, what: `user ${row.username}` });
    return this.view(row.id);
  }

  async update(caller: Caller, idOrUuid: string, c: UserChanges): Promise<UserView> {
    const u = await this.find(idOrUuid);
    if (u.account.isSystem) throw permissionDenied(`user: ${u.username} is a system account; update is not allowed.`);
    await this.checkOperate(caller, u);
    const set: { username?: string; firstname?: string; lastname?: string; email?: string; timezone?: string; password_hash?: string; api_key?: string; secret_key?: string } = {};
    const blankKey = !c.apiKey?.trim();
    const blankSecret = !c.secretKey?.trim();
    if (blankKey !== blankSecret) throw invalidParam('Please provide a userApiKey/userSecretKey pair');
    if (!blankKey && c.apiKey && c.secretKey) {
      const owner = await this.db.selectFrom('users').select('id').where('api_key', '=', c.apiKey).executeTakeFirst();
      if (owner && owner.id !== u.id) throw invalidParam(`The API key [${c.apiKey}] already exists in the system. Please provide a unique key.`);
      set.api_key = c.apiKey;
      set.secret_key = c.secretKey;
    }
    if (c.firstname !== undefined) {
      if (!c.firstname.trim()) throw invalidParam('Firstname cannot be empty.');
      set.firstname = c.firstname;
    }
    if (c.lastname !== undefined) {
      if (!c.lastname.trim()) throw invalidParam('Lastname cannot be empty.');
      set.lastname = c.lastname;
    }
    if (c.username !== undefined) {
      if (!c.username.trim()) throw invalidParam('Username cannot be empty.');
      if (await this.usernameTaken(u.account.domainId, c.username, u.id)) throw invalidParam(`The user ${c.username} already exists in domain ${u.account.domainUuid}`);
      set.username = c.username;
    }
    if (c.password !== undefined) {
      if (!c.password.trim()) throw invalidParam('Password cannot be empty or blank.');
      // Root and domain admins reset passwords; anybody else proves the current one (CloudStack 4.15+).
      const admin = caller.roleType === 'Admin' || caller.roleType === 'DomainAdmin';
      if (!admin) {
        if (!c.currentPassword?.trim()) throw invalidParam('To set a new password the current password must be provided.');
        if (!(await verifyPassword(c.currentPassword, u.passwordHash))) throw invalidParam('Current password is incorrect.');
      }
      set.password_hash = await hashPassword(c.password);
    }
    if (c.email?.trim()) set.email = c.email;
    if (c.timezone?.trim()) set.timezone = c.timezone;
    if (Object.keys(set).length) await this.db.updateTable('users').set(set).where('id', '=', u.id).execute();
    await this.events.record(caller, { type: 'USER.UPDATE', description: `Successfully completed updating User. User Id: ${u.uuid}`, resourceType: 'User', resourceId: u.uuid, resourceName: set.username ?? u.username });
    return this.view(u.id);
  }

  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const u = await this.find(idOrUuid, "The specified user doesn't exist in the system");
    if (u.id === caller.userId) {
      throw invalidParam(`The caller is requesting to delete itself. As a security measure, ACS will not allow this operation. To delete user ${u.username} (ID: ${u.uuid}, Domain: ${u.account.domainUuid}), request to another user with permission to execute the operation.`);
    }
    checkEntityAccess(caller, { accountId: u.account.id, domainPath: u.account.domainPath, what: `user ${u.username}` });
    if (u.isDefault) throw invalidParam("The user is default and can't be (re)moved");
    await checkAccountOperation(this.roles, caller, u.account);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('sessions').where('user_id', '=', u.id).execute();
      await tx.updateTable('users').set({ removed: new Date().toISOString(), api_key: null, secret_key: null }).where('id', '=', u.id).where('removed', 'is', null).execute();
    });
    await this.events.record(caller, { type: 'USER.DELETE', description: `Successfully completed deleting User. User Id: ${u.uuid}`, resourceType: 'User', resourceId: u.uuid, resourceName: u.username });
  }

  async submitDisable(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const u = await this.find(idOrUuid, `Unable to find active user by id ${idOrUuid}`);
    if (u.account.isSystem) throw invalidParam(`User: ${u.username} is a system user, disabling is not allowed`);
    await this.checkOperate(caller, u);
    const job = await this.jobs.submit({
      cmd: DISABLE_CMD, javaClass, owner: caller, params: { userId: u.id, userUuid: u.uuid, username: u.username },
      instanceType: 'User', instanceId: u.uuid, lockKey: `account:${u.account.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** enableUser also enables the user's account, as CloudStack does. */
  async enable(caller: Caller, idOrUuid: string): Promise<UserView> {
    const u = await this.find(idOrUuid, `Unable to find active user by id ${idOrUuid}`);
    if (u.account.isSystem) throw invalidParam(`User: ${u.username} is a system user, enabling is not allowed`);
    await this.checkOperate(caller, u);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ state: 'enabled' }).where('id', '=', u.id).execute();
      await tx.updateTable('accounts').set({ state: 'enabled' }).where('id', '=', u.account.id).where('removed', 'is', null).execute();
    });
    await this.events.record(caller, { type: 'USER.ENABLE', description: `Successfully completed enabling User. User Id: ${u.uuid}`, resourceType: 'User', resourceId: u.uuid, resourceName: u.username });
    return this.view(u.id);
  }

  /** Only an enabled user locks; when no enabled user is left, its account locks too. */
  async lock(caller: Caller, idOrUuid: string): Promise<UserView> {
    const u = await this.find(idOrUuid, 'Unable to find user by id');
    if (u.account.isSystem) throw permissionDenied(`user: ${u.username} is a system user, locking is not allowed`);
    await this.checkOperate(caller, u);
    if (u.state === 'locked') return this.view(u.id);
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('users').set({ state: 'locked' }).where('id', '=', u.id).where('state', '=', 'enabled').executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw invalidState(`Unable to lock user ${u.username}: only an enabled user can be locked (it is ${u.state})`);
      const enabled = await tx.selectFrom('users').select('id').where('account_id', '=', u.account.id).where('state', '=', 'enabled').where('removed', 'is', null).executeTakeFirst();
      if (!enabled) await tx.updateTable('accounts').set({ state: 'locked' }).where('id', '=', u.account.id).where('state', '=', 'enabled').execute();
    });
    await this.events.record(caller, { type: 'USER.LOCK', description: `Successfully completed locking User. User Id: ${u.uuid}`, resourceType: 'User', resourceId: u.uuid, resourceName: u.username });
    return this.view(u.id);
  }

  async view(id: number): Promise<UserView> {
    const [v] = await loadUsers(this.db, [id]);
    if (!v) throw invalidParam(`Unable to find user by id ${id}`);
    return v;
  }
}
