import { randomUUID } from 'node:crypto';
import type { RoleType } from '../api/types.js';
import { type Caller, isRootAdmin, roleTypeOfAccountType } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import { ACCOUNT_TYPE_OF_ROLE, DEFAULT_ROLE_ID, NETWORK_DOMAIN_RULES, validNetworkDomain } from '../core/identity.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import { type AccountFilter, listAccounts } from './account-list.js';
import type { EventService } from './events.js';
import { checkAccountOperation, checkDomainAccess, checkEntityAccess, checkNoEscalation, type TargetAccount } from './identity-access.js';
import { type AccountView, loadAccounts } from './identity-views.js';
import { resolveId } from './lookup.js';
import { hashPassword } from './passwords.js';
import type { Page } from './query.js';
import { rolesVisibleTo } from './role-visibility.js';
import type { RoleService } from './roles.js';

export type { AccountView } from './identity-views.js';
export type { AccountFilter } from './account-list.js';

export interface NewAccount {
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly timezone?: string;
  readonly account?: string;
  readonly accountType?: number;
  readonly roleId?: string;
  readonly domainId?: string;
  readonly networkDomain?: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly accountUuid?: string;
  readonly userUuid?: string;
}

const DELETE_CMD = 'deleteAccount';
const DISABLE_CMD = 'disableAccount';

/** Other families' clean-up of what an account owns, run when the account is deleted. */
export type AccountCleanup = (accountId: number, owner: JobOwner) => Promise<void>;

export interface AccountRow extends TargetAccount {
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainPath: string;
  readonly state: string;
  readonly isDefault: boolean;
  readonly isSystem: boolean;
}

export interface AccountRef {
  readonly id?: string;
  readonly account?: string;
  readonly domainId?: string;
}


export class AccountService {
  private readonly cleanups: AccountCleanup[] = [];
  private readonly deleteChecks: ((accountId: number) => Promise<void>)[] = [];

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly roles: RoleService,
  ) {
    jobs.register({
      cmd: DELETE_CMD,
      // Every step is idempotent (a removed account stays removed), so carry on after a restart.
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.accountId);
        await ctx.step('cleanup', async () => {
          for (const c of this.cleanups) await c(id, ctx.owner);
        });
        await ctx.step('delete', () => this.remove(id));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'ACCOUNT.DELETE', description: `Successfully completed deleting account. Account Id: ${String(params.accountUuid)}`, resourceType: 'Account', resourceId: String(params.accountUuid), resourceName: String(params.accountName) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: DISABLE_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.accountId);
        const lock = params.lock === true;
        await ctx.step('state', () => (lock ? this.lockNow(id) : this.disableNow(id)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'ACCOUNT.DISABLE', description: `Successfully completed ${lock ? 'locking' : 'disabling'} account. Account Id: ${String(params.accountUuid)}`, resourceType: 'Account', resourceId: String(params.accountUuid), resourceName: String(params.accountName) });
        });
        return { type: 'entity', entity: 'Account', data: await this.view(id) };
      },
    });
  }

  /** Lets another family clean up what a deleted account owns (VMs, volumes, networks...). */
  onDelete(cleanup: AccountCleanup): void {
    this.cleanups.push(cleanup);
  }

  /** Lets another family refuse a delete before the job starts (so bad input changes nothing). */
  beforeDelete(check: (accountId: number) => Promise<void>): void {
    this.deleteChecks.push(check);
  }

  /** A live domain by uuid or id (431 when there is none). */
  async domain(idOrUuid: string): Promise<{ id: number; uuid: string; path: string; name: string }> {
    const id = await resolveId(this.db, 'domains', idOrUuid);
    const d = id === undefined ? undefined
      : await this.db.selectFrom('domains').select(['id', 'uuid', 'path', 'name']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!d) throw invalidParam(`Unable to find domain by id ${idOrUuid}`);
    return d;
  }

  async rootDomain(): Promise<{ id: number; uuid: string; path: string; name: string }> {
    return this.db.selectFrom('domains').select(['id', 'uuid', 'path', 'name']).where('path', '=', '/').where('removed', 'is', null).executeTakeFirstOrThrow();
  }

  /** A live role by uuid or id; Admin-type roles exist only for root admins (RoleService.findRole). */
  async role(caller: Caller, idOrUuid: string): Promise<{ id: number; uuid: string; type: RoleType; state: string }> {
    const id = await resolveId(this.db, 'roles', idOrUuid);
    const r = id === undefined ? undefined
      : await this.db.selectFrom('roles').select(['id', 'uuid', 'type', 'state']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!r || (r.type === 'Admin' && !isRootAdmin(caller))) throw invalidParam(`Unable to find role by id ${idOrUuid}`);
    return { ...r, type: r.type as RoleType };
  }

  /** createAccount: the account and its first user, in one transaction. */
  async create(caller: Caller, a: NewAccount): Promise<AccountView> {
    if (!a.password) throw invalidParam('Empty passwords are not allowed');
    const username = a.username;
    if (!username.trim()) throw invalidParam('Username is empty');
    if (!a.firstname.trim()) throw invalidParam('Firstname is empty');
    if (!a.lastname.trim()) throw invalidParam('Lastname is empty');
    const accountName = a.account ?? username;
    if (!accountName.trim()) throw invalidParam('Account name is empty');

    // roleid wins over accounttype, as CreateAccountCmd.getAccountType does.
    let roleId: number;
    let roleType: RoleType;
    if (a.roleId !== undefined) {
      const r = await this.role(caller, a.roleId);
      if (r.state !== 'ENABLED') throw invalidParam(`Role ${a.roleId} is disabled; unable to create an account with it`);
      roleId = r.id;
      roleType = r.type;
    } else if (a.accountType !== undefined) {
      const def = DEFAULT_ROLE_ID[a.accountType];
      if (def === undefined) throw invalidParam(`Invalid account type ${a.accountType} given; unable to create user (0 user, 1 root admin, 2 domain admin)`);
      roleId = def;
      roleType = roleTypeOfAccountType(a.accountType);
    } else {
      throw invalidParam('Neither account type and role ID are not provided');
    }
    const accountType = ACCOUNT_TYPE_OF_ROLE[roleType];

    // Without domainid CloudStack means ROOT (not the caller's domain).
    const domain = a.domainId !== undefined ? await this.domain(a.domainId) : await this.rootDomain();
    checkDomainAccess(caller, domain);
    if (accountType === 1 && domain.path !== '/') {
      throw invalidParam(`Invalid account type ${accountType} given for an account in domain ${domain.uuid}; unable to create user of admin role type in non-ROOT domain.`);
    }
    if (a.networkDomain && !validNetworkDomain(a.networkDomain)) throw invalidParam(NETWORK_DOMAIN_RULES);
    await checkNoEscalation(this.roles, caller, { roleId, roleType });

    const now = new Date().toISOString();
    const hash = await hashPassword(a.password);
    const accountUuid = a.accountUuid ?? randomUUID();
    const userUuid = a.userUuid ?? randomUUID();
    const accountId = await this.db.transaction().execute(async (tx) => {
      const userClash = await tx.selectFrom('users as u').innerJoin('accounts as ac', 'ac.id', 'u.account_id').select('u.id')
        .where('ac.domain_id', '=', domain.id).where('u.username', '=', username).where('u.removed', 'is', null).where('ac.removed', 'is', null).executeTakeFirst();
      if (userClash) throw invalidParam(`The user ${username} already exists in domain ${domain.uuid}`);
      const acctClash = await tx.selectFrom('accounts').select('id').where('domain_id', '=', domain.id).where('removed', 'is', null)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', accountName.toLowerCase())).executeTakeFirst();
      if (acctClash) throw invalidParam(`The specified account: ${accountName} already exists`);
      if (await tx.selectFrom('accounts').select('id').where('uuid', '=', accountUuid).executeTakeFirst()) throw invalidParam(`An account with id ${accountUuid} already exists`);
      if (await tx.selectFrom('users').select('id').where('uuid', '=', userUuid).executeTakeFirst()) throw invalidParam(`A user with id ${userUuid} already exists`);
      const acct = await tx.insertInto('accounts').values({
        uuid: accountUuid, name: accountName, type: accountType, role_id: roleId, domain_id: domain.id, state: 'enabled',
        network_domain: a.networkDomain || null, created: now, removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      for (const [name, value] of Object.entries(a.details ?? {})) {
        await tx.insertInto('account_details').values({ account_id: acct.id, name, value }).execute();
      }
      await tx.insertInto('users').values({
        uuid: userUuid, account_id: acct.id, username, password_hash: hash, firstname: a.firstname, lastname: a.lastname,
        email: a.email || null, timezone: a.timezone || null, state: 'enabled', api_key: null, secret_key: null, is_default: 0, created: now, removed: null,
      }).execute();
      return acct.id;
    });
    await this.events.record(caller, { type: 'ACCOUNT.CREATE', description: `Successfully completed creating Account. Account Name: ${accountName}, Domain Id: ${domain.uuid}`, resourceType: 'Account', resourceId: accountUuid, resourceName: accountName });
    await this.events.record(caller, { type: 'USER.CREATE', description: `Successfully completed creating User. User Name: ${username}, Account: ${accountName}`, resourceType: 'User', resourceId: userUuid, resourceName: username });
    return this.view(accountId);
  }

  /** The live account a reference names: `id`, or `account` (name) in `domainid` (default: the caller's domain). */
  async find(caller: Caller, ref: AccountRef, opts: { enabledOnly?: boolean } = {}): Promise<AccountRow> {
    let q = this.db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').innerJoin('roles as r', 'r.id', 'a.role_id')
      .select(['a.id', 'a.uuid', 'a.name', 'a.state', 'a.role_id as roleId', 'r.type as roleType', 'd.id as domainId', 'd.uuid as domainUuid', 'd.path as domainPath'])
      .where('a.removed', 'is', null);
    let what: string;
    if (ref.id !== undefined) {
      const id = await resolveId(this.db, 'accounts', ref.id);
      q = q.where('a.id', '=', id ?? -1);
      what = `id ${ref.id}`;
    } else if (ref.account !== undefined) {
      const domain = ref.domainId !== undefined ? await this.domain(ref.domainId) : { id: caller.domainId, uuid: caller.domainUuid };
      q = q.where('a.domain_id', '=', domain.id).where('a.name', '=', ref.account);
      what = `name ${ref.account} in domain ${domain.uuid}`;
    } else {
      throw invalidParam('Either the account id, or the account name together with its domain id, must be specified');
    }
    if (opts.enabledOnly) q = q.where('a.state', '=', 'enabled');
    const a = await q.executeTakeFirst();
    if (!a) throw invalidParam(`Unable to find account by ${what}`);
    const defaults = await this.db.selectFrom('users').select('id').where('account_id', '=', a.id).where('is_default', '=', 1).executeTakeFirst();
    const system = await this.isSystem(a.id);
    return { ...a, roleType: a.roleType as RoleType, isDefault: defaults !== undefined, isSystem: system };
  }

  /** The system account: CloudStack's account 1, the first account the seed makes. */
  private async isSystem(id: number): Promise<boolean> {
    const first = await this.db.selectFrom('accounts').select('id').orderBy('id').limit(1).executeTakeFirst();
    return first?.id === id;
  }

  /** checkAccess(caller, OperateEntry, account) plus verifyCallerPrivilegeForUserOrAccountOperations. */
  private async checkOperate(caller: Caller, a: AccountRow): Promise<void> {
    checkEntityAccess(caller, { accountId: a.id, domainPath: a.domainPath, what: `account ${a.name}` });
    await checkAccountOperation(this.roles, caller, a);
  }

  async list(caller: Caller, f: AccountFilter, page: Page): Promise<{ count: number; items: AccountView[] }> {
    return listAccounts(this.db, caller, f, page, (id) => this.domain(id));
  }

  async update(caller: Caller, ref: AccountRef, a: { newName?: string; networkDomain?: string; roleId?: string; details?: Readonly<Record<string, string>> }): Promise<AccountView> {
    const acct = await this.find(caller, ref, { enabledOnly: ref.id === undefined });
    if (acct.isSystem) throw invalidParam('Can not modify system account');
    checkDomainAccess(caller, { id: acct.domainId, uuid: acct.domainUuid, path: acct.domainPath });
    await checkAccountOperation(this.roles, caller, acct);
    if (a.newName !== undefined && !a.newName.trim()) throw invalidParam(`The new account name for account '${acct.name}' is empty string. Account will be not renamed.`);
    if (a.networkDomain && !validNetworkDomain(a.networkDomain)) throw invalidParam(NETWORK_DOMAIN_RULES);
    let role: { id: number; type: RoleType } | undefined;
    if (a.roleId !== undefined) {
      const id = await resolveId(this.db, 'roles', a.roleId);
      const visible = await rolesVisibleTo(this.db, this.roles, caller);
      const r = visible.find((v) => v.id === id);
      if (!r) throw invalidParam(`Role with ID '${a.roleId}' is not found or not available for the account '${acct.name}' in the domain '${acct.domainUuid}'.`);
      if (r.state !== 'ENABLED') throw invalidParam(`Role ${a.roleId} is disabled and can not be given to an account`);
      const rank: Record<RoleType, number> = { Admin: 0, ResourceAdmin: 1, DomainAdmin: 2, User: 3 };
      if (!isRootAdmin(caller) && (rank[r.type] < rank[caller.roleType] || rank[acct.roleType] < rank[caller.roleType])) {
        throw permissionDenied(`Unable to update account role to ${r.name}, as either current or new role has higher privileges than the caller`);
      }
      if (r.type === 'Admin' && acct.domainPath !== '/') throw permissionDenied(`Unable to update account role to ${r.name}, as the account does not belong to the ROOT domain`);
      await checkNoEscalation(this.roles, caller, { roleId: r.id, roleType: r.type });
      role = r;
    }
    await this.db.transaction().execute(async (tx) => {
      if (a.newName !== undefined && a.newName !== acct.name) {
        const clash = await tx.selectFrom('accounts').select('id').where('domain_id', '=', acct.domainId).where('removed', 'is', null).where('id', '!=', acct.id)
          .where((eb) => eb(eb.fn('lower', ['name']), '=', a.newName!.toLowerCase())).executeTakeFirst();
        if (clash) throw invalidParam(`The account with the proposed name '${a.newName}' exists in the domain '${acct.domainUuid}'`);
        await tx.updateTable('accounts').set({ name: a.newName }).where('id', '=', acct.id).execute();
      }
      if (a.networkDomain !== undefined) await tx.updateTable('accounts').set({ network_domain: a.networkDomain || null }).where('id', '=', acct.id).execute();
      if (role) await tx.updateTable('accounts').set({ role_id: role.id, type: ACCOUNT_TYPE_OF_ROLE[role.type] }).where('id', '=', acct.id).execute();
      for (const [name, value] of Object.entries(a.details ?? {})) {
        await tx.deleteFrom('account_details').where('account_id', '=', acct.id).where('name', '=', name).execute();
        await tx.insertInto('account_details').values({ account_id: acct.id, name, value }).execute();
      }
    });
    await this.events.record(caller, { type: 'ACCOUNT.UPDATE', description: `Successfully completed updating account. Account Id: ${acct.uuid}`, resourceType: 'Account', resourceId: acct.uuid, resourceName: a.newName ?? acct.name });
    return this.view(acct.id);
  }

  /** deleteAccount: validates now (bad input changes nothing), deletes in a job. */
  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const a = await this.find(caller, { id: idOrUuid });
    if (a.id === caller.accountId) {
      throw invalidParam(`Deletion of your own account is not allowed. To delete account ${a.name} (ID: ${a.uuid}, Domain: ${a.domainUuid}), request to another user with permissions to perform the operation.`);
    }
    checkEntityAccess(caller, { accountId: a.id, domainPath: a.domainPath, what: `account ${a.name}` });
    if (a.isDefault || a.isSystem) throw invalidParam("The account is default and can't be removed");
    await checkAccountOperation(this.roles, caller, a);
    for (const check of this.deleteChecks) await check(a.id);
    const job = await this.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { accountId: a.id, accountUuid: a.uuid, accountName: a.name },
      instanceType: 'Account', instanceId: a.uuid, lockKey: `account:${a.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** disableAccount (lock=false) or its lock=true form; lockAccount uses the same job. */
  async submitDisable(caller: Caller, ref: AccountRef, lock: boolean, javaClass: string): Promise<{ jobUuid: string; accountUuid: string }> {
    const a = await this.find(caller, ref);
    if (a.isSystem) throw permissionDenied(`Account: ${a.name} is a system account, ${lock ? 'lock' : 'disable'} is not allowed`);
    await this.checkOperate(caller, a);
    if (a.isDefault) throw invalidParam(`Unable to ${lock ? 'lock' : 'disable'} account ${a.name}: it is a default account`);
    if (lock && a.state === 'disabled') throw invalidState(`Unable to lock account ${a.name}: only an enabled account can be locked (it is disabled)`);
    const job = await this.jobs.submit({
      cmd: DISABLE_CMD, javaClass, owner: caller, params: { accountId: a.id, accountUuid: a.uuid, accountName: a.name, lock },
      instanceType: 'Account', instanceId: a.uuid, lockKey: `account:${a.id}`,
    });
    return { jobUuid: job.uuid, accountUuid: a.uuid };
  }

  /** lockAccount (the deprecated synchronous form). */
  async lock(caller: Caller, ref: AccountRef): Promise<AccountView> {
    const a = await this.find(caller, ref);
    if (a.isSystem) throw permissionDenied(`Account: ${a.name} is a system account, lock is not allowed`);
    await this.checkOperate(caller, a);
    if (a.isDefault) throw invalidParam(`Unable to lock account ${a.name}: it is a default account`);
    await this.lockNow(a.id);
    await this.events.record(caller, { type: 'ACCOUNT.DISABLE', description: `Successfully completed locking account. Account Id: ${a.uuid}`, resourceType: 'Account', resourceId: a.uuid, resourceName: a.name });
    return this.view(a.id);
  }

  async enable(caller: Caller, ref: AccountRef): Promise<AccountView> {
    const a = await this.find(caller, ref);
    if (a.isSystem) throw permissionDenied(`Account: ${a.name} is a system account, enable is not allowed`);
    await this.checkOperate(caller, a);
    await this.db.updateTable('accounts').set({ state: 'enabled' }).where('id', '=', a.id).where('removed', 'is', null).execute();
    await this.events.record(caller, { type: 'ACCOUNT.ENABLE', description: `Successfully completed enabling account. Account Id: ${a.uuid}`, resourceType: 'Account', resourceId: a.uuid, resourceName: a.name });
    return this.view(a.id);
  }

  /** Only an enabled account locks; a locked one stays locked (compare-and-set). */
  private async lockNow(id: number): Promise<void> {
    const r = await this.db.updateTable('accounts').set({ state: 'locked' }).where('id', '=', id).where('state', '=', 'enabled').where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) return;
    const now = await this.db.selectFrom('accounts').select(['name', 'state']).where('id', '=', id).executeTakeFirst();
    if (now?.state !== 'locked') throw invalidState(`Unable to lock account ${now?.name ?? id}: only an enabled account can be locked (it is ${now?.state ?? 'gone'})`);
  }

  private async disableNow(id: number): Promise<void> {
    await this.db.updateTable('accounts').set({ state: 'disabled' }).where('id', '=', id).where('removed', 'is', null).execute();
  }

  /** Idempotent: the account, its users, their keys and sessions, and its details go. */
  private async remove(id: number): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const users = tx.selectFrom('users').select('id').where('account_id', '=', id);
      await tx.deleteFrom('sessions').where('user_id', 'in', users).execute();
      await tx.updateTable('users').set({ removed: now, api_key: null, secret_key: null }).where('account_id', '=', id).where('removed', 'is', null).execute();
      await tx.deleteFrom('account_details').where('account_id', '=', id).execute();
      await tx.updateTable('accounts').set({ removed: now, state: 'removed' }).where('id', '=', id).where('removed', 'is', null).execute();
    });
  }

  async view(id: number): Promise<AccountView> {
    const [v] = await loadAccounts(this.db, [id]);
    if (!v) throw invalidParam(`Unable to find account by id ${id}`);
    return v;
  }
}
