import { randomUUID } from 'node:crypto';
import { defaultRoles } from '../api/cloudstack/default-roles.js';
import type { Db } from '../db/schema.js';
import { hashPassword, newApiKey, randomSecret } from './passwords.js';
import { familySeeds } from './seeds/index.js';

export interface SeedResult {
  readonly firstStart: boolean;
  /** Only on the first start: the admin's generated password and API keys, to print once. */
  readonly admin?: { readonly username: string; readonly password: string; readonly apiKey: string; readonly secretKey: string };
}

/**
 * First-start defaults (DESIGN.md §6): the ROOT domain, the four default roles with
 * CloudStack's rules, the `system` account and the `admin` account with its user.
 * Runs in one transaction, so a crash mid-seed leaves nothing half-made.
 */
export async function seedDefaults(db: Db, opts: { adminPassword?: string }): Promise<SeedResult> {
  const result = await seedIdentity(db, opts);
  // Each family seeds its own defaults, idempotently (each checks its own tables).
  for (const seed of familySeeds) await seed(db);
  return result;
}

async function seedIdentity(db: Db, opts: { adminPassword?: string }): Promise<SeedResult> {
  const existing = await db.selectFrom('domains').select('id').limit(1).executeTakeFirst();
  if (existing) return { firstStart: false };
  const now = new Date().toISOString();
  const password = opts.adminPassword ?? randomSecret(12);
  const hash = await hashPassword(password);
  const keys = { apiKey: newApiKey(), secretKey: newApiKey() };
  await db.transaction().execute(async (tx) => {
    const root = await tx.insertInto('domains').values({
      uuid: randomUUID(), name: 'ROOT', path: '/', parent_id: null, level: 0, network_domain: null, state: 'Active', created: now, removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    for (const r of defaultRoles) {
      await tx.insertInto('roles').values({ id: r.id, uuid: randomUUID(), name: r.name, type: r.type, description: r.description, is_default: 1, removed: null }).execute();
      let order = 0;
      for (const [rule, permission] of r.rules) {
        await tx.insertInto('role_permissions').values({ uuid: randomUUID(), role_id: r.id, rule, permission, description: '', sort_order: order++ }).execute();
      }
    }
    const system = await tx.insertInto('accounts').values({
      uuid: randomUUID(), name: 'system', type: 1, role_id: 1, domain_id: root.id, state: 'enabled', network_domain: null, created: now, removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('users').values({
      uuid: randomUUID(), account_id: system.id, username: 'system', password_hash: '!', firstname: 'system', lastname: 'cloud',
      email: null, timezone: null, state: 'disabled', api_key: null, secret_key: null, is_default: 1, created: now, removed: null,
    }).execute();
    const admin = await tx.insertInto('accounts').values({
      uuid: randomUUID(), name: 'admin', type: 1, role_id: 1, domain_id: root.id, state: 'enabled', network_domain: null, created: now, removed: null,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('users').values({
      uuid: randomUUID(), account_id: admin.id, username: 'admin', password_hash: hash, firstname: 'admin', lastname: 'cloud',
      email: null, timezone: null, state: 'enabled', api_key: keys.apiKey, secret_key: keys.secretKey, is_default: 1, created: now, removed: null,
    }).execute();
  });
  return { firstStart: true, admin: { username: 'admin', password, ...keys } };
}
