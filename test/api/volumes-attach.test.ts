// Volumes with real deployed VMs on the simulator: attach (an Allocated volume is created on a
// pool the VM reaches; with a VM that never started it waits for the start), detach, the
// reference fields of an attached volume, the data disk limit, resize and migrate of attached
// volumes, refusals (ROOT, attached, other zone, other tenant), and pool delete vetoes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { first, newZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded, storedCount, vm } from '../helpers/vms.js';

const GiB = 1024 ** 3;

async function createVolume(c: CsClient, params: Record<string, string | number | boolean>): Promise<Json> {
  const j = await c.job('createVolume', params);
  assert.equal(j.jobstatus, 1, `createVolume failed: ${JSON.stringify(j.jobresult)}`);
  return (j.jobresult as Json).volume as Json;
}

async function volumeJob(c: CsClient, command: string, params: Record<string, string | number | boolean>): Promise<Json> {
  const j = await c.job(command, params);
  assert.equal(j.jobstatus, 1, `${command} failed: ${JSON.stringify(j.jobresult)}`);
  return (j.jobresult as Json).volume as Json;
}

async function volume(c: CsClient, id: string): Promise<Json> {
  return first(await c.ok('listVolumes', { id, listall: true }), 'volume');
}

async function pool(admin: CsClient, id: string): Promise<Json> {
  return first(await admin.ok('listStoragePools', { id }), 'storagepool');
}

describe('volumes attached to VMs', () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let running: Json;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
    running = await deploy(user.client, z, { name: uniqueName('vm').replace(/[^a-z0-9-]/gi, '-') });
  });
  after(async () => s.close());

  it('attaches an Allocated volume to a running VM: it is created on a pool and shows the VM fields', async () => {
    const v = await createVolume(user.client, { name: 'att1', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const started = await user.client.ok('attachVolume', { id: String(v.id), virtualmachineid: String(running.id) });
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(j.cmd, 'org.apache.cloudstack.api.command.user.volume.AttachVolumeCmd');
    const a = (j.jobresult as Json).volume as Json;
    assert.equal(a.state, 'Ready');
    assert.equal(a.virtualmachineid, running.id);
    assert.equal(a.vmname, running.name);
    assert.equal(a.vmstate, 'Running');
    assert.equal(a.deviceid, 1);
    assert.match(String(a.attached), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    assert.equal(a.storage, 'PS0');
    assert.equal(a.hypervisor, 'Simulator');
    assert.equal(a.storageid, undefined, 'a user does not see the pool id');
    const asAdmin = await volume(s.admin, String(v.id));
    assert.ok(asAdmin.storageid, 'the root admin sees the pool id');
    assert.ok(asAdmin.path);
    // Ansible cs_volume finds it by type and zone and decides attachment by `attached`.
    const listed = ((await user.client.ok('listVolumes', { type: 'DATADISK', zoneid: z.zoneId })).volume as Json[]).find((x) => x.id === v.id)!;
    assert.ok('attached' in listed);
    assert.equal(listed.virtualmachineid, running.id);
    const ofVm = ((await user.client.ok('listVolumes', { virtualmachineid: String(running.id) })).volume as Json[]).map((x) => [x.type, x.deviceid]);
    assert.deepEqual(ofVm.sort(), [['DATADISK', 1], ['ROOT', 0]]);
    const root = ((await user.client.ok('listVolumes', { virtualmachineid: String(running.id), type: 'ROOT' })).volume as Json[])[0]!;
    assert.equal(root.serviceofferingid, z.small, 'a root disk names its compute offering');
    assert.equal(root.templateid, z.templateId);
    const ev = (await user.client.ok('listEvents', { type: 'VOLUME.ATTACH' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === v.id));
    // Admin filters by where the disk is: host of its VM, pool, pod, cluster.
    const host = String((await vm(s.admin, String(running.id))).hostid);
    const byHost = ((await s.admin.ok('listVolumes', { hostid: host, listall: true })).volume as Json[]).map((x) => x.id);
    assert.ok(byHost.includes(v.id) && byHost.includes(root.id));
    const byPool = ((await s.admin.ok('listVolumes', { storageid: String(asAdmin.storageid), listall: true })).volume as Json[]).map((x) => x.id);
    assert.ok(byPool.includes(v.id));
    const byPod = ((await s.admin.ok('listVolumes', { podid: z.podId, listall: true })).volume as Json[]).map((x) => x.id);
    assert.ok(byPod.includes(v.id), 'the VM runs in the pod');
    await expectError(s.admin, 'listVolumes', { hostid: '7f000000-0000-4000-8000-000000000000' }, 431);
  });

  it('detaches by VM and device id, and re-attaches at a chosen device id', async () => {
    const v = await createVolume(user.client, { name: 'att2', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const a = await volumeJob(user.client, 'attachVolume', { id: String(v.id), virtualmachineid: String(running.id) });
    const d = await volumeJob(user.client, 'detachVolume', { virtualmachineid: String(running.id), deviceid: Number(a.deviceid) });
    assert.equal(d.id, v.id);
    assert.equal(d.state, 'Ready', 'a detached volume keeps its disk');
    assert.equal(d.attached, undefined);
    assert.equal(d.virtualmachineid, undefined);
    assert.equal(d.deviceid, undefined);
    const r = await volumeJob(user.client, 'attachVolume', { id: String(v.id), virtualmachineid: String(running.id), deviceid: 5 });
    assert.equal(r.deviceid, 5);
    await expectError(user.client, 'attachVolume', { id: String(v.id), virtualmachineid: String(running.id) }, 431, /already attached/);
    const other2 = await createVolume(user.client, { name: 'att3', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    await expectError(user.client, 'attachVolume', { id: String(other2.id), virtualmachineid: String(running.id), deviceid: 5 }, 431, /deviceId 5 is used/);
    await volumeJob(user.client, 'detachVolume', { id: String(v.id) });
    const ev = (await user.client.ok('listEvents', { type: 'VOLUME.DETACH' })).event as Json[];
    assert.equal(ev.filter((e) => e.resourceid === v.id).length, 2);
  });

  it('refuses ROOT volumes, unattached detaches, wrong zones and bad device ids with 431, changing nothing', async () => {
    const root = ((await user.client.ok('listVolumes', { virtualmachineid: String(running.id), type: 'ROOT' })).volume as Json[])[0]!;
    await expectError(user.client, 'detachVolume', { id: String(root.id) }, 431, /ROOT/);
    await expectError(user.client, 'attachVolume', { id: String(root.id), virtualmachineid: String(running.id) }, 431, /ROOT/);
    await expectError(user.client, 'deleteVolume', { id: String(root.id) }, 431, /not attached/);
    await expectError(user.client, 'destroyVolume', { id: String(root.id) }, 431, /not attached/);
    const v = await createVolume(user.client, { name: 'loose', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    await expectError(user.client, 'detachVolume', { id: String(v.id) }, 431, /attached to a VM/);
    await expectError(user.client, 'detachVolume', { virtualmachineid: String(running.id) }, 431, /tuple/);
    await expectError(user.client, 'attachVolume', { id: String(v.id), virtualmachineid: String(running.id), deviceid: 99 }, 431, /deviceId should be/);
    const zone2 = await newZone(s.admin, { allocationstate: 'Enabled' });
    const far = await createVolume(user.client, { name: 'far', diskofferingid: z.diskSmall, zoneid: String(zone2.id) });
    await expectError(user.client, 'attachVolume', { id: String(far.id), virtualmachineid: String(running.id) }, 431, /same zone/);
    assert.equal((await volume(user.client, String(v.id))).state, 'Allocated');
    assert.equal((await volume(user.client, String(far.id))).virtualmachineid, undefined);
  });

  it('createVolume with virtualmachineid attaches at once', async () => {
    const v = await createVolume(user.client, { name: 'direct', diskofferingid: z.diskCustom, size: 2, zoneid: z.zoneId, virtualmachineid: String(running.id) });
    assert.equal(v.virtualmachineid, running.id);
    assert.equal(v.state, 'Ready');
    assert.ok(v.attached);
    await volumeJob(user.client, 'detachVolume', { id: String(v.id) });
  });

  it('a VM that never started gets the volume as a row; its start creates the disk', async () => {
    const stopped = await deploy(user.client, z, { name: uniqueName('cold').replace(/[^a-z0-9-]/gi, '-'), startvm: false });
    assert.equal(stopped.state, 'Stopped');
    const v = await createVolume(user.client, { name: 'cold-data', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const a = await volumeJob(user.client, 'attachVolume', { id: String(v.id), virtualmachineid: String(stopped.id) });
    assert.equal(a.state, 'Allocated');
    assert.ok(a.attached);
    assert.equal(a.vmstate, 'Stopped');
    const j = await user.client.job('startVirtualMachine', { id: String(stopped.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const after = await volume(user.client, String(v.id));
    assert.equal(after.state, 'Ready');
    assert.equal(after.storage, 'PS0');
    assert.equal(after.vmstate, 'Running');
  });

  it('refuses a seventh data disk (the Simulator hypervisor takes six)', async () => {
    const target = await deploy(user.client, z, { name: uniqueName('full').replace(/[^a-z0-9-]/gi, '-') });
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const v = await createVolume(user.client, { name: `disk${i}`, diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(target.id) });
      ids.push(Number(v.deviceid));
    }
    assert.deepEqual(ids, [1, 2, 4, 5, 6, 7], 'device 3 is kept for the CD-ROM');
    const seventh = await createVolume(user.client, { name: 'disk7', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    await expectError(user.client, 'attachVolume', { id: String(seventh.id), virtualmachineid: String(target.id) }, 431, /maximum number of data disks \(6\)/);
    await expectError(user.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(target.id) }, 431, /maximum number/);
  });

  it('resizes an attached volume on its pool; a failed shrink leaves it as it was', async () => {
    const v = await createVolume(user.client, { name: 'grow', diskofferingid: z.diskCustom, size: 2, zoneid: z.zoneId, virtualmachineid: String(running.id) });
    const adminView = await volume(s.admin, String(v.id));
    const poolBefore = Number((await pool(s.admin, String(adminView.storageid))).disksizeallocated);
    const countBefore = await storedCount(s, user.accountId, 'primary_storage');
    const r = await volumeJob(user.client, 'resizeVolume', { id: String(v.id), size: 3 });
    assert.equal(r.size, 3 * GiB);
    assert.equal(r.state, 'Ready');
    assert.equal(Number((await pool(s.admin, String(adminView.storageid))).disksizeallocated), poolBefore + GiB);
    assert.equal(await storedCount(s, user.accountId, 'primary_storage'), countBefore + GiB);
    // The simulator's disks cannot shrink: the job fails and nothing changes.
    const j = await user.client.job('resizeVolume', { id: String(v.id), size: 1, shrinkok: true });
    assert.equal(j.jobstatus, 2);
    assert.match(String((j.jobresult as Json).errortext), /[Ss]hrink/);
    const after = await volume(user.client, String(v.id));
    assert.deepEqual([after.size, after.state], [3 * GiB, 'Ready']);
    assert.equal(await storedCount(s, user.accountId, 'primary_storage'), countBefore + GiB);
    await volumeJob(user.client, 'detachVolume', { id: String(v.id) });
  });

  it('migrates volumes between pools (livemigrate for a running VM); a pool with volumes cannot be deleted', async () => {
    const target = (await s.admin.ok('createStoragePool', {
      zoneid: z.zoneId, name: uniqueName('ps'), url: `sim://test/${uniqueName('p')}`, scope: 'zone', hypervisor: 'Simulator', capacitybytes: 10 * 1024 * GiB,
    })).storagepool as Json;
    const v = await createVolume(user.client, { name: 'mover', diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(running.id) });
    const from = String((await volume(s.admin, String(v.id))).storageid);
    const to = from === target.id ? undefined : String(target.id);
    const dest = to ?? String(first(await s.admin.ok('listStoragePools', { name: 'PS0' }), 'storagepool').id);
    await expectError(s.admin, 'migrateVolume', { volumeid: String(v.id), storageid: dest }, 431, /livemigrate/);
    await expectError(user.client, 'migrateVolume', { volumeid: String(v.id), storageid: dest, livemigrate: true }, 432);
    await expectError(s.admin, 'migrateVolume', { volumeid: String(v.id), storageid: from, livemigrate: true }, 431, /already on/);
    const fromBefore = Number((await pool(s.admin, from)).disksizeallocated);
    const destBefore = Number((await pool(s.admin, dest)).disksizeallocated);
    const m = await volumeJob(s.admin, 'migrateVolume', { volumeid: String(v.id), storageid: dest, livemigrate: true });
    assert.equal(m.storageid, dest);
    assert.equal(m.state, 'Ready');
    assert.equal(m.virtualmachineid, running.id);
    assert.equal(Number((await pool(s.admin, from)).disksizeallocated), fromBefore - 5 * GiB);
    assert.equal(Number((await pool(s.admin, dest)).disksizeallocated), destBefore + 5 * GiB);
    const ev = (await s.admin.ok('listEvents', { type: 'VOLUME.MIGRATE', listall: true })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === v.id));
    // A detached volume moves back without livemigrate.
    await volumeJob(user.client, 'detachVolume', { id: String(v.id) });
    const back = await volumeJob(s.admin, 'migrateVolume', { volumeid: String(v.id), storageid: from });
    assert.equal(back.storageid, from);
    // A pool holding a volume cannot be deleted, even in maintenance.
    if (back.storageid !== target.id) await volumeJob(s.admin, 'migrateVolume', { volumeid: String(v.id), storageid: String(target.id) });
    assert.equal((await s.admin.job('enableStorageMaintenance', { id: String(target.id) })).jobstatus, 1);
    await expectError(s.admin, 'deleteStoragePool', { id: String(target.id) }, 536, /associated non-destroyed vols/);
    assert.equal((await s.admin.job('cancelStorageMaintenance', { id: String(target.id) })).jobstatus, 1);
    await user.client.ok('deleteVolume', { id: String(v.id) });
  });

  it('another account can neither attach to nor detach from the VM, nor attach its volume to it', async () => {
    const mine = await createVolume(user.client, { name: 'guarded', diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(running.id) });
    const theirs = await createVolume(other.client, { name: 'intruder', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    await expectError(other.client, 'attachVolume', { id: String(theirs.id), virtualmachineid: String(running.id) }, 531);
    await expectError(other.client, 'detachVolume', { id: String(mine.id) }, 531);
    await expectError(other.client, 'detachVolume', { virtualmachineid: String(running.id), deviceid: Number(mine.deviceid) }, 531);
    await expectError(other.client, 'resizeVolume', { id: String(mine.id), size: 9 }, 531);
    await expectError(other.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(running.id) }, 531);
    const otherVm = await deploy(other.client, z, { name: uniqueName('ovm').replace(/[^a-z0-9-]/gi, '-') });
    await expectError(user.client, 'attachVolume', { id: String(mine.id), virtualmachineid: String(otherVm.id) }, 531);
    await expectError(s.admin, 'attachVolume', { id: String(theirs.id), virtualmachineid: String(running.id) }, 531, /different accounts/);
    assert.equal((await volume(user.client, String(mine.id))).virtualmachineid, running.id);
    assert.equal((await volume(other.client, String(theirs.id))).virtualmachineid, undefined);
    assert.deepEqual(((await other.client.ok('listVolumes', { virtualmachineid: String(running.id) })).volume as Json[] | undefined) ?? [], []);
    assert.equal((await vm(user.client, String(running.id))).state, 'Running');
  });
});
