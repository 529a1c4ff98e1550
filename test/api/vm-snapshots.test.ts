// VM snapshots through signed HTTP on deployed simulator VMs: createVMSnapshot (every disk
// backed up; snapshotmemory recorded as DiskAndMemory; the new one current, the old current its
// parent), listVMSnapshot, revertToVMSnapshot (the VM ends Stopped for a disk snapshot and
// Running for a memory one, as in CloudStack), deleteVMSnapshot (parent becomes current), the
// volume operations VM snapshots block, vmsnapshot.max, bad input, tenant isolation, image
// store vetoes, and the cleanup after a VM is expunged or its account deleted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import { type ClockServer, startClockServer } from '../helpers/clock-server.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count } from '../helpers/infra.js';
import { type Seeded, deploy, seeded, vm as vmOf } from '../helpers/vms.js';

const vmName = () => uniqueName('vm').replace(/[^a-z0-9-]/gi, '-');

async function ok(c: CsClient, command: string, params: Record<string, string | number | boolean>, key: string): Promise<Json> {
  const j = await c.job(command, params);
  assert.equal(j.jobstatus, 1, `${command} failed: ${JSON.stringify(j.jobresult)}`);
  return (j.jobresult as Json)[key] as Json;
}

async function vmSnapshots(c: CsClient, params: Record<string, string | number | boolean> = {}): Promise<Json[]> {
  return ((await c.ok('listVMSnapshot', params)).vmSnapshot as Json[] | undefined) ?? [];
}

describe('VM snapshots', () => {
  let s: ClockServer;
  let z: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let vm: Json;
  let data: Json;
  before(async () => {
    s = await startClockServer(() => new Date());
    z = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
    vm = await deploy(user.client, z, { name: vmName() });
    data = await ok(user.client, 'createVolume', { name: 'vmsnap-data', diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: String(vm.id) }, 'volume');
  });
  after(async () => s.close());

  it('takes a disk snapshot of a running VM, then a memory one that becomes current with the first as parent', async () => {
    const started = await user.client.ok('createVMSnapshot', { virtualmachineid: String(vm.id), name: 'before-upgrade', description: 'first' });
    assert.equal(typeof started.id, 'string');
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(j.cmd, 'org.apache.cloudstack.api.command.user.vmsnapshot.CreateVMSnapshotCmd');
    const first1 = (j.jobresult as Json).vmsnapshot as Json;
    assert.equal(first1.id, started.id);
    assert.equal(first1.state, 'Ready');
    assert.equal(first1.type, 'Disk');
    assert.equal(first1.current, true);
    assert.equal(first1.displayname, 'before-upgrade');
    assert.equal(first1.description, 'first');
    assert.match(String(first1.name), /^i-\d+-\d+-VM_VS_\d{14}$/);
    assert.equal(first1.virtualmachineid, vm.id);
    assert.equal(first1.virtualmachinename, vm.name);
    assert.equal(first1.zoneid, z.zoneId);
    assert.equal(first1.hypervisor, 'Simulator');
    assert.equal(first1.account, user.name);
    assert.equal(first1.parent, undefined);
    const mem = await ok(user.client, 'createVMSnapshot', { virtualmachineid: String(vm.id), name: 'with-memory', snapshotmemory: true }, 'vmsnapshot');
    assert.equal(mem.type, 'DiskAndMemory');
    assert.equal(mem.current, true);
    assert.equal(mem.parent, first1.id);
    assert.equal(mem.parentName, 'before-upgrade');
    const listed = await vmSnapshots(user.client, { virtualmachineid: String(vm.id) });
    assert.deepEqual(listed.map((x) => [x.displayname, x.current]), [['before-upgrade', false], ['with-memory', true]]);
    assert.deepEqual((await vmSnapshots(user.client, { vmsnapshotid: String(mem.id) })).map((x) => x.id), [mem.id]);
    assert.deepEqual((await vmSnapshots(user.client, { name: 'before-upgrade' })).map((x) => x.id), [first1.id]);
    assert.equal((await vmSnapshots(user.client, { state: 'Ready' })).length, 2);
    const ev = (await user.client.ok('listEvents', { type: 'VMSNAPSHOT.CREATE' })).event as Json[];
    assert.equal(ev.length, 2);
  });

  it('blocks attach, detach, resize, migrate and volume reverts while the VM has VM snapshots', async () => {
    const loose = await ok(user.client, 'createVolume', { name: 'loose', diskofferingid: z.diskSmall, zoneid: z.zoneId }, 'volume');
    await expectError(user.client, 'attachVolume', { id: String(loose.id), virtualmachineid: String(vm.id) }, 431, /VM snapshots/);
    await expectError(user.client, 'detachVolume', { id: String(data.id) }, 431, /VM snapshots/);
    await expectError(user.client, 'resizeVolume', { id: String(data.id), diskofferingid: z.diskCustom, size: 9 }, 431, /VM snapshots/);
    const ps = (await s.admin.ok('createStoragePool', {
      zoneid: z.zoneId, name: uniqueName('ps'), url: `sim://test/${uniqueName('p')}`, scope: 'zone', hypervisor: 'Simulator', capacitybytes: 2 ** 40,
    })).storagepool as Json;
    await expectError(s.admin, 'migrateVolume', { volumeid: String(data.id), storageid: String(ps.id), livemigrate: true }, 431, /VM snapshots/);
    await expectError(user.client, 'createVMSnapshot', { virtualmachineid: String(vm.id), name: 'with-memory' }, 431, /already exists/);
  });

  it('refuses bad input and other tenants, creating nothing', async () => {
    const n = await count(user.client, 'listVMSnapshot');
    const cold = await deploy(user.client, z, { name: vmName(), startvm: false });
    await expectError(user.client, 'createVMSnapshot', { virtualmachineid: String(cold.id), snapshotmemory: true }, 431, /memory/);
    await expectError(user.client, 'createVMSnapshot', { virtualmachineid: String(cold.id) }, 431, /not Ready/);
    await expectError(user.client, 'createVMSnapshot', { virtualmachineid: '7f000000-0000-4000-8000-000000000000' }, 431);
    await expectError(other.client, 'createVMSnapshot', { virtualmachineid: String(vm.id) }, 531);
    const [snap] = await vmSnapshots(user.client, { virtualmachineid: String(vm.id) });
    await expectError(other.client, 'revertToVMSnapshot', { vmsnapshotid: String(snap!.id) }, 531);
    await expectError(other.client, 'deleteVMSnapshot', { vmsnapshotid: String(snap!.id) }, 531);
    assert.deepEqual(await vmSnapshots(other.client, { listall: true }), []);
    assert.deepEqual(await vmSnapshots(other.client, { vmsnapshotid: String(snap!.id) }), []);
    await s.admin.ok('updateConfiguration', { name: 'vmsnapshot.max', value: '2' });
    try {
      await expectError(user.client, 'createVMSnapshot', { virtualmachineid: String(vm.id) }, 431, /can just have : 2 VM snapshots/);
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'vmsnapshot.max', value: '10' });
    }
    assert.equal(await count(user.client, 'listVMSnapshot'), n);
  });

  it('reverting to a disk snapshot leaves the VM Stopped; to a memory snapshot, Running', async () => {
    const [disk, mem] = await vmSnapshots(user.client, { virtualmachineid: String(vm.id) });
    const started = await user.client.ok('revertToVMSnapshot', { vmsnapshotid: String(disk!.id) });
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(j.cmd, 'org.apache.cloudstack.api.command.user.vmsnapshot.RevertToVMSnapshotCmd');
    const v = (j.jobresult as Json).virtualmachine as Json;
    assert.equal(v.id, vm.id);
    assert.equal(v.state, 'Stopped');
    assert.equal((await vmOf(user.client, String(vm.id))).state, 'Stopped');
    assert.deepEqual((await vmSnapshots(user.client, { virtualmachineid: String(vm.id) })).map((x) => [x.id, x.current]), [[disk!.id, true], [mem!.id, false]]);
    const back = await ok(user.client, 'revertToVMSnapshot', { vmsnapshotid: String(mem!.id) }, 'virtualmachine');
    assert.equal(back.state, 'Running');
    assert.equal((await vmOf(user.client, String(vm.id))).state, 'Running');
    const ev = (await user.client.ok('listEvents', { type: 'VMSNAPSHOT.REVERTTO' })).event as Json[];
    assert.equal(ev.length, 2);
  });

  it('deleting the current snapshot makes its parent current; a store holding VM snapshots cannot be deleted', async () => {
    const store = (await s.admin.ok('addImageStore', { name: uniqueName('ss'), provider: 'Simulator', url: `sim://test/${uniqueName('ss')}`, zoneid: z.zoneId })).imagestore as Json;
    const third = await ok(user.client, 'createVMSnapshot', { virtualmachineid: String(vm.id), name: 'third' }, 'vmsnapshot');
    await expectError(s.admin, 'deleteImageStore', { id: String(store.id) }, 536, /VM snapshots/);
    const [disk, mem] = await vmSnapshots(user.client, { virtualmachineid: String(vm.id) });
    assert.equal(third.parent, mem!.id);
    const j = await user.client.job('deleteVMSnapshot', { vmsnapshotid: String(third.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.deepEqual(j.jobresult, { success: true });
    assert.deepEqual((await vmSnapshots(user.client, { virtualmachineid: String(vm.id) })).map((x) => [x.id, x.current]), [[disk!.id, false], [mem!.id, true]]);
    await s.admin.ok('deleteImageStore', { id: String(store.id) });
    const ev = (await user.client.ok('listEvents', { type: 'VMSNAPSHOT.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === third.id));
    // With no VM snapshots left, the disks can be managed again.
    for (const x of [disk!, mem!]) assert.equal((await user.client.job('deleteVMSnapshot', { vmsnapshotid: String(x.id) })).jobstatus, 1);
    const d = await ok(user.client, 'detachVolume', { id: String(data.id) }, 'volume');
    assert.equal(d.virtualmachineid, undefined);
  });

  it('the VM snapshots of an expunged VM are collected; an account delete removes its VM snapshots', async () => {
    const gone = await deploy(user.client, z, { name: vmName() });
    const snap = await ok(user.client, 'createVMSnapshot', { virtualmachineid: String(gone.id) }, 'vmsnapshot');
    assert.equal((await s.admin.job('destroyVirtualMachine', { id: String(gone.id), expunge: true })).jobstatus, 1);
    await s.tick();
    assert.deepEqual(await vmSnapshots(s.admin, { vmsnapshotid: String(snap.id), listall: true }).catch(() => []), []);
    const a = await newAccount(s);
    const v = await deploy(a.client, z, { name: vmName() });
    const kept = await ok(a.client, 'createVMSnapshot', { virtualmachineid: String(v.id) }, 'vmsnapshot');
    assert.equal((await s.admin.job('deleteAccount', { id: a.accountId })).jobstatus, 1);
    assert.deepEqual(await vmSnapshots(s.admin, { listall: true }).then((xs) => xs.filter((x) => x.id === kept.id)), []);
  });
});
