// Accounts: createAccount, listAccounts, updateAccount, deleteAccount, disableAccount,
// enableAccount, lockAccount, as a root admin, a domain admin and a plain user.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, TEST_PASSWORD, newAccount, uniqueName } from '../helpers/accounts.js';
import { CsClient, type Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('accounts', () => {
  let s: TestServer;
  let d1: string; // a domain with a domain admin and a user
  let d2: string; // its sibling, with another domain admin
  let da1: TestAccount;
  let da2: TestAccount;
  let u1: TestAccount;
  let u2: TestAccount;

  const accountParams = (name: string, extra: Record<string, string | number> = {}) => ({
    account: name, username: name, password: TEST_PASSWORD, email: `${name}@example.test`, firstname: 'First', lastname: 'Last', accounttype: 0, ...extra,
  });
  const listAll = async (c: CsClient, extra: Record<string, string | number | boolean> = {}) =>
    ((await c.ok('listAccounts', { listall: true, ...extra })).account as Json[] | undefined) ?? [];
  const accountCount = async () => Number((await s.admin.ok('listAccounts', { listall: true })).count);

  before(async () => {
    s = await startTestServer();
    d1 = String(((await s.admin.ok('createDomain', { name: 'acct-d1' })).domain as Json).id);
    d2 = String(((await s.admin.ok('createDomain', { name: 'acct-d2' })).domain as Json).id);
    da1 = await newAccount(s, { type: 'domainadmin', domainId: d1 });
    da2 = await newAccount(s, { type: 'domainadmin', domainId: d2 });
    u1 = await newAccount(s, { domainId: d1 });
    u2 = await newAccount(s);
  });
  after(async () => s.close());

  it('creates an account with its first user, answering every known AccountResponse field', async () => {
    const name = uniqueName('full');
    const a = (await s.admin.ok('createAccount', {
      ...accountParams(name), timezone: 'Europe/Paris', networkdomain: 'corp.example', 'accountdetails[0].team': 'blue',
    })).account as Json;
    assert.equal(a.name, name);
    assert.equal(a.accounttype, 0);
    assert.equal(a.roletype, 'User');
    assert.equal(a.rolename, 'User');
    assert.equal(a.domain, 'ROOT');
    assert.equal(a.domainpath, 'ROOT');
    assert.equal(a.state, 'enabled');
    assert.equal(a.isdefault, false);
    assert.equal(a.networkdomain, 'corp.example');
    assert.deepEqual(a.accountdetails, { team: 'blue' });
    assert.match(String(a.created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const users = a.user as Json[];
    assert.equal(users.length, 1);
    assert.equal(users[0]!.username, name);
    assert.equal(users[0]!.accountid, a.id);
    assert.equal(users[0]!.timezone, 'Europe/Paris');
    assert.equal(users[0]!.state, 'enabled');
    assert.equal(users[0]!.apikey, undefined);
    const ev = (await s.admin.ok('listEvents', { listall: true, keyword: name })).event as Json[];
    assert.ok(ev.some((e) => e.type === 'ACCOUNT.CREATE' && e.resourceid === a.id), 'ACCOUNT.CREATE recorded');
    assert.ok(ev.some((e) => e.type === 'USER.CREATE'), 'USER.CREATE recorded');
  });

  it('picks the role from roleid or accounttype, names the account after the user, and takes given UUIDs', async () => {
    const roles = (await s.admin.ok('listRoles')).role as Json[];
    const daRole = roles.find((r) => r.name === 'Domain Admin')!;
    const name = uniqueName('byrole');
    const { accounttype: _t, ...params } = accountParams(name);
    const a = (await s.admin.ok('createAccount', { ...params, roleid: String(daRole.id), domainid: d1 })).account as Json;
    assert.equal(a.accounttype, 2);
    assert.equal(a.roleid, daRole.id);
    assert.equal(a.domainpath, 'ROOT/acct-d1');
    const auto = uniqueName('auto');
    const accountUuid = '11111111-2222-4333-8444-555555555555';
    const userUuid = '11111111-2222-4333-8444-666666666666';
    const b = (await s.admin.ok('createAccount', { username: auto, password: 'x', email: 'e@x', firstname: 'f', lastname: 'l', accounttype: 1, accountid: accountUuid, userid: userUuid })).account as Json;
    assert.equal(b.name, auto, 'account defaults to the username');
    assert.equal(b.roletype, 'Admin');
    assert.equal(b.id, accountUuid);
    assert.equal((b.user as Json[])[0]!.id, userUuid);
  });

  it('refuses bad input with 431 and a clear errortext, changing nothing', async () => {
    const before = await accountCount();
    const n = uniqueName('bad');
    const cases: [Record<string, string | number>, RegExp][] = [
      [{ ...accountParams(n), username: '' }, /username/i],
      [{ ...accountParams(n), password: '' }, /password/i],
      [{ ...accountParams(n), accounttype: '' }, /account type|role id/i],
      [{ ...accountParams(n), accounttype: 7 }, /Invalid account type 7/],
      [{ ...accountParams(n), accounttype: 'x' }, /accounttype/],
      [{ ...accountParams(n), roleid: '00000000-0000-4000-8000-000000000000' }, /role/i],
      [{ ...accountParams(n), domainid: '00000000-0000-4000-8000-000000000000' }, /domain/i],
      [{ ...accountParams(n), accounttype: 1, domainid: d1 }, /non-ROOT domain/],
      [{ ...accountParams(n), account: u2.name }, /already exists/],
      [{ ...accountParams(n), username: u2.name }, /already exists in domain/],
      [{ ...accountParams(n), networkdomain: '-bad-.example' }, /network domain/i],
      [{ ...accountParams(n), firstname: '  ' }, /Firstname/],
    ];
    for (const [params, text] of cases) await expectError(s.admin, 'createAccount', params, 431, text);
    const { email: _e, ...noEmail } = accountParams(n);
    await expectError(s.admin, 'createAccount', noEmail, 431, /email/);
    assert.equal(await accountCount(), before);
  });

  it('lets a domain admin create accounts only inside its subtree and never more privileged ones', async () => {
    const sub = String(((await s.admin.ok('createDomain', { name: 'acct-d1-sub', parentdomainid: d1 })).domain as Json).id);
    const inOwn = (await da1.client.ok('createAccount', { ...accountParams(uniqueName('da1u')), domainid: d1 })).account as Json;
    assert.equal(inOwn.domainid, d1);
    const inSub = (await da1.client.ok('createAccount', { ...accountParams(uniqueName('da1s')), domainid: sub })).account as Json;
    assert.equal(inSub.domainpath, 'ROOT/acct-d1/acct-d1-sub');
    const peer = (await da1.client.ok('createAccount', { ...accountParams(uniqueName('da1d')), accounttype: 2, domainid: d1 })).account as Json;
    assert.equal(peer.roletype, 'DomainAdmin');
    const before = await accountCount();
    await expectError(da1.client, 'createAccount', { ...accountParams(uniqueName('x')), domainid: d2 }, 531, /permission/);
    const rootId = String(((await s.admin.ok('listDomains', { name: 'ROOT' })).domain as Json[])[0]!.id);
    await expectError(da1.client, 'createAccount', { ...accountParams(uniqueName('x')), domainid: rootId }, 531);
    // Without domainid CloudStack means ROOT, which a domain admin does not reach.
    await expectError(da1.client, 'createAccount', accountParams(uniqueName('x')), 531, /permission/);
    await expectError(da1.client, 'createAccount', { ...accountParams(uniqueName('x')), accounttype: 1, domainid: d1 }, 431, /admin role type in non-ROOT/);
    await expectError(da1.client, 'createAccount', { ...accountParams(uniqueName('x')), accounttype: 3, domainid: d1 }, 531, /more privileges/);
    await expectError(da1.client, 'createAccount', { ...accountParams(uniqueName('x')), roleid: '1', domainid: d1 }, 431, /role/);
    await expectError(u1.client, 'createAccount', accountParams(uniqueName('x')), 432);
    assert.equal(await accountCount(), before);
  });

  it('lists accounts: own by default, listall within reach, filters, never the system account', async () => {
    const own = (await s.admin.ok('listAccounts')).account as Json[];
    assert.deepEqual(own.map((a) => a.name), ['admin']);
    const all = await listAll(s.admin);
    const names = all.map((a) => a.name);
    assert.ok(names.includes(u1.name) && names.includes(u2.name) && names.includes(da2.name));
    assert.ok(!names.includes('system'), 'system account is never listed');
    assert.equal((all.find((a) => a.name === 'admin')!).isdefault, true);
    assert.deepEqual((await listAll(s.admin, { name: u1.name })).map((a) => a.id), [u1.accountId]);
    assert.deepEqual((await listAll(s.admin, { id: u2.accountId })).map((a) => a.name), [u2.name]);
    assert.ok((await listAll(s.admin, { keyword: 'domainadmin-' })).every((a) => String(a.name).includes('domainadmin-')));
    const inD1 = await s.admin.ok('listAccounts', { domainid: d1 });
    assert.ok((inD1.account as Json[]).every((a) => a.domainid === d1));
    assert.ok((await listAll(s.admin, { accounttype: 2 })).every((a) => a.accounttype === 2));
    assert.ok((await listAll(s.admin, { state: 'enabled' })).length >= 4);
    assert.deepEqual(await s.admin.ok('listAccounts', { listall: true, name: 'no-such-account' }), {});
    await expectError(s.admin, 'listAccounts', { id: '00000000-0000-4000-8000-000000000000' }, 431, /Unable to find account/);
    await expectError(s.admin, 'listAccounts', { id: '1' }, 431, /Unable to find account/);

    // A domain admin sees its subtree only.
    const seen = (await listAll(da1.client)).map((a) => a.domainpath);
    assert.ok(seen.length >= 2 && seen.every((p) => String(p).startsWith('ROOT/acct-d1')), JSON.stringify(seen));
    await expectError(da2.client, 'listAccounts', { id: u1.accountId }, 531);
    await expectError(da2.client, 'listAccounts', { domainid: d1 }, 531);

    // A plain user sees only its own account, whatever it asks.
    const asks: Record<string, string | boolean>[] = [{}, { listall: true }, { listall: true, keyword: 'user' }];
    for (const params of asks) {
      const r = (await u1.client.ok('listAccounts', params)).account as Json[];
      assert.deepEqual(r.map((a) => a.id), [u1.accountId], JSON.stringify(params));
    }
    assert.deepEqual(await u1.client.ok('listAccounts', { name: u2.name }), {});
    await expectError(u1.client, 'listAccounts', { id: u2.accountId }, 531);
  });

  it('updates name, network domain, role and details; refuses bad input and other tenants', async () => {
    const t = await newAccount(s, { domainId: d1 });
    const renamed = uniqueName('renamed');
    const a = (await s.admin.ok('updateAccount', { id: t.accountId, newname: renamed, networkdomain: 'x.example', 'accountdetails[0].k': 'v' })).account as Json;
    assert.equal(a.name, renamed);
    assert.equal(a.networkdomain, 'x.example');
    assert.deepEqual(a.accountdetails, { k: 'v' });
    const byName = (await da1.client.ok('updateAccount', { account: renamed, domainid: d1, networkdomain: '' })).account as Json;
    assert.equal(byName.networkdomain, undefined);
    const daRole = ((await s.admin.ok('listRoles', { name: 'Domain Admin' })).role as Json[])[0]!;
    const promoted = (await s.admin.ok('updateAccount', { id: t.accountId, roleid: String(daRole.id) })).account as Json;
    assert.equal(promoted.accounttype, 2);
    assert.equal(promoted.rolename, 'Domain Admin');
    const ev = (await s.admin.ok('listEvents', { listall: true, type: 'ACCOUNT.UPDATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === t.accountId));

    await expectError(s.admin, 'updateAccount', { id: t.accountId, newname: '' }, 431, /empty/);
    await expectError(s.admin, 'updateAccount', { id: t.accountId, newname: u1.name }, 431, /exists/);
    await expectError(s.admin, 'updateAccount', { id: t.accountId, networkdomain: 'bad_domain' }, 431, /network domain/i);
    await expectError(s.admin, 'updateAccount', { id: t.accountId, roleid: '00000000-0000-4000-8000-000000000000' }, 431, /not found or not available/);
    await expectError(s.admin, 'updateAccount', { id: t.accountId, roleid: '1' }, 531, /ROOT domain/);
    await expectError(s.admin, 'updateAccount', { id: '00000000-0000-4000-8000-000000000000', newname: 'x' }, 431, /Unable to find account/);
    await expectError(s.admin, 'updateAccount', { newname: 'x' }, 431, /account/);
    await expectError(s.admin, 'updateAccount', { id: '1', newname: 'x' }, 431, /system account/);
    await expectError(da2.client, 'updateAccount', { id: u1.accountId, newname: 'stolen' }, 531);
    await expectError(da1.client, 'updateAccount', { id: u1.accountId, roleid: '1' }, 431, /not found or not available/);
    await expectError(u1.client, 'updateAccount', { id: u2.accountId, newname: 'stolen' }, 432);
    await expectError(u1.client, 'updateAccount', { id: u1.accountId, newname: 'mine' }, 432);
    const still = (await listAll(s.admin, { id: u1.accountId }))[0]!;
    assert.equal(still.name, u1.name);
  });

  it("disables an account (its keys get 401), enables it again, and locks it", async () => {
    const t = await newAccount(s, { domainId: d1 });
    assert.equal((await t.client.call('listAccounts')).status, 200);
    const j = await s.admin.job('disableAccount', { id: t.accountId, lock: false });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    assert.equal(((j.jobresult as Json).account as Json).state, 'disabled');
    assert.equal(j.cmd, 'org.apache.cloudstack.api.command.admin.account.DisableAccountCmd');
    const denied = await t.client.call('listAccounts');
    assert.equal(denied.status, 401);
    await assert.rejects(CsClient.login(s.url, t.name, TEST_PASSWORD, '/acct-d1'));
    await expectError(s.admin, 'disableAccount', { id: t.accountId }, 431, /lock/);

    const enabled = (await da1.client.ok('enableAccount', { id: t.accountId })).account as Json;
    assert.equal(enabled.state, 'enabled');
    assert.equal((await t.client.call('listAccounts')).status, 200, 'access is back');

    const locked = await da1.client.job('disableAccount', { account: t.name, domainid: d1, lock: true });
    assert.equal(((locked.jobresult as Json).account as Json).state, 'locked');
    assert.equal((await t.client.call('listAccounts')).status, 401);
    await s.admin.ok('enableAccount', { account: t.name, domainid: d1 });
    const viaLock = (await s.admin.ok('lockAccount', { account: t.name, domainid: d1 })).account as Json;
    assert.equal(viaLock.state, 'locked');
    await s.admin.ok('enableAccount', { id: t.accountId });

    // Only an enabled account can be locked.
    await s.admin.job('disableAccount', { id: t.accountId, lock: false });
    await expectError(s.admin, 'disableAccount', { id: t.accountId, lock: true }, 431, /only an enabled account/);
    await s.admin.ok('enableAccount', { id: t.accountId });

    const types = ((await s.admin.ok('listEvents', { listall: true, resourceid: t.accountId })).event as Json[]).map((e) => e.type);
    assert.ok(types.includes('ACCOUNT.DISABLE') && types.includes('ACCOUNT.ENABLE'), JSON.stringify(types));
  });

  it('never disables, locks or enables default accounts, nor lets other tenants do it', async () => {
    const adminId = String(((await s.admin.ok('listAccounts')).account as Json[])[0]!.id);
    await expectError(s.admin, 'disableAccount', { id: adminId, lock: false }, 431, /default account/);
    await expectError(s.admin, 'lockAccount', { account: 'admin', domainid: String(((await s.admin.ok('listDomains', { name: 'ROOT' })).domain as Json[])[0]!.id) }, 431);
    await expectError(s.admin, 'disableAccount', { id: '1', lock: false }, 531, /system account/);
    await expectError(s.admin, 'enableAccount', { id: '1' }, 531, /system account/);
    await expectError(da2.client, 'disableAccount', { id: u1.accountId, lock: false }, 531);
    await expectError(da2.client, 'enableAccount', { id: u1.accountId }, 531);
    await expectError(da2.client, 'lockAccount', { account: u1.name, domainid: d1 }, 531);
    await expectError(da1.client, 'disableAccount', { id: adminId, lock: false }, 531);
    await expectError(u1.client, 'disableAccount', { id: u2.accountId, lock: false }, 432);
    await expectError(u1.client, 'enableAccount', { id: u2.accountId }, 432);
    await expectError(u1.client, 'lockAccount', { account: u2.name, domainid: u2.domainId }, 432);
    await expectError(s.admin, 'disableAccount', { id: u1.accountId }, 431, /lock/);
    await expectError(s.admin, 'enableAccount', {}, 431, /account/);
    assert.equal((await u1.client.call('listAccounts')).status, 200, 'u1 untouched');
  });

  it('deletes an account in a job: its users, keys and sessions go; refuses default, own and foreign ones', async () => {
    const t = await newAccount(s, { domainId: d1 });
    const sess = await CsClient.login(s.url, t.name, TEST_PASSWORD, '/acct-d1');
    assert.equal((await sess.call('listAccounts')).status, 200);
    await expectError(da2.client, 'deleteAccount', { id: t.accountId }, 531);
    await expectError(u1.client, 'deleteAccount', { id: t.accountId }, 432);
    const j = await da1.client.job('deleteAccount', { id: t.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    assert.deepEqual(j.jobresult, { success: true });
    assert.equal(j.jobinstancetype, 'Account');
    assert.equal((await t.client.call('listAccounts')).status, 401, 'keys are gone');
    assert.equal((await sess.call('listAccounts')).status, 401, 'sessions are gone');
    assert.deepEqual(await s.admin.ok('listAccounts', { listall: true, name: t.name }), {});
    assert.deepEqual(await s.admin.ok('listUsers', { listall: true, username: t.name }), {});
    const ev = (await s.admin.ok('listEvents', { listall: true, type: 'ACCOUNT.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === t.accountId));
    // The name is free again.
    await s.admin.ok('createAccount', { ...accountParams(t.name), domainid: d1 });

    await expectError(s.admin, 'deleteAccount', { id: t.accountId }, 431, /Unable to find account/);
    const adminId = String(((await s.admin.ok('listAccounts')).account as Json[])[0]!.id);
    await expectError(s.admin, 'deleteAccount', { id: adminId }, 431, /own account/);
    await expectError(s.admin, 'deleteAccount', { id: '1' }, 431, /default/);
    const other = await newAccount(s, { type: 'admin' });
    await expectError(other.client, 'deleteAccount', { id: adminId }, 431, /default/);
    await expectError(da1.client, 'deleteAccount', { id: da1.accountId }, 431, /own account/);
    await expectError(s.admin, 'deleteAccount', {}, 431, /id/);
  });

  it('lets a domain admin manage its own peers but not accounts above it', async () => {
    const peer = await newAccount(s, { type: 'domainadmin', domainId: d1 });
    await da1.client.ok('updateAccount', { id: peer.accountId, networkdomain: 'peer.example' });
    const j = await da1.client.job('disableAccount', { id: peer.accountId, lock: true });
    assert.equal(((j.jobresult as Json).account as Json).state, 'locked');
    await s.admin.ok('enableAccount', { id: peer.accountId });
    const rootAdmin = await newAccount(s, { type: 'admin' });
    await expectError(da1.client, 'deleteAccount', { id: rootAdmin.accountId }, 531);
  });
});
