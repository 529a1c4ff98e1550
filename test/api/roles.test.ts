// Roles and role permissions: createRole, listRoles, updateRole, deleteRole, enableRole,
// disableRole, importRole, createRolePermission, listRolePermissions, updateRolePermission,
// deleteRolePermission; and that a role's rules really decide what its accounts may call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, TEST_PASSWORD, newAccount, uniqueName } from '../helpers/accounts.js';
import { CsClient, type Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('roles', () => {
  let s: TestServer;
  let d1: string;
  let da1: TestAccount;
  let u1: TestAccount;

  const roles = async (c: CsClient, params: Record<string, string> = {}) => ((await c.ok('listRoles', params)).role as Json[] | undefined) ?? [];
  const roleByName = async (name: string) => (await roles(s.admin, { name }))[0]!;
  const rules = async (roleid: string) => ((await s.admin.ok('listRolePermissions', { roleid })).rolepermission as Json[] | undefined) ?? [];
  /** An account using `roleid`, with a signed client. */
  const accountWithRole = async (roleid: string): Promise<CsClient> => {
    const name = uniqueName('roled');
    const a = (await s.admin.ok('createAccount', { account: name, username: name, password: TEST_PASSWORD, email: 'r@example.test', firstname: 'R', lastname: 'R', roleid })).account as Json;
    const k = (await s.admin.ok('registerUserKeys', { id: String((a.user as Json[])[0]!.id) })).userkeys as Json;
    return new CsClient(s.url, String(k.apikey), String(k.secretkey));
  };

  before(async () => {
    s = await startTestServer();
    d1 = String(((await s.admin.ok('createDomain', { name: 'role-d1' })).domain as Json).id);
    da1 = await newAccount(s, { type: 'domainadmin', domainId: d1 });
    u1 = await newAccount(s, { domainId: d1 });
  });
  after(async () => s.close());

  it('lists the four default roles to the root admin, and only reachable ones to a domain admin', async () => {
    const all = await roles(s.admin);
    assert.deepEqual(all.map((r) => r.name), ['Root Admin', 'Resource Admin', 'Domain Admin', 'User']);
    for (const r of all) {
      assert.equal(r.isdefault, true);
      assert.equal(r.ispublic, true);
      assert.equal(r.state, 'ENABLED');
      assert.ok(typeof r.description === 'string');
    }
    assert.deepEqual(all.map((r) => r.type), ['Admin', 'ResourceAdmin', 'DomainAdmin', 'User']);
    const da = (await roles(da1.client)).map((r) => r.name);
    assert.ok(da.includes('Domain Admin') && da.includes('User'), JSON.stringify(da));
    assert.ok(!da.includes('Root Admin'), 'admin roles are for root admins only');
    assert.deepEqual(await da1.client.ok('listRoles', { type: 'Admin' }), {});
    assert.deepEqual(await da1.client.ok('listRoles', { id: String(all[0]!.id) }), {});
    assert.deepEqual((await roles(s.admin, { type: 'user' })).map((r) => r.name), ['User']);
    assert.deepEqual((await roles(s.admin, { keyword: 'admin' })).map((r) => r.name), ['Root Admin', 'Resource Admin', 'Domain Admin']);
    assert.deepEqual((await roles(s.admin, { state: 'disabled' })), []);
    await expectError(s.admin, 'listRoles', { type: 'Wizard' }, 431, /role type/);
    await expectError(s.admin, 'listRoles', { state: 'sleepy' }, 431, /state/);
    await expectError(u1.client, 'listRoles', {}, 432);
  });

  it('creates roles by type or by cloning another role with its rules', async () => {
    const name = uniqueName('typed');
    const r = (await s.admin.ok('createRole', { name, type: 'User', description: 'typed role', ispublic: false })).role as Json;
    assert.equal(r.name, name);
    assert.equal(r.type, 'User');
    assert.equal(r.description, 'typed role');
    assert.equal(r.ispublic, false);
    assert.equal(r.isdefault, false);
    assert.equal(r.state, 'ENABLED');
    assert.deepEqual(await rules(String(r.id)), []);
    const userRole = await roleByName('User');
    const clone = (await s.admin.ok('createRole', { name: uniqueName('clone'), roleid: String(userRole.id) })).role as Json;
    assert.equal(clone.type, 'User');
    const cloned = await rules(String(clone.id));
    const original = await rules(String(userRole.id));
    assert.ok(original.length > 100);
    assert.deepEqual(cloned.map((p) => [p.rule, p.permission]), original.map((p) => [p.rule, p.permission]));
    assert.ok(cloned.every((p) => p.roleid === clone.id && p.rolename === clone.name));
    const ev = (await s.admin.ok('listEvents', { type: 'ROLE.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === clone.id));
    // A private role is hidden from domain admins.
    assert.ok(!(await roles(da1.client)).some((x) => x.id === r.id));
  });

  it('refuses bad role input and non-root callers, creating nothing', async () => {
    const before = (await roles(s.admin)).length;
    const userRole = await roleByName('User');
    await expectError(s.admin, 'createRole', { name: 'x' }, 431, /Neither role type nor role ID/);
    await expectError(s.admin, 'createRole', { name: 'x', type: 'User', roleid: String(userRole.id) }, 431, /Both role type and role ID/);
    await expectError(s.admin, 'createRole', { name: 'x', type: 'Wizard' }, 431, /Invalid role type/);
    await expectError(s.admin, 'createRole', { name: 'x', roleid: '00000000-0000-4000-8000-000000000000' }, 431, /Invalid role id/);
    await expectError(s.admin, 'createRole', { name: '', type: 'User' }, 431, /name/);
    await expectError(s.admin, 'createRole', { type: 'User' }, 431, /name/);
    for (const c of [da1.client, u1.client]) {
      await expectError(c, 'createRole', { name: 'x', type: 'User' }, 432);
      await expectError(c, 'importRole', { name: 'x', type: 'User', 'rules[0].rule': 'list*', 'rules[0].permission': 'allow' }, 432);
      await expectError(c, 'updateRole', { id: String(userRole.id), description: 'x' }, 432);
      await expectError(c, 'deleteRole', { id: String(userRole.id) }, 432);
      await expectError(c, 'disableRole', { id: String(userRole.id) }, 432);
      await expectError(c, 'enableRole', { id: String(userRole.id) }, 432);
      await expectError(c, 'listRolePermissions', { roleid: String(userRole.id) }, 432);
      await expectError(c, 'createRolePermission', { roleid: String(userRole.id), rule: 'x', permission: 'allow' }, 432);
      await expectError(c, 'updateRolePermission', { roleid: String(userRole.id), ruleorder: '0' }, 432);
      await expectError(c, 'deleteRolePermission', { id: '00000000-0000-4000-8000-000000000000' }, 432);
    }
    assert.equal((await roles(s.admin)).length, before);
  });

  it('updates roles; default roles only change visibility; types of roles in use are fixed', async () => {
    const r = (await s.admin.ok('createRole', { name: uniqueName('upd'), type: 'User' })).role as Json;
    const newName = uniqueName('renamed');
    const u = (await s.admin.ok('updateRole', { id: String(r.id), name: newName, description: 'now described', type: 'DomainAdmin' })).role as Json;
    assert.equal(u.name, newName);
    assert.equal(u.description, 'now described');
    assert.equal(u.type, 'DomainAdmin');
    await accountWithRole(String(r.id));
    await expectError(s.admin, 'updateRole', { id: String(r.id), type: 'User' }, 531, /in use/);
    await expectError(s.admin, 'updateRole', { id: String(r.id), type: 'Wizard' }, 431, /Invalid role type/);
    const userRole = await roleByName('User');
    await expectError(s.admin, 'updateRole', { id: String(userRole.id), description: 'mine now' }, 531, /Default roles cannot be updated/);
    const priv = (await s.admin.ok('updateRole', { id: String(userRole.id), ispublic: false })).role as Json;
    assert.equal(priv.ispublic, false);
    await s.admin.ok('updateRole', { id: String(userRole.id), ispublic: true });
    await expectError(s.admin, 'updateRole', { id: '00000000-0000-4000-8000-000000000000', name: 'x' }, 431, /Invalid role id/);
    const ev = (await s.admin.ok('listEvents', { type: 'ROLE.UPDATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === r.id));
  });

  it('deletes only unused, non-default roles', async () => {
    const used = (await s.admin.ok('createRole', { name: uniqueName('used'), type: 'User' })).role as Json;
    await accountWithRole(String(used.id));
    await expectError(s.admin, 'deleteRole', { id: String(used.id) }, 531, /in use/);
    for (const r of await roles(s.admin)) if (r.isdefault) await expectError(s.admin, 'deleteRole', { id: String(r.id) }, 531, /Default roles/);
    const unused = (await s.admin.ok('createRole', { name: uniqueName('unused'), roleid: String((await roleByName('User')).id) })).role as Json;
    assert.deepEqual(await s.admin.ok('deleteRole', { id: String(unused.id) }), { success: true });
    assert.ok(!(await roles(s.admin)).some((r) => r.id === unused.id));
    await expectError(s.admin, 'deleteRole', { id: String(unused.id) }, 431, /Invalid role id/);
    await expectError(s.admin, 'listRolePermissions', { roleid: String(unused.id) }, 431);
    const ev = (await s.admin.ok('listEvents', { type: 'ROLE.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === unused.id));
  });

  it('disables and enables roles; a disabled role is not given to new accounts', async () => {
    const r = (await s.admin.ok('createRole', { name: uniqueName('state'), type: 'User' })).role as Json;
    assert.deepEqual(await s.admin.ok('disableRole', { id: String(r.id) }), { success: true });
    assert.equal((await roles(s.admin, { id: String(r.id) }))[0]!.state, 'DISABLED');
    assert.ok((await roles(s.admin, { state: 'disabled' })).some((x) => x.id === r.id));
    await expectError(s.admin, 'disableRole', { id: String(r.id) }, 531, /already DISABLED/);
    const n = uniqueName('nope');
    await expectError(s.admin, 'createAccount', { account: n, username: n, password: 'x', email: 'e', firstname: 'f', lastname: 'l', roleid: String(r.id) }, 431, /disabled/);
    await s.admin.ok('enableRole', { id: String(r.id) });
    await expectError(s.admin, 'enableRole', { id: String(r.id) }, 531, /already ENABLED/);
    await accountWithRole(String(r.id));
    const types = ((await s.admin.ok('listEvents', { resourceid: String(r.id) })).event as Json[]).map((e) => e.type);
    assert.ok(types.includes('ROLE.DISABLE') && types.includes('ROLE.ENABLE'), JSON.stringify(types));
  });

  it('imports a role from a rules map, and replaces it only when forced', async () => {
    const name = uniqueName('imported');
    const params = {
      name, type: 'User', description: 'imported role',
      'rules[0].rule': 'listEvents', 'rules[0].permission': 'deny', 'rules[0].description': 'no events',
      'rules[1].rule': 'list*', 'rules[1].permission': 'ALLOW',
    };
    const r = (await s.admin.ok('importRole', params)).role as Json;
    assert.equal(r.name, name);
    assert.equal(r.type, 'User');
    assert.deepEqual((await rules(String(r.id))).map((p) => [p.rule, p.permission, p.description]), [['listEvents', 'deny', 'no events'], ['list*', 'allow', undefined]]);
    await expectError(s.admin, 'importRole', params, 431, /already exists/);
    const again = (await s.admin.ok('importRole', { name, type: 'User', forced: true, 'rules[0].rule': 'listUsers', 'rules[0].permission': 'allow' })).role as Json;
    assert.equal(again.id, r.id, 'forced import replaces the same role');
    assert.deepEqual((await rules(String(r.id))).map((p) => p.rule), ['listUsers']);
    const before = (await roles(s.admin)).length;
    await expectError(s.admin, 'importRole', { name: uniqueName('x'), type: 'User', 'rules[0].rule': 'list events', 'rules[0].permission': 'allow' }, 431, /invalid rule/);
    await expectError(s.admin, 'importRole', { name: uniqueName('x'), type: 'User', 'rules[0].rule': 'listEvents', 'rules[0].permission': 'maybe' }, 431, /allow or deny/);
    await expectError(s.admin, 'importRole', { name: uniqueName('x'), type: 'User', 'rules[0].permission': 'allow' }, 431, /rule/);
    await expectError(s.admin, 'importRole', { name: uniqueName('x'), 'rules[0].rule': 'a', 'rules[0].permission': 'allow' }, 431, /role type/);
    await expectError(s.admin, 'importRole', { name: uniqueName('x'), type: 'User' }, 431, /rules/);
    await expectError(s.admin, 'importRole', { name: 'User', type: 'User', forced: true, 'rules[0].rule': 'a', 'rules[0].permission': 'allow' }, 431, /default role/);
    assert.equal((await roles(s.admin)).length, before);
  });

  it('manages role permissions: create, list, update one, delete; default roles are read-only', async () => {
    const r = (await s.admin.ok('createRole', { name: uniqueName('perms'), type: 'User' })).role as Json;
    const roleid = String(r.id);
    const p = (await s.admin.ok('createRolePermission', { roleid, rule: 'list*', permission: 'allow', description: 'all lists' })).rolepermission as Json;
    assert.equal(p.rule, 'list*');
    assert.equal(p.permission, 'allow');
    assert.equal(p.roleid, r.id);
    assert.equal(p.rolename, r.name);
    assert.equal(p.description, 'all lists');
    const q = (await s.admin.ok('createRolePermission', { roleid, rule: 'createTags', permission: 'DENY' })).rolepermission as Json;
    assert.equal(q.permission, 'deny');
    assert.deepEqual((await rules(roleid)).map((x) => x.id), [p.id, q.id], 'new rules go last');
    await expectError(s.admin, 'createRolePermission', { roleid, rule: 'list*', permission: 'deny' }, 531, /already exists/);
    await expectError(s.admin, 'createRolePermission', { roleid, rule: 'list;drop', permission: 'deny' }, 431, /invalid rule/);
    await expectError(s.admin, 'createRolePermission', { roleid, rule: 'listZones', permission: 'perhaps' }, 431, /allow or deny/);
    await expectError(s.admin, 'createRolePermission', { roleid: '00000000-0000-4000-8000-000000000000', rule: 'a', permission: 'allow' }, 431, /Invalid role id/);
    const userRole = String((await roleByName('User')).id);
    const someRule = (await rules(userRole))[0]!;
    await expectError(s.admin, 'createRolePermission', { roleid: userRole, rule: 'newRule', permission: 'allow' }, 531, /Default roles/);
    await expectError(s.admin, 'updateRolePermission', { roleid: userRole, ruleid: String(someRule.id), permission: 'deny' }, 531, /Default roles/);
    await expectError(s.admin, 'deleteRolePermission', { id: String(someRule.id) }, 531, /Default roles/);

    assert.deepEqual(await s.admin.ok('updateRolePermission', { roleid, ruleid: String(q.id), permission: 'allow' }), { success: true });
    assert.equal((await rules(roleid)).find((x) => x.id === q.id)!.permission, 'allow');
    await expectError(s.admin, 'updateRolePermission', { roleid, ruleid: String(someRule.id), permission: 'allow' }, 431, /Invalid rule id/);
    await expectError(s.admin, 'updateRolePermission', { roleid, ruleid: String(q.id), permission: 'sometimes' }, 431, /allow or deny/);
    await expectError(s.admin, 'updateRolePermission', { roleid, ruleid: String(q.id) }, 431, /ruleorder/);
    await expectError(s.admin, 'updateRolePermission', { roleid, ruleorder: `${q.id},${p.id}`, ruleid: String(q.id) }, 431, /mutually exclusive/);
    await expectError(s.admin, 'updateRolePermission', { roleid, ruleorder: String(q.id) }, 530, /changed while you were making updates/);
    await expectError(s.admin, 'updateRolePermission', { roleid, ruleorder: `${q.id},00000000-0000-4000-8000-000000000000` }, 431, /do not exist/);
    assert.deepEqual((await rules(roleid)).map((x) => x.id), [p.id, q.id], 'failed reorders change nothing');

    assert.deepEqual(await s.admin.ok('deleteRolePermission', { id: String(q.id) }), { success: true });
    assert.deepEqual((await rules(roleid)).map((x) => x.id), [p.id]);
    await expectError(s.admin, 'deleteRolePermission', { id: String(q.id) }, 431, /Invalid role permission id/);
    const all = (await s.admin.ok('listRolePermissions')).rolepermission as Json[];
    assert.ok(all.length > 500 && all.some((x) => x.id === p.id));
    const types = ((await s.admin.ok('listEvents', { keyword: 'rule' })).event as Json[]).map((e) => e.type);
    for (const t of ['ROLE.PERMISSION.CREATE', 'ROLE.PERMISSION.UPDATE', 'ROLE.PERMISSION.DELETE']) assert.ok(types.includes(t), t);
  });

  it('enforces a DENY rule on the next call, and rule order decides between conflicting rules', async () => {
    const userRole = await roleByName('User');
    const custom = (await s.admin.ok('createRole', { name: uniqueName('deny'), roleid: String(userRole.id) })).role as Json;
    const roleid = String(custom.id);
    const client = await accountWithRole(roleid);
    assert.equal((await client.call('listEvents')).status, 200);

    // The cloned rules already allow listEvents, and the first match wins: a DENY added last changes nothing.
    const deny = (await s.admin.ok('createRolePermission', { roleid, rule: 'listEvent*', permission: 'deny' })).rolepermission as Json;
    assert.equal((await client.call('listEvents')).status, 200);

    // Moving the DENY to the top blocks the command at once.
    const order = (await rules(roleid)).map((x) => String(x.id));
    const top = [String(deny.id), ...order.filter((id) => id !== deny.id)];
    await s.admin.ok('updateRolePermission', { roleid, ruleorder: top.join(',') });
    assert.equal((await rules(roleid))[0]!.id, deny.id);
    await expectError(client, 'listEvents', {}, 432, /not allowed/);
    assert.equal((await client.call('listUsers')).status, 200, 'other commands still work');

    // Flipping that rule's permission, or deleting it, restores access.
    await s.admin.ok('updateRolePermission', { roleid, ruleid: String(deny.id), permission: 'allow' });
    assert.equal((await client.call('listEvents')).status, 200);
    await s.admin.ok('updateRolePermission', { roleid, ruleid: String(deny.id), permission: 'deny' });
    await expectError(client, 'listEvents', {}, 432);
    await s.admin.ok('deleteRolePermission', { id: String(deny.id) });
    assert.equal((await client.call('listEvents')).status, 200);

    // A wildcard DENY on top blocks a whole family of commands.
    const wild = (await s.admin.ok('createRolePermission', { roleid, rule: 'list*', permission: 'deny' })).rolepermission as Json;
    const ids = (await rules(roleid)).map((x) => String(x.id));
    await s.admin.ok('updateRolePermission', { roleid, ruleorder: [String(wild.id), ...ids.filter((id) => id !== wild.id)].join(',') });
    await expectError(client, 'listUsers', {}, 432);
    await expectError(client, 'listAccounts', {}, 432);
    assert.equal((await client.call('getUserKeys', { id: String(((await s.admin.ok('getUser', { userapikey: client.apiKey })).user as Json).id) })).status, 200);
  });

  it('lets a domain admin give accounts only roles within its reach', async () => {
    const adminType = (await s.admin.ok('createRole', { name: uniqueName('adm'), type: 'Admin' })).role as Json;
    const n = uniqueName('da-role');
    const base = { account: n, username: n, password: 'x', email: 'e', firstname: 'f', lastname: 'l', domainid: d1 };
    await expectError(da1.client, 'createAccount', { ...base, roleid: String(adminType.id) }, 431, /role/);
    const resourceAdmin = await roleByName('Resource Admin');
    await expectError(da1.client, 'createAccount', { ...base, roleid: String(resourceAdmin.id) }, 531, /more privileges/);
    const user = (await da1.client.ok('createAccount', { ...base, roleid: String((await roleByName('User')).id) })).account as Json;
    assert.equal(user.roletype, 'User');
  });
});
