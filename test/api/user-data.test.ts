// Registered user data: register (base64, templated params), list, delete (refused while a VM
// uses it), linkUserDataToTemplate; bad input changes nothing; tenants are kept apart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DbHandle } from '../../src/db/connect.js';
import { createServices } from '../../src/services/index.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { insertVm, internalId } from '../helpers/fake-vms.js';
import { count, openTestDb } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function userDatas(c: CsClient, params: Record<string, string | boolean> = {}): Promise<Json[]> {
  return ((await c.ok('listUserData', params)).userdata as Json[] | undefined) ?? [];
}

async function register(c: CsClient, params: Record<string, string>): Promise<Json> {
  const r = await c.ok('registerUserData', params);
  assert.equal(r.success, true);
  const [u] = await userDatas(c, { name: params.name! });
  assert.ok(u, `registered ${params.name}`);
  return u;
}

describe('user data', () => {
  let s: TestServer;
  let db: DbHandle;
  let user: TestAccount;
  let other: TestAccount;
  before(async () => {
    s = await startTestServer();
    db = openTestDb(s);
    user = await newAccount(s);
    other = await newAccount(s);
  });
  after(async () => {
    await db.close();
    await s.close();
  });

  it('registers base64 user data with template params and lists it with its owner', async () => {
    const name = uniqueName('ud');
    const content = '#cloud-config\nhostname: {{ ds.meta_data.hostname }}\nruncmd: [echo {{ ds.meta_data.greeting }}]\n';
    const u = await register(user.client, { name, userdata: b64(content), params: 'greeting, hostname' });
    assert.equal(Buffer.from(String(u.userdata), 'base64').toString(), content);
    assert.equal(u.params, 'greeting,hostname');
    assert.equal(u.account, user.name);
    assert.equal(u.accountid, user.accountId);
    assert.equal(u.domainid, user.domainId);
    assert.equal(u.domainpath, 'ROOT');
    assert.match(String(u.id), /^[0-9a-f-]{36}$/);
    assert.equal((await userDatas(user.client, { id: String(u.id) }))[0]?.name, name);
    assert.ok((await userDatas(user.client, { keyword: name.slice(0, 8) })).some((x) => x.id === u.id));
    const ev = (await user.client.ok('listEvents', { type: 'REGISTER.USER.DATA' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === u.id));
  });

  it('pads unpadded base64 (the guest side needs the padding)', async () => {
    const name = uniqueName('pad');
    const u = await register(user.client, { name, userdata: b64('hi!!').replace(/=+$/, '') + '' });
    assert.equal(u.userdata, b64('hi!!'));
    const u2 = await register(user.client, { name: uniqueName('pad2'), userdata: 'aGk' });
    assert.equal(u2.userdata, 'aGk=');
  });

  it('refuses bad input with 431 and registers nothing', async () => {
    const before = await count(user.client, 'listUserData');
    const taken = uniqueName('taken');
    await register(user.client, { name: taken, userdata: b64(`unique ${taken}`) });
    const cases: [Record<string, string>, RegExp][] = [
      [{ name: uniqueName('x'), userdata: 'not base64 at all!' }, /not base64/],
      [{ name: uniqueName('x'), userdata: 'a' }, /not base64/],
      [{ name: uniqueName('x'), userdata: '' }, /too short|userdata/],
      [{ name: uniqueName('x'), userdata: b64('x'), params: 'vm-id,foo' }, /metadata file names/],
      [{ name: uniqueName('x'), userdata: b64('x'), params: 'a b' }, /parameter name/],
      [{ name: uniqueName('x'), userdata: b64('x'), params: 'a,a' }, /unique/],
      [{ name: taken.toUpperCase(), userdata: b64('other content') }, /already exists/],
      [{ name: uniqueName('same'), userdata: b64(`unique ${taken}`) }, /same content/],
      [{ name: ' ', userdata: b64('x') }, /name/],
      [{ userdata: b64('x') } as Record<string, string>, /name/],
    ];
    for (const [params, text] of cases) await expectError(user.client, 'registerUserData', params, 431, text);
    // vm.userdata.max.length bounds the encoded size.
    await s.admin.ok('updateConfiguration', { name: 'vm.userdata.max.length', value: '16' });
    try {
      await expectError(user.client, 'registerUserData', { name: uniqueName('long'), userdata: b64('x'.repeat(40)) }, 431, /max length/);
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'vm.userdata.max.length', value: '32768' });
    }
    assert.equal(await count(user.client, 'listUserData'), before + 1);
  });

  it('deletes user data, but not while a VM uses it (536)', async () => {
    const u = await register(user.client, { name: uniqueName('used'), userdata: b64(`used ${Date.now()}`) });
    const vm = await insertVm(db, { accountUuid: user.accountId, userDataId: await internalId(db, 'user_data', String(u.id)) });
    await expectError(user.client, 'deleteUserData', { id: String(u.id) }, 536, /linked to VMs/);
    assert.equal((await userDatas(user.client, { id: String(u.id) })).length, 1);
    await db.db.updateTable('vms').set({ removed: new Date().toISOString(), state: 'Expunging' }).where('id', '=', vm.id).execute();
    assert.equal((await user.client.ok('deleteUserData', { id: String(u.id) })).success, true);
    assert.equal(await count(user.client, 'listUserData', { name: String(u.name) }), 0);
    await expectError(user.client, 'deleteUserData', { id: String(u.id) }, 431, /Unable to find userdata/);
    const ev = (await user.client.ok('listEvents', { type: 'DELETE.USER.DATA' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === u.id));
  });

  it('keeps user data per account: other tenants neither see nor delete it; admins act for the owner', async () => {
    const name = uniqueName('private');
    const u = await register(user.client, { name, userdata: b64(`private ${name}`) });
    assert.equal(await count(other.client, 'listUserData', { name }), 0);
    assert.equal(await count(other.client, 'listUserData', { id: String(u.id) }), 0);
    assert.equal((await userDatas(other.client, { listall: true })).some((x) => x.id === u.id), false);
    await expectError(other.client, 'deleteUserData', { id: String(u.id) }, 531);
    await expectError(other.client, 'registerUserData', { name: uniqueName('x'), userdata: b64('x'), account: user.name, domainid: user.domainId }, 531);
    // Names are per account: the other tenant may use the same one.
    await register(other.client, { name, userdata: b64(`theirs ${name}`) });
    assert.equal((await userDatas(user.client, { name }))[0]?.id, u.id);
    const all = await userDatas(s.admin, { listall: true, name });
    assert.equal(all.length, 2);
    assert.equal((await s.admin.ok('registerUserData', { name: uniqueName('by-admin'), userdata: b64(`admin ${name}`), account: user.name, domainid: user.domainId })).success, true);
    await expectError(s.admin, 'deleteUserData', { id: String(u.id), account: other.name, domainid: other.domainId }, 431, /given owner/);
    assert.equal((await s.admin.ok('deleteUserData', { id: String(u.id) })).success, true);
  });

  it('links user data to a template (and unlinks it); linked user data cannot be deleted', async (t) => {
    const tpl = await db.db.selectFrom('templates').select(['uuid', 'name']).where('format', '!=', 'ISO').where('removed', 'is', null).orderBy('id').executeTakeFirst();
    if (!tpl) {
      t.skip('no template in this tree to link to');
      return;
    }
    const u = await register(s.admin, { name: uniqueName('tpl'), userdata: b64(`tpl ${Date.now()}`), params: 'x,y' });
    const r = await s.admin.ok('linkUserDataToTemplate', { templateid: tpl.uuid, userdataid: String(u.id), userdatapolicy: 'append' });
    const linked = r.template as Json;
    assert.equal(linked.id, tpl.uuid);
    assert.equal(linked.userdataid, u.id);
    assert.equal(linked.userdataname, u.name);
    assert.equal(linked.userdatapolicy, 'APPEND');
    assert.equal(linked.userdataparams, 'x,y');
    await expectError(s.admin, 'deleteUserData', { id: String(u.id) }, 536, /linked to templates/);
    // Bad input and other tenants change nothing.
    const mine = await register(user.client, { name: uniqueName('mine'), userdata: b64(`mine ${Date.now()}`) });
    await expectError(user.client, 'linkUserDataToTemplate', { templateid: tpl.uuid, userdataid: String(mine.id) }, 531);
    await expectError(s.admin, 'linkUserDataToTemplate', { templateid: tpl.uuid, userdataid: String(u.id), userdatapolicy: 'sometimes' }, 431, /userdatapolicy/);
    await expectError(s.admin, 'linkUserDataToTemplate', { userdataid: String(u.id) }, 431, /Either template ID or ISO ID/);
    await expectError(s.admin, 'linkUserDataToTemplate', { isoid: tpl.uuid, userdataid: String(u.id) }, 431, /Unable to find ISO/);
    const ev = (await s.admin.ok('listEvents', { type: 'TEMPLATE.UPDATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === tpl.uuid && String(e.description).includes(String(u.name))));
    // Without userdataid the link goes, and the user data can be deleted.
    const un = (await s.admin.ok('linkUserDataToTemplate', { templateid: tpl.uuid })).template as Json;
    assert.equal(un.userdataid, undefined);
    assert.equal((await s.admin.ok('deleteUserData', { id: String(u.id) })).success, true);
  });

  it('gives deployVirtualMachine userData.get(): by uuid or id, the owner\'s only', async () => {
    const services = createServices(db.db, { serverId: 'user-data-test' });
    const u = await register(user.client, { name: uniqueName('get'), userdata: b64(`get ${Date.now()}`), params: 'a,b' });
    const acct = await internalId(db, 'accounts', user.accountId);
    const got = await services.userData.get(acct, String(u.id));
    assert.deepEqual({ uuid: got.uuid, name: got.name, userData: got.userData, params: got.params }, { uuid: u.id, name: u.name, userData: u.userdata, params: ['a', 'b'] });
    assert.equal((await services.userData.get(acct, String(got.id))).uuid, u.id);
    await assert.rejects(services.userData.get(acct, '3f0e4f1c-0000-4000-8000-000000000000'), { kind: 'InvalidParameter' });
    await assert.rejects(services.userData.get(await internalId(db, 'accounts', other.accountId), String(u.id)), { kind: 'PermissionDenied' });
  });

  it('removes the user data of a deleted account', async () => {
    const gone = await newAccount(s);
    const u = await register(gone.client, { name: uniqueName('gone'), userdata: b64(`gone ${gone.name}`) });
    const j = await s.admin.job('deleteAccount', { id: gone.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    await expectError(s.admin, 'listUserData', { id: String(u.id), listall: true }, 431, /Unable to find userdata/);
  });
});
