// Projects: createProject, listProjects, updateProject, deleteProject, activateProject,
// suspendProject, addAccountToProject, deleteAccountFromProject, addUserToProject,
// deleteUserFromProject, listProjectAccounts, invitations and project roles, as the root
// admin, domain admins, the project's Admin and Regular members, and outsiders.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError, expectJobError } from '../helpers/expect-error.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('projects', () => {
  let s: TestServer;
  let d1: string; // the projects' domain
  let d2: string; // a sibling domain
  let owner: TestAccount; // creates the projects (a plain user in d1)
  let member: TestAccount; // added as a Regular member
  let other: TestAccount; // a user of d1 who is never a member
  let da1: TestAccount; // domain admin of d1
  let da2: TestAccount; // domain admin of d2

  const items = (r: Json, key: string) => (r[key] as Json[] | undefined) ?? [];
  const create = async (c: CsClient, params: Record<string, string | number | boolean>): Promise<Json> => {
    const j = await c.job('createProject', params);
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    return (j.jobresult as Json).project as Json;
  };
  const ok = async (c: CsClient, command: string, params: Record<string, string | number | boolean>): Promise<Json> => {
    const j = await c.job(command, params);
    assert.equal(j.jobstatus, 1, `${command} ${JSON.stringify(params)} → ${JSON.stringify(j)}`);
    return j.jobresult as Json;
  };
  const members = async (c: CsClient, projectid: string) => items(await c.ok('listProjectAccounts', { projectid }), 'projectaccount');
  const projectCount = async () => Number((await s.admin.ok('listProjects', { listall: true })).count ?? 0);
  const setting = (name: string, value: string) => s.admin.ok('updateConfiguration', { name, value });

  before(async () => {
    s = await startTestServer();
    d1 = String(((await s.admin.ok('createDomain', { name: 'prj-d1' })).domain as Json).id);
    d2 = String(((await s.admin.ok('createDomain', { name: 'prj-d2' })).domain as Json).id);
    owner = await newAccount(s, { domainId: d1 });
    member = await newAccount(s, { domainId: d1 });
    other = await newAccount(s, { domainId: d1 });
    da1 = await newAccount(s, { type: 'domainadmin', domainId: d1 });
    da2 = await newAccount(s, { type: 'domainadmin', domainId: d2 });
  });
  after(async () => s.close());

  it('creates a project owned by its own account, with the caller as its Admin', async () => {
    const name = uniqueName('p');
    const started = await owner.client.ok('createProject', { name });
    assert.match(String(started.jobid), /^[0-9a-f-]{36}$/);
    assert.match(String(started.id), /^[0-9a-f-]{36}$/, 'an async create answers the new id at once');
    const j = await owner.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    const p = (j.jobresult as Json).project as Json;
    assert.equal(p.id, started.id);
    assert.equal(p.name, name);
    assert.equal(p.displaytext, name, 'displaytext defaults to the name');
    assert.equal(p.state, 'Active');
    assert.equal(p.domainid, d1);
    assert.equal(p.domain, 'prj-d1');
    assert.deepEqual(p.owner, [{ account: owner.name, accountid: owner.accountId }]);
    assert.match(String(p.projectaccountname), new RegExp(`^PrjAcct-${name}-\\d+$`));
    assert.deepEqual(p.tags, []);
    assert.match(String(p.created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const listed = items(await owner.client.ok('listProjects'), 'project');
    assert.deepEqual(listed.map((x) => x.id), [p.id]);
    assert.deepEqual(listed[0], p);
    const m = await members(owner.client, String(p.id));
    assert.equal(m.length, 1);
    assert.equal(m[0]!.account, owner.name);
    assert.equal(m[0]!.accountid, owner.accountId);
    assert.equal(m[0]!.role, 'Admin');
    assert.equal(m[0]!.project, name);
    assert.equal(m[0]!.accounttype, 0);
    assert.equal(m[0]!.domainpath, 'ROOT/prj-d1');
    const ev = items(await owner.client.ok('listEvents', { type: 'PROJECT.CREATE' }), 'event');
    assert.ok(ev.some((e) => e.resourceid === p.id && e.resourcetype === 'Project'), 'PROJECT.CREATE recorded for the owner');
  });

  it('lets an admin create a project for a named account, or a user of an account', async () => {
    const a = await create(s.admin, { name: uniqueName('named'), displaytext: 'For the member', account: member.name, domainid: d1 });
    assert.equal(a.displaytext, 'For the member');
    assert.deepEqual(a.owner, [{ account: member.name, accountid: member.accountId }]);
    assert.ok(items(await member.client.ok('listProjects'), 'project').some((x) => x.id === a.id));
    const b = await create(da1.client, { name: uniqueName('byuser'), userid: member.userId, accountid: member.accountId });
    assert.deepEqual(b.owner, [{ account: member.name, accountid: member.accountId, user: member.name, userid: member.userId }]);
    await ok(member.client, 'deleteProject', { id: String(a.id) });
    await ok(member.client, 'deleteProject', { id: String(b.id) });
  });

  it('refuses bad input with 431 and a clear errortext, creating nothing', async () => {
    const taken = await create(owner.client, { name: uniqueName('taken') });
    const before = await projectCount();
    await expectError(owner.client, 'createProject', {}, 431, /name/);
    await expectError(owner.client, 'createProject', { name: '  ' }, 431, /name/i);
    await expectError(s.admin, 'createProject', { name: uniqueName('x'), account: owner.name }, 431, /specified together/);
    await expectError(s.admin, 'createProject', { name: uniqueName('x'), domainid: d1 }, 431, /specified together/);
    await expectError(s.admin, 'createProject', { name: uniqueName('x'), userid: member.userId }, 431, /must be provided with User ID/);
    await expectError(s.admin, 'createProject', { name: uniqueName('x'), account: 'nobody', domainid: d1 }, 431, /Unable to find account/);
    await expectError(s.admin, 'createProject', { name: uniqueName('x'), account: owner.name, domainid: '00000000-0000-4000-8000-000000000000' }, 431, /domain/);
    await expectError(s.admin, 'createProject', { name: uniqueName('x'), userid: member.userId, accountid: owner.accountId }, 431, /doesn't belong/);
    await expectError(owner.client, 'createProject', { name: String(taken.name) }, 431, /already exists in domain/);
    await expectError(owner.client, 'createProject', { name: String(taken.name).toUpperCase() }, 431, /already exists/);
    // A user may not create projects for somebody else.
    await expectError(owner.client, 'createProject', { name: uniqueName('x'), account: member.name, domainid: d1 }, 531);
    await expectError(da2.client, 'createProject', { name: uniqueName('x'), account: owner.name, domainid: d1 }, 531);
    assert.equal(await projectCount(), before);
    // allow.user.create.projects=false keeps plain users out, not admins.
    await setting('allow.user.create.projects', 'false');
    try {
      await expectError(owner.client, 'createProject', { name: uniqueName('x') }, 531, /not permitted to create a project/);
      assert.equal(await projectCount(), before);
      const byAdmin = await create(da1.client, { name: uniqueName('da') });
      await ok(da1.client, 'deleteProject', { id: String(byAdmin.id) });
    } finally {
      await setting('allow.user.create.projects', 'true');
    }
    await ok(owner.client, 'deleteProject', { id: String(taken.id) });
  });

  it('counts projects against the owner\'s project limit (535), and gives the count back on delete', async () => {
    const capped = await newAccount(s, { domainId: d1 });
    await s.admin.ok('updateResourceLimit', { account: capped.name, domainid: d1, resourcetype: 5, max: 1 });
    const first = await create(capped.client, { name: uniqueName('cap') });
    await expectError(capped.client, 'createProject', { name: uniqueName('cap') }, 535, /project/);
    await ok(capped.client, 'deleteProject', { id: String(first.id) });
    const again = await create(capped.client, { name: uniqueName('cap') });
    await ok(capped.client, 'deleteProject', { id: String(again.id) });
  });

  it('lists projects: members see theirs, admins with listall what they reach, with filters', async () => {
    const p = await create(owner.client, { name: uniqueName('list'), displaytext: 'Listed project' });
    const id = String(p.id);
    try {
      assert.deepEqual(items(await owner.client.ok('listProjects', { id }), 'project').map((x) => x.id), [id]);
      assert.deepEqual(items(await owner.client.ok('listProjects', { name: String(p.name) }), 'project').map((x) => x.id), [id]);
      assert.deepEqual(items(await owner.client.ok('listProjects', { displaytext: 'Listed project' }), 'project').map((x) => x.id), [id]);
      assert.ok(items(await owner.client.ok('listProjects', { keyword: 'LISTED' }), 'project').some((x) => x.id === id));
      assert.ok(items(await owner.client.ok('listProjects', { state: 'active' }), 'project').some((x) => x.id === id));
      assert.deepEqual(await owner.client.ok('listProjects', { state: 'Suspended' }), {});
      assert.ok(items(await owner.client.ok('listProjects', { username: owner.name }), 'project').some((x) => x.id === id));
      // Admins: their own memberships by default, everything in reach with listall or a domain.
      assert.ok(!items(await s.admin.ok('listProjects'), 'project').some((x) => x.id === id));
      assert.ok(items(await s.admin.ok('listProjects', { listall: true }), 'project').some((x) => x.id === id));
      assert.ok(items(await s.admin.ok('listProjects', { domainid: d1 }), 'project').some((x) => x.id === id));
      assert.ok(items(await s.admin.ok('listProjects', { domainid: d1, account: owner.name }), 'project').some((x) => x.id === id));
      assert.ok(!items(await s.admin.ok('listProjects', { domainid: d1, account: member.name }), 'project').some((x) => x.id === id));
      assert.ok(items(await da1.client.ok('listProjects', { listall: true }), 'project').some((x) => x.id === id));
      assert.deepEqual(await da2.client.ok('listProjects', { listall: true, id }), {});
      await expectError(da2.client, 'listProjects', { domainid: d1 }, 531);
      await expectError(s.admin, 'listProjects', { account: owner.name }, 431, /domain is not specified/);
      await expectError(owner.client, 'listProjects', { account: member.name }, 531);
      // A user who is no member sees nothing, whatever it asks for.
      assert.deepEqual(await other.client.ok('listProjects'), {});
      assert.deepEqual(await other.client.ok('listProjects', { listall: true }), {});
      assert.deepEqual(await other.client.ok('listProjects', { id }), {});
    } finally {
      await ok(owner.client, 'deleteProject', { id });
    }
  });

  it('adds and removes members; a Regular member may look but not manage; users join one by one', async () => {
    const p = await create(owner.client, { name: uniqueName('team') });
    const projectid = String(p.id);
    const r = await ok(owner.client, 'addAccountToProject', { projectid, account: member.name });
    assert.deepEqual(r, { success: true });
    // Adding again is a success that changes nothing, as CloudStack answers.
    await ok(owner.client, 'addAccountToProject', { projectid, account: member.name });
    const m = await members(member.client, projectid);
    assert.deepEqual(m.map((x) => [x.account, x.role]).sort(), [[member.name, 'Regular'], [owner.name, 'Admin']].sort());
    assert.deepEqual(items(await member.client.ok('listProjectAccounts', { projectid, role: 'Admin' }), 'projectaccount').map((x) => x.account), [owner.name]);
    assert.deepEqual(items(await member.client.ok('listProjectAccounts', { projectid, account: member.name }), 'projectaccount').map((x) => x.role), ['Regular']);
    assert.ok(items(await member.client.ok('listProjects'), 'project').some((x) => x.id === projectid));
    const ev = items(await owner.client.ok('listEvents', { type: 'PROJECT.ACCOUNT.ADD' }), 'event');
    assert.ok(ev.some((e) => e.resourceid === projectid), 'PROJECT.ACCOUNT.ADD recorded');

    // A Regular member cannot manage membership or the project.
    await expectError(member.client, 'addAccountToProject', { projectid, account: other.name }, 531);
    await expectError(member.client, 'deleteAccountFromProject', { projectid, account: owner.name }, 531);
    await expectError(member.client, 'updateProject', { id: projectid, displaytext: 'mine now' }, 531);
    await expectError(member.client, 'suspendProject', { id: projectid }, 531);
    await expectError(member.client, 'deleteProject', { id: projectid }, 531);
    await expectError(member.client, 'addUserToProject', { projectid, username: other.name }, 531);

    // Bad input: 431, nothing changed.
    await expectError(owner.client, 'addAccountToProject', { projectid }, 431, /Either accountName or email is required/);
    await expectError(owner.client, 'addAccountToProject', { projectid, account: 'no-such-account' }, 431, /Unable to find account/);
    await expectError(owner.client, 'addAccountToProject', { projectid, account: da2.name }, 431, /Unable to find account/);
    await expectError(owner.client, 'addAccountToProject', { projectid, account: other.name, roletype: 'Boss' }, 431, /Admin or Regular/);
    await expectError(owner.client, 'addAccountToProject', { projectid, email: 'someone@example.test' }, 431, /Account information is required/);
    await expectError(owner.client, 'addAccountToProject', { projectid: '00000000-0000-4000-8000-000000000000', account: other.name }, 431, /Unable to find project/);
    await expectError(owner.client, 'addAccountToProject', { projectid, account: other.name, projectroleid: '00000000-0000-4000-8000-000000000000' }, 431, /project role/);
    await expectError(owner.client, 'deleteAccountFromProject', { projectid, account: other.name }, 431, /not assigned/);
    await expectError(owner.client, 'deleteAccountFromProject', { projectid, account: owner.name }, 431, /owner of the project/);
    await expectError(owner.client, 'addUserToProject', { projectid, username: member.name }, 431, /already part of the project/);
    await expectError(owner.client, 'addUserToProject', { projectid, username: 'no-such-user' }, 431, /Invalid user/);
    assert.equal((await members(owner.client, projectid)).length, 2);

    // A single user: only that user is a member, not the rest of its account.
    const u = (await s.admin.ok('createUser', { account: other.name, domainid: d1, username: uniqueName('solo'), password: 'x', email: 'solo@example.test', firstname: 'S', lastname: 'U' })).user as Json;
    await ok(owner.client, 'addUserToProject', { projectid, username: String(u.username), roletype: 'Admin' });
    const solo = items(await owner.client.ok('listProjectAccounts', { projectid, userid: String(u.id) }), 'projectaccount');
    assert.equal(solo.length, 1);
    assert.equal(solo[0]!.username, u.username);
    assert.equal(solo[0]!.userid, u.id);
    assert.equal(solo[0]!.role, 'Admin');
    assert.deepEqual(await other.client.ok('listProjects'), {}, 'the other users of the account are no members');
    const withUser = items(await owner.client.ok('listProjects', { id: projectid }), 'project')[0]!;
    assert.ok((withUser.owner as Json[]).some((o) => o.userid === u.id && o.user === u.username));
    await expectError(member.client, 'deleteUserFromProject', { projectid, userid: String(u.id) }, 531);
    await expectError(owner.client, 'deleteUserFromProject', { projectid, userid: other.userId }, 431, /not assigned/);
    await ok(owner.client, 'deleteUserFromProject', { projectid, userid: String(u.id) });

    await ok(owner.client, 'deleteAccountFromProject', { projectid, account: member.name });
    assert.deepEqual((await members(owner.client, projectid)).map((x) => x.account), [owner.name]);
    await expectError(member.client, 'listProjectAccounts', { projectid }, 531, /not authorized/);
    assert.ok(items(await owner.client.ok('listEvents', { type: 'PROJECT.ACCOUNT.REMOVE' }), 'event').some((e) => e.resourceid === projectid));
    await ok(owner.client, 'deleteProject', { id: projectid });
  });

  it('updates a project: texts, name, ownership swap, promotion and demotion', async () => {
    const p = await create(owner.client, { name: uniqueName('upd') });
    const id = String(p.id);
    const r1 = (await ok(owner.client, 'updateProject', { id, displaytext: 'New text' })).project as Json;
    assert.equal(r1.displaytext, 'New text');
    const newName = uniqueName('renamed');
    const r2 = (await ok(owner.client, 'updateProject', { id, name: newName })).project as Json;
    assert.equal(r2.name, newName);
    assert.ok(items(await owner.client.ok('listEvents', { type: 'PROJECT.UPDATE' }), 'event').some((e) => e.resourceid === id));

    const before = JSON.stringify(items(await owner.client.ok('listProjects', { id }), 'project'));
    await expectError(owner.client, 'updateProject', { id, account: member.name }, 431, /doesn't belong to the project/);
    await expectError(owner.client, 'updateProject', { id, account: member.name, userid: member.userId }, 431, /mutually exclusive/);
    await expectError(owner.client, 'updateProject', { id, account: 'nobody' }, 431, /Unable to find account/);
    await expectError(owner.client, 'updateProject', { id, name: ' ' }, 431, /name/);
    await expectError(owner.client, 'updateProject', { id, roletype: 'Owner' }, 431, /Admin or Regular/);
    await expectError(owner.client, 'updateProject', { id, account: owner.name, swapowner: false, roletype: 'Regular' }, 431, /only admin/);
    await expectError(owner.client, 'updateProject', { id: '00000000-0000-4000-8000-000000000000', displaytext: 'x' }, 431, /Unable to find the project/);
    assert.equal(JSON.stringify(items(await owner.client.ok('listProjects', { id }), 'project')), before);

    // Swap: the member becomes the owner, the old owner a Regular member.
    await ok(owner.client, 'addAccountToProject', { projectid: id, account: member.name });
    const swapped = (await ok(owner.client, 'updateProject', { id, account: member.name })).project as Json;
    assert.deepEqual(swapped.owner, [{ account: member.name, accountid: member.accountId }]);
    assert.deepEqual((await members(owner.client, id)).find((x) => x.account === owner.name)!.role, 'Regular');
    await expectError(owner.client, 'updateProject', { id, displaytext: 'not any more' }, 531);
    // Promotion without a swap: two owners.
    const both = (await ok(member.client, 'updateProject', { id, account: owner.name, swapowner: false, roletype: 'Admin' })).project as Json;
    assert.equal((both.owner as Json[]).length, 2);
    await ok(owner.client, 'updateProject', { id, account: member.name, swapowner: false, roletype: 'Regular' });
    assert.deepEqual((await members(owner.client, id)).filter((x) => x.role === 'Admin').map((x) => x.account), [owner.name]);
    await ok(owner.client, 'deleteProject', { id });
  });

  it('suspends and activates; a suspended project takes no new members', async () => {
    const p = await create(owner.client, { name: uniqueName('susp') });
    const id = String(p.id);
    const s1 = (await ok(owner.client, 'suspendProject', { id })).project as Json;
    assert.equal(s1.state, 'Suspended');
    assert.ok(items(await owner.client.ok('listProjects', { state: 'Suspended' }), 'project').some((x) => x.id === id));
    await expectError(owner.client, 'addAccountToProject', { projectid: id, account: member.name }, 431, /no longer active/);
    await expectError(owner.client, 'addUserToProject', { projectid: id, username: member.name }, 431, /isn't currently active/);
    assert.equal((await members(owner.client, id)).length, 1);
    await expectError(member.client, 'activateProject', { id }, 531);
    const a1 = (await ok(owner.client, 'activateProject', { id })).project as Json;
    assert.equal(a1.state, 'Active');
    // Activating an active project changes nothing.
    assert.equal(((await ok(owner.client, 'activateProject', { id })).project as Json).state, 'Active');
    for (const t of ['PROJECT.SUSPEND', 'PROJECT.ACTIVATE']) {
      assert.ok(items(await owner.client.ok('listEvents', { type: t }), 'event').some((e) => e.resourceid === id), t);
    }
    await ok(owner.client, 'addAccountToProject', { projectid: id, account: member.name });
    await ok(owner.client, 'deleteProject', { id });
  });

  it('deletes a project with its account, members and invitations', async () => {
    const p = await create(owner.client, { name: uniqueName('del') });
    const id = String(p.id);
    await ok(owner.client, 'addAccountToProject', { projectid: id, account: member.name });
    await expectError(owner.client, 'deleteProject', { id: '00000000-0000-4000-8000-000000000000' }, 431, /Unable to find project/);
    assert.deepEqual(await ok(owner.client, 'deleteProject', { id, cleanup: true }), { success: true });
    assert.deepEqual(await owner.client.ok('listProjects', { id }), {});
    assert.deepEqual(await member.client.ok('listProjects'), {}, 'members see it no more');
    assert.deepEqual(await s.admin.ok('listAccounts', { listall: true, name: String(p.projectaccountname) }), {}, "the project's account is gone");
    await expectError(owner.client, 'listProjectAccounts', { projectid: id }, 431, /Unable to find the project/);
    assert.ok(items(await owner.client.ok('listEvents', { type: 'PROJECT.DELETE' }), 'event').some((e) => e.resourceid === id));
    // The name is free again.
    const again = await create(owner.client, { name: String(p.name) });
    await ok(owner.client, 'deleteProject', { id: String(again.id) });
  });

  it('keeps outsiders out: they neither see nor touch a project', async () => {
    const p = await create(owner.client, { name: uniqueName('private') });
    const id = String(p.id);
    try {
      for (const c of [other.client, da2.client]) {
        assert.deepEqual(await c.ok('listProjects', { listall: true }), {});
        await expectError(c, 'updateProject', { id, displaytext: 'hijacked' }, 531);
        await expectError(c, 'addAccountToProject', { projectid: id, account: other.name }, 531);
        await expectError(c, 'deleteProject', { id }, 531);
        await expectError(c, 'suspendProject', { id }, 531);
        await expectError(c, 'activateProject', { id }, 531);
        await expectError(c, 'listProjectAccounts', { projectid: id }, 531);
        await expectError(c, 'listProjectRoles', { projectid: id }, 531);
        await expectError(c, 'createProjectRole', { projectid: id, name: 'intruder' }, 531);
      }
      // The domain admin of the project's domain manages it.
      const byDa = (await ok(da1.client, 'updateProject', { id, displaytext: 'by the domain admin' })).project as Json;
      assert.equal(byDa.displaytext, 'by the domain admin');
      const seen = items(await owner.client.ok('listProjects', { id }), 'project')[0]!;
      assert.equal(seen.displaytext, 'by the domain admin');
      assert.equal(seen.state, 'Active');
      assert.equal((await members(owner.client, id)).length, 1, 'nothing an outsider tried stuck');
    } finally {
      await ok(owner.client, 'deleteProject', { id });
    }
  });

  it('with project.invite.required, adding invites; the invitee accepts or declines', async () => {
    const p = await create(owner.client, { name: uniqueName('inv') });
    const projectid = String(p.id);
    await setting('project.invite.required', 'true');
    try {
      await ok(owner.client, 'addAccountToProject', { projectid, account: member.name, roletype: 'Admin' });
      assert.equal((await members(owner.client, projectid)).length, 1, 'an invitation is not a membership');
      await expectError(owner.client, 'addAccountToProject', { projectid, account: member.name }, 431, /already a pending invitation/);
      const inv = items(await member.client.ok('listProjectInvitations'), 'projectinvitation');
      assert.equal(inv.length, 1);
      assert.equal(inv[0]!.projectid, projectid);
      assert.equal(inv[0]!.project, p.name);
      assert.equal(inv[0]!.account, member.name);
      assert.equal(inv[0]!.state, 'Pending');
      assert.equal(inv[0]!.domainid, d1);
      assert.equal(inv[0]!.domainpath, 'ROOT/prj-d1');
      assert.deepEqual(await other.client.ok('listProjectInvitations'), {}, "nobody else sees somebody's invitation");
      assert.deepEqual(await member.client.ok('listProjects'), {});
      await expectError(other.client, 'updateProjectInvitation', { projectid }, 431, /Unable to find invitation/);
      await expectError(other.client, 'updateProjectInvitation', { projectid, account: member.name }, 531);
      await ok(member.client, 'updateProjectInvitation', { projectid });
      assert.equal(items(await member.client.ok('listProjectInvitations', { projectid }), 'projectinvitation')[0]!.state, 'Completed');
      assert.deepEqual((await members(owner.client, projectid)).find((x) => x.account === member.name)?.role, 'Admin');

      // Declining leaves the invitee out.
      await ok(owner.client, 'addAccountToProject', { projectid, account: other.name });
      await ok(other.client, 'updateProjectInvitation', { projectid, accept: false });
      assert.equal(items(await other.client.ok('listProjectInvitations', { state: 'Declined' }), 'projectinvitation').length, 1);
      assert.ok(!(await members(owner.client, projectid)).some((x) => x.account === other.name));

      // A declined invitation may be renewed; the project's Admin may withdraw it.
      await ok(owner.client, 'addAccountToProject', { projectid, account: other.name });
      const pending = items(await other.client.ok('listProjectInvitations', { activeonly: true }), 'projectinvitation');
      assert.equal(pending.length, 1);
      await expectError(other.client, 'deleteProjectInvitation', { id: String(pending[0]!.id) }, 531);
      await ok(owner.client, 'deleteProjectInvitation', { id: String(pending[0]!.id) });
      assert.deepEqual(await other.client.ok('listProjectInvitations', { activeonly: true }), {});
      await expectError(owner.client, 'deleteProjectInvitation', { id: String(pending[0]!.id) }, 431, /Unable to find project invitation/);

      // An e-mail invitation has no invitee account: admins see it by domain.
      await ok(owner.client, 'addAccountToProject', { projectid, email: 'guest@example.test' });
      const byMail = items(await s.admin.ok('listProjectInvitations', { domainid: d1, projectid }), 'projectinvitation').find((x) => x.email === 'guest@example.test');
      assert.ok(byMail, 'the e-mail invitation is listed');
      assert.equal(byMail.account, undefined);
      // A user invitation.
      await ok(owner.client, 'addUserToProject', { projectid, username: other.name });
      const forUser = items(await other.client.ok('listProjectInvitations', { activeonly: true }), 'projectinvitation');
      assert.equal(forUser[0]!.userid, other.userId);
      await ok(other.client, 'updateProjectInvitation', { projectid });
      assert.equal((await members(owner.client, projectid)).find((x) => x.userid === other.userId)?.role, 'Regular');
      await expectError(owner.client, 'updateProjectInvitation', { projectid: '00000000-0000-4000-8000-000000000000' }, 431, /Unable to find the project/);
    } finally {
      await setting('project.invite.required', 'false');
    }
    await ok(owner.client, 'deleteProject', { id: projectid });
  });

  it('manages project roles and their rules: Admin members and admins, not Regular members', async () => {
    const p = await create(owner.client, { name: uniqueName('roles') });
    const projectid = String(p.id);
    await ok(owner.client, 'addAccountToProject', { projectid, account: member.name });
    const role = (await owner.client.ok('createProjectRole', { projectid, name: 'Operator', description: 'runs things' })).projectrole as Json;
    assert.equal(role.name, 'Operator');
    assert.equal(role.description, 'runs things');
    assert.equal(role.projectid, projectid);
    await expectError(owner.client, 'createProjectRole', { projectid, name: 'operator' }, 431, /already exists/);
    await expectError(owner.client, 'createProjectRole', { projectid, name: ' ' }, 431, /name/);
    await expectError(member.client, 'createProjectRole', { projectid, name: 'Mine' }, 531, /unauthorized/);
    assert.deepEqual(items(await member.client.ok('listProjectRoles', { projectid }), 'projectrole').map((r) => r.name), ['Operator']);
    assert.equal(items(await member.client.ok('listProjectRoles', { projectid, projectroleid: String(role.id) }), 'projectrole').length, 1);
    const upd = (await owner.client.ok('updateProjectRole', { id: String(role.id), projectid, name: 'Operators', description: 'run things' })).projectrole as Json;
    assert.equal(upd.name, 'Operators');

    const allow = (await owner.client.ok('createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'list*', permission: 'allow' })).projectrolepermission as Json;
    assert.equal(allow.rule, 'list*');
    assert.equal(allow.permission, 'allow');
    assert.equal(allow.projectrolename, 'Operators');
    assert.equal(allow.projectid, projectid);
    const deny = (await owner.client.ok('createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'deployVirtualMachine', permission: 'deny', description: 'no VMs' })).projectrolepermission as Json;
    await expectError(owner.client, 'createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'list*', permission: 'deny' }, 431, /already exist/);
    await expectError(owner.client, 'createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'bad rule!', permission: 'allow' }, 431, /invalid rule/);
    await expectError(owner.client, 'createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'x', permission: 'maybe' }, 431, /allow or deny/);
    await expectError(member.client, 'createProjectRolePermission', { projectid, projectroleid: String(role.id), rule: 'x', permission: 'allow' }, 531);
    const rules = () => member.client.ok('listProjectRolePermissions', { projectid, projectroleid: String(role.id) }).then((r) => items(r, 'projectrolepermission').map((x) => x.rule));
    assert.deepEqual(await rules(), ['list*', 'deployVirtualMachine']);
    await owner.client.ok('updateProjectRolePermission', { projectid, projectroleid: String(role.id), ruleorder: `${deny.id},${allow.id}` });
    assert.deepEqual(await rules(), ['deployVirtualMachine', 'list*']);
    await owner.client.ok('updateProjectRolePermission', { projectid, projectroleid: String(role.id), projectrolepermissionid: String(deny.id), permission: 'allow' });
    assert.equal(items(await owner.client.ok('listProjectRolePermissions', { projectid }), 'projectrolepermission')[0]!.permission, 'allow');
    await expectError(owner.client, 'updateProjectRolePermission', { projectid, projectroleid: String(role.id), ruleorder: String(allow.id) }, 530, /changed/);

    // A member given the role: the role cannot go while in use.
    await ok(owner.client, 'addAccountToProject', { projectid, account: other.name, projectroleid: String(role.id) });
    assert.equal((await members(owner.client, projectid)).find((x) => x.account === other.name)?.projectroleid, role.id);
    await expectError(owner.client, 'deleteProjectRole', { id: String(role.id), projectid }, 531, /in use/);
    await ok(owner.client, 'deleteAccountFromProject', { projectid, account: other.name });
    await owner.client.ok('deleteProjectRolePermission', { projectid, id: String(deny.id) });
    assert.deepEqual(await rules(), ['list*']);
    await owner.client.ok('deleteProjectRole', { id: String(role.id), projectid });
    assert.deepEqual(await owner.client.ok('listProjectRoles', { projectid }), {});
    await expectError(owner.client, 'deleteProjectRole', { id: String(role.id), projectid }, 431, /Invalid project role/);
    for (const t of ['PROJECT.ROLE.CREATE', 'PROJECT.ROLE.UPDATE', 'PROJECT.ROLE.DELETE', 'PROJECT.ROLE.PERMISSION.CREATE', 'PROJECT.ROLE.PERMISSION.UPDATE', 'PROJECT.ROLE.PERMISSION.DELETE']) {
      assert.ok(items(await owner.client.ok('listEvents', { type: t }), 'event').length > 0, t);
    }
    await ok(owner.client, 'deleteProject', { id: projectid });
  });

  it('refuses to delete an account that still owns a project, and drops a deleted member', async () => {
    const boss = await newAccount(s, { domainId: d1 });
    const helper = await newAccount(s, { domainId: d1 });
    const p = await create(boss.client, { name: uniqueName('owned') });
    const projectid = String(p.id);
    await ok(boss.client, 'addAccountToProject', { projectid, account: helper.name });
    // Refused before any job starts: bad input changes nothing.
    const refused = await s.admin.call('deleteAccount', { id: boss.accountId });
    assert.equal(refused.status, 431);
    assert.match(refused.text, /manages project/);
    assert.equal(items(await s.admin.ok('listAccounts', { id: boss.accountId }), 'account').length, 1, 'the owner is still there');
    await ok(s.admin, 'deleteAccount', { id: helper.accountId });
    assert.deepEqual((await members(boss.client, projectid)).map((x) => x.account), [boss.name]);
    await ok(boss.client, 'deleteProject', { id: projectid });
    await ok(s.admin, 'deleteAccount', { id: boss.accountId });
  });
});
