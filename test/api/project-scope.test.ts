// `projectid` on list commands (listScope) and on create commands (resolveOwner): members and
// admins over a project reach its resources, nobody else does; a suspended project is frozen.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '../../src/core/caller.js';
import { DomainError } from '../../src/core/errors.js';
import { type DbHandle, openDatabase } from '../../src/db/connect.js';
import { loadCaller } from '../../src/services/caller-loader.js';
import { EventService } from '../../src/services/events.js';
import { resolveId } from '../../src/services/lookup.js';
import { checkOwnerWritable, resolveOwner } from '../../src/services/owner.js';
import { ALL } from '../../src/services/query.js';
import { listScope } from '../../src/services/scope.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('project scope and ownership', () => {
  let s: TestServer;
  let h: DbHandle;
  let d1: string;
  let owner: TestAccount; // Admin of p1, Regular member of p2
  let member: TestAccount; // Admin of p2, Regular member of p1 with a project role
  let other: TestAccount; // in d1, member of nothing
  let da1: TestAccount;
  let da2: TestAccount;
  let p1: Json;
  let p2: Json;
  let p1Account: number; // internal ids of the projects' accounts
  let p2Account: number;
  let event1: string; // an event owned by p1's account

  const items = (r: Json, key: string) => (r[key] as Json[] | undefined) ?? [];
  const job = async (c: CsClient, command: string, params: Record<string, string | number | boolean>): Promise<Json> => {
    const j = await c.job(command, params);
    assert.equal(j.jobstatus, 1, `${command} → ${JSON.stringify(j)}`);
    return j.jobresult as Json;
  };
  const callerOf = async (a: TestAccount | 'admin'): Promise<Caller> => {
    const userId = a === 'admin'
      ? (await h.db.selectFrom('users').select('id').where('username', '=', 'admin').where('removed', 'is', null).executeTakeFirstOrThrow()).id
      : (await resolveId(h.db, 'users', a.userId))!;
    return (await loadCaller(h.db, { userId }))!.caller;
  };
  const accountOf = async (projectAccountName: string) =>
    (await h.db.selectFrom('accounts').select('id').where('name', '=', projectAccountName).where('removed', 'is', null).executeTakeFirstOrThrow()).id;
  const rejects = (p: Promise<unknown>, kind: string, text?: RegExp) =>
    assert.rejects(p, (e: unknown) => e instanceof DomainError && e.kind === kind && (!text || text.test(e.message)));

  before(async () => {
    s = await startTestServer();
    // A second handle on the server's own database, to drive the services directly.
    h = openDatabase({ url: s.databaseUrl, dataDir: s.dataDir });
    d1 = String(((await s.admin.ok('createDomain', { name: 'scope-d1' })).domain as Json).id);
    const d2 = String(((await s.admin.ok('createDomain', { name: 'scope-d2' })).domain as Json).id);
    owner = await newAccount(s, { domainId: d1 });
    member = await newAccount(s, { domainId: d1 });
    other = await newAccount(s, { domainId: d1 });
    da1 = await newAccount(s, { type: 'domainadmin', domainId: d1 });
    da2 = await newAccount(s, { type: 'domainadmin', domainId: d2 });
    p1 = (await job(owner.client, 'createProject', { name: uniqueName('scope1') })).project as Json;
    p2 = (await job(member.client, 'createProject', { name: uniqueName('scope2') })).project as Json;
    await job(owner.client, 'addAccountToProject', { projectid: String(p1.id), account: member.name });
    await job(member.client, 'addAccountToProject', { projectid: String(p2.id), account: owner.name });
    p1Account = await accountOf(String(p1.projectaccountname));
    p2Account = await accountOf(String(p2.projectaccountname));
    // What another family would record for a resource made in p1 (owned by p1's account).
    const ownerUser = (await resolveId(h.db, 'users', owner.userId))!;
    const domainId = (await resolveId(h.db, 'domains', d1))!;
    const events = new EventService(h.db);
    await events.record({ userId: ownerUser, accountId: p1Account, domainId }, { type: 'VM.CREATE', description: 'a VM in project one', resourceType: 'VirtualMachine', resourceName: 'vm-in-p1' });
    await events.record({ userId: ownerUser, accountId: p2Account, domainId }, { type: 'VM.CREATE', description: 'a VM in project two', resourceType: 'VirtualMachine', resourceName: 'vm-in-p2' });
    const ev = items(await s.admin.ok('listEvents', { listall: true, keyword: 'a VM in project one' }), 'event');
    event1 = String(ev[0]!.id);
  });
  after(async () => {
    await h.close();
    await s.close();
  });

  it("gives each project its own account (type 5, in the project's domain), removed with the project", async () => {
    const p = (await job(owner.client, 'createProject', { name: uniqueName('own') })).project as Json;
    const acct = await h.db.selectFrom('accounts').selectAll().where('name', '=', String(p.projectaccountname)).executeTakeFirstOrThrow();
    assert.equal(acct.type, 5);
    assert.equal(acct.domain_id, (await resolveId(h.db, 'domains', d1))!);
    assert.equal(acct.state, 'enabled');
    assert.equal(await h.db.selectFrom('users').select('id').where('account_id', '=', acct.id).executeTakeFirst(), undefined, 'nobody logs in as a project');
    await job(owner.client, 'deleteProject', { id: String(p.id), cleanup: true });
    const gone = await h.db.selectFrom('accounts').select(['removed', 'state']).where('id', '=', acct.id).executeTakeFirstOrThrow();
    assert.ok(gone.removed !== null);
    assert.equal(gone.state, 'removed');
  });

  it('lists a project\'s events for its members and for admins over it', async () => {
    for (const c of [owner.client, member.client, s.admin, da1.client]) {
      const ev = items(await c.ok('listEvents', { projectid: String(p1.id) }), 'event');
      assert.deepEqual(ev.map((e) => e.id), [event1]);
      assert.equal(ev[0]!.account, p1.projectaccountname);
    }
    // Without projectid the project's events are not the member's own.
    assert.ok(!items(await owner.client.ok('listEvents'), 'event').some((e) => e.id === event1));
  });

  it('refuses projectid of a project the caller may not access (531), and bad projectid input (431)', async () => {
    for (const c of [other.client, da2.client]) await expectError(c, 'listEvents', { projectid: String(p1.id) }, 531, /can't access project/);
    await expectError(owner.client, 'listEvents', { projectid: '00000000-0000-4000-8000-000000000000' }, 431, /Unable to find project/);
    await expectError(s.admin, 'listEvents', { projectid: String(p1.id), account: owner.name, domainid: d1 }, 431, /can't be specified together/);
    await expectError(da2.client, 'listEvents', { projectid: String(p1.id), domainid: d1 }, 531);
    // Scoping without projectid is as before: the outsider lists its own events only.
    assert.ok(items(await other.client.ok('listEvents'), 'event').every((e) => e.account === other.name));
  });

  it('with projectid=-1 scopes to every project the caller can see', async () => {
    const scopeOf = async (who: TestAccount | 'admin', extra: { domainid?: string } = {}) => {
      const sc = await listScope(h.db, await callerOf(who), { projectid: '-1', ...extra });
      assert.equal(sc.kind, 'accounts');
      return sc.kind === 'accounts' ? [...sc.accountIds].sort() : [];
    };
    const both = [p1Account, p2Account].sort();
    assert.deepEqual(await scopeOf(owner), both);
    assert.deepEqual(await scopeOf(member), both);
    assert.deepEqual(await scopeOf(other), []);
    assert.deepEqual((await scopeOf('admin')).filter((id) => both.includes(id)), both);
    assert.deepEqual(await scopeOf(da1), both);
    assert.deepEqual(await scopeOf(da2), []);
    assert.deepEqual(await scopeOf('admin', { domainid: d1 }), both);
    // The scope serves any list: here listEvents' service.
    const events = new EventService(h.db);
    const seen = await events.list(await listScope(h.db, await callerOf(owner), { projectid: '-1' }), {}, ALL);
    assert.deepEqual(seen.items.map((e) => e.description).sort(), ['a VM in project one', 'a VM in project two']);
    const none = await events.list(await listScope(h.db, await callerOf(other), { projectid: '-1' }), {}, ALL);
    assert.equal(none.count, 0);
    // Without projectid the answer is exactly the old account/domain scope.
    assert.deepEqual(await listScope(h.db, await callerOf(owner), {}), { kind: 'account', accountId: (await callerOf(owner)).accountId });
  });

  it('resolveOwner: own account, a named account for admins, a project for those who may act in it', async () => {
    const ownerC = await callerOf(owner);
    const adminC = await callerOf('admin');
    assert.equal(await resolveOwner(h.db, ownerC, {}), ownerC.accountId);
    assert.equal(await resolveOwner(h.db, ownerC, { projectid: String(p1.id) }), p1Account);
    assert.equal(await resolveOwner(h.db, await callerOf(member), { projectid: String(p1.id) }), p1Account);
    assert.equal(await resolveOwner(h.db, adminC, { projectid: String(p1.id) }), p1Account);
    assert.equal(await resolveOwner(h.db, await callerOf(da1), { projectid: String(p1.id) }), p1Account);
    await rejects(resolveOwner(h.db, await callerOf(other), { projectid: String(p1.id) }), 'PermissionDenied', /unauthorised to use project/);
    await rejects(resolveOwner(h.db, await callerOf(da2), { projectid: String(p1.id) }), 'PermissionDenied');
    await rejects(resolveOwner(h.db, ownerC, { projectid: '00000000-0000-4000-8000-000000000000' }), 'InvalidParameter', /Unable to find project/);
    await rejects(resolveOwner(h.db, ownerC, { projectid: '-1' }), 'InvalidParameter');
    await rejects(resolveOwner(h.db, adminC, { account: owner.name, domainid: d1, projectid: String(p1.id) }), 'InvalidParameter', /can't be specified together/);
    await rejects(resolveOwner(h.db, adminC, { account: owner.name }), 'InvalidParameter', /specified together/);
    assert.equal(await resolveOwner(h.db, adminC, { account: owner.name, domainid: d1 }), ownerC.accountId);
    assert.equal(await resolveOwner(h.db, await callerOf(da1), { account: owner.name, domainid: d1 }), ownerC.accountId);
    await rejects(resolveOwner(h.db, await callerOf(da2), { account: owner.name, domainid: d1 }), 'PermissionDenied');
    await rejects(resolveOwner(h.db, adminC, { account: 'nobody', domainid: d1 }), 'InvalidParameter', /Unable to find account/);
    await rejects(resolveOwner(h.db, ownerC, { account: member.name, domainid: d1 }), 'PermissionDenied');
    assert.equal(await resolveOwner(h.db, ownerC, { account: owner.name, domainid: d1 }), ownerC.accountId);
  });

  it('resolveOwner and checkOwnerWritable refuse a suspended project until it is active again', async () => {
    const ownerC = await callerOf(owner);
    await job(owner.client, 'suspendProject', { id: String(p1.id) });
    try {
      await rejects(resolveOwner(h.db, ownerC, { projectid: String(p1.id) }), 'InvalidState', /Suspended/);
      await rejects(checkOwnerWritable(h.db, p1Account), 'InvalidState', /Suspended/);
      // Other owners are unaffected.
      await checkOwnerWritable(h.db, p2Account);
      await checkOwnerWritable(h.db, ownerC.accountId);
      const acct = await h.db.selectFrom('accounts').select('state').where('id', '=', p1Account).executeTakeFirstOrThrow();
      assert.equal(acct.state, 'disabled', "the project's account is disabled while suspended");
    } finally {
      await job(owner.client, 'activateProject', { id: String(p1.id) });
    }
    assert.equal(await resolveOwner(h.db, ownerC, { projectid: String(p1.id) }), p1Account);
    await checkOwnerWritable(h.db, p1Account);
  });

  it("resolveOwner applies a Regular member's project role to the command it serves", async () => {
    const projectid = String(p1.id);
    const role = (await owner.client.ok('createProjectRole', { projectid, name: 'Viewer' })).projectrole as Json;
    await owner.client.ok('createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'deployVirtualMachine', permission: 'deny' });
    await owner.client.ok('createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'list*', permission: 'allow' });
    await job(owner.client, 'addUserToProject', { projectid, username: other.name, projectroleid: String(role.id) });
    const otherC = await callerOf(other);
    await rejects(resolveOwner(h.db, otherC, { projectid, command: 'deployVirtualMachine' }), 'PermissionDenied');
    await rejects(resolveOwner(h.db, otherC, { projectid, command: 'createVolume' }), 'PermissionDenied', /does not have permission/);
    assert.equal(await resolveOwner(h.db, otherC, { projectid, command: 'listVirtualMachines' }), p1Account);
    // The project's Admin and members without a project role are not limited.
    assert.equal(await resolveOwner(h.db, await callerOf(owner), { projectid, command: 'deployVirtualMachine' }), p1Account);
    assert.equal(await resolveOwner(h.db, await callerOf(member), { projectid, command: 'deployVirtualMachine' }), p1Account);
    // A user-level member sees the project's events too.
    assert.deepEqual(items(await other.client.ok('listEvents', { projectid }), 'event').map((e) => e.id), [event1]);
  });
});
