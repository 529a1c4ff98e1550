// Volume snapshots and snapshot policies through signed HTTP, on a deployed simulator VM:
// createSnapshot (backed up into the zone's image store, BackedUp), listSnapshots and its
// filters, createVolume from a snapshot, revertSnapshot (VM must be Stopped), deleteSnapshot,
// limits and counts, image store vetoes, tenant isolation; policies (create/replace, list,
// update, delete, bad input); and the scheduler under a fake clock taking due snapshots and
// pruning beyond maxsnaps.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import { type ClockServer, startClockServer } from '../helpers/clock-server.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded, storedCount } from '../helpers/vms.js';

const vmName = () => uniqueName('vm').replace(/[^a-z0-9-]/gi, '-');

async function ok<T = Json>(c: CsClient, command: string, params: Record<string, string | number | boolean>, key: string): Promise<T> {
  const j = await c.job(command, params);
  assert.equal(j.jobstatus, 1, `${command} failed: ${JSON.stringify(j.jobresult)}`);
  return (j.jobresult as Json)[key] as T;
}

async function rootOf(c: CsClient, vmId: string): Promise<Json> {
  return first(await c.ok('listVolumes', { virtualmachineid: vmId, type: 'ROOT' }), 'volume');
}

async function snapshots(c: CsClient, params: Record<string, string | number | boolean> = {}): Promise<Json[]> {
  return ((await c.ok('listSnapshots', params)).snapshot as Json[] | undefined) ?? [];
}

describe('volume snapshots', () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let vm: Json;
  let root: Json;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
    vm = await deploy(user.client, z, { name: vmName() });
    root = await rootOf(user.client, String(vm.id));
  });
  after(async () => s.close());

  it('createSnapshot backs a Ready volume up into the image store: BackedUp, with the reference keys', async () => {
    const before = [await storedCount(s, user.accountId, 'snapshot'), await storedCount(s, user.accountId, 'secondary_storage')];
    const started = await user.client.ok('createSnapshot', { volumeid: String(root.id) });
    assert.equal(typeof started.id, 'string');
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(j.cmd, 'org.apache.cloudstack.api.command.user.snapshot.CreateSnapshotCmd');
    const snap = (j.jobresult as Json).snapshot as Json;
    assert.equal(snap.id, started.id);
    assert.equal(snap.state, 'BackedUp');
    assert.equal(snap.snapshottype, 'MANUAL');
    assert.equal(snap.intervaltype, 'MANUAL');
    assert.equal(snap.volumeid, root.id);
    assert.equal(snap.volumename, root.name);
    assert.equal(snap.volumetype, 'ROOT');
    assert.equal(snap.volumestate, 'Ready');
    assert.equal(snap.virtualsize, root.size);
    assert.equal(snap.zoneid, z.zoneId);
    assert.equal(snap.account, user.name);
    assert.equal(snap.revertable, true);
    assert.equal(snap.datastoretype, 'Image');
    assert.ok(snap.datastoreid);
    assert.match(String(snap.name), new RegExp(`^${String(vm.name)}_${String(root.name)}_\\d{14}$`));
    assert.equal((await rootOf(user.client, String(vm.id))).state, 'Ready', 'the volume is Ready again');
    assert.deepEqual([await storedCount(s, user.accountId, 'snapshot'), await storedCount(s, user.accountId, 'secondary_storage')],
      [before[0]! + 1, before[1]! + Number(root.size)]);
    // updateResourceCount recounts snapshots, and secondary storage with the snapshot's bytes.
    const counts = (await s.admin.ok('updateResourceCount', { domainid: user.domainId, account: user.name })).resourcecount as Json[];
    assert.equal(counts.find((c) => c.resourcetype === '3')?.resourcecount, 1);
    assert.equal(counts.find((c) => c.resourcetype === '11')?.resourcecount, Number(root.size));
    const ev = (await user.client.ok('listEvents', { type: 'SNAPSHOT.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === snap.id));
  });

  it('listSnapshots filters by id, volume, type, name and keyword; another account sees none', async () => {
    const snap = await ok(user.client, 'createSnapshot', { volumeid: String(root.id), name: 'named-snap' }, 'snapshot');
    const ids = async (p: Record<string, string | number | boolean>) => (await snapshots(user.client, p)).map((x) => x.id);
    assert.deepEqual(await ids({ id: String(snap.id) }), [snap.id]);
    assert.deepEqual(await ids({ name: 'named-snap' }), [snap.id]);
    assert.deepEqual(await ids({ keyword: 'named' }), [snap.id]);
    assert.ok((await ids({ volumeid: String(root.id) })).includes(snap.id));
    assert.ok((await ids({ snapshottype: 'MANUAL' })).includes(snap.id));
    assert.deepEqual(await ids({ intervaltype: 'HOURLY' }), []);
    await expectError(user.client, 'listSnapshots', { snapshottype: 'YEARLY' }, 431);
    assert.deepEqual(await snapshots(other.client, { id: String(snap.id) }), []);
    assert.deepEqual(await snapshots(other.client, { listall: true }), []);
    await expectError(other.client, 'listSnapshots', { volumeid: String(root.id), account: user.name }, 531);
  });

  it('refuses to snapshot a volume that is not Ready, and bad options, with 431 and nothing taken', async () => {
    const n = await count(user.client, 'listSnapshots');
    const v = (await ok<Json>(user.client, 'createVolume', { name: 'empty', diskofferingid: z.diskSmall, zoneid: z.zoneId }, 'volume'));
    await expectError(user.client, 'createSnapshot', { volumeid: String(v.id) }, 431, /not in Ready state but Allocated/);
    await expectError(user.client, 'createSnapshot', { volumeid: String(root.id), quiescevm: true }, 431);
    await expectError(user.client, 'createSnapshot', { volumeid: String(root.id), locationtype: 'PRIMARY' }, 431);
    await expectError(user.client, 'createSnapshot', { volumeid: '7f000000-0000-4000-8000-000000000000' }, 431);
    await expectError(user.client, 'createSnapshot', { volumeid: String(root.id), 'tags[0].key': 'k' }, 431);
    assert.equal(await count(user.client, 'listSnapshots'), n);
  });

  it('makes a Ready volume from a snapshot, and refuses reverting while the VM runs', async () => {
    const snap = await ok(user.client, 'createSnapshot', { volumeid: String(root.id) }, 'snapshot');
    const v = await ok(user.client, 'createVolume', { name: 'from-snap', snapshotid: String(snap.id) }, 'volume');
    assert.equal(v.state, 'Ready', 'a volume from a snapshot is made on a pool at once');
    assert.equal(v.size, snap.virtualsize);
    assert.equal(v.snapshotid, snap.id);
    assert.equal(v.type, 'DATADISK');
    assert.equal(v.zoneid, z.zoneId);
    assert.equal(v.storage, 'PS0');
    await expectError(user.client, 'revertSnapshot', { id: String(snap.id) }, 431, /shutdown state/);
    const attached = await ok(user.client, 'attachVolume', { id: String(v.id), virtualmachineid: String(vm.id) }, 'volume');
    assert.equal(attached.state, 'Ready');
    await ok(user.client, 'detachVolume', { id: String(v.id) }, 'volume');
  });

  it('reverts a volume of a stopped VM to its snapshot', async () => {
    const snap = await ok(user.client, 'createSnapshot', { volumeid: String(root.id) }, 'snapshot');
    assert.equal((await user.client.job('stopVirtualMachine', { id: String(vm.id) })).jobstatus, 1);
    const started = await user.client.ok('revertSnapshot', { id: String(snap.id) });
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(j.cmd, 'org.apache.cloudstack.api.command.user.snapshot.RevertSnapshotCmd');
    const r = (j.jobresult as Json).snapshot as Json;
    assert.equal(r.id, snap.id);
    assert.equal(r.state, 'BackedUp');
    assert.equal((await rootOf(user.client, String(vm.id))).state, 'Ready');
    const ev = (await user.client.ok('listEvents', { type: 'SNAPSHOT.REVERT' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === snap.id));
    await expectError(other.client, 'revertSnapshot', { id: String(snap.id) }, 531);
    assert.equal((await user.client.job('startVirtualMachine', { id: String(vm.id) })).jobstatus, 1);
  });

  it('deleteSnapshot removes the backup and gives the counts back; others may not', async () => {
    const snap = await ok(user.client, 'createSnapshot', { volumeid: String(root.id) }, 'snapshot');
    const before = [await storedCount(s, user.accountId, 'snapshot'), await storedCount(s, user.accountId, 'secondary_storage')];
    await expectError(other.client, 'deleteSnapshot', { id: String(snap.id) }, 531);
    const j = await user.client.job('deleteSnapshot', { id: String(snap.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.deepEqual(j.jobresult, { success: true });
    assert.deepEqual(await snapshots(user.client, { id: String(snap.id) }), []);
    assert.deepEqual([await storedCount(s, user.accountId, 'snapshot'), await storedCount(s, user.accountId, 'secondary_storage')],
      [before[0]! - 1, before[1]! - Number(snap.virtualsize)]);
    await expectError(user.client, 'deleteSnapshot', { id: String(snap.id) }, 431);
    const ev = (await user.client.ok('listEvents', { type: 'SNAPSHOT.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === snap.id));
  });

  it('a failed backup leaves nothing behind: no snapshot, counts given back, the volume Ready', async () => {
    const n = await count(user.client, 'listSnapshots');
    const before = [await storedCount(s, user.accountId, 'snapshot'), await storedCount(s, user.accountId, 'secondary_storage')];
    await s.admin.ok('configureSimulator', { name: 'CreateSnapshotCommand', value: 'enabled:false', count: 1 });
    const j = await user.client.job('createSnapshot', { volumeid: String(root.id) });
    assert.equal(j.jobstatus, 2, JSON.stringify(j.jobresult));
    assert.equal(await count(user.client, 'listSnapshots'), n);
    assert.deepEqual([await storedCount(s, user.accountId, 'snapshot'), await storedCount(s, user.accountId, 'secondary_storage')], before);
    assert.equal((await rootOf(user.client, String(vm.id))).state, 'Ready');
    // A failed copy of a migration is undone too: the volume stays where it was.
    const v = await ok(user.client, 'createVolume', { name: 'stay', diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(vm.id) }, 'volume');
    await ok(user.client, 'detachVolume', { id: String(v.id) }, 'volume');
    const from = String(first(await s.admin.ok('listVolumes', { id: String(v.id), listall: true }), 'volume').storageid);
    const target = (await s.admin.ok('createStoragePool', {
      zoneid: z.zoneId, name: uniqueName('ps'), url: `sim://test/${uniqueName('p')}`, scope: 'zone', hypervisor: 'Simulator', capacitybytes: 2 ** 40,
    })).storagepool as Json;
    await s.admin.ok('configureSimulator', { name: 'copyVolume', value: 'enabled:false', count: 1 });
    const m = await s.admin.job('migrateVolume', { volumeid: String(v.id), storageid: String(target.id) });
    assert.equal(m.jobstatus, 2, JSON.stringify(m.jobresult));
    const after = first(await s.admin.ok('listVolumes', { id: String(v.id), listall: true }), 'volume');
    assert.deepEqual([after.storageid, after.state], [from, 'Ready']);
    const pool = first(await s.admin.ok('listStoragePools', { id: String(target.id) }), 'storagepool');
    assert.equal(pool.disksizeallocated, 0, 'the space claimed on the target is given back');
    await user.client.ok('deleteVolume', { id: String(v.id) });
    // Later volumes must not land on the empty new pool by accident of this test.
    assert.equal((await s.admin.job('enableStorageMaintenance', { id: String(target.id) })).jobstatus, 1);
    await s.admin.ok('deleteStoragePool', { id: String(target.id) });
  });

  it('refuses a snapshot over the account limit with 535, nothing taken', async () => {
    const a = await newAccount(s);
    const v = await deploy(a.client, z, { name: vmName() });
    const r = await rootOf(a.client, String(v.id));
    await s.admin.ok('updateResourceLimit', { account: a.name, domainid: a.domainId, resourcetype: 3, max: 1 });
    await ok(a.client, 'createSnapshot', { volumeid: String(r.id) }, 'snapshot');
    await expectError(a.client, 'createSnapshot', { volumeid: String(r.id) }, 535);
    assert.equal(await count(a.client, 'listSnapshots'), 1);
    assert.equal(await storedCount(s, a.accountId, 'snapshot'), 1);
  });

  it("spreads snapshots over the zone's image stores; a store holding snapshots cannot be deleted", async () => {
    const store = (await s.admin.ok('addImageStore', { name: uniqueName('ss'), provider: 'Simulator', url: `sim://test/${uniqueName('ss')}`, zoneid: z.zoneId })).imagestore as Json;
    const snap = await ok(user.client, 'createSnapshot', { volumeid: String(root.id) }, 'snapshot');
    assert.equal(snap.datastoreid, store.id, 'the new, empty store takes the next snapshot');
    await expectError(s.admin, 'deleteImageStore', { id: String(store.id) }, 536, /active snapshots backup/);
    assert.equal((await user.client.job('deleteSnapshot', { id: String(snap.id) })).jobstatus, 1);
    await s.admin.ok('deleteImageStore', { id: String(store.id) });
  });

  it('snapshot policies: create (and replace), list, update, delete; bad input changes nothing', async () => {
    const id = String(root.id);
    const p = (await user.client.ok('createSnapshotPolicy', { volumeid: id, intervaltype: 'daily', schedule: '30:02', timezone: 'Europe/Berlin', maxsnaps: 3 })).snapshotpolicy as Json;
    assert.equal(p.volumeid, root.id);
    assert.equal(p.volumename, root.name);
    assert.equal(p.intervaltype, 1);
    assert.equal(p.schedule, '30:02');
    assert.equal(p.timezone, 'Europe/Berlin');
    assert.equal(p.maxsnaps, 3);
    assert.equal(p.fordisplay, true);
    const again = (await user.client.ok('createSnapshotPolicy', { volumeid: id, intervaltype: 'DAILY', schedule: '00:04', timezone: 'UTC', maxsnaps: 2 })).snapshotpolicy as Json;
    assert.equal(again.id, p.id, 'a second policy of the same type replaces the first');
    assert.equal(again.schedule, '00:04');
    const hourly = (await user.client.ok('createSnapshotPolicy', { volumeid: id, intervaltype: 'HOURLY', schedule: '5', timezone: 'UTC', maxsnaps: 1 })).snapshotpolicy as Json;
    assert.equal(hourly.intervaltype, 0);
    const listed = ((await user.client.ok('listSnapshotPolicies', { volumeid: id })).snapshotpolicy as Json[]).map((x) => x.id).sort();
    assert.deepEqual(listed, [p.id, hourly.id].sort());
    assert.equal(await count(other.client, 'listSnapshotPolicies'), 0);
    const bad: Record<string, string | number>[] = [
      { intervaltype: 'YEARLY', schedule: '1', timezone: 'UTC', maxsnaps: 1 },
      { intervaltype: 'HOURLY', schedule: '61', timezone: 'UTC', maxsnaps: 1 },
      { intervaltype: 'WEEKLY', schedule: '00:01', timezone: 'UTC', maxsnaps: 1 },
      { intervaltype: 'MONTHLY', schedule: '00:01:31', timezone: 'UTC', maxsnaps: 1 },
      { intervaltype: 'HOURLY', schedule: '1', timezone: 'Mars/Olympus', maxsnaps: 1 },
      { intervaltype: 'HOURLY', schedule: '1', timezone: 'UTC', maxsnaps: 0 },
      { intervaltype: 'HOURLY', schedule: '1', timezone: 'UTC', maxsnaps: 9 },
    ];
    for (const b of bad) await expectError(user.client, 'createSnapshotPolicy', { volumeid: id, ...b }, 431);
    const allocated = await ok(user.client, 'createVolume', { name: 'nopolicy', diskofferingid: z.diskSmall, zoneid: z.zoneId }, 'volume');
    await expectError(user.client, 'createSnapshotPolicy', { volumeid: String(allocated.id), intervaltype: 'HOURLY', schedule: '1', timezone: 'UTC', maxsnaps: 1 }, 431, /not in Ready state/);
    assert.equal(await count(user.client, 'listSnapshotPolicies', { volumeid: id }), 2);
    const u = await ok(user.client, 'updateSnapshotPolicy', { id: String(p.id), fordisplay: false }, 'snapshotpolicy');
    assert.equal(u.fordisplay, false);
    assert.equal(await count(user.client, 'listSnapshotPolicies', { volumeid: id }), 1, 'a hidden policy is not listed to its user');
    await expectError(other.client, 'deleteSnapshotPolicies', { id: String(hourly.id) }, 531);
    await expectError(user.client, 'deleteSnapshotPolicies', {}, 431);
    await expectError(user.client, 'deleteSnapshotPolicies', { ids: `${String(hourly.id)},7f000000-0000-4000-8000-000000000000` }, 431);
    assert.deepEqual(await user.client.ok('deleteSnapshotPolicies', { ids: `${String(hourly.id)},${String(p.id)}` }), { success: true });
    assert.equal(await count(s.admin, 'listSnapshotPolicies', { volumeid: id }), 0);
    for (const type of ['SNAPSHOTPOLICY.CREATE', 'SNAPSHOTPOLICY.UPDATE', 'SNAPSHOTPOLICY.DELETE']) {
      assert.ok(((await user.client.ok('listEvents', { type })).event as Json[] | undefined)?.length, type);
    }
  });

  it('deleting the account removes its snapshots and policies', async () => {
    const a = await newAccount(s);
    const v = await deploy(a.client, z, { name: vmName() });
    const r = await rootOf(a.client, String(v.id));
    const snap = await ok(a.client, 'createSnapshot', { volumeid: String(r.id) }, 'snapshot');
    await a.client.ok('createSnapshotPolicy', { volumeid: String(r.id), intervaltype: 'HOURLY', schedule: '1', timezone: 'UTC', maxsnaps: 1 });
    assert.equal((await s.admin.job('deleteAccount', { id: a.accountId })).jobstatus, 1);
    assert.deepEqual(await snapshots(s.admin, { id: String(snap.id), listall: true }), []);
    const left = ((await s.admin.ok('listSnapshotPolicies', { listall: true })).snapshotpolicy as Json[] | undefined) ?? [];
    assert.equal(left.some((x) => x.volumeid === r.id), false);
  });
});

describe('the snapshot scheduler under a fake clock', () => {
  let now = new Date('2030-01-01T10:00:00Z');
  let s: ClockServer;
  let z: Seeded;
  before(async () => {
    s = await startClockServer(() => now);
    z = await seeded(s.admin);
  });
  after(async () => s.close());

  const waitAll = async (c: CsClient, jobs: string[]) => {
    for (const id of jobs) {
      const j = await c.waitJob(id);
      assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    }
  };

  it('takes a snapshot when a policy is due and keeps only maxsnaps of them', async () => {
    const a = await newAccount(s);
    const v = await deploy(a.client, z, { name: vmName() });
    const r = await rootOf(a.client, String(v.id));
    const p = (await a.client.ok('createSnapshotPolicy', { volumeid: String(r.id), intervaltype: 'HOURLY', schedule: '15', timezone: 'UTC', maxsnaps: 2 })).snapshotpolicy as Json;
    const hourly = async () => (await snapshots(a.client, { volumeid: String(r.id), intervaltype: 'HOURLY' })).map((x) => String(x.name)).sort();
    now = new Date('2030-01-01T10:10:00Z');
    assert.deepEqual(await s.tick(), [], 'not due before 10:15');
    const taken: string[] = [];
    for (const t of ['2030-01-01T10:16:00Z', '2030-01-01T11:15:30Z', '2030-01-01T12:20:00Z']) {
      now = new Date(t);
      const jobs = await s.tick();
      assert.equal(jobs.length, 1, `one snapshot due at ${t}`);
      await waitAll(a.client, jobs);
      assert.deepEqual(await s.tick(), [], 'a pass at the same time takes nothing more');
      taken.push(t.replace(/[-:TZ]/g, '').slice(0, 14));
    }
    const names = await hourly();
    assert.equal(names.length, 2, 'the oldest beyond maxsnaps was deleted');
    assert.deepEqual(names.map((n) => n.slice(-14)), taken.slice(1), 'the newest two remain');
    const snap = first(await a.client.ok('listSnapshots', { volumeid: String(r.id), intervaltype: 'HOURLY' }), 'snapshot');
    assert.equal(snap.snapshottype, 'HOURLY');
    assert.equal(snap.state, 'BackedUp');
    assert.equal(await storedCount(s, a.accountId, 'snapshot'), 2);
    const ev = (await a.client.ok('listEvents', { type: 'SNAPSHOT.DELETE' })).event as Json[];
    assert.equal(ev.length, 1);
    // A policy of a deleted volume goes at its next run.
    const data = await ok(a.client, 'createVolume', { name: 'sched', diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(v.id) }, 'volume');
    await a.client.ok('createSnapshotPolicy', { volumeid: String(data.id), intervaltype: 'DAILY', schedule: '00:13', timezone: 'UTC', maxsnaps: 1 });
    await ok(a.client, 'detachVolume', { id: String(data.id) }, 'volume');
    await a.client.ok('deleteVolume', { id: String(data.id) });
    assert.deepEqual(((await a.client.ok('listSnapshotPolicies', {})).snapshotpolicy as Json[]).map((x) => x.id), [p.id]);
  });
});
