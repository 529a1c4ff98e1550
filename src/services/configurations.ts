import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { SETTING_GROUPS, type SettingGroup, settingGroupOf } from '../core/setting-groups.js';
import { settingDisplayText, settingWireType } from '../core/setting-values.js';
import { type SettingDef, type SettingScope, settingDefs } from '../core/settings.js';
import type { Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import type { SettingsService } from './settings.js';

/** The scope ids a configuration command may carry (at most one). */
export interface ScopeIds {
  readonly zoneId?: string;
  readonly clusterId?: string;
  readonly storageId?: string;
  readonly accountId?: string;
  readonly domainId?: string;
  readonly imageStoreId?: string;
}

export interface ConfigView {
  readonly name: string;
  readonly category: string;
  readonly group: string;
  readonly subgroup: string;
  readonly description: string;
  readonly value: string;
  readonly defaultValue: string;
  /** Only when the value was read or written at a scope other than global. */
  readonly scope?: string;
  readonly dynamic: boolean;
  readonly type: string;
  readonly options?: string;
  readonly displayText: string;
}

export interface ConfigFilter {
  readonly name?: string;
  readonly category?: string;
  readonly keyword?: string;
  readonly group?: string;
  readonly subgroup?: string;
  readonly parent?: string;
}

/** A resolved scope: image stores are a CloudStack scope no Nubo setting uses yet. */
interface Target {
  readonly scope: SettingScope | 'imagestore';
  readonly id: number;
  readonly uuid: string;
}

/** listConfigurations, updateConfiguration, resetConfiguration and the groups, over the settings store. */
export class ConfigurationService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly events: EventService,
  ) {}

  async list(caller: Caller, ids: ScopeIds, f: ConfigFilter, page: Page): Promise<{ count: number; items: ConfigView[] }> {
    const target = await this.target(caller, ids);
    if (f.subgroup !== undefined && f.group === undefined) throw invalidParam('Configuration group name must be specified with the subgroup name');
    if (f.group !== undefined && !SETTING_GROUPS.some((g) => g.name.toLowerCase() === f.group!.toLowerCase())) throw invalidParam(`Invalid configuration group: ${f.group}`);
    if (f.subgroup !== undefined && !SETTING_GROUPS.some((g) => g.subgroups.some((s) => s.toLowerCase() === f.subgroup!.toLowerCase()))) {
      throw invalidParam(`Invalid configuration subgroup: ${f.subgroup}`);
    }
    const matching: ConfigView[] = [];
    for (const def of [...settingDefs].sort((a, b) => a.name.localeCompare(b.name))) {
      if (def.category === 'Hidden') continue;
      if (target && (target.scope === 'imagestore' || !(await this.settings.allowsScope(def, target.scope)))) continue;
      if (f.name !== undefined && !def.name.toLowerCase().includes(f.name.toLowerCase())) continue;
      if (f.category !== undefined && def.category !== f.category) continue;
      if (f.parent !== undefined) continue; // no Nubo setting has a parent setting
      const { group, subgroup } = settingGroupOf(def.name);
      if (f.group !== undefined && group.toLowerCase() !== f.group.toLowerCase()) continue;
      if (f.subgroup !== undefined && subgroup.toLowerCase() !== f.subgroup.toLowerCase()) continue;
      const view = await this.view(def, target);
      if (f.keyword !== undefined) {
        const k = f.keyword.toLowerCase();
        if (![def.name, def.description, def.category, view.value].some((s) => s.toLowerCase().includes(k))) continue;
      }
      matching.push(view);
    }
    return { count: matching.length, items: matching.slice(page.offset, page.offset + page.limit) };
  }

  async update(caller: Caller, name: string, value: string | undefined, ids: ScopeIds): Promise<ConfigView> {
    if (!name.trim()) throw invalidParam('Empty configuration name provided');
    const def = this.settings.def(name);
    if (value === undefined) throw invalidParam(`The new value for the [${name}] configuration must be given.`);
    const target = await this.target(caller, ids);
    if (target?.scope === 'imagestore') throw invalidParam(`Invalid scope id provided for the parameter ${name}`);
    const scope = target?.scope ?? 'global';
    const stored = await this.settings.set(name, value, scope, target?.id ?? 0);
    await this.events.record(caller, {
      type: 'CONFIGURATION.VALUE.EDIT',
      description: ` Name: ${name} New Value: ${name.toLowerCase().includes('password') ? '*****' : stored}${target ? ` Scope: ${target.scope} ${target.uuid}` : ''}`,
    });
    return { ...(await this.view(def, target)), value: stored };
  }

  /** Drops the value at the given scope (or the global value, back to the default). */
  async reset(caller: Caller, name: string, ids: ScopeIds): Promise<ConfigView> {
    const def = this.settings.def(name);
    const target = await this.target(caller, ids);
    if (target && (target.scope === 'imagestore' || !(await this.settings.allowsScope(def, target.scope)))) throw invalidParam(`Invalid scope id provided for the parameter ${name}`);
    const scope = target && target.scope !== 'imagestore' ? target.scope : 'global';
    await this.settings.unset(name, scope, target?.id ?? 0);
    const view = await this.view(def, target);
    await this.events.record(caller, {
      type: 'CONFIGURATION.VALUE.EDIT',
      description: ` Name: ${name} New Value: ${view.value}${target ? ` Scope: ${target.scope} ${target.uuid}` : ''} (reset)`,
    });
    return view;
  }

  groups(name: string | undefined, page: Page): { count: number; items: SettingGroup[] } {
    const all = SETTING_GROUPS.filter((g) => name === undefined || !name.trim() || g.name === name);
    return { count: all.length, items: all.slice(page.offset, page.offset + page.limit) };
  }

  private async view(def: SettingDef, target: Target | undefined): Promise<ConfigView> {
    const value = target && target.scope !== 'imagestore' ? await this.settings.get(def.name, target.scope, target.id) : await this.settings.get(def.name);
    return {
      name: def.name, category: def.category, ...settingGroupOf(def.name), description: def.description, value, defaultValue: def.defaultValue,
      scope: target?.scope, dynamic: def.dynamic ?? true, type: settingWireType(def), options: def.options?.join(','),
      displayText: settingDisplayText(def.name),
    };
  }

  /**
   * The one scope a call names. Domain admins are confined to their own domain's subtree and to
   * domain and account scopes; without a scope they act on their own domain, as in CloudStack.
   */
  private async target(caller: Caller, ids: ScopeIds): Promise<Target | undefined> {
    const given = (Object.entries(ids) as [keyof ScopeIds, string | undefined][]).filter(([, v]) => v !== undefined);
    if (given.length > 1) throw invalidParam('cannot handle multiple IDs, provide only one ID corresponding to the scope');
    const root = isRootAdmin(caller);
    if (!given.length) {
      if (root) return undefined;
      if (caller.roleType === 'User') return { scope: 'account', id: caller.accountId, uuid: caller.accountUuid };
      return { scope: 'domain', id: caller.domainId, uuid: caller.domainUuid };
    }
    const [kind, raw] = given[0]! as [keyof ScopeIds, string];
    if (!root && kind !== 'accountId' && kind !== 'domainId') throw permissionDenied('Only the root admin may read or change settings of zones, clusters, storage pools and image stores');
    switch (kind) {
      case 'zoneId': return this.find('zones', raw, 'zone', 'zone');
      case 'clusterId': return this.find('clusters', raw, 'cluster', 'cluster');
      case 'storageId': return this.find('storage_pools', raw, 'storagepool', 'storage pool');
      case 'imageStoreId': return this.find('image_stores', raw, 'imagestore', 'image store');
      case 'domainId': {
        const t = await this.find('domains', raw, 'domain', 'domain');
        const d = await this.db.selectFrom('domains').select('path').where('id', '=', t.id).executeTakeFirstOrThrow();
        if (!root && !d.path.startsWith(caller.domainPath)) throw permissionDenied(`The caller does not have access to domain ${raw}`);
        return t;
      }
      case 'accountId': {
        const t = await this.find('accounts', raw, 'account', 'account');
        const a = await this.db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').select('d.path').where('a.id', '=', t.id).executeTakeFirstOrThrow();
        if (!root && (caller.roleType === 'User' ? t.id !== caller.accountId : !a.path.startsWith(caller.domainPath))) {
          throw permissionDenied(`The caller does not have access to account ${raw}`);
        }
        return t;
      }
    }
  }

  private async find(table: 'zones' | 'clusters' | 'storage_pools' | 'image_stores' | 'domains' | 'accounts', raw: string, scope: Target['scope'], what: string): Promise<Target> {
    const id = await resolveId(this.db, table, raw);
    // Every one of these tables has `removed`; Kysely cannot type a column of a table chosen at run time.
    const row = id === undefined ? undefined
      : await this.db.selectFrom(table as 'zones').select(['id', 'uuid']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!row) throw invalidParam(`Unable to find ${what} by id ${raw}`);
    return { scope, id: row.id, uuid: row.uuid };
  }
}
