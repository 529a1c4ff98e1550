// SSH key pairs: create (private key once), register (OpenSSH keys of every supported type),
// list (name, fingerprint, keyword, scope), delete; CloudStack's MD5 fingerprint checked
// against ssh-keygen; bad input changes nothing; other tenants see and touch nothing.
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../src/services/index.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { internalId } from '../helpers/fake-vms.js';
import { count, openTestDb } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type TestKeyType, keygenKey, keygenMd5, keygenPublicFromPrivate, md5Of, nodeKey, sshKeygen } from '../helpers/ssh-keys.js';

const FINGERPRINT = /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/;
const TYPES: TestKeyType[] = ['rsa', 'ed25519', 'ecdsa256', 'ecdsa384', 'ecdsa521'];
const NO_KEYGEN = 'ssh-keygen (Debian openssh-client) is not installed: the comparison with `ssh-keygen -l -E md5` is skipped';

async function keys(c: CsClient, params: Record<string, string | boolean> = {}): Promise<Json[]> {
  return ((await c.ok('listSSHKeyPairs', params)).sshkeypair as Json[] | undefined) ?? [];
}

describe('SSH key pairs', () => {
  let s: TestServer;
  let user: TestAccount;
  let other: TestAccount;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    other = await newAccount(s);
  });
  after(async () => s.close());

  it('createSSHKeyPair returns a PEM private key once, whose public half has the reported fingerprint', async (t) => {
    const name = uniqueName('gen');
    const kp = (await user.client.ok('createSSHKeyPair', { name })).keypair as Json;
    assert.equal(kp.name, name);
    assert.match(String(kp.fingerprint), FINGERPRINT);
    assert.match(String(kp.privatekey), /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n?$/);
    assert.equal(kp.account, user.name);
    assert.equal(kp.domainid, user.domainId);
    // The fingerprint is that of the key the private key belongs to (derived independently here).
    const jwk = createPublicKey(createPrivateKey(String(kp.privatekey))).export({ format: 'jwk' });
    assert.equal(jwk.kty, 'RSA');
    if (sshKeygen()) assert.equal(keygenMd5(keygenPublicFromPrivate(String(kp.privatekey))), kp.fingerprint);
    else t.diagnostic(NO_KEYGEN);
    // Listed without the private key, which is never shown again.
    const [listed] = await keys(user.client, { name });
    assert.equal(listed?.fingerprint, kp.fingerprint);
    assert.equal(listed?.privatekey, undefined);
    const ev = (await user.client.ok('listEvents', { type: 'REGISTER.SSH.KEYPAIR' })).event as Json[];
    assert.ok(ev.some((e) => String(e.description).includes(name)));
  });

  for (const type of TYPES) {
    it(`registers a ${type} key; the fingerprint is ssh-keygen's MD5 and finds the key (Ansible cs_sshkeypair)`, async (t) => {
      const line = sshKeygen() ? keygenKey(type) : nodeKey(type);
      const name = uniqueName(type);
      const kp = (await user.client.ok('registerSSHKeyPair', { name, publickey: line })).keypair as Json;
      assert.equal(kp.fingerprint, md5Of(line));
      if (sshKeygen()) assert.equal(kp.fingerprint, keygenMd5(line));
      else t.diagnostic(NO_KEYGEN);
      const found = await keys(user.client, { fingerprint: String(kp.fingerprint) });
      assert.deepEqual(found.map((k) => k.name), [name]);
      assert.equal(found[0]!.id, kp.id);
      // A key made by node:crypto (an independent encoder) is accepted too.
      const fromNode = nodeKey(type);
      const k2 = (await user.client.ok('registerSSHKeyPair', { name: uniqueName(`${type}-node`), publickey: fromNode })).keypair as Json;
      assert.equal(k2.fingerprint, md5Of(fromNode));
    });
  }

  it('accepts the key as base64 of the whole line (EC2 style), and finds keys by name, keyword and id', async () => {
    const line = nodeKey('ed25519');
    const name = uniqueName('b64');
    const kp = (await user.client.ok('registerSSHKeyPair', { name, publickey: Buffer.from(line).toString('base64') })).keypair as Json;
    assert.equal(kp.fingerprint, md5Of(line));
    assert.equal((await keys(user.client, { name: name.toUpperCase() }))[0]?.id, kp.id, 'names compare case-insensitively');
    assert.equal((await keys(user.client, { id: String(kp.id) }))[0]?.name, name);
    assert.ok((await keys(user.client, { keyword: name.slice(0, 10) })).some((k) => k.id === kp.id));
    // libcloud's get_key_pair and Ansible page with page/pagesize.
    const paged = await user.client.ok('listSSHKeyPairs', { page: 1, pagesize: 1 });
    assert.equal((paged.sshkeypair as Json[]).length, 1);
    assert.ok(Number(paged.count) > 1);
  });

  it('refuses bad keys and names with 431 and registers nothing', async () => {
    const before = await count(user.client, 'listSSHKeyPairs');
    const rsa = nodeKey('rsa');
    const ed = nodeKey('ed25519');
    const taken = uniqueName('taken');
    await user.client.ok('registerSSHKeyPair', { name: taken, publickey: ed });
    const edBlob = ed.split(' ')[1]!;
    const cases: [Record<string, string>, RegExp][] = [
      [{ name: uniqueName('x'), publickey: 'not a key' }, /Public key is invalid/],
      [{ name: uniqueName('x'), publickey: `ssh-dss ${edBlob}` }, /key type/],
      [{ name: uniqueName('x'), publickey: `ssh-ed25519 ${edBlob.slice(0, -8)}` }, /Public key is invalid/],
      [{ name: uniqueName('x'), publickey: `ssh-ed25519 ${rsa.split(' ')[1]}` }, /does not match/],
      [{ name: uniqueName('x'), publickey: 'ssh-rsa !!!notbase64' }, /base64/],
      [{ name: uniqueName('x'), publickey: `ecdsa-sha2-nistp384 ${nodeKey('ecdsa256').split(' ')[1]}` }, /does not match/],
      [{ name: uniqueName('x'), publickey: '' }, /Public key is invalid/],
      [{ name: '   ', publickey: nodeKey('ed25519') }, /name/],
      [{ name: taken.toUpperCase(), publickey: nodeKey('ed25519') }, /already exists/],
      [{ name: uniqueName('dup'), publickey: ed }, /already exists/],
    ];
    for (const [params, text] of cases) await expectError(user.client, 'registerSSHKeyPair', params, 431, text);
    await expectError(user.client, 'createSSHKeyPair', { name: taken }, 431, /already exists/);
    await expectError(user.client, 'createSSHKeyPair', {}, 431, /name/);
    assert.equal(await count(user.client, 'listSSHKeyPairs'), before + 1);
  });

  it('keeps key pairs per account: other tenants neither see, use nor delete them', async () => {
    const name = uniqueName('mine');
    const line = nodeKey('ed25519');
    const kp = (await user.client.ok('registerSSHKeyPair', { name, publickey: line })).keypair as Json;
    assert.equal((await keys(other.client, { name })).length, 0);
    assert.equal((await keys(other.client, { fingerprint: String(kp.fingerprint) })).length, 0);
    assert.equal((await keys(other.client, { listall: true })).some((k) => k.id === kp.id), false);
    await expectError(other.client, 'deleteSSHKeyPair', { name }, 431, /does not exist/);
    await expectError(other.client, 'deleteSSHKeyPair', { name, account: user.name, domainid: user.domainId }, 531);
    await expectError(other.client, 'registerSSHKeyPair', { name: uniqueName('x'), publickey: nodeKey('ed25519'), account: user.name, domainid: user.domainId }, 531);
    await expectError(other.client, 'listSSHKeyPairs', { account: user.name }, 531);
    // The same name and the same key are fine in another account.
    const theirs = (await other.client.ok('registerSSHKeyPair', { name, publickey: line })).keypair as Json;
    assert.notEqual(theirs.id, kp.id);
    assert.equal((await keys(user.client, { name }))[0]?.id, kp.id);
    // The root admin sees both with listall, and can act for the account.
    const all = await keys(s.admin, { listall: true, name });
    assert.deepEqual(new Set(all.map((k) => k.account)), new Set([user.name, other.name]));
    const forUser = (await s.admin.ok('createSSHKeyPair', { name: uniqueName('admin-made'), account: user.name, domainid: user.domainId })).keypair as Json;
    assert.equal(forUser.account, user.name);
    assert.ok((await keys(user.client)).some((k) => k.id === forUser.id));
  });

  it('deletes by name (success true), then the name is free again; an unknown name is a 431', async () => {
    const name = uniqueName('del');
    await user.client.ok('createSSHKeyPair', { name });
    const r = await user.client.ok('deleteSSHKeyPair', { name });
    assert.equal(r.success, true);
    assert.equal((await keys(user.client, { name })).length, 0);
    await expectError(user.client, 'deleteSSHKeyPair', { name }, 431, /does not exist/);
    await user.client.ok('registerSSHKeyPair', { name, publickey: nodeKey('rsa') });
    const ev = (await user.client.ok('listEvents', { type: 'DELETE.SSH.KEYPAIR' })).event as Json[];
    assert.ok(ev.some((e) => e.resourcename === name));
  });

  it('gives deployVirtualMachine sshKeys.resolve(): the account\'s keys by name, 431 for any other', async () => {
    const db = openTestDb(s);
    try {
      const services = createServices(db.db, { serverId: 'ssh-keys-test' });
      const a = nodeKey('ed25519');
      const b = nodeKey('ecdsa256');
      const na = uniqueName('ra');
      const nb = uniqueName('rb');
      await user.client.ok('registerSSHKeyPair', { name: na, publickey: a });
      await user.client.ok('registerSSHKeyPair', { name: nb, publickey: b });
      const acct = await internalId(db, 'accounts', user.accountId);
      const got = await services.sshKeys.resolve(acct, [nb, na.toUpperCase(), nb]);
      assert.deepEqual(got.map((k) => k.name), [nb, na], 'in the order asked, once each');
      assert.equal(got[0]!.publicKey, b.split(' ').slice(0, 2).join(' '), 'the stored key has no comment');
      assert.equal(got[1]!.fingerprint, md5Of(a));
      await assert.rejects(services.sshKeys.resolve(acct, [na, 'missing']), { kind: 'InvalidParameter', message: /missing/ });
      await assert.rejects(services.sshKeys.resolve(await internalId(db, 'accounts', other.accountId), [na]), { kind: 'InvalidParameter' });
    } finally {
      await db.close();
    }
  });

  it('removes the key pairs of a deleted account', async () => {
    const gone = await newAccount(s);
    const name = uniqueName('gone');
    const kp = (await gone.client.ok('createSSHKeyPair', { name })).keypair as Json;
    const j = await s.admin.job('deleteAccount', { id: gone.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    assert.equal((await keys(s.admin, { listall: true, fingerprint: String(kp.fingerprint) })).filter((k) => k.name === name).length, 0);
  });
});
