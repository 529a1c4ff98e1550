// Resource tags: createTags/deleteTags (async) and listTags through signed HTTP, with libcloud's
// tags[0].key maps and clients that count from 1; ownership follows the resource; tenants are
// kept apart; the helpers other families use (tagsOf, filterByTags) work on real rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DbHandle } from '../../src/db/connect.js';
import { createServices } from '../../src/services/index.js';
import { filterByTags } from '../../src/services/tag-filter.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type FakeVm, insertVm } from '../helpers/fake-vms.js';
import { count, openTestDb } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

type Params = Record<string, string | number | boolean>;

/** `tags[i].key=…&tags[i].value=…` starting at index `from`. */
function tagParams(pairs: readonly (readonly [string, string?])[], from = 0): Params {
  const p: Params = {};
  pairs.forEach(([k, v], i) => {
    p[`tags[${i + from}].key`] = k;
    if (v !== undefined) p[`tags[${i + from}].value`] = v;
  });
  return p;
}

async function tagsOn(c: CsClient, resourceid: string, extra: Params = {}): Promise<Json[]> {
  return ((await c.ok('listTags', { resourceid, ...extra })).tag as Json[] | undefined) ?? [];
}

async function okJob(c: CsClient, command: string, params: Params): Promise<Json> {
  const j = await c.job(command, params);
  assert.equal(j.jobstatus, 1, `${command}: ${JSON.stringify(j.jobresult)}`);
  return j;
}

describe('resource tags', () => {
  let s: TestServer;
  let db: DbHandle;
  let user: TestAccount;
  let other: TestAccount;
  let vm: FakeVm;
  before(async () => {
    s = await startTestServer();
    db = openTestDb(s);
    user = await newAccount(s);
    other = await newAccount(s);
    vm = await insertVm(db, { accountUuid: user.accountId });
  });
  after(async () => {
    await db.close();
    await s.close();
  });

  it('creates tags from a tags[0].key map (libcloud) as an async job, owned by the resource owner', async () => {
    const r = await user.client.ok('createTags', { resourcetype: 'UserVm', resourceids: vm.uuid, ...tagParams([['env', 'prod'], ['team', 'blue sky/+=']]) });
    assert.equal(typeof r.jobid, 'string', 'createTags is async');
    const j = await user.client.waitJob(String(r.jobid));
    assert.equal(j.jobstatus, 1);
    assert.deepEqual(j.jobresult, { success: true });
    const tags = await tagsOn(user.client, vm.uuid);
    assert.deepEqual(tags.map((t) => [t.key, t.value]).sort(), [['env', 'prod'], ['team', 'blue sky/+=']]);
    const t = tags.find((x) => x.key === 'env')!;
    assert.equal(t.resourcetype, 'UserVm');
    assert.equal(t.resourceid, vm.uuid);
    assert.equal(t.account, user.name);
    assert.equal(t.domainid, user.domainId);
    assert.equal(t.domain, 'ROOT');
    assert.equal(t.domainpath, 'ROOT');
    const ev = (await user.client.ok('listEvents', { type: 'TAGS.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => String(e.description).includes(vm.uuid)));
  });

  it('accepts maps counted from 1, any letter case of the type, several resources, and the internal id', async () => {
    const vm2 = await insertVm(db, { accountUuid: user.accountId });
    const vm3 = await insertVm(db, { accountUuid: user.accountId });
    await okJob(user.client, 'createTags', { resourcetype: 'uservm', resourceids: `${vm2.uuid},${vm3.uuid}`, ...tagParams([['role', 'web'], ['tier', '1']], 1) });
    for (const v of [vm2, vm3]) assert.deepEqual((await tagsOn(user.client, v.uuid)).map((t) => `${t.key}=${t.value}`).sort(), ['role=web', 'tier=1']);
    // Listing by resource type is case-insensitive too, answered in CloudStack's spelling.
    const listed = (await user.client.ok('listTags', { resourcetype: 'USERVM', key: 'role' })).tag as Json[];
    assert.ok(listed.length >= 2 && listed.every((t) => t.resourcetype === 'UserVm'));
    // CloudStack also takes the internal numeric id.
    await okJob(user.client, 'createTags', { resourcetype: 'UserVm', resourceids: String(vm3.id), ...tagParams([['numeric', 'yes']]) });
    assert.ok((await tagsOn(user.client, vm3.uuid)).some((t) => t.key === 'numeric'));
    assert.equal(await count(user.client, 'listTags', { key: 'role', value: 'web' }), 2);
    assert.equal(await count(user.client, 'listTags', { keyword: 'we' }), 2);
  });

  it('refuses bad input before the job with 431 and tags nothing', async () => {
    const before = await count(s.admin, 'listTags', { listall: true });
    const base = { resourcetype: 'UserVm', resourceids: vm.uuid };
    const cases: [Params, RegExp][] = [
      [{ ...base, resourcetype: 'Spaceship', ...tagParams([['a', 'b']]) }, /Invalid resource type/],
      [{ ...base, resourcetype: 'Zone', ...tagParams([['a', 'b']]) }, /doesn't support resource tags/],
      [{ ...base, resourceids: '3f0e4f1c-0000-4000-8000-000000000000', ...tagParams([['a', 'b']]) }, /Unable to find resource/],
      [{ ...base, resourcetype: 'Network', ...tagParams([['a', 'b']]) }, /Unable to find resource/],
      [{ ...base, ...tagParams([['a', '']]) }, /either null or empty/],
      [{ ...base, ...tagParams([['a']]) }, /either null or empty/],
      [{ ...base, ...tagParams([['', 'b']]) }, /key/],
      [{ ...base, ...tagParams([['ENV', 'again']]) }, /already on UserVm/],
      [{ ...base, ...tagParams([['k', 'x'.repeat(256)]]) }, /at most 255/],
      [base, /tags/],
      [{ resourcetype: 'UserVm', ...tagParams([['a', 'b']]) }, /resourceids/],
    ];
    for (const [params, text] of cases) await expectError(user.client, 'createTags', params, 431, text);
    await expectError(s.admin, 'createTags', { resourcetype: 'Zone', resourceids: vm.uuid, ...tagParams([['a', 'b']]) }, 431, /doesn't support/);
    assert.equal(await count(s.admin, 'listTags', { listall: true }), before);
  });

  it('keeps tenants apart: another account can neither tag, see nor delete the tags of a VM it does not own', async () => {
    const before = await count(s.admin, 'listTags', { listall: true });
    await expectError(other.client, 'createTags', { resourcetype: 'UserVm', resourceids: vm.uuid, ...tagParams([['evil', '1']]) }, 531);
    assert.equal(await count(s.admin, 'listTags', { listall: true }), before);
    assert.equal((await tagsOn(other.client, vm.uuid)).length, 0);
    assert.equal((await tagsOn(other.client, vm.uuid, { listall: true })).length, 0);
    await expectError(other.client, 'deleteTags', { resourcetype: 'UserVm', resourceids: vm.uuid, ...tagParams([['env']]) }, 531);
    await expectError(other.client, 'deleteTags', { resourcetype: 'UserVm', resourceids: vm.uuid }, 531);
    await expectError(other.client, 'listTags', { account: user.name }, 531);
    assert.ok((await tagsOn(user.client, vm.uuid)).some((t) => t.key === 'env'));
    // Accounts are taggable; a user tags its own account only.
    await expectError(other.client, 'createTags', { resourcetype: 'Account', resourceids: user.accountId, ...tagParams([['x', 'y']]) }, 531);
    await okJob(other.client, 'createTags', { resourcetype: 'Account', resourceids: other.accountId, ...tagParams([['cost-center', '42']]) });
    assert.equal((await tagsOn(other.client, other.accountId))[0]?.account, other.name);
  });

  it('lets the root admin tag a tenant VM (the tag is the owner\'s) and system-owned resources', async () => {
    const v = await insertVm(db, { accountUuid: user.accountId });
    await okJob(s.admin, 'createTags', { resourcetype: 'UserVm', resourceids: v.uuid, ...tagParams([['by', 'admin']]) });
    const [t] = await tagsOn(user.client, v.uuid);
    assert.equal(t?.account, user.name, 'the owner sees the tag the admin set');
    const ip = await db.db.selectFrom('public_ip_addresses').select('uuid').where('account_id', 'is', null).orderBy('id').executeTakeFirst();
    if (ip) {
      await expectError(user.client, 'createTags', { resourcetype: 'PublicIpAddress', resourceids: ip.uuid, ...tagParams([['free', 'ip']]) }, 531);
      await okJob(s.admin, 'createTags', { resourcetype: 'PublicIpAddress', resourceids: ip.uuid, ...tagParams([['free', 'ip']]) });
      assert.equal((await tagsOn(s.admin, ip.uuid, { listall: true }))[0]?.account, 'system');
    }
  });

  it('deletes tags as CloudStack does: by key and value, by key only, or all of a resource', async () => {
    const v = await insertVm(db, { accountUuid: user.accountId });
    await okJob(user.client, 'createTags', { resourcetype: 'UserVm', resourceids: v.uuid, ...tagParams([['a', 'One'], ['b', 'two'], ['c', 'three'], ['d', 'four']]) });
    // A value that does not match deletes nothing (and says so).
    await expectError(user.client, 'deleteTags', { resourcetype: 'UserVm', resourceids: v.uuid, ...tagParams([['a', 'uno']]) }, 431, /Unable to find tags/);
    // Key and value, compared case-insensitively.
    await okJob(user.client, 'deleteTags', { resourcetype: 'UserVm', resourceids: v.uuid, ...tagParams([['A', 'one']]) });
    assert.deepEqual((await tagsOn(user.client, v.uuid)).map((t) => t.key).sort(), ['b', 'c', 'd']);
    // Key only (libcloud's ex_delete_tags sends tags[0].key alone), counted from 1.
    await okJob(user.client, 'deleteTags', { resourcetype: 'UserVm', resourceids: v.uuid, ...tagParams([['b'], ['c']], 1) });
    assert.deepEqual((await tagsOn(user.client, v.uuid)).map((t) => t.key), ['d']);
    // No tags: every tag of the resource.
    const j = await okJob(user.client, 'deleteTags', { resourcetype: 'UserVm', resourceids: v.uuid });
    assert.deepEqual(j.jobresult, { success: true });
    assert.equal((await tagsOn(user.client, v.uuid)).length, 0);
    await expectError(user.client, 'deleteTags', { resourcetype: 'UserVm', resourceids: v.uuid }, 431, /Unable to find tags/);
    await expectError(user.client, 'deleteTags', { resourcetype: 'Nonsense', resourceids: v.uuid }, 431, /Invalid resource type/);
    const ev = (await user.client.ok('listEvents', { type: 'TAGS.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => String(e.description).includes(v.uuid)));
  });

  it('gives other families tagsOf() and a tags[N] list filter (any pair matches, as CloudStack)', async () => {
    const services = createServices(db.db, { serverId: 'tags-test' });
    const a = await insertVm(db, { accountUuid: user.accountId });
    const b = await insertVm(db, { accountUuid: user.accountId });
    const c = await insertVm(db, { accountUuid: user.accountId });
    await okJob(user.client, 'createTags', { resourcetype: 'UserVm', resourceids: `${a.uuid},${b.uuid}`, ...tagParams([['app', 'shop']]) });
    await okJob(user.client, 'createTags', { resourcetype: 'UserVm', resourceids: b.uuid, ...tagParams([['stage', 'qa']]) });
    const byVm = await services.tags.tagsOf('UserVm', [a.id, b.id, c.id]);
    assert.deepEqual(byVm.get(a.id)?.map((t) => `${t.key}=${t.value}`), ['app=shop']);
    assert.deepEqual(byVm.get(b.id)?.map((t) => t.key).sort(), ['app', 'stage']);
    assert.deepEqual(byVm.get(c.id), [], 'every id asked for has an entry');
    assert.equal(byVm.get(a.id)?.[0]?.owner.accountName, user.name);
    const ids = [a.id, b.id, c.id];
    const run = async (tags: Record<string, string>[] | undefined) =>
      (await filterByTags(db.db.selectFrom('vms as v').select('v.id').where('v.id', 'in', ids), 'UserVm', 'v.id', tags).orderBy('v.id').execute()).map((r) => r.id);
    assert.deepEqual(await run(undefined), ids);
    assert.deepEqual(await run([{ key: 'app', value: 'shop' }]), [a.id, b.id]);
    assert.deepEqual(await run([{ Key: 'stage', Value: 'qa' }]), [b.id]);
    assert.deepEqual(await run([{ key: 'stage', value: 'qa' }, { key: 'app', value: 'shop' }]), [a.id, b.id]);
    assert.deepEqual(await run([{ key: 'app', value: 'other' }]), []);
    await assert.rejects(run([{ key: 'app' }]), /No value is passed in for key app/);
    // Another family registers its type; an unknown name is refused at registration.
    assert.throws(() => services.tags.registerType('Zone', { table: 'zones' }), /not a CloudStack taggable/);
  });

  it('removes the tags an account owns when it is deleted', async () => {
    const gone = await newAccount(s);
    const v = await insertVm(db, { accountUuid: gone.accountId });
    await okJob(gone.client, 'createTags', { resourcetype: 'UserVm', resourceids: v.uuid, ...tagParams([['bye', 'now']]) });
    const j = await s.admin.job('deleteAccount', { id: gone.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    assert.equal(await count(s.admin, 'listTags', { listall: true, resourceid: v.uuid }), 0);
  });

  it('tags projects as the project\'s own (shown with projectid)', async (t) => {
    const r = await user.client.call('createProject', { name: uniqueName('prj'), displaytext: 'tags test' });
    if (r.status !== 200) {
      t.skip('createProject is not available in this tree');
      return;
    }
    const inner = Object.values(r.body)[0] as Json;
    const j = inner.jobid ? await user.client.waitJob(String(inner.jobid)) : undefined;
    const project = (j ? (j.jobresult as Json).project : inner.project) as Json;
    await okJob(user.client, 'createTags', { resourcetype: 'Project', resourceids: String(project.id), ...tagParams([['owner', 'me']]) });
    const [tag] = await tagsOn(user.client, String(project.id), { projectid: String(project.id) });
    assert.equal(tag?.projectid, project.id);
    assert.equal(tag?.account, undefined);
    assert.equal((await tagsOn(other.client, String(project.id), { listall: true })).length, 0);
  });
});
