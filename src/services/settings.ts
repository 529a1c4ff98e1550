import { invalidParam } from '../core/errors.js';
import { type SettingDef, type SettingScope, settingByName } from '../core/settings.js';
import type { Db } from '../db/schema.js';

export class SettingsService {
  private cache = new Map<string, string>();

  constructor(private readonly db: Db) {}

  def(name: string): SettingDef {
    const d = settingByName.get(name);
    if (!d) throw invalidParam(`Configuration ${name} does not exist`);
    return d;
  }

  /** The effective value: the scoped override if any, else the global value, else the default. */
  async get(name: string, scope: SettingScope = 'global', scopeId = 0): Promise<string> {
    const key = `${name}|${scope}|${scopeId}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const def = this.def(name);
    const rows = await this.db.selectFrom('configurations').select(['scope', 'value']).where('name', '=', name)
      .where((eb) => eb.or([eb.and([eb('scope', '=', scope), eb('scope_id', '=', scopeId)]), eb('scope', '=', 'global')]))
      .execute();
    const v = rows.find((r) => r.scope === scope && scope !== 'global')?.value ?? rows.find((r) => r.scope === 'global')?.value ?? def.defaultValue;
    this.cache.set(key, v);
    return v;
  }

  async getNumber(name: string): Promise<number> {
    return Number(await this.get(name));
  }

  async set(name: string, value: string, scope: SettingScope = 'global', scopeId = 0): Promise<void> {
    const def = this.def(name);
    if (!def.scopes.includes(scope)) throw invalidParam(`Configuration ${name} cannot be set at ${scope} scope`);
    if ((def.type === 'Integer' || def.type === 'Long') && !/^-?\d+$/.test(value)) throw invalidParam(`Configuration ${name} needs an integer value`);
    if (def.type === 'Boolean' && !/^(true|false)$/i.test(value)) throw invalidParam(`Configuration ${name} needs true or false`);
    const updated = new Date().toISOString();
    await this.db.insertInto('configurations').values({ name, scope, scope_id: scopeId, value, updated })
      .onConflict((oc) => oc.columns(['name', 'scope', 'scope_id']).doUpdateSet({ value, updated }))
      .execute();
    this.cache.clear();
  }
}
