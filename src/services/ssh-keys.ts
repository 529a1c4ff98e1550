import { generateKeyPair as generateKeyPairCb, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { parseSshPublicKey, rsaPublicKeyLine } from '../core/ssh-public-key.js';
import type { Db } from '../db/schema.js';
import type { JobOwner } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { type OwnerView, ownerView, ownerViews } from './owned-access.js';
import { type OwnerArgs, resolveOwner } from './owner.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { insertUnique } from './unique-violation.js';

const generateKeyPair = promisify(generateKeyPairCb);

export interface SshKeyView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly fingerprint: string;
  readonly publicKey: string;
  readonly owner: OwnerView;
  readonly created: string;
}

/** createSSHKeyPair's answer: the only time the private key exists anywhere. */
export interface CreatedSshKey extends SshKeyView {
  readonly privateKey: string;
}

/** What deployVirtualMachine needs of a key pair. */
export interface ResolvedSshKey {
  readonly name: string;
  readonly publicKey: string;
  readonly fingerprint: string;
}

export interface SshKeyFilter extends ScopeArgs {
  readonly id?: string;
  readonly name?: string;
  readonly fingerprint?: string;
  readonly keyword?: string;
}

/** A key pair name: anything printable, not blank (CloudStack looks keys up by it). */
function checkName(name: string): string {
  if (name.trim() === '') throw invalidParam('The key pair name must not be empty');
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalidParam('The key pair name must not contain control characters');
  return name;
}

export class SshKeyService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  /** Generates an RSA 2048 key pair; stores the public key and returns the private key (PKCS#1 PEM, as CloudStack). */
  async create(caller: Caller, a: { name: string } & OwnerArgs): Promise<CreatedSshKey> {
    const name = checkName(a.name);
    const ownerId = await resolveOwner(this.db, caller, a);
    await this.assertNameFree(ownerId, name);
    const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    const jwk = publicKey.export({ format: 'jwk' });
    const parsed = parseSshPublicKey(rsaPublicKeyLine({ n: String(jwk.n), e: String(jwk.e) }));
    const { id, uuid } = await this.insert(ownerId, name, parsed.line, parsed.fingerprint);
    await this.events.record(caller, { type: 'REGISTER.SSH.KEYPAIR', description: `Created SSH key pair ${name}`, resourceType: 'SSHKeyPair', resourceId: uuid, resourceName: name });
    return { ...(await this.view(id)), privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
  }

  /** Registers an OpenSSH public key; names and keys are unique per account. */
  async register(caller: Caller, a: { name: string; publicKey: string } & OwnerArgs): Promise<SshKeyView> {
    const name = checkName(a.name);
    const key = parseSshPublicKey(a.publicKey);
    const ownerId = await resolveOwner(this.db, caller, a);
    await this.assertNameFree(ownerId, name);
    const same = await this.db.selectFrom('ssh_keypairs').select('name').where('account_id', '=', ownerId).where('fingerprint', '=', key.fingerprint).executeTakeFirst();
    if (same) throw invalidParam(`A key pair with key '${a.publicKey.trim()}' already exists for this account (key pair ${same.name}).`);
    const { id, uuid } = await this.insert(ownerId, name, key.line, key.fingerprint);
    await this.events.record(caller, { type: 'REGISTER.SSH.KEYPAIR', description: `Registered SSH key pair ${name}`, resourceType: 'SSHKeyPair', resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  async delete(caller: Caller, a: { name: string } & OwnerArgs): Promise<void> {
    const ownerId = await resolveOwner(this.db, caller, a);
    const k = await this.byName(ownerId, a.name);
    if (!k) {
      const owner = await ownerView(this.db, ownerId);
      throw invalidParam(`A key pair with name '${a.name}' does not exist for account ${owner.accountName} in specified domain id`);
    }
    await this.db.deleteFrom('ssh_keypairs').where('id', '=', k.id).execute();
    await this.events.record(caller, { type: 'DELETE.SSH.KEYPAIR', description: `Deleted SSH key pair ${k.name}`, resourceType: 'SSHKeyPair', resourceId: k.uuid, resourceName: k.name });
  }

  async list(caller: Caller, f: SshKeyFilter, page: Page): Promise<{ count: number; items: SshKeyView[] }> {
    const scope = await listScope(this.db, caller, f);
    let q = this.db.selectFrom('ssh_keypairs as k').innerJoin('domains as d', 'd.id', 'k.domain_id');
    q = applyScope(q, scope, 'k.account_id', 'd');
    if (f.id !== undefined) {
      const id = await resolveId(this.db, 'ssh_keypairs', f.id);
      if (id === undefined) throw invalidParam(`Unable to find SSH key pair by id ${f.id}`);
      q = q.where('k.id', '=', id);
    }
    if (f.name !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['k.name']), '=', f.name!.toLowerCase()));
    if (f.fingerprint !== undefined) q = q.where('k.fingerprint', '=', f.fingerprint.trim().toLowerCase());
    if (f.keyword !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['k.name']), 'like', `%${f.keyword!.toLowerCase()}%`));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('k.id').orderBy('k.name').orderBy('k.id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: await this.views(rows.map((r) => r.id)) };
  }

  /**
   * For deployVirtualMachine and resetSSHKeyForVirtualMachine: the account's key pairs by
   * name, in the order asked; a 431 names the first unknown one.
   */
  async resolve(accountId: number, names: readonly string[]): Promise<ResolvedSshKey[]> {
    const out: ResolvedSshKey[] = [];
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      const k = await this.byName(accountId, name);
      if (!k) throw invalidParam(`A key pair with name '${name}' was not found.`);
      out.push({ name: k.name, publicKey: k.public_key, fingerprint: k.fingerprint });
    }
    return out;
  }

  /** Account deletion: its key pairs go with it. */
  async removeAccount(accountId: number, owner: JobOwner): Promise<void> {
    const n = await this.db.deleteFrom('ssh_keypairs').where('account_id', '=', accountId).executeTakeFirst();
    if (Number(n.numDeletedRows) > 0) {
      await this.events.record(owner, { type: 'DELETE.SSH.KEYPAIR', description: `Deleted ${String(n.numDeletedRows)} SSH key pair(s) of deleted account ${accountId}`, resourceType: 'SSHKeyPair' });
    }
  }

  private byName(accountId: number, name: string) {
    return this.db.selectFrom('ssh_keypairs').selectAll().where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  }

  private async assertNameFree(accountId: number, name: string): Promise<void> {
    if (await this.byName(accountId, name)) throw invalidParam(`A key pair with name '${name}' already exists for this account.`);
  }

  private async insert(accountId: number, name: string, publicKey: string, fingerprint: string): Promise<{ id: number; uuid: string }> {
    const acct = await this.db.selectFrom('accounts').select('domain_id').where('id', '=', accountId).executeTakeFirstOrThrow();
    const row = await insertUnique(`A key pair with name '${name}' already exists for this account.`, () =>
      this.db.insertInto('ssh_keypairs').values({
        uuid: randomUUID(), name, account_id: accountId, domain_id: acct.domain_id, public_key: publicKey, fingerprint, created: new Date().toISOString(),
      }).returning(['id', 'uuid']).executeTakeFirstOrThrow());
    return row;
  }

  async view(id: number): Promise<SshKeyView> {
    const [v] = await this.views([id]);
    if (!v) throw new Error(`SSH key pair ${id} does not exist`);
    return v;
  }

  private async views(ids: readonly number[]): Promise<SshKeyView[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('ssh_keypairs').selectAll().where('id', 'in', ids).execute();
    const owners = await ownerViews(this.db, rows.map((r) => r.account_id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [{ id: r.id, uuid: r.uuid, name: r.name, fingerprint: r.fingerprint, publicKey: r.public_key, owner: owners.get(r.account_id)!, created: r.created }];
    });
  }
}
