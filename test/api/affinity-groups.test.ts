// Affinity groups: types, create/delete (async), list, updateVMAffinityGroup (VM Stopped only)
// through signed HTTP; tenants kept apart; and the placement the compute family asks for
// (resolve, placementFor, addVm/removeVm) on real rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DbHandle } from '../../src/db/connect.js';
import { type Services, createServices } from '../../src/services/index.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { insertVm, internalId, setVmState } from '../helpers/fake-vms.js';
import { count, openTestDb } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

type Params = Record<string, string | number | boolean>;

async function createGroup(c: CsClient, params: Params): Promise<Json> {
  const r = await c.ok('createAffinityGroup', params);
  assert.equal(typeof r.id, 'string', 'createAffinityGroup answers the new id with the job id');
  const j = await c.waitJob(String(r.jobid));
  assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
  const g = (j.jobresult as Json).affinitygroup as Json;
  assert.equal(g.id, r.id);
  return g;
}

async function groups(c: CsClient, params: Params = {}): Promise<Json[]> {
  return ((await c.ok('listAffinityGroups', params)).affinitygroup as Json[] | undefined) ?? [];
}

describe('affinity groups', () => {
  let s: TestServer;
  let db: DbHandle;
  let services: Services;
  let user: TestAccount;
  let other: TestAccount;
  before(async () => {
    s = await startTestServer();
    db = openTestDb(s);
    services = createServices(db.db, { serverId: 'affinity-test' });
    user = await newAccount(s);
    other = await newAccount(s);
  });
  after(async () => {
    await db.close();
    await s.close();
  });

  it('lists the two host affinity types', async () => {
    const r = await user.client.ok('listAffinityGroupTypes');
    assert.equal(r.count, 2);
    assert.deepEqual((r.affinityGroupType as Json[]).map((t) => t.type).sort(), ['host affinity', 'host anti-affinity']);
    assert.deepEqual(((await user.client.ok('listAffinityGroupTypes', { keyword: 'anti' })).affinityGroupType as Json[]).map((t) => t.type), ['host anti-affinity']);
  });

  it('creates a group in a job, with its owner, and records AG.CREATE', async () => {
    const name = uniqueName('web');
    const g = await createGroup(user.client, { name, type: 'host anti-affinity', description: 'spread the web tier' });
    assert.equal(g.name, name);
    assert.equal(g.type, 'host anti-affinity');
    assert.equal(g.description, 'spread the web tier');
    assert.equal(g.account, user.name);
    assert.equal(g.domainid, user.domainId);
    assert.equal(g.domainpath, 'ROOT');
    assert.deepEqual(g.virtualmachineIds, []);
    assert.equal((await groups(user.client, { id: String(g.id) }))[0]?.name, name);
    assert.equal((await groups(user.client, { name: name.toUpperCase() }))[0]?.id, g.id);
    assert.ok((await groups(user.client, { type: 'host anti-affinity' })).some((x) => x.id === g.id));
    assert.equal((await groups(user.client, { type: 'host affinity' })).some((x) => x.id === g.id), false);
    assert.ok((await groups(user.client, { keyword: name.slice(0, 6) })).some((x) => x.id === g.id));
    const ev = (await user.client.ok('listEvents', { type: 'AG.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === g.id));
  });

  it('refuses bad input with 431 before any job and creates nothing', async () => {
    const taken = uniqueName('taken');
    await createGroup(user.client, { name: taken, type: 'host affinity' });
    const before = await count(user.client, 'listAffinityGroups');
    const cases: [Params, RegExp][] = [
      [{ name: uniqueName('x'), type: 'ExplicitDedication' }, /invalid affinity group type/],
      [{ name: uniqueName('x'), type: 'Host Anti-Affinity' }, /invalid affinity group type/],
      [{ name: taken.toUpperCase(), type: 'host affinity' }, /already exists/],
      [{ name: '  ', type: 'host affinity' }, /name/],
      [{ type: 'host affinity' }, /name/],
      [{ name: uniqueName('x') }, /type/],
      [{ name: uniqueName('x'), type: 'host affinity', domainid: user.domainId }, /account name must be passed with the domainId/],
    ];
    for (const [params, text] of cases) await expectError(user.client, 'createAffinityGroup', params, 431, text);
    await expectError(s.admin, 'createAffinityGroup', { name: uniqueName('x'), type: 'host affinity', domainid: user.domainId }, 431, /cannot be shared domain wide/);
    assert.equal(await count(user.client, 'listAffinityGroups'), before);
  });

  it('updates the groups of a stopped VM only; the job answers the VM with its groups', async () => {
    const g1 = await createGroup(user.client, { name: uniqueName('g1'), type: 'host anti-affinity' });
    const g2 = await createGroup(user.client, { name: uniqueName('g2'), type: 'host affinity' });
    const host = (await db.db.selectFrom('hosts').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const vm = await insertVm(db, { accountUuid: user.accountId, state: 'Running', hostId: host });
    await expectError(user.client, 'updateVMAffinityGroup', { id: vm.uuid, affinitygroupids: String(g1.id) }, 431, /make sure the virtual machine is stopped/);
    await setVmState(db, vm.id, 'Stopped', null);
    const j = await user.client.job('updateVMAffinityGroup', { id: vm.uuid, affinitygroupids: `${String(g1.id)},${String(g2.id)}` });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const v = (j.jobresult as Json).virtualmachine as Json;
    assert.equal(v.id, vm.uuid);
    assert.deepEqual((v.affinitygroup as Json[]).map((x) => x.id).sort(), [g1.id, g2.id].sort());
    assert.deepEqual((await groups(user.client, { virtualmachineid: vm.uuid })).map((x) => x.id).sort(), [g1.id, g2.id].sort());
    assert.deepEqual((await groups(user.client, { id: String(g1.id) }))[0]?.virtualmachineIds, [vm.uuid]);
    // By names, replacing the set.
    const j2 = await user.client.job('updateVMAffinityGroup', { id: vm.uuid, affinitygroupnames: String(g2.name) });
    assert.equal(j2.jobstatus, 1);
    assert.deepEqual((await groups(user.client, { virtualmachineid: vm.uuid })).map((x) => x.id), [g2.id]);
    // An empty id list clears them.
    assert.equal((await user.client.job('updateVMAffinityGroup', { id: vm.uuid, affinitygroupids: '' })).jobstatus, 1);
    assert.equal(await count(user.client, 'listAffinityGroups', { virtualmachineid: vm.uuid }), 0);
    const ev = (await user.client.ok('listEvents', { type: 'VM.AG.UPDATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === vm.uuid));
    // Bad input changes nothing.
    await user.client.job('updateVMAffinityGroup', { id: vm.uuid, affinitygroupids: String(g1.id) });
    await expectError(user.client, 'updateVMAffinityGroup', { id: vm.uuid, affinitygroupids: String(g1.id), affinitygroupnames: String(g2.name) }, 431, /mutually exclusive/);
    await expectError(user.client, 'updateVMAffinityGroup', { id: vm.uuid }, 431, /must be specified/);
    await expectError(user.client, 'updateVMAffinityGroup', { id: vm.uuid, affinitygroupnames: 'no-such-group' }, 431, /Unable to find affinity group/);
    await expectError(user.client, 'updateVMAffinityGroup', { id: '3f0e4f1c-0000-4000-8000-000000000000', affinitygroupids: String(g1.id) }, 431, /Unable to find a virtual machine/);
    assert.deepEqual((await groups(user.client, { virtualmachineid: vm.uuid })).map((x) => x.id), [g1.id]);
  });

  it('keeps tenants apart: another account neither sees, uses nor deletes a group', async () => {
    const g = await createGroup(user.client, { name: uniqueName('private'), type: 'host anti-affinity' });
    const theirVm = await insertVm(db, { accountUuid: other.accountId });
    const myVm = await insertVm(db, { accountUuid: user.accountId });
    assert.equal(await count(other.client, 'listAffinityGroups', { name: String(g.name) }), 0);
    assert.equal((await groups(other.client, { listall: true })).some((x) => x.id === g.id), false);
    assert.equal(await count(other.client, 'listAffinityGroups', { id: String(g.id) }), 0);
    await expectError(other.client, 'listAffinityGroups', { virtualmachineid: myVm.uuid }, 531);
    await expectError(other.client, 'updateVMAffinityGroup', { id: theirVm.uuid, affinitygroupids: String(g.id) }, 531, /does not belong/);
    await expectError(other.client, 'updateVMAffinityGroup', { id: theirVm.uuid, affinitygroupnames: String(g.name) }, 431, /Unable to find affinity group/);
    await expectError(other.client, 'updateVMAffinityGroup', { id: myVm.uuid, affinitygroupids: String(g.id) }, 531);
    await expectError(other.client, 'deleteAffinityGroup', { id: String(g.id) }, 531);
    await expectError(other.client, 'deleteAffinityGroup', { name: String(g.name) }, 431, /Unable to find affinity group/);
    await expectError(other.client, 'createAffinityGroup', { name: uniqueName('x'), type: 'host affinity', account: user.name, domainid: user.domainId }, 531);
    // The root admin sees it and its owner; the same name is free in another account.
    assert.equal((await groups(s.admin, { listall: true, name: String(g.name) }))[0]?.account, user.name);
    await createGroup(other.client, { name: String(g.name), type: 'host affinity' });
    // Root admins may not put one account's group on another account's VM.
    await expectError(s.admin, 'updateVMAffinityGroup', { id: theirVm.uuid, affinitygroupids: String(g.id) }, 531, /does not belong/);
  });

  it('deletes a group by id or by name (in a job), letting go of its VMs', async () => {
    const g = await createGroup(user.client, { name: uniqueName('del'), type: 'host anti-affinity' });
    const vm = await insertVm(db, { accountUuid: user.accountId });
    assert.equal((await user.client.job('updateVMAffinityGroup', { id: vm.uuid, affinitygroupids: String(g.id) })).jobstatus, 1);
    const j = await user.client.job('deleteAffinityGroup', { id: String(g.id) });
    assert.equal(j.jobstatus, 1);
    assert.deepEqual(j.jobresult, { success: true });
    assert.equal(await count(user.client, 'listAffinityGroups', { virtualmachineid: vm.uuid }), 0);
    const g2 = await createGroup(user.client, { name: uniqueName('byname'), type: 'host affinity' });
    assert.equal((await user.client.job('deleteAffinityGroup', { name: String(g2.name) })).jobstatus, 1);
    assert.equal(await count(user.client, 'listAffinityGroups', { name: String(g2.name) }), 0);
    await expectError(user.client, 'deleteAffinityGroup', { id: String(g.id) }, 431, /Unable to find affinity group/);
    await expectError(user.client, 'deleteAffinityGroup', {}, 431, /Either the affinity group Id or group name/);
    const ev = (await user.client.ok('listEvents', { type: 'AG.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === g.id));
  });

  it('gives deployVirtualMachine resolve(), placementFor() and addVm()/removeVm()', async () => {
    const acct = await internalId(db, 'accounts', user.accountId);
    const hosts = (await db.db.selectFrom('hosts').select('id').orderBy('id').limit(2).execute()).map((h) => h.id);
    assert.equal(hosts.length, 2, 'the seeded zone has two simulator hosts');
    const [h1, h2] = hosts as [number, number];
    const anti = await createGroup(user.client, { name: uniqueName('anti'), type: 'host anti-affinity' });
    const aff = await createGroup(user.client, { name: uniqueName('aff'), type: 'host affinity' });
    const [antiRef] = await services.affinity.resolve(acct, { names: [String(anti.name).toUpperCase()] });
    const [affRef] = await services.affinity.resolve(acct, { ids: [String(aff.id)] });
    assert.equal(antiRef?.uuid, anti.id);
    assert.equal(affRef?.type, 'host affinity');
    await assert.rejects(services.affinity.resolve(acct, { names: ['nope'] }), { kind: 'InvalidParameter' });
    await assert.rejects(services.affinity.resolve(acct, { ids: ['3f0e4f1c-0000-4000-8000-000000000000'] }), { kind: 'InvalidParameter' });
    await assert.rejects(services.affinity.resolve(acct, { ids: [String(anti.id)], names: [String(aff.name)] }), { kind: 'InvalidParameter' });
    const otherAcct = await internalId(db, 'accounts', other.accountId);
    await assert.rejects(services.affinity.resolve(otherAcct, { ids: [String(anti.id)] }), { kind: 'PermissionDenied' });

    // Empty groups constrain nothing.
    assert.deepEqual(await services.affinity.placementFor(acct, [antiRef!.id, affRef!.id]), { avoidHosts: new Set() });
    const running = await insertVm(db, { accountUuid: user.accountId, state: 'Running', hostId: h1 });
    const stopped = await insertVm(db, { accountUuid: user.accountId, state: 'Stopped', hostId: null });
    const starting = await insertVm(db, { accountUuid: user.accountId, state: 'Starting', hostId: h2 });
    await services.affinity.addVm(running.id, [antiRef!.id, affRef!.id]);
    await services.affinity.addVm(running.id, [antiRef!.id]); // idempotent
    await services.affinity.addVm(stopped.id, [antiRef!.id]);
    const p1 = await services.affinity.placementFor(acct, [antiRef!.id, affRef!.id]);
    assert.deepEqual(p1.avoidHosts, new Set([h1]));
    assert.deepEqual(p1.onlyHosts, new Set([h1]));
    await services.affinity.addVm(starting.id, [antiRef!.id]);
    assert.deepEqual((await services.affinity.placementFor(acct, [antiRef!.id])).avoidHosts, new Set([h1, h2]));
    // The VM being placed does not constrain itself.
    assert.deepEqual((await services.affinity.placementFor(acct, [antiRef!.id], { excludeVmId: starting.id })).avoidHosts, new Set([h1]));
    // Groups of another account are refused.
    await assert.rejects(services.affinity.placementFor(otherAcct, [antiRef!.id]), { kind: 'InvalidParameter' });
    const byVm = await services.affinity.groupsOfVms([running.id, stopped.id]);
    assert.deepEqual(byVm.get(running.id)?.map((g) => g.uuid).sort(), [anti.id, aff.id].sort());
    await services.affinity.removeVm(running.id);
    const p2 = await services.affinity.placementFor(acct, [antiRef!.id, affRef!.id]);
    assert.deepEqual(p2.avoidHosts, new Set([h2]));
    assert.equal(p2.onlyHosts, undefined, 'an affinity group with no placed member leaves every host open');
  });

  it('removes the groups of a deleted account', async () => {
    const gone = await newAccount(s);
    const g = await createGroup(gone.client, { name: uniqueName('gone'), type: 'host affinity' });
    const j = await s.admin.job('deleteAccount', { id: gone.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    await expectError(s.admin, 'listAffinityGroups', { id: String(g.id), listall: true }, 431, /Unable to find affinity group/);
  });
});
