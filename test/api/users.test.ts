// Users: createUser, listUsers, getUser, updateUser, deleteUser, disableUser, enableUser,
// lockUser, registerUserKeys and getUserKeys, as a root admin, a domain admin and a plain user.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, TEST_PASSWORD, newAccount, uniqueName } from '../helpers/accounts.js';
import { CsClient, type Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('users', () => {
  let s: TestServer;
  let d1: string;
  let d2: string;
  let da1: TestAccount;
  let da2: TestAccount;
  let u1: TestAccount;
  let u2: TestAccount;
  let adminUserId: string;

  const userParams = (account: string, name: string, extra: Record<string, string> = {}) => ({
    account, username: name, password: TEST_PASSWORD, email: `${name}@example.test`, firstname: 'Ann', lastname: 'Other', ...extra,
  });
  /** A second user in `acct`, with its own API keys. */
  const addUser = async (acct: TestAccount, by: CsClient = s.admin) => {
    const name = uniqueName('usr');
    const u = (await by.ok('createUser', userParams(acct.name, name, { domainid: acct.domainId }))).user as Json;
    const k = (await s.admin.ok('registerUserKeys', { id: String(u.id) })).userkeys as Json;
    return { id: String(u.id), name, client: new CsClient(s.url, String(k.apikey), String(k.secretkey)) };
  };
  const userCount = async () => Number((await s.admin.ok('listUsers', { listall: true })).count);

  before(async () => {
    s = await startTestServer();
    d1 = String(((await s.admin.ok('createDomain', { name: 'usr-d1' })).domain as Json).id);
    d2 = String(((await s.admin.ok('createDomain', { name: 'usr-d2' })).domain as Json).id);
    da1 = await newAccount(s, { type: 'domainadmin', domainId: d1 });
    da2 = await newAccount(s, { type: 'domainadmin', domainId: d2 });
    u1 = await newAccount(s, { domainId: d1 });
    u2 = await newAccount(s);
    adminUserId = String(((await s.admin.ok('listUsers', { username: 'admin' })).user as Json[])[0]!.id);
  });
  after(async () => s.close());

  it('creates a user in an existing account, answering every known UserResponse field', async () => {
    const name = uniqueName('new');
    const u = (await s.admin.ok('createUser', userParams(u1.name, name, { domainid: d1, timezone: 'UTC' }))).user as Json;
    assert.equal(u.username, name);
    assert.equal(u.account, u1.name);
    assert.equal(u.accountid, u1.accountId);
    assert.equal(u.accounttype, 0);
    assert.equal(u.roletype, 'User');
    assert.equal(u.rolename, 'User');
    assert.equal(u.domainid, d1);
    assert.equal(u.domain, 'usr-d1');
    assert.equal(u.state, 'enabled');
    assert.equal(u.timezone, 'UTC');
    assert.equal(u.usersource, 'native');
    assert.equal(u.isdefault, false);
    assert.equal(u.email, `${name}@example.test`);
    const sess = await CsClient.login(s.url, name, TEST_PASSWORD, '/usr-d1');
    assert.equal((await sess.call('listUsers')).status, 200, 'the new user can log in');
    const ev = (await s.admin.ok('listEvents', { listall: true, type: 'USER.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === u.id));
    // A domain admin adds users to accounts in its subtree.
    const byDa = (await da1.client.ok('createUser', userParams(u1.name, uniqueName('byda'), { domainid: d1 }))).user as Json;
    assert.equal(byDa.accountid, u1.accountId);
    // Without domainid CloudStack means ROOT, which a domain admin does not reach.
    await expectError(da1.client, 'createUser', userParams(u1.name, uniqueName('byda')), 531);
  });

  it('refuses bad input, foreign accounts and plain users, changing nothing', async () => {
    const before = await userCount();
    const n = uniqueName('bad');
    await expectError(s.admin, 'createUser', userParams(u1.name, u2.name), 431, /Unable to find account/);
    await expectError(s.admin, 'createUser', userParams(u1.name, u1.name, { domainid: d1 }), 431, /already exists in domain/);
    await expectError(s.admin, 'createUser', userParams('no-such-account', n, { domainid: d1 }), 431, /Unable to find account no-such-account/);
    await expectError(s.admin, 'createUser', userParams(u1.name, n, { domainid: d1, password: '' }), 431, /password/i);
    await expectError(s.admin, 'createUser', userParams(u1.name, n, { domainid: d1, lastname: ' ' }), 431, /Lastname/);
    await expectError(s.admin, 'createUser', { username: n, password: 'x', email: 'e', firstname: 'f', lastname: 'l' }, 431, /account/);
    await expectError(s.admin, 'createUser', userParams(u1.name, n, { domainid: 'not-a-uuid' }), 431, /domainid/);
    await expectError(s.admin, 'createUser', userParams('system', n), 531, /system account/);
    await expectError(da2.client, 'createUser', userParams(u1.name, n, { domainid: d1 }), 531);
    await expectError(u1.client, 'createUser', userParams(u1.name, n, { domainid: d1 }), 432);
    await s.admin.job('disableAccount', { id: u2.accountId, lock: false });
    await expectError(s.admin, 'createUser', userParams(u2.name, n), 431, /Unable to find account/);
    await s.admin.ok('enableAccount', { id: u2.accountId });
    assert.equal(await userCount(), before);
  });

  it('lists users: a plain user only itself, admins what they reach', async () => {
    const extra = await addUser(u1);
    const asks: Record<string, string>[] = [{}, { listall: 'true' }, { account: u1.name, domainid: d1 }];
    for (const params of asks) {
      const r = (await u1.client.ok('listUsers', params)).user as Json[];
      assert.deepEqual(r.map((u) => u.id), [u1.userId], `a user sees only itself: ${JSON.stringify(params)}`);
    }
    const me = ((await u1.client.ok('listUsers', { id: u1.userId })).user as Json[])[0]!;
    assert.ok(typeof me.apikey === 'string', 'a user sees its own API key');
    assert.equal(me.secretkey, undefined, 'never the secret key');
    await expectError(u1.client, 'listUsers', { id: extra.id }, 531, /not authorized/);
    await expectError(u1.client, 'listUsers', { id: u2.userId }, 531, /not authorized/);

    const all = ((await s.admin.ok('listUsers', { listall: true })).user as Json[]).map((u) => u.username);
    assert.ok(all.includes(u1.name) && all.includes(u2.name) && all.includes('admin'));
    assert.ok(!all.includes('system'), 'the system user is never listed');
    const own = ((await s.admin.ok('listUsers')).user as Json[]).map((u) => u.username);
    assert.deepEqual(own, ['admin']);
    const inAcct = ((await s.admin.ok('listUsers', { account: u1.name, domainid: d1 })).user as Json[]).map((u) => u.id);
    assert.ok(inAcct.includes(u1.userId) && inAcct.includes(extra.id));
    assert.deepEqual(((await s.admin.ok('listUsers', { id: u2.userId })).user as Json[]).map((u) => u.username), [u2.name]);
    assert.deepEqual(((await s.admin.ok('listUsers', { listall: true, username: u1.name })).user as Json[]).length, 1);
    assert.ok(((await s.admin.ok('listUsers', { listall: true, keyword: u1.name.toUpperCase() })).user as Json[]).length >= 1, 'keyword ignores case');
    assert.deepEqual(await s.admin.ok('listUsers', { listall: true, usersource: 'ldap' }), {});

    const daSees = ((await da1.client.ok('listUsers', { listall: true })).user as Json[]).map((u) => u.domainid);
    assert.ok(daSees.length >= 3 && daSees.every((d) => d === d1), JSON.stringify(daSees));
    assert.deepEqual(await da2.client.ok('listUsers', { id: u1.userId }), {}, 'a sibling domain admin sees nothing');
    await expectError(da2.client, 'listUsers', { domainid: d1 }, 531);
    await expectError(da2.client, 'listUsers', { account: u1.name, domainid: d1 }, 531);
  });

  it('finds a user by API key for the root admin only', async () => {
    const u = (await s.admin.ok('getUser', { userapikey: u1.client.apiKey })).user as Json;
    assert.equal(u.id, u1.userId);
    assert.equal(u.apikey, u1.client.apiKey);
    await expectError(s.admin, 'getUser', { userapikey: 'no-such-key' }, 431, /does not exist/);
    await expectError(da1.client, 'getUser', { userapikey: u1.client.apiKey }, 432);
    await expectError(u1.client, 'getUser', { userapikey: u1.client.apiKey }, 432);
  });

  it('updates a user; a non-admin changing its password must give the current one', async () => {
    const t = await newAccount(s, { domainId: d1 });
    const u = (await t.client.ok('updateUser', { id: t.userId, firstname: 'Zed', lastname: 'Zulu', email: 'z@example.test', timezone: 'Asia/Tokyo' })).user as Json;
    assert.equal(u.firstname, 'Zed');
    assert.equal(u.lastname, 'Zulu');
    assert.equal(u.email, 'z@example.test');
    assert.equal(u.timezone, 'Asia/Tokyo');

    await expectError(t.client, 'updateUser', { id: t.userId, password: 'New-pw-2' }, 431, /current password must be provided/);
    await expectError(t.client, 'updateUser', { id: t.userId, password: 'New-pw-2', currentpassword: 'wrong' }, 431, /Current password is incorrect/);
    await expectError(t.client, 'updateUser', { id: t.userId, password: ' ' }, 431, /Password cannot be empty/);
    await assert.rejects(CsClient.login(s.url, t.name, 'New-pw-2', '/usr-d1'), 'the password did not change');
    await t.client.ok('updateUser', { id: t.userId, password: 'New-pw-2', currentpassword: TEST_PASSWORD });
    await CsClient.login(s.url, t.name, 'New-pw-2', '/usr-d1');
    await assert.rejects(CsClient.login(s.url, t.name, TEST_PASSWORD, '/usr-d1'));
    // Admins reset a password without the current one.
    await da1.client.ok('updateUser', { id: t.userId, password: 'By-da-3' });
    await CsClient.login(s.url, t.name, 'By-da-3', '/usr-d1');
    await s.admin.ok('updateUser', { id: t.userId, password: 'By-root-4' });
    await CsClient.login(s.url, t.name, 'By-root-4', '/usr-d1');
    const ev = (await s.admin.ok('listEvents', { listall: true, type: 'USER.UPDATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === t.userId));

    const renamed = uniqueName('ren');
    assert.equal(((await s.admin.ok('updateUser', { id: t.userId, username: renamed })).user as Json).username, renamed);
    await expectError(s.admin, 'updateUser', { id: t.userId, username: u1.name }, 431, /already exists/);
    await expectError(s.admin, 'updateUser', { id: t.userId, firstname: '' }, 431, /Firstname cannot be empty/);
    await expectError(s.admin, 'updateUser', { id: t.userId, username: ' ' }, 431, /Username cannot be empty/);
    await expectError(s.admin, 'updateUser', { id: t.userId, userapikey: 'only-half' }, 431, /pair/);
    await expectError(s.admin, 'updateUser', { id: t.userId, userapikey: u1.client.apiKey, usersecretkey: 'x' }, 431, /already exists/);
    await expectError(s.admin, 'updateUser', { id: '00000000-0000-4000-8000-000000000000', firstname: 'x' }, 431, /Unable to find user/);
    await expectError(s.admin, 'updateUser', { id: '1', firstname: 'x' }, 531, /system/);

    // Explicit keys replace the generated ones.
    await s.admin.ok('updateUser', { id: t.userId, userapikey: `key-${renamed}`, usersecretkey: `secret-${renamed}` });
    assert.equal((await new CsClient(s.url, `key-${renamed}`, `secret-${renamed}`).call('listUsers')).status, 200);
    assert.equal((await t.client.call('listUsers')).status, 401, 'the old keys stop working');

    // Other tenants.
    await expectError(u1.client, 'updateUser', { id: u2.userId, firstname: 'Mallory' }, 531);
    await expectError(u1.client, 'updateUser', { id: adminUserId, password: 'owned', currentpassword: 'x' }, 531);
    await expectError(da2.client, 'updateUser', { id: u1.userId, firstname: 'Mallory' }, 531);
    await expectError(da1.client, 'updateUser', { id: adminUserId, firstname: 'Mallory' }, 531);
    assert.equal(((await s.admin.ok('listUsers', { id: u2.userId })).user as Json[])[0]!.firstname, u2.name);
  });

  it('deletes a user (keys and sessions go) but never itself, a default user or a foreign one', async () => {
    const extra = await addUser(u1, da1.client);
    const sess = await CsClient.login(s.url, extra.name, TEST_PASSWORD, '/usr-d1');
    await expectError(da2.client, 'deleteUser', { id: extra.id }, 531);
    await expectError(u1.client, 'deleteUser', { id: extra.id }, 432);
    assert.deepEqual(await da1.client.ok('deleteUser', { id: extra.id }), { success: true });
    assert.equal((await extra.client.call('listUsers')).status, 401);
    assert.equal((await sess.call('listUsers')).status, 401);
    assert.deepEqual(await s.admin.ok('listUsers', { id: extra.id }), {});
    const ev = (await s.admin.ok('listEvents', { listall: true, type: 'USER.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === extra.id));
    await expectError(s.admin, 'deleteUser', { id: extra.id }, 431, /doesn't exist/);
    await expectError(s.admin, 'deleteUser', { id: adminUserId }, 431, /delete itself/);
    const other = await newAccount(s, { type: 'admin' });
    await expectError(other.client, 'deleteUser', { id: adminUserId }, 431, /default/);
    await expectError(u1.client, 'deleteUser', { id: u1.userId }, 432);
  });

  it('disables a user in a job (401 for its keys), enables it, and locks it', async () => {
    const t = await newAccount(s, { domainId: d1 });
    const j = await da1.client.job('disableUser', { id: t.userId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    assert.equal(((j.jobresult as Json).user as Json).state, 'disabled');
    assert.equal((await t.client.call('listUsers')).status, 401);
    const e = (await da1.client.ok('enableUser', { id: t.userId })).user as Json;
    assert.equal(e.state, 'enabled');
    assert.equal((await t.client.call('listUsers')).status, 200);

    // Locking the only enabled user locks its account too; enabling the user enables both.
    const l = (await s.admin.ok('lockUser', { id: t.userId })).user as Json;
    assert.equal(l.state, 'locked');
    assert.equal((((await s.admin.ok('listAccounts', { id: t.accountId })).account as Json[])[0]!).state, 'locked');
    assert.equal((await t.client.call('listUsers')).status, 401);
    assert.equal(((await s.admin.ok('lockUser', { id: t.userId })).user as Json).state, 'locked', 'locking again is a no-op');
    await s.admin.ok('enableUser', { id: t.userId });
    assert.equal((((await s.admin.ok('listAccounts', { id: t.accountId })).account as Json[])[0]!).state, 'enabled');

    // With another enabled user, the account stays enabled.
    const second = await addUser(t);
    await s.admin.ok('lockUser', { id: t.userId });
    assert.equal((((await s.admin.ok('listAccounts', { id: t.accountId })).account as Json[])[0]!).state, 'enabled');
    assert.equal((await second.client.call('listUsers')).status, 200);
    await s.admin.ok('enableUser', { id: t.userId });

    // Only an enabled user can be locked.
    await s.admin.job('disableUser', { id: second.id });
    await expectError(s.admin, 'lockUser', { id: second.id }, 431, /only an enabled user/);

    const types = ((await s.admin.ok('listEvents', { listall: true, resourceid: t.userId })).event as Json[]).map((x) => x.type);
    for (const ty of ['USER.DISABLE', 'USER.ENABLE', 'USER.LOCK']) assert.ok(types.includes(ty), `${ty} in ${JSON.stringify(types)}`);
  });

  it('keeps other tenants and plain users away from user state changes', async () => {
    await expectError(da2.client, 'disableUser', { id: u1.userId }, 531);
    await expectError(da2.client, 'enableUser', { id: u1.userId }, 531);
    await expectError(da2.client, 'lockUser', { id: u1.userId }, 531);
    await expectError(da1.client, 'disableUser', { id: adminUserId }, 531);
    for (const cmd of ['disableUser', 'enableUser', 'lockUser']) await expectError(u1.client, cmd, { id: u2.userId }, 432);
    await expectError(s.admin, 'disableUser', { id: '00000000-0000-4000-8000-000000000000' }, 431, /Unable to find active user/);
    await expectError(s.admin, 'disableUser', { id: '1' }, 431, /system user/);
    await expectError(s.admin, 'enableUser', { id: '1' }, 431, /system user/);
    await expectError(s.admin, 'lockUser', { id: '1' }, 531, /system user/);
    assert.equal((await u1.client.call('listUsers')).status, 200);
    assert.equal((await u2.client.call('listUsers')).status, 200);
  });

  it('keeps registerUserKeys and getUserKeys working for the user itself and its admins only', async () => {
    const k = (await u1.client.ok('getUserKeys', { id: u1.userId })).userkeys as Json;
    assert.equal(k.apikey, u1.client.apiKey);
    const fresh = (await da1.client.ok('registerUserKeys', { id: u1.userId })).userkeys as Json;
    u1 = { ...u1, client: new CsClient(s.url, String(fresh.apikey), String(fresh.secretkey)) };
    assert.equal((await u1.client.call('listUsers')).status, 200);
    await expectError(u1.client, 'getUserKeys', { id: u2.userId }, 531);
    await expectError(u1.client, 'registerUserKeys', { id: u2.userId }, 531);
    await expectError(da2.client, 'getUserKeys', { id: u1.userId }, 531);
    // Not even a domain admin of ROOT may take over a root admin's keys.
    const rootDa = await newAccount(s, { type: 'domainadmin' });
    await expectError(rootDa.client, 'registerUserKeys', { id: adminUserId }, 531);
    await expectError(rootDa.client, 'getUserKeys', { id: adminUserId }, 531);
    await expectError(s.admin, 'registerUserKeys', { id: '1' }, 531, /system/);
    await expectError(s.admin, 'getUserKeys', { id: '00000000-0000-4000-8000-000000000000' }, 431);
  });
});
