import { randomBytes } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { DomainError, invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { WriteObserver } from '../db/write-observer.js';
import { loadCaller } from './caller-loader.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { newApiKey, verifyPassword } from './passwords.js';
import type { SettingsService } from './settings.js';

export interface Session {
  readonly sessionKey: string;
  readonly jsessionid: string;
  readonly caller: Caller;
  readonly timeout: number;
  readonly user: { firstname: string; lastname: string; timezone: string | null };
}

const unauthorized = (msg: string) => new DomainError('Unauthorized', msg);
const IDENTITY_TABLES = ['users', 'accounts', 'domains', 'roles'] as const;
const KEY_CACHE_TTL_MS = 5_000;

/** Logins, sessions and API keys. */
export class AuthService {
  private readonly keyCache = new Map<string, { version: number; at: number; value: { caller: Caller; secret: string } | undefined }>();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly settings: SettingsService,
    private readonly writes?: WriteObserver,
  ) {}

  /**
   * The caller behind an API key, with the secret to verify its signature. Cached: every
   * signed call needs it, and it only changes when identity tables are written (seen here
   * through the write observer) — or by another management server, hence a short TTL.
   */
  async byApiKey(apiKey: string): Promise<{ caller: Caller; secret: string } | undefined> {
    const version = this.writes?.version(IDENTITY_TABLES);
    const hit = this.keyCache.get(apiKey);
    if (hit && version !== undefined && hit.version === version && Date.now() - hit.at < KEY_CACHE_TTL_MS) return hit.value;
    const r = await loadCaller(this.db, { apiKey });
    const value = r && r.secret ? { caller: r.caller, secret: r.secret } : undefined;
    if (version !== undefined) {
      if (this.keyCache.size >= 10_000) this.keyCache.clear();
      this.keyCache.set(apiKey, { version, at: Date.now(), value });
    }
    return value;
  }

  async login(username: string, password: string, domain: { path?: string; id?: string }): Promise<Session> {
    const fail = () => unauthorized('Failed to authenticate user ' + username + ' in domain ' + (domain.path ?? domain.id ?? '/') + '; please provide valid credentials');
    let dq = this.db.selectFrom('domains').select('id').where('removed', 'is', null);
    if (domain.id !== undefined) {
      const id = await resolveId(this.db, 'domains', domain.id);
      if (id === undefined) throw fail();
      dq = dq.where('id', '=', id);
    } else {
      dq = dq.where('path', '=', normalizeDomainPath(domain.path ?? '/'));
    }
    const d = await dq.executeTakeFirst();
    if (!d) throw fail();
    const u = await this.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id')
      .select(['u.id', 'u.password_hash', 'u.firstname', 'u.lastname', 'u.timezone'])
      .where('a.domain_id', '=', d.id).where('u.username', '=', username).where('u.removed', 'is', null).where('a.removed', 'is', null)
      .executeTakeFirst();
    if (!u || !(await verifyPassword(password, u.password_hash))) throw fail();
    const loaded = await loadCaller(this.db, { userId: u.id });
    if (!loaded) throw unauthorized(`User ${username} (or its account or domain) is disabled or locked`);
    const now = new Date().toISOString();
    const sessionKey = randomBytes(20).toString('base64url');
    const jsessionid = randomBytes(16).toString('hex').toUpperCase();
    await this.db.insertInto('sessions').values({ session_key: sessionKey, jsessionid, user_id: u.id, created: now, last_access: now }).execute();
    await this.events.record(loaded.caller, { type: 'USER.LOGIN', description: `user has logged in from the API`, resourceType: 'User', resourceId: loaded.caller.userUuid });
    return { sessionKey, jsessionid, caller: loaded.caller, timeout: await this.settings.getNumber('session.timeout'), user: u };
  }

  /** The caller of a live session; a session idle past `session.timeout` is gone. */
  async bySession(sessionKey: string, jsessionid: string | undefined): Promise<Caller | undefined> {
    const s = await this.db.selectFrom('sessions').selectAll().where('session_key', '=', sessionKey).executeTakeFirst();
    if (!s || (jsessionid !== undefined && jsessionid !== s.jsessionid)) return undefined;
    const timeoutMs = (await this.settings.getNumber('session.timeout')) * 1000;
    if (Date.now() - Date.parse(s.last_access) > timeoutMs) {
      await this.db.deleteFrom('sessions').where('session_key', '=', sessionKey).execute();
      return undefined;
    }
    await this.db.updateTable('sessions').set({ last_access: new Date().toISOString() }).where('session_key', '=', sessionKey).execute();
    return (await loadCaller(this.db, { userId: s.user_id }))?.caller;
  }

  async logout(sessionKey: string | undefined, jsessionid: string | undefined): Promise<void> {
    let q = this.db.deleteFrom('sessions');
    if (sessionKey) q = q.where('session_key', '=', sessionKey);
    else if (jsessionid) q = q.where('jsessionid', '=', jsessionid);
    else return;
    const rows = await q.returning('user_id').execute();
    const who = rows[0] && (await loadCaller(this.db, { userId: rows[0].user_id }));
    if (who) await this.events.record(who.caller, { type: 'USER.LOGOUT', description: 'user has logged out', resourceType: 'User', resourceId: who.caller.userUuid });
  }

  /** The user an admin (or the user itself) may manage, by uuid or numeric id. */
  async manageableUser(caller: Caller, idOrUuid: string): Promise<{ id: number; uuid: string; apiKey: string | null; secretKey: string | null }> {
    const id = await resolveId(this.db, 'users', idOrUuid);
    const u = id === undefined ? undefined : await this.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id')
      .innerJoin('domains as d', 'd.id', 'a.domain_id')
      .select(['u.id', 'u.uuid', 'u.api_key', 'u.secret_key', 'u.account_id', 'd.path'])
      .where('u.id', '=', id).where('u.removed', 'is', null).executeTakeFirst();
    if (!u) throw invalidParam(`Unable to find user by id ${idOrUuid}`);
    const own = u.account_id === caller.accountId;
    const asAdmin = isRootAdmin(caller) || (caller.roleType !== 'User' && u.path.startsWith(caller.domainPath));
    if (!own && !asAdmin) throw permissionDenied(`The caller does not have access to user ${idOrUuid}`);
    return { id: u.id, uuid: u.uuid, apiKey: u.api_key, secretKey: u.secret_key };
  }

  async registerKeys(caller: Caller, userIdOrUuid: string): Promise<{ apiKey: string; secretKey: string }> {
    const u = await this.manageableUser(caller, userIdOrUuid);
    const keys = { apiKey: newApiKey(), secretKey: newApiKey() };
    await this.db.updateTable('users').set({ api_key: keys.apiKey, secret_key: keys.secretKey }).where('id', '=', u.id).execute();
    await this.events.record(caller, { type: 'REGISTER.USER.KEY', description: `generated API keys for user ${u.uuid}`, resourceType: 'User', resourceId: u.uuid });
    return keys;
  }

  async getKeys(caller: Caller, userIdOrUuid: string): Promise<{ apiKey: string; secretKey: string } | undefined> {
    const u = await this.manageableUser(caller, userIdOrUuid);
    return u.apiKey && u.secretKey ? { apiKey: u.apiKey, secretKey: u.secretKey } : undefined;
  }
}

/** Accepts `/`, `/child`, `ROOT/child`, `/child/` and stores CloudStack's `/child/` form. */
export function normalizeDomainPath(p: string): string {
  let s = p.trim().replace(/^ROOT(?=\/|$)/i, '');
  if (!s.startsWith('/')) s = '/' + s;
  if (!s.endsWith('/')) s += '/';
  return s;
}
