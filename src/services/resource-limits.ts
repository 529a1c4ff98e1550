import { sql } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { DomainError, internalError, invalidParam, permissionDenied } from '../core/errors.js';
import {
  RESOURCE_TYPES, type ResourceTypeDef, type ResourceTypeName, UNLIMITED, accountLimit, domainLimit, firstExceeded, limitFromWire, limitToWire,
  newLimitProblem, resourceType, resourceTypeById, resourceTypeByName,
} from '../core/resource-limits.js';
import type { Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import type { SettingsService } from './settings.js';

export type OwnerType = 'account' | 'domain';

/** Who a limit or count belongs to, with what the wire shows of it. */
export interface OwnerView {
  readonly ownerType: OwnerType;
  readonly accountName?: string;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
}

export interface LimitView extends OwnerView {
  readonly type: ResourceTypeDef;
  /** In wire units: GiB for storage, -1 for unlimited. */
  readonly max: number;
}

export interface CountView extends OwnerView {
  readonly type: ResourceTypeDef;
  /** In count units: bytes for storage. */
  readonly count: number;
}

/** Recounts one resource type of one account from the rows that really exist. */
export type ResourceCounter = (accountId: number, q: Db) => Promise<number>;

interface AccountInfo {
  readonly id: number;
  readonly name: string;
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
  readonly rootAdmin: boolean;
}

interface DomainInfo {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly path: string;
  readonly parentId: number | null;
}

export interface LimitQuery {
  readonly id?: number;
  readonly resourceType?: number;
  readonly resourceTypeName?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly projectId?: string;
  readonly tag?: string;
}

export interface LimitUpdate {
  readonly resourceType: number;
  readonly max?: number;
  readonly account?: string;
  readonly domainId?: string;
  readonly projectId?: string;
  readonly tag?: string;
}

export interface CountUpdate {
  readonly domainId: string;
  readonly account?: string;
  readonly resourceType?: number;
  readonly projectId?: string;
  readonly tag?: string;
}

const limitExceeded = (msg: string) => new DomainError('ResourceLimitExceeded', msg);

/**
 * Resource limits (explicit rows, else the max.account.* / max.domain.* settings) and counts.
 * The VM, volume, IP… services call reserve() before they create and release() after they
 * destroy; both change the account's count and every domain's up to ROOT in one transaction,
 * each with a conditional UPDATE, so concurrent reservations can never pass a limit together.
 */
export class ResourceLimitService {
  private readonly counters = new Map<ResourceTypeName, ResourceCounter>();

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly events: EventService,
  ) {}

  /** The family that owns a resource type tells updateResourceCount how to count it. */
  registerCounter(type: ResourceTypeName, count: ResourceCounter): void {
    this.counters.set(type, count);
  }

  /**
   * Takes `amount` (bytes for storage, MiB for memory) of a resource for an account, or throws
   * ResourceLimitExceeded (535) and takes nothing. Pass `tx` to make the reservation part of the
   * caller's own transaction (then also read nothing outside it until it ends).
   */
  async reserve(accountId: number, type: ResourceTypeName, amount: number, tx?: Db): Promise<void> {
    if (!Number.isSafeInteger(amount) || amount < 0) throw internalError(`Invalid amount ${amount} to reserve of ${type}`);
    if (amount === 0) return;
    if (tx) return this.reserveIn(tx, accountId, resourceType(type), amount);
    await this.db.transaction().execute((t) => this.reserveIn(t, accountId, resourceType(type), amount));
  }

  /** Gives back what reserve() took; never goes below zero. */
  async release(accountId: number, type: ResourceTypeName, amount: number, tx?: Db): Promise<void> {
    if (!Number.isSafeInteger(amount) || amount < 0) throw internalError(`Invalid amount ${amount} to release of ${type}`);
    if (amount === 0) return;
    const run = async (q: Db) => {
      const acct = await this.account(q, accountId);
      const chain = await this.chain(q, acct.domainId);
      const less = sql<number>`case when count >= ${amount} then count - ${amount} else 0 end`;
      await q.updateTable('resource_counts').set({ count: less }).where('owner_type', '=', 'account').where('owner_id', '=', accountId).where('type', '=', type).execute();
      for (const d of chain) {
        await q.updateTable('resource_counts').set({ count: less }).where('owner_type', '=', 'domain').where('owner_id', '=', d.id).where('type', '=', type).execute();
      }
    };
    if (tx) return run(tx);
    await this.db.transaction().execute(run);
  }

  /**
   * A non-binding check for validating a request before work starts (bad input must change
   * nothing); the binding check is reserve().
   */
  async check(accountId: number, type: ResourceTypeName, amount: number): Promise<void> {
    const t = resourceType(type);
    const acct = await this.account(this.db, accountId);
    if (acct.rootAdmin) return;
    const chain = await this.chain(this.db, acct.domainId);
    const entries = [
      { key: acct as AccountInfo | DomainInfo, limit: await this.accountLimitOf(this.db, acct, t), count: await this.countOf(this.db, 'account', acct.id, type) },
    ];
    for (let i = 0; i < chain.length; i++) {
      entries.push({ key: chain[i]!, limit: await this.domainLimitOf(this.db, chain.slice(i), t), count: await this.countOf(this.db, 'domain', chain[i]!.id, type) });
    }
    const over = firstExceeded(entries, amount);
    if (over) throw this.exceeded(t, over.key === acct ? acct : undefined, over.key as DomainInfo);
  }

  /** Limit and count of every type for one owner (for account and domain views). */
  async usage(ownerType: OwnerType, ownerId: number): Promise<Map<ResourceTypeName, { limit: number; count: number }>> {
    const out = new Map<ResourceTypeName, { limit: number; count: number }>();
    for (const t of RESOURCE_TYPES) {
      const limit = ownerType === 'account'
        ? await this.accountLimitOf(this.db, await this.account(this.db, ownerId), t)
        : await this.domainLimitOf(this.db, await this.chain(this.db, ownerId), t);
      out.set(t.name, { limit, count: await this.countOf(this.db, ownerType, ownerId, t.name) });
    }
    return out;
  }

  // ---- the API: listResourceLimits, updateResourceLimit, updateResourceCount ----

  async list(caller: Caller, a: LimitQuery, page: Page): Promise<{ count: number; items: LimitView[] }> {
    if (a.tag !== undefined && a.tag !== '') throw invalidParam(`Invalid tag ${a.tag}: no resource limit tags are configured`);
    if (a.projectId !== undefined) throw invalidParam(`Unable to find project by id ${a.projectId}`);
    let types = RESOURCE_TYPES;
    if (a.resourceTypeName !== undefined) {
      const t = resourceTypeByName(a.resourceTypeName);
      if (!t) throw invalidParam(`Please specify a valid resource type name: ${RESOURCE_TYPES.map((x) => x.name).join(', ')}`);
      types = [t];
    } else if (a.resourceType !== undefined) {
      const t = resourceTypeById(a.resourceType);
      if (!t) throw invalidParam('Please specify a valid resource type.');
      types = [t];
    }
    let items: LimitView[];
    if (a.id !== undefined) {
      const row = await this.db.selectFrom('resource_limits').selectAll().where('id', '=', a.id).executeTakeFirst();
      const t = row && resourceTypeByName(row.type);
      if (!row || !t || !types.includes(t)) return { count: 0, items: [] };
      if (row.owner_type === 'account') {
        const acct = await this.account(this.db, row.owner_id);
        this.assertAccountVisible(caller, acct);
        items = [this.limitView('account', acct, t, await this.accountLimitOf(this.db, acct, t))];
      } else {
        const chain = await this.chain(this.db, row.owner_id);
        this.assertDomainAccess(caller, chain[0]!);
        items = [this.limitView('domain', chain[0]!, t, await this.domainLimitOf(this.db, chain, t))];
      }
    } else {
      const owner = await this.ownerForList(caller, a.account, a.domainId);
      items = [];
      for (const t of types) {
        if (owner.type === 'account') items.push(this.limitView('account', owner.acct, t, await this.accountLimitOf(this.db, owner.acct, t)));
        else items.push(this.limitView('domain', owner.chain[0]!, t, await this.domainLimitOf(this.db, owner.chain, t)));
      }
    }
    return { count: items.length, items: items.slice(page.offset, page.offset + page.limit) };
  }

  async update(caller: Caller, a: LimitUpdate): Promise<LimitView> {
    const t = resourceTypeById(a.resourceType);
    if (!t) throw invalidParam('Please specify a valid resource type.');
    if (a.tag !== undefined && a.tag !== '') throw invalidParam(`Invalid tag ${a.tag}: no resource limit tags are configured`);
    if (a.projectId !== undefined) throw invalidParam(`Unable to find project by id ${a.projectId}`);
    const max = a.max ?? UNLIMITED;
    const basic = newLimitProblem(max, UNLIMITED);
    if (basic) throw invalidParam(basic);
    if (caller.roleType === 'ResourceAdmin') throw permissionDenied('Cannot update resource limits as the caller is a resource domain admin');
    const stored = limitFromWire(t, max);
    let view: LimitView;
    let owner: { type: OwnerType; id: number; label: string };
    if (a.account !== undefined) {
      if (a.domainId === undefined) throw invalidParam('Account must be specified with domainId parameter');
      const domain = await this.domainByRef(a.domainId);
      this.assertDomainAccess(caller, domain);
      const acct = await this.accountByName(a.account, domain);
      if (acct.id === 1) throw invalidParam("Can't update system account");
      if (acct.rootAdmin && max !== UNLIMITED) throw invalidParam(`Only ${UNLIMITED} limit is supported for Root Admin accounts`);
      if (acct.id === caller.accountId && !isRootAdmin(caller)) throw permissionDenied(`Unable to update resource limit for their own account ${acct.name}, permission denied`);
      const parent = await this.domainLimitOf(this.db, await this.chain(this.db, acct.domainId), t);
      const problem = newLimitProblem(stored, parent);
      if (problem) throw invalidParam(`Account ${acct.name} has maximum allowed resource limit ${limitToWire(t, parent)} for ${t.name}, please specify a value less than or equal to ${limitToWire(t, parent)}`);
      owner = { type: 'account', id: acct.id, label: `account ${acct.name}` };
      await this.upsertLimit('account', acct.id, t, stored);
      view = this.limitView('account', acct, t, await this.accountLimitOf(this.db, acct, t));
    } else if (a.domainId !== undefined) {
      const domain = await this.domainByRef(a.domainId);
      this.assertDomainAccess(caller, domain);
      if (domain.parentId === null) throw permissionDenied(`Cannot update resource limit for ROOT domain ${domain.uuid}, permission denied`);
      if (domain.id === caller.domainId && !isRootAdmin(caller)) throw permissionDenied(`Unable to update resource limit for domain ${domain.uuid}, permission denied`);
      const chain = await this.chain(this.db, domain.id);
      const parent = await this.domainLimitOf(this.db, chain.slice(1), t);
      if (newLimitProblem(stored, parent)) {
        throw invalidParam(`Domain ${domain.name} has maximum allowed resource limit ${limitToWire(t, parent)} for ${t.name}, please specify a value less than or equal to ${limitToWire(t, parent)}`);
      }
      owner = { type: 'domain', id: domain.id, label: `domain ${domain.name}` };
      await this.upsertLimit('domain', domain.id, t, stored);
      view = this.limitView('domain', domain, t, await this.domainLimitOf(this.db, chain, t));
    } else {
      throw invalidParam('AccountId or domainId have to be specified in order to update resource limit');
    }
    await this.events.record(caller, {
      type: 'RESOURCE.LIMIT.UPDATE', description: `Resource limit of ${t.name} for ${owner.label} set to ${max}`,
      resourceType: owner.type === 'account' ? 'Account' : 'Domain',
    });
    return view;
  }

  /** Recounts from real rows: each account from its registered counters, then the domains' sums. */
  async recalculate(caller: Caller, a: CountUpdate): Promise<CountView[]> {
    if (a.tag !== undefined && a.tag !== '') throw invalidParam(`Invalid tag ${a.tag}: no resource limit tags are configured`);
    if (a.projectId !== undefined) throw invalidParam(`Unable to find project by id ${a.projectId}`);
    let types = RESOURCE_TYPES;
    if (a.resourceType !== undefined) {
      const t = resourceTypeById(a.resourceType);
      if (!t) throw invalidParam('Please specify a valid resource type.');
      types = [t];
    }
    const domain = await this.domainByRef(a.domainId);
    this.assertDomainAccess(caller, domain);
    const acct = a.account !== undefined ? await this.accountByName(a.account, domain) : undefined;
    const accounts = acct ? [acct.id] : (await this.db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').select('a.id')
      .where('a.removed', 'is', null).where('d.path', 'like', `${domain.path}%`).execute()).map((r) => r.id);
    const chain = await this.chain(this.db, acct ? acct.domainId : domain.id);
    const subtree = acct ? [] : await this.db.selectFrom('domains').select(['id', 'path']).where('removed', 'is', null).where('path', 'like', `${domain.path}%`).execute();
    const domainsToSum = [...new Map([...subtree, ...chain].map((d) => [d.id, d])).values()];
    for (const t of types) {
      for (const id of accounts) await this.recountAccount(id, t);
      for (const d of domainsToSum) {
        await this.ensureRows([{ ownerType: 'domain', ownerId: d.id }], t.name, this.db);
        await sql`update resource_counts set count = (
            select coalesce(sum(ac.count), 0) from resource_counts ac
            join accounts a on a.id = ac.owner_id join domains ad on ad.id = a.domain_id
            where ac.owner_type = 'account' and ac.type = ${t.name} and a.removed is null and ad.path like ${`${d.path}%`})
          where owner_type = 'domain' and owner_id = ${d.id} and type = ${t.name}`.execute(this.db);
      }
    }
    await this.events.record(caller, {
      type: 'RESOURCE.COUNT.UPDATE', description: `Recalculated resource counts of ${acct ? `account ${acct.name}` : `domain ${domain.name}`}`,
      resourceType: acct ? 'Account' : 'Domain',
    });
    const out: CountView[] = [];
    for (const t of types) {
      if (acct) out.push({ ...this.owner('account', acct), type: t, count: await this.countOf(this.db, 'account', acct.id, t.name) });
      else out.push({ ...this.owner('domain', domain), type: t, count: await this.countOf(this.db, 'domain', domain.id, t.name) });
    }
    return out;
  }

  // ---- internals ----

  private async reserveIn(q: Db, accountId: number, t: ResourceTypeDef, amount: number): Promise<void> {
    const acct = await this.account(q, accountId);
    const chain = await this.chain(q, acct.domainId);
    // Limits are read first; the counts are then checked and raised by the UPDATEs themselves.
    const accLimit = acct.rootAdmin ? UNLIMITED : await this.accountLimitOf(q, acct, t);
    const domLimits: number[] = [];
    for (let i = 0; i < chain.length; i++) domLimits.push(acct.rootAdmin ? UNLIMITED : await this.domainLimitOf(q, chain.slice(i), t));
    await this.ensureRows([{ ownerType: 'account', ownerId: acct.id }, ...chain.map((d) => ({ ownerType: 'domain' as const, ownerId: d.id }))], t.name, q);
    // Always account first, then domains leaf to ROOT: one lock order for every transaction.
    if (!(await this.raise(q, 'account', acct.id, t.name, amount, accLimit))) throw this.exceeded(t, acct, undefined);
    for (let i = 0; i < chain.length; i++) {
      if (!(await this.raise(q, 'domain', chain[i]!.id, t.name, amount, domLimits[i]!))) throw this.exceeded(t, undefined, chain[i]!);
    }
  }

  /** count += amount where the result stays within limit: one statement, so check and change cannot be split. */
  private async raise(q: Db, ownerType: OwnerType, ownerId: number, type: string, amount: number, limit: number): Promise<boolean> {
    let u = q.updateTable('resource_counts').set((eb) => ({ count: eb('count', '+', amount) }))
      .where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).where('type', '=', type);
    if (limit >= 0) u = u.where(sql<boolean>`count + ${amount} <= ${limit}`);
    const r = await u.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private exceeded(t: ResourceTypeDef, acct: AccountInfo | undefined, domain: DomainInfo | undefined): DomainError {
    if (acct) return limitExceeded(`Maximum number of resources of type '${t.name}' for account name=${acct.name} in domain id=${acct.domainUuid} has been exceeded.`);
    return limitExceeded(`Maximum number of resources of type '${t.name}' for domain id=${domain?.uuid} has been exceeded.`);
  }

  private async ensureRows(owners: readonly { ownerType: OwnerType; ownerId: number }[], type: string, q: Db): Promise<void> {
    await q.insertInto('resource_counts').values(owners.map((o) => ({ owner_type: o.ownerType, owner_id: o.ownerId, type, count: 0 })))
      .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'type']).doNothing()).execute();
  }

  /** Sets an account's count to what its counter finds, by compare-and-set; domains are summed after. */
  private async recountAccount(accountId: number, t: ResourceTypeDef): Promise<void> {
    const counter = this.counters.get(t.name);
    // A type no family counts yet is left as reserve()/release() kept it.
    if (!counter) return;
    await this.ensureRows([{ ownerType: 'account', ownerId: accountId }], t.name, this.db);
    for (let attempt = 0; attempt < 10; attempt++) {
      const old = await this.countOf(this.db, 'account', accountId, t.name);
      const real = await counter(accountId, this.db);
      const r = await this.db.updateTable('resource_counts').set({ count: real }).where('owner_type', '=', 'account').where('owner_id', '=', accountId)
        .where('type', '=', t.name).where('count', '=', old).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return;
    }
    throw internalError(`Resource count of ${t.name} for account ${accountId} keeps changing; try again`);
  }

  private async upsertLimit(ownerType: OwnerType, ownerId: number, t: ResourceTypeDef, max: number): Promise<void> {
    await this.db.insertInto('resource_limits').values({ owner_type: ownerType, owner_id: ownerId, type: t.name, max })
      .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'type']).doUpdateSet({ max })).execute();
  }

  private async countOf(q: Db, ownerType: OwnerType, ownerId: number, type: string): Promise<number> {
    const r = await q.selectFrom('resource_counts').select('count').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId)
      .where('type', '=', type).executeTakeFirst();
    return Number(r?.count ?? 0);
  }

  private async explicit(q: Db, ownerType: OwnerType, ownerId: number, type: string): Promise<number | undefined> {
    const r = await q.selectFrom('resource_limits').select('max').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId)
      .where('type', '=', type).executeTakeFirst();
    return r ? Number(r.max) : undefined;
  }

  /** In count units. */
  private async accountLimitOf(q: Db, acct: AccountInfo, t: ResourceTypeDef): Promise<number> {
    const def = limitFromWire(t, await this.settings.getNumber(`max.account.${t.setting}`, 'global', 0, q));
    return accountLimit(await this.explicit(q, 'account', acct.id, t.name), def, acct.rootAdmin);
  }

  /** In count units; `chain` is the domain and its ancestors, ROOT last. */
  private async domainLimitOf(q: Db, chain: readonly DomainInfo[], t: ResourceTypeDef): Promise<number> {
    const rows: (number | undefined)[] = [];
    for (const d of chain) rows.push(await this.explicit(q, 'domain', d.id, t.name));
    const def = limitFromWire(t, await this.settings.getNumber(`max.domain.${t.setting}`, 'global', 0, q));
    return domainLimit(rows, def);
  }

  private async account(q: Db, accountId: number): Promise<AccountInfo> {
    const r = await q.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').innerJoin('roles as r', 'r.id', 'a.role_id')
      .select(['a.id', 'a.name', 'a.domain_id', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath', 'r.type as roleType'])
      .where('a.id', '=', accountId).executeTakeFirst();
    if (!r) throw internalError(`No account ${accountId}`);
    return { id: r.id, name: r.name, domainId: r.domain_id, domainUuid: r.domainUuid, domainName: r.domainName, domainPath: r.domainPath, rootAdmin: r.roleType === 'Admin' };
  }

  /** The domain and its ancestors, ROOT last. */
  private async chain(q: Db, domainId: number): Promise<DomainInfo[]> {
    const out: DomainInfo[] = [];
    let id: number | null = domainId;
    while (id !== null && out.length < 64) {
      const d = await q.selectFrom('domains').select(['id', 'uuid', 'name', 'path', 'parent_id']).where('id', '=', id).executeTakeFirst();
      if (!d) break;
      out.push({ id: d.id, uuid: d.uuid, name: d.name, path: d.path, parentId: d.parent_id });
      id = d.parent_id;
    }
    return out;
  }

  private async domainByRef(ref: string): Promise<DomainInfo> {
    const id = await resolveId(this.db, 'domains', ref);
    const d = id === undefined ? undefined
      : await this.db.selectFrom('domains').select(['id', 'uuid', 'name', 'path', 'parent_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!d) throw invalidParam(`Unable to find domain by id ${ref}`);
    return { id: d.id, uuid: d.uuid, name: d.name, path: d.path, parentId: d.parent_id };
  }

  private async accountByName(name: string, domain: DomainInfo): Promise<AccountInfo> {
    const a = await this.db.selectFrom('accounts').select('id').where('name', '=', name).where('domain_id', '=', domain.id).where('removed', 'is', null).executeTakeFirst();
    if (!a) throw invalidParam(`Unable to find account by name ${name} in domain ${domain.uuid}`);
    return this.account(this.db, a.id);
  }

  /** Whose limits a list call shows: users their own account; admins an account, a domain, or their own account. */
  private async ownerForList(caller: Caller, account: string | undefined, domainRef: string | undefined): Promise<{ type: 'account'; acct: AccountInfo } | { type: 'domain'; chain: DomainInfo[] }> {
    if (account !== undefined && domainRef === undefined) throw invalidParam('Account must be specified with domainId parameter');
    if (caller.roleType === 'User') {
      if (domainRef !== undefined) {
        const domain = await this.domainByRef(domainRef);
        const acct = account !== undefined ? await this.accountByName(account, domain) : undefined;
        if (domain.id !== caller.domainId || (acct && acct.id !== caller.accountId)) throw permissionDenied('The caller does not have access to that account or domain');
      }
      return { type: 'account', acct: await this.account(this.db, caller.accountId) };
    }
    if (domainRef === undefined) return { type: 'account', acct: await this.account(this.db, caller.accountId) };
    const domain = await this.domainByRef(domainRef);
    this.assertDomainAccess(caller, domain);
    if (account !== undefined) return { type: 'account', acct: await this.accountByName(account, domain) };
    return { type: 'domain', chain: await this.chain(this.db, domain.id) };
  }

  private assertDomainAccess(caller: Caller, d: { path: string; uuid: string }): void {
    if (isRootAdmin(caller)) return;
    if (caller.roleType === 'User' || !d.path.startsWith(caller.domainPath)) throw permissionDenied(`The caller does not have access to domain ${d.uuid}`);
  }

  private assertAccountVisible(caller: Caller, a: AccountInfo): void {
    if (isRootAdmin(caller)) return;
    if (caller.roleType === 'User' ? a.id !== caller.accountId : !a.domainPath.startsWith(caller.domainPath)) {
      throw permissionDenied(`The caller does not have access to account ${a.name}`);
    }
  }

  private owner(ownerType: OwnerType, o: AccountInfo | DomainInfo): OwnerView {
    if (ownerType === 'account') {
      const a = o as AccountInfo;
      return { ownerType, accountName: a.name, domainUuid: a.domainUuid, domainName: a.domainName, domainPath: a.domainPath };
    }
    const d = o as DomainInfo;
    return { ownerType, domainUuid: d.uuid, domainName: d.name, domainPath: d.path };
  }

  private limitView(ownerType: OwnerType, o: AccountInfo | DomainInfo, t: ResourceTypeDef, limit: number): LimitView {
    return { ...this.owner(ownerType, o), type: t, max: limitToWire(t, limit) };
  }
}
