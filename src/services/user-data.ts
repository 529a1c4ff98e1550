import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, permissionDenied, resourceInUse } from '../core/errors.js';
import { normalizeUserData, parseUserDataParams } from '../core/user-data.js';
import type { Db } from '../db/schema.js';
import type { JobOwner } from '../jobs/types.js';
import { DeleteGuards } from './delete-guards.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { type OwnerView, checkOwnedAccess, ownerViews } from './owned-access.js';
import { type OwnerArgs, resolveOwner } from './owner.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import type { SettingsService } from './settings.js';
import { insertUnique } from './unique-violation.js';

export interface UserDataView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  /** Base64, padded. */
  readonly userData: string;
  readonly params: readonly string[];
  readonly owner: OwnerView;
  readonly created: string;
}

/** What deployVirtualMachine needs of registered user data. */
export interface ResolvedUserData {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  /** Base64, padded. */
  readonly userData: string;
  /** Variable names declared for templated user data (userdatadetails fills them). */
  readonly params: readonly string[];
}

export const USER_DATA_LINK_POLICIES = ['ALLOWOVERRIDE', 'APPEND', 'DENYOVERRIDE'] as const;
export type UserDataLinkPolicy = (typeof USER_DATA_LINK_POLICIES)[number];

/** The user data a template or ISO carries (TemplateResponse userdataid/userdataname/userdatalinkpolicy/userdataparams). */
export interface TemplateUserDataLink {
  readonly userDataId: number;
  readonly userDataUuid: string;
  readonly userDataName: string;
  readonly params: readonly string[];
  readonly policy: UserDataLinkPolicy;
}

export interface UserDataFilter extends ScopeArgs {
  readonly id?: string;
  readonly name?: string;
  readonly keyword?: string;
}

export class UserDataService {
  /** Vetoes on deleting user data besides VMs using it (the templates family adds "linked to a template"). */
  readonly deleteGuards = new DeleteGuards();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly settings: SettingsService,
  ) {}

  async register(caller: Caller, a: { name: string; userData: string; params?: string } & OwnerArgs): Promise<UserDataView> {
    const name = a.name;
    if (name.trim() === '') throw invalidParam('The user data name must not be empty');
    const userData = normalizeUserData(a.userData, await this.settings.getNumber('vm.userdata.max.length'));
    const params = parseUserDataParams(a.params);
    const ownerId = await resolveOwner(this.db, caller, a);
    const clash = await this.byName(ownerId, name);
    if (clash) throw invalidParam(`A userdata with name '${name}' already exists for this account.`);
    const same = await this.db.selectFrom('user_data').select('name').where('account_id', '=', ownerId).where('user_data', '=', userData).executeTakeFirst();
    if (same) throw invalidParam(`User data '${same.name}' with the same content already exists for this account.`);
    const acct = await this.db.selectFrom('accounts').select('domain_id').where('id', '=', ownerId).executeTakeFirstOrThrow();
    const row = await insertUnique(`A userdata with name '${name}' already exists for this account.`, () =>
      this.db.insertInto('user_data').values({
        uuid: randomUUID(), name, account_id: ownerId, domain_id: acct.domain_id, user_data: userData,
        params: params.length ? params.join(',') : null, created: new Date().toISOString(),
      }).returning(['id', 'uuid']).executeTakeFirstOrThrow());
    await this.events.record(caller, { type: 'REGISTER.USER.DATA', description: `Registered user data ${name}`, resourceType: 'UserData', resourceId: row.uuid, resourceName: name });
    return this.view(row.id);
  }

  /** Refused (536) while a VM uses it or a guard (a linked template) objects. */
  async delete(caller: Caller, a: { id: string } & OwnerArgs): Promise<void> {
    const u = await this.find(a.id);
    if (a.account !== undefined || a.domainid !== undefined || a.projectid !== undefined) {
      const ownerId = await resolveOwner(this.db, caller, a);
      if (ownerId !== u.account_id) throw invalidParam(`Unable to find userdata with id ${a.id} for the given owner`);
    }
    await checkOwnedAccess(this.db, caller, u.account_id, `user data ${u.name} (${u.uuid})`);
    const linked = await this.db.selectFrom('template_user_data as l').innerJoin('templates as t', 't.id', 'l.template_id').select('t.name')
      .where('l.user_data_id', '=', u.id).where('t.removed', 'is', null).executeTakeFirst();
    if (linked) throw resourceInUse(`Userdata ${u.name} is linked to templates (${linked.name}), unlink the userdata from the templates and then delete it`);
    const vm = await this.db.selectFrom('vms').select(['uuid', 'name']).where('user_data_id', '=', u.id).where('removed', 'is', null).executeTakeFirst();
    if (vm) throw resourceInUse(`Userdata ${u.name} is linked to VMs (${vm.name}), unlink the userdata from the VMs and then delete it`);
    await this.deleteGuards.assertFree(this.db, u.id);
    await this.db.transaction().execute(async (tx) => {
      // Links of removed templates are all that can be left.
      await tx.deleteFrom('template_user_data').where('user_data_id', '=', u.id).execute();
      await tx.deleteFrom('user_data').where('id', '=', u.id).execute();
    });
    await this.events.record(caller, { type: 'DELETE.USER.DATA', description: `Deleted user data ${u.name}`, resourceType: 'UserData', resourceId: u.uuid, resourceName: u.name });
  }

  async list(caller: Caller, f: UserDataFilter, page: Page): Promise<{ count: number; items: UserDataView[] }> {
    const scope = await listScope(this.db, caller, f);
    let q = this.db.selectFrom('user_data as u').innerJoin('domains as d', 'd.id', 'u.domain_id');
    q = applyScope(q, scope, 'u.account_id', 'd');
    if (f.id !== undefined) q = q.where('u.id', '=', (await this.find(f.id)).id);
    if (f.name !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['u.name']), '=', f.name!.toLowerCase()));
    if (f.keyword !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['u.name']), 'like', `%${f.keyword!.toLowerCase()}%`));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('u.id').orderBy('u.name').orderBy('u.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: await this.views(rows.map((r) => r.id)) };
  }

  /**
   * For deployVirtualMachine / resetUserDataForVirtualMachine: user data `accountId` owns,
   * by uuid or internal id. 431 when there is none, 531 when another account owns it.
   */
  async get(accountId: number, idOrUuid: string): Promise<ResolvedUserData> {
    const u = await this.find(idOrUuid);
    if (u.account_id !== accountId) throw permissionDenied(`User data ${idOrUuid} does not belong to the VM's account`);
    return { id: u.id, uuid: u.uuid, name: u.name, userData: u.user_data, params: u.params ? u.params.split(',') : [] };
  }

  /**
   * linkUserDataToTemplate: links (or, without `userDataId`, unlinks) user data to a template or
   * ISO the caller may operate. Returns the template's internal id for the answer.
   */
  async linkToTemplate(caller: Caller, a: { templateId?: string; isoId?: string; userDataId?: string; policy?: string }): Promise<number> {
    if (a.templateId === undefined && a.isoId === undefined) throw invalidParam('Either template ID or ISO ID must be specified');
    if (a.templateId !== undefined && a.isoId !== undefined) throw invalidParam('Both template ID and ISO ID must not be specified');
    const policy = (a.policy ?? 'ALLOWOVERRIDE').toUpperCase();
    if (!(USER_DATA_LINK_POLICIES as readonly string[]).includes(policy)) {
      throw invalidParam(`Invalid userdatapolicy ${a.policy ?? ''}: use one of ${USER_DATA_LINK_POLICIES.join(', ')}`);
    }
    const iso = a.isoId !== undefined;
    const ref = (a.isoId ?? a.templateId)!;
    const id = await resolveId(this.db, 'templates', ref);
    const t = id === undefined ? undefined
      : await this.db.selectFrom('templates').select(['id', 'uuid', 'name', 'format', 'account_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!t || (t.format === 'ISO') !== iso) throw invalidParam(`Unable to find ${iso ? 'ISO' : 'template'} with id ${ref}`);
    await checkOwnedAccess(this.db, caller, t.account_id, `${iso ? 'ISO' : 'template'} ${t.name} (${t.uuid})`);
    let u: { id: number; uuid: string; name: string } | undefined;
    if (a.userDataId !== undefined) {
      const found = await this.find(a.userDataId);
      await checkOwnedAccess(this.db, caller, found.account_id, `user data ${found.name} (${found.uuid})`);
      u = found;
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('template_user_data').where('template_id', '=', t.id).execute();
      if (u) await tx.insertInto('template_user_data').values({ template_id: t.id, user_data_id: u.id, link_policy: policy }).execute();
    });
    await this.events.record(caller, {
      type: 'TEMPLATE.UPDATE', description: u ? `Linked user data ${u.name} to ${iso ? 'ISO' : 'template'} ${t.name} (${policy})` : `Unlinked user data from ${iso ? 'ISO' : 'template'} ${t.name}`,
      resourceType: iso ? 'Iso' : 'Template', resourceId: t.uuid, resourceName: t.name,
    });
    return t.id;
  }

  /** The user data linked to templates, by template id (for the templates family's views and deployVirtualMachine). */
  async linksOf(templateIds: readonly number[], tx: Db = this.db): Promise<Map<number, TemplateUserDataLink>> {
    const out = new Map<number, TemplateUserDataLink>();
    if (templateIds.length === 0) return out;
    const rows = await tx.selectFrom('template_user_data as l').innerJoin('user_data as u', 'u.id', 'l.user_data_id')
      .select(['l.template_id', 'l.link_policy', 'u.id', 'u.uuid', 'u.name', 'u.params']).where('l.template_id', 'in', [...new Set(templateIds)]).execute();
    for (const r of rows) {
      out.set(r.template_id, {
        userDataId: r.id, userDataUuid: r.uuid, userDataName: r.name, params: r.params ? r.params.split(',') : [], policy: r.link_policy as UserDataLinkPolicy,
      });
    }
    return out;
  }

  /** Account deletion: its user data goes with it (its VMs are being removed by the same job). */
  async removeAccount(accountId: number, owner: JobOwner): Promise<void> {
    await this.db.deleteFrom('template_user_data').where('user_data_id', 'in', this.db.selectFrom('user_data').select('id').where('account_id', '=', accountId)).execute();
    const n = await this.db.deleteFrom('user_data').where('account_id', '=', accountId).executeTakeFirst();
    if (Number(n.numDeletedRows) > 0) {
      await this.events.record(owner, { type: 'DELETE.USER.DATA', description: `Deleted ${String(n.numDeletedRows)} user data of deleted account ${accountId}`, resourceType: 'UserData' });
    }
  }

  private async find(idOrUuid: string) {
    const id = await resolveId(this.db, 'user_data', idOrUuid);
    const u = id === undefined ? undefined : await this.db.selectFrom('user_data').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u) throw invalidParam(`Unable to find userdata with id ${idOrUuid}`);
    return u;
  }

  private byName(accountId: number, name: string) {
    return this.db.selectFrom('user_data').select('id').where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  }

  async view(id: number): Promise<UserDataView> {
    const [v] = await this.views([id]);
    if (!v) throw new Error(`user data ${id} does not exist`);
    return v;
  }

  private async views(ids: readonly number[]): Promise<UserDataView[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('user_data').selectAll().where('id', 'in', ids).execute();
    const owners = await ownerViews(this.db, rows.map((r) => r.account_id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [{ id: r.id, uuid: r.uuid, name: r.name, userData: r.user_data, params: r.params ? r.params.split(',') : [], owner: owners.get(r.account_id)!, created: r.created }];
    });
  }
}
