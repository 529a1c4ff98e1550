import { invalidParam } from '../core/errors.js';
import { checkSettingValue } from '../core/setting-values.js';
import { type SettingDef, type SettingScope, settingByName } from '../core/settings.js';
import type { Db } from '../db/schema.js';

/** One place a value may be set: the whole cloud, or one zone, cluster, pool, domain or account. */
export interface ScopeRef {
  readonly scope: SettingScope;
  readonly id: number;
}

const GLOBAL: ScopeRef = { scope: 'global', id: 0 };

// Other management servers change settings too; their changes show here within this long.
const CACHE_MS = 10_000;

/** `gen` moves on every change, so a read that began before a change never caches its old value. */
interface Cache {
  readonly values: Map<string, { value: string; at: number }>;
  gen: number;
}

/** One cache per database, shared by every SettingsService over it, so a change is seen by all at once. */
const caches = new WeakMap<Db, Cache>();

/**
 * The settings store (CloudStack's configuration table and the per-resource *_details rows).
 * A value is stored only once changed. Reading a scope falls back along the scope's parents
 * (storage pool → cluster → zone, account → domain when allowed) and then to the global value
 * and the default, so a value set on one zone or account is never seen by another.
 */
export class SettingsService {
  private readonly cache: Cache;

  constructor(private readonly db: Db) {
    let c = caches.get(db);
    if (!c) caches.set(db, (c = { values: new Map(), gen: 0 }));
    this.cache = c;
  }

  def(name: string): SettingDef {
    const d = settingByName.get(name);
    if (!d) throw invalidParam(`Config parameter with name ${name} doesn't exist`);
    return d;
  }

  /**
   * The effective value of a setting in a scope. `q` lets a caller already inside a
   * transaction read through it (SQLite has one connection: another query would wait forever).
   */
  async get(name: string, scope: SettingScope = 'global', scopeId = 0, q: Db = this.db): Promise<string> {
    const key = `${name}|${scope}|${scopeId}`;
    const hit = this.cache.values.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const def = this.def(name);
    const gen = this.cache.gen;
    const value = (await this.scopedValue(def, { scope, id: scopeId }, q)) ?? (await this.stored(name, GLOBAL, q)) ?? def.defaultValue;
    if (gen === this.cache.gen) this.cache.values.set(key, { value, at: Date.now() });
    return value;
  }

  async getNumber(name: string, scope: SettingScope = 'global', scopeId = 0, q: Db = this.db): Promise<number> {
    return Number(await this.get(name, scope, scopeId, q));
  }

  async getBool(name: string, scope: SettingScope = 'global', scopeId = 0, q: Db = this.db): Promise<boolean> {
    return (await this.get(name, scope, scopeId, q)).toLowerCase() === 'true';
  }

  /** The value stored exactly at one scope, if any. */
  async stored(name: string, at: ScopeRef, q: Db = this.db): Promise<string | undefined> {
    const row = await q.selectFrom('configurations').select('value').where('name', '=', name).where('scope', '=', at.scope)
      .where('scope_id', '=', at.scope === 'global' ? 0 : at.id).executeTakeFirst();
    return row?.value;
  }

  /** Whether a setting may hold a value at this scope (account settings at domain scope when enable.account.settings.for.domain). */
  async allowsScope(def: SettingDef, scope: SettingScope, q: Db = this.db): Promise<boolean> {
    if (def.scopes.includes(scope)) return true;
    return scope === 'domain' && def.scopes.includes('account') && (await this.getBool('enable.account.settings.for.domain', 'global', 0, q));
  }

  /** Validates and stores a value; returns the stored form. Throws InvalidParameter for a bad value or scope. */
  async set(name: string, value: string, scope: SettingScope = 'global', scopeId = 0): Promise<string> {
    const def = this.def(name);
    if (!(await this.allowsScope(def, scope))) throw invalidParam(`Invalid scope id provided for the parameter ${name}`);
    const checked = checkSettingValue(def, value);
    if ('problem' in checked) throw invalidParam(checked.problem);
    const updated = new Date().toISOString();
    const id = scope === 'global' ? 0 : scopeId;
    await this.db.insertInto('configurations').values({ name, scope, scope_id: id, value: checked.value, updated })
      .onConflict((oc) => oc.columns(['name', 'scope', 'scope_id']).doUpdateSet({ value: checked.value, updated }))
      .execute();
    this.invalidate();
    return checked.value;
  }

  /** Drops the value stored at one scope, so the parent's (or the default) applies again. */
  async unset(name: string, scope: SettingScope, scopeId: number): Promise<void> {
    this.def(name);
    await this.db.deleteFrom('configurations').where('name', '=', name).where('scope', '=', scope)
      .where('scope_id', '=', scope === 'global' ? 0 : scopeId).execute();
    this.invalidate();
  }

  /** Forgets every cached value (after any change). */
  invalidate(): void {
    this.cache.gen++;
    this.cache.values.clear();
  }

  /** The value at a non-global scope or the nearest parent scope the setting supports. */
  private async scopedValue(def: SettingDef, at: ScopeRef, q: Db): Promise<string | undefined> {
    let cur: ScopeRef | undefined = at;
    for (let hops = 0; cur && cur.scope !== 'global' && hops < 64; hops++) {
      if (await this.allowsScope(def, cur.scope, q)) {
        const v = await this.stored(def.name, cur, q);
        if (v !== undefined) return v;
      }
      cur = await this.parentOf(def, cur, q);
    }
    return undefined;
  }

  /** Where a scope inherits from, as CloudStack's scope hierarchy has it. */
  private async parentOf(def: SettingDef, at: ScopeRef, q: Db): Promise<ScopeRef | undefined> {
    switch (at.scope) {
      case 'global':
      case 'zone':
        return undefined;
      case 'cluster': {
        const c = await q.selectFrom('clusters').select('zone_id').where('id', '=', at.id).executeTakeFirst();
        return c ? { scope: 'zone', id: c.zone_id } : undefined;
      }
      case 'storagepool': {
        const p = await q.selectFrom('storage_pools').select(['cluster_id', 'zone_id']).where('id', '=', at.id).executeTakeFirst();
        if (!p) return undefined;
        return p.cluster_id !== null ? { scope: 'cluster', id: p.cluster_id } : { scope: 'zone', id: p.zone_id };
      }
      case 'account': {
        if (!def.scopes.includes('domain') && !(await this.getBool('enable.account.settings.for.domain', 'global', 0, q))) return undefined;
        const a = await q.selectFrom('accounts').select('domain_id').where('id', '=', at.id).executeTakeFirst();
        return a ? { scope: 'domain', id: a.domain_id } : undefined;
      }
      case 'domain': {
        if (!(await this.getBool('enable.domain.settings.for.child.domain', 'global', 0, q))) return undefined;
        const d = await q.selectFrom('domains').select('parent_id').where('id', '=', at.id).executeTakeFirst();
        return d?.parent_id != null ? { scope: 'domain', id: d.parent_id } : undefined;
      }
    }
  }
}
