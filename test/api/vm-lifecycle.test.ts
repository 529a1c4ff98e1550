// The VM lifecycle through signed HTTP: deploy (job result with nic), list, stop, start,
// reboot, destroy, recover, expunge, illegal transitions (431 naming the state), user data,
// offering changes, updates, events, limits and disks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { first } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, host, seeded, disksOfVm, storedCount, vm, volumesOf } from '../helpers/vms.js';

const GiB = 1024 ** 3;

describe('virtual machine lifecycle', () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s, { type: 'user' });
  });
  after(async () => s.close());

  it('deploys a running VM with a NIC, a root disk and the reference response', async () => {
    const name = uniqueName('web').replace(/[^a-z0-9-]/gi, '-');
    const v = await deploy(user.client, z, { name, displayname: 'Web server' });
    assert.equal(v.state, 'Running');
    assert.equal(v.name, name);
    assert.equal(v.displayname, 'Web server');
    assert.equal(v.account, user.name);
    assert.equal(v.zoneid, z.zoneId);
    assert.equal(v.templateid, z.templateId);
    assert.equal(v.serviceofferingid, z.small);
    assert.equal(v.cpunumber, 1);
    assert.equal(v.cpuspeed, 500);
    assert.equal(v.memory, 512);
    assert.equal(v.hypervisor, 'Simulator');
    assert.equal(v.hostid, undefined, 'a user does not see the host');
    assert.equal(v.instancename, undefined);
    const nics = v.nic as Json[];
    assert.equal(nics.length, 1);
    assert.equal(nics[0]!.isdefault, true);
    assert.match(String(nics[0]!.ipaddress), /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(v.ipaddress, nics[0]!.ipaddress);
    assert.deepEqual(v.tags, []);
    const vols = await volumesOf(user.client, String(v.id));
    if (vols) {
      const root = vols.find((x) => x.type === 'ROOT')!;
      assert.equal(root.state, 'Ready');
      assert.ok(root.attached, 'the root disk is attached');
    }
    const listed = await vm(user.client, String(v.id));
    assert.equal(listed.state, 'Running');
    const asAdmin = await vm(s.admin, String(v.id));
    assert.ok(asAdmin.hostid, 'the root admin sees the host');
    assert.match(String(asAdmin.instancename), /^i-\d+-\d+-VM$/);
    const ev = (await user.client.ok('listEvents', { type: 'VM.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === v.id));
  });

  it('stops, starts, reboots and refuses illegal transitions with 431 naming the state', async () => {
    const v = await deploy(user.client, z);
    const id = String(v.id);
    await expectError(user.client, 'startVirtualMachine', { id }, 431, /state Running/);
    let j = await user.client.job('stopVirtualMachine', { id });
    assert.equal(j.jobstatus, 1);
    assert.equal(((j.jobresult as Json).virtualmachine as Json).state, 'Stopped');
    await expectError(user.client, 'rebootVirtualMachine', { id }, 431, /state Stopped/);
    // Stopping a stopped VM is a no-op, as in CloudStack.
    j = await user.client.job('stopVirtualMachine', { id });
    assert.equal(j.jobstatus, 1);
    j = await user.client.job('startVirtualMachine', { id });
    assert.equal(((j.jobresult as Json).virtualmachine as Json).state, 'Running');
    j = await user.client.job('rebootVirtualMachine', { id });
    assert.equal(j.jobstatus, 1);
    await expectError(user.client, 'recoverVirtualMachine', { id }, 531, /allow.user.expunge.recover.vm/);
    await expectError(s.admin, 'recoverVirtualMachine', { id }, 431, /state Running/);
    await expectError(user.client, 'startVirtualMachine', { id: 'no-such-vm' }, 431);
    const types = ((await user.client.ok('listEvents', { pagesize: 500 })).event as Json[]).filter((e) => e.resourceid === id).map((e) => e.type);
    for (const t of ['VM.STOP', 'VM.START', 'VM.REBOOT']) assert.ok(types.includes(t), t);
  });

  it('leaves a VM Stopped with startvm=false (libcloud) and starts it later', async () => {
    const v = await deploy(user.client, z, { startvm: 'False' });
    assert.equal(v.state, 'Stopped');
    assert.ok((v.nic as Json[]).length === 1, 'the NIC is there already');
    const j = await user.client.job('startVirtualMachine', { id: String(v.id) });
    assert.equal(((j.jobresult as Json).virtualmachine as Json).state, 'Running');
  });

  it('claims and gives back host capacity exactly', async () => {
    const v = await deploy(s.admin, z, { hostid: String((await deploy(s.admin, z)).hostid) });
    const hostId = String(v.hostid);
    const before = await host(s.admin, hostId);
    await s.admin.job('stopVirtualMachine', { id: String(v.id) });
    const stopped = await host(s.admin, hostId);
    assert.equal(Number(before.cpuallocatedvalue) - Number(stopped.cpuallocatedvalue), 500);
    assert.equal(Number(before.memoryallocated) - Number(stopped.memoryallocated), 512 * 1024 ** 2);
    const j = await s.admin.job('startVirtualMachine', { id: String(v.id), hostid: hostId });
    assert.equal(((j.jobresult as Json).virtualmachine as Json).hostid, hostId);
    assert.equal(Number((await host(s.admin, hostId)).cpuallocatedvalue), Number(before.cpuallocatedvalue));
  });

  it('destroys, recovers, and expunges (admin), with counts given back', async () => {
    const acct = await newAccount(s, { type: 'user' });
    const v = await deploy(acct.client, z, { diskofferingid: z.diskSmall });
    const id = String(v.id);
    const count = () => storedCount(s, acct.accountId, 'user_vm');
    assert.equal(await count(), 1);
    let j = await acct.client.job('destroyVirtualMachine', { id });
    assert.equal(((j.jobresult as Json).virtualmachine as Json).state, 'Destroyed');
    assert.equal(await count(), 0);
    assert.equal(await acct.client.ok('listVirtualMachines', { id }).then((r) => r.count), undefined, 'users do not see destroyed VMs');
    assert.equal((await vm(s.admin, id)).state, 'Destroyed');
    await expectError(acct.client, 'recoverVirtualMachine', { id }, 531, /allow.user.expunge.recover.vm/);
    await expectError(acct.client, 'expungeVirtualMachine', { id }, 531);
    const r = await s.admin.ok('recoverVirtualMachine', { id });
    assert.equal((r.virtualmachine as Json).state, 'Stopped');
    assert.equal(await count(), 1);
    j = await s.admin.job('destroyVirtualMachine', { id });
    j = await s.admin.job('expungeVirtualMachine', { id });
    assert.equal(j.jobstatus, 1);
    assert.deepEqual(j.jobresult, { success: true });
    assert.equal((await s.admin.ok('listVirtualMachines', { id, listall: true })).count, undefined);
    await expectError(s.admin, 'expungeVirtualMachine', { id }, 431);
    const disks = await disksOfVm(s, id);
    assert.deepEqual(disks.map((d) => [d.type, d.state, d.attached]).sort(), [['DATADISK', 'Ready', false], ['ROOT', 'Expunged', false]], 'the root disk is deleted, the data disk detached');
  });

  it('destroys with expunge=true in one job (Ansible state=expunged)', async () => {
    const v = await deploy(s.admin, z);
    const j = await s.admin.job('destroyVirtualMachine', { id: String(v.id), expunge: true });
    assert.equal(j.jobstatus, 1);
    assert.match(String(((j.jobresult as Json).virtualmachine as Json).state), /Destroyed|Expunging/);
    assert.equal((await s.admin.ok('listVirtualMachines', { id: String(v.id), listall: true })).count, undefined);
  });

  it('keeps user data (getVirtualMachineUserData returns it) and lists it on request', async () => {
    const data = Buffer.from('#cloud-config\nhostname: x\n').toString('base64');
    const v = await deploy(user.client, z, { userdata: data, startvm: false });
    const r = await user.client.ok('getVirtualMachineUserData', { virtualmachineid: String(v.id) });
    assert.deepEqual(r.virtualmachineuserdata, { virtualmachineid: v.id, userdata: data });
    assert.equal((await vm(user.client, String(v.id))).userdata, undefined);
    const withData = first(await user.client.ok('listVirtualMachines', { id: String(v.id), userdata: true }), 'virtualmachine');
    assert.equal(withData.userdata, data);
    await expectError(user.client, 'deployVirtualMachine', { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: z.small, userdata: '!!not base64!!' }, 431, /base64/);
  });

  it('refuses bad input with 431 and changes nothing', async () => {
    const before = Number((await user.client.ok('listVirtualMachines')).count ?? 0);
    const base = { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: z.small };
    await expectError(user.client, 'deployVirtualMachine', { templateid: z.templateId, serviceofferingid: z.small }, 431, /zoneid/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, serviceofferingid: '00000000-0000-0000-0000-000000000000' }, 431);
    await expectError(user.client, 'deployVirtualMachine', { ...base, templateid: '00000000-0000-0000-0000-000000000000' }, 431);
    await expectError(user.client, 'deployVirtualMachine', { ...base, name: '1-starts-with-digit' }, 431, /Invalid name/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, rootdisksize: 1 }, 431, /smaller than the template/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, diskofferingid: z.diskCustom }, 431, /size/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, keypair: 'no-such-key' }, 431, /no-such-key/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, hostid: '00000000-0000-0000-0000-000000000000' }, 531, /Root Admin/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, networkids: '00000000-0000-0000-0000-000000000000' }, 431);
    const taken = await deploy(user.client, z, { name: uniqueName('dup').replace(/[^a-z0-9-]/gi, '-'), startvm: false });
    await expectError(user.client, 'deployVirtualMachine', { ...base, name: String(taken.name) }, 431, /already exists/);
    assert.equal(Number((await user.client.ok('listVirtualMachines')).count ?? 0), before + 1);
  });

  it('creates a data disk and a bigger root disk, and deletes them on expunge', async () => {
    const v = await deploy(s.admin, z, { diskofferingid: z.diskCustom, size: 3, rootdisksize: 20 });
    const vols = await volumesOf(s.admin, String(v.id));
    if (vols) {
      assert.equal(vols.find((x) => x.type === 'ROOT')?.size, 20 * GiB);
      assert.equal(vols.find((x) => x.type === 'DATADISK')?.size, 3 * GiB);
    }
    assert.equal(v.diskofferingid, z.diskCustom);
    await s.admin.job('destroyVirtualMachine', { id: String(v.id), expunge: true, volumeids: vols ? String(vols.find((x) => x.type === 'DATADISK')?.id) : '' });
  });

  it('enforces the VM limit with 535 and changes nothing', async () => {
    const acct = await newAccount(s, { type: 'user' });
    await s.admin.ok('updateResourceLimit', { account: acct.name, domainid: acct.domainId, resourcetype: 0, max: 1 });
    await deploy(acct.client, z, { startvm: false });
    await expectError(acct.client, 'deployVirtualMachine', { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: z.small }, 535);
    assert.equal((await acct.client.ok('listVirtualMachines')).count, 1);
  });

  it('changes the offering of a stopped VM and scales it as a job; refuses a running one without dynamic scaling', async () => {
    const v = await deploy(user.client, z);
    const id = String(v.id);
    await expectError(user.client, 'changeServiceForVirtualMachine', { id, serviceofferingid: z.medium }, 431, /state Running/);
    await expectError(user.client, 'scaleVirtualMachine', { id, serviceofferingid: z.medium }, 431, /dynamic scaling/);
    await user.client.job('stopVirtualMachine', { id });
    const r = await user.client.ok('changeServiceForVirtualMachine', { id, serviceofferingid: z.medium });
    assert.equal((r.virtualmachine as Json).memory, 1024);
    await expectError(user.client, 'changeServiceForVirtualMachine', { id, serviceofferingid: z.medium }, 431, /already has/);
    const j = await user.client.job('scaleVirtualMachine', { id, serviceofferingid: z.small });
    assert.equal(((j.jobresult as Json).virtualmachine as Json).memory, 512);
    const ev = ((await user.client.ok('listEvents', { type: 'VM.UPGRADE' })).event as Json[]).filter((e) => e.resourceid === id);
    assert.equal(ev.length, 2);
  });

  it('scales a running VM when dynamic scaling is enabled', async () => {
    await s.admin.ok('updateConfiguration', { name: 'enable.dynamic.scale.vm', value: 'true' });
    try {
      const v = await deploy(s.admin, z, { dynamicscalingenabled: true });
      const dyn = (await s.admin.ok('createServiceOffering', {
        name: uniqueName('dyn'), displaytext: 'dyn', cpunumber: 2, cpuspeed: 500, memory: 1024, dynamicscalingenabled: true,
      })).serviceoffering as Json;
      const hostBefore = await host(s.admin, String(v.hostid));
      const j = await s.admin.job('scaleVirtualMachine', { id: String(v.id), serviceofferingid: String(dyn.id) });
      assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
      const after = (j.jobresult as Json).virtualmachine as Json;
      assert.deepEqual([after.state, after.cpunumber, after.memory], ['Running', 2, 1024]);
      const hostAfter = await host(s.admin, String(v.hostid));
      assert.equal(Number(hostAfter.cpuallocatedvalue) - Number(hostBefore.cpuallocatedvalue), 500);
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'enable.dynamic.scale.vm', value: 'false' });
    }
  });

  it('updates names, group, HA and details; renames only a stopped VM', async () => {
    const v = await deploy(user.client, z);
    const id = String(v.id);
    let r = (await user.client.ok('updateVirtualMachine', { id, displayname: 'New display', group: 'g1', haenable: true, 'details[0].foo': 'bar' })).virtualmachine as Json;
    assert.deepEqual([r.displayname, r.group, r.haenable], ['New display', 'g1', true]);
    assert.deepEqual(r.details, { foo: 'bar' });
    await expectError(user.client, 'updateVirtualMachine', { id, name: 'renamed' }, 431, /state Running/);
    await user.client.job('stopVirtualMachine', { id });
    r = (await user.client.ok('updateVirtualMachine', { id, name: 'renamed-vm' })).virtualmachine as Json;
    assert.equal(r.name, 'renamed-vm');
  });

  it('resets the password of a password-enabled template (new password in the job result)', async () => {
    await s.admin.ok('updateTemplate', { id: z.templateId, passwordenabled: true });
    try {
      const v = await deploy(user.client, z);
      assert.equal(v.passwordenabled, true);
      assert.ok(typeof v.password === 'string' && v.password.length >= 6, 'deploy answers the generated password');
      await expectError(user.client, 'resetPasswordForVirtualMachine', { id: String(v.id) }, 431, /stopped/);
      await user.client.job('stopVirtualMachine', { id: String(v.id) });
      const j = await user.client.job('resetPasswordForVirtualMachine', { id: String(v.id) });
      const pw = ((j.jobresult as Json).virtualmachine as Json).password;
      assert.ok(typeof pw === 'string' && pw !== v.password);
      assert.equal((await vm(user.client, String(v.id))).password, undefined, 'lists never show it');
    } finally {
      await s.admin.ok('updateTemplate', { id: z.templateId, passwordenabled: false });
    }
    const plain = await deploy(user.client, z, { startvm: false });
    await expectError(user.client, 'resetPasswordForVirtualMachine', { id: String(plain.id) }, 431, /not password enabled/);
  });

  it('migrates a running VM (admin) to a chosen or an automatic host', async () => {
    const v = await deploy(s.admin, z);
    const hosts = ((await s.admin.ok('listHosts', { zoneid: z.zoneId, type: 'Routing', state: 'Up' })).host as Json[]).map((h) => String(h.id));
    const other = hosts.find((h) => h !== v.hostid)!;
    let j = await s.admin.job('migrateVirtualMachine', { virtualmachineid: String(v.id), hostid: other });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(((j.jobresult as Json).virtualmachine as Json).hostid, other);
    j = await s.admin.job('migrateVirtualMachine', { virtualmachineid: String(v.id) });
    assert.equal(j.jobstatus, 1);
    assert.notEqual(((j.jobresult as Json).virtualmachine as Json).hostid, other);
    await expectError(s.admin, 'migrateVirtualMachine', { virtualmachineid: String(v.id), hostid: String(((j.jobresult as Json).virtualmachine as Json).hostid) }, 431, /already running/);
    const u = await deploy(user.client, z);
    await expectError(user.client, 'migrateVirtualMachine', { virtualmachineid: String(u.id) }, 432);
  });

  it('lists with filters, pages, and metrics', async () => {
    const acct = await newAccount(s, { type: 'user' });
    const a = await deploy(acct.client, z, { name: 'alpha-one' });
    const b = await deploy(acct.client, z, { name: 'beta-two', startvm: false, serviceofferingid: z.medium });
    const ids = (r: Json) => ((r.virtualmachine as Json[] | undefined) ?? []).map((x) => x.id);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { state: 'Running' })), [a.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { state: 'stopped' })), [b.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { name: 'beta' })), [b.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { keyword: 'ALPHA' })), [a.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { serviceofferingid: z.medium })), [b.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { ids: `${String(a.id)},${String(b.id)}` })), [a.id, b.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { templateid: z.templateId, zoneid: z.zoneId })), [a.id, b.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { networkid: String((a.nic as Json[])[0]!.networkid) })), [a.id, b.id]);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { page: 2, pagesize: 1 })), [b.id]);
    assert.equal((await acct.client.ok('listVirtualMachines', { page: 2, pagesize: 1 })).count, 2);
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { vpcid: z.zoneId })), []);
    assert.deepEqual(ids(await s.admin.ok('listVirtualMachines', { account: acct.name, domainid: acct.domainId, hostid: String((await vm(s.admin, String(a.id))).hostid) })), [a.id]);
    await expectError(acct.client, 'listVirtualMachines', { state: 'Sleeping' }, 431);
    const m = first(await acct.client.ok('listVirtualMachinesMetrics', { id: String(a.id) }), 'virtualmachine');
    assert.equal(m.cputotal, '0.50 Ghz');
    assert.equal(m.memorytotal, '0.50 GB');
    const tags = await acct.client.job('createTags', { resourcetype: 'UserVm', resourceids: String(a.id), 'tags[0].key': 'role', 'tags[0].value': 'web' });
    assert.equal(tags.jobstatus, 1, JSON.stringify(tags.jobresult));
    assert.deepEqual(ids(await acct.client.ok('listVirtualMachines', { 'tags[0].key': 'role', 'tags[0].value': 'web' })), [a.id]);
    const tagged = await vm(acct.client, String(a.id));
    assert.deepEqual((tagged.tags as Json[]).map((t) => [t.key, t.value, t.resourcetype]), [['role', 'web', 'UserVm']]);
  });
  it('deploys with SSH key pairs, resets them, and hands out the password encrypted for the key (getVMPassword)', async () => {
    const k1 = (await user.client.ok('createSSHKeyPair', { name: uniqueName('k1') })).keypair as Json;
    const k2 = (await user.client.ok('createSSHKeyPair', { name: uniqueName('k2') })).keypair as Json;
    const v = await deploy(user.client, z, { keypair: String(k1.name), startvm: false });
    assert.equal(v.keypairs, k1.name);
    assert.deepEqual(ids(await user.client.ok('listVirtualMachines', { keypair: String(k1.name) })), [v.id]);
    await expectError(user.client, 'getVMPassword', { id: String(v.id) }, 431, /No password/);
    await s.admin.ok('updateTemplate', { id: z.templateId, passwordenabled: true });
    try {
      const j = await user.client.job('resetSSHKeyForVirtualMachine', { id: String(v.id), keypair: String(k2.name) });
      assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
      const after = (j.jobresult as Json).virtualmachine as Json;
      assert.equal(after.keypairs, k2.name);
      assert.equal(typeof after.password, 'string', 'a password-enabled template gets a new password with the new key');
      const enc = ((await user.client.ok('getVMPassword', { id: String(v.id) })).password as Json).encryptedpassword;
      assert.equal(decrypt(String(k2.privatekey), String(enc)), after.password, 'only the new key opens it');
    } finally {
      await s.admin.ok('updateTemplate', { id: z.templateId, passwordenabled: false });
    }
    await user.client.job('startVirtualMachine', { id: String(v.id) });
    await expectError(user.client, 'resetSSHKeyForVirtualMachine', { id: String(v.id), keypair: String(k1.name) }, 431, /stopped/);
  });

  it('takes the address asked for in the chosen network', async () => {
    const acct = await newAccount(s, { type: 'user' });
    const first1 = await deploy(acct.client, z, { startvm: false });
    const net = String((first1.nic as Json[])[0]!.networkid);
    const v = await deploy(acct.client, z, { networkids: net, ipaddress: '10.1.1.77' });
    assert.equal((v.nic as Json[])[0]!.ipaddress, '10.1.1.77');
    await expectError(acct.client, 'deployVirtualMachine', { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: z.small, networkids: net, ipaddress: '10.1.1.77' }, 431);
  });

  it('deploys into a project and lists it only with projectid', async () => {
    const p = await s.admin.job('createProject', { name: uniqueName('proj'), displaytext: 'p' });
    assert.equal(p.jobstatus, 1, JSON.stringify(p.jobresult));
    const projectId = String(((p.jobresult as Json).project as Json).id);
    const v = await deploy(s.admin, z, { projectid: projectId, startvm: false });
    assert.equal(v.projectid, projectId);
    assert.deepEqual(ids(await s.admin.ok('listVirtualMachines', { projectid: projectId })), [v.id]);
    assert.ok(!ids(await s.admin.ok('listVirtualMachines', { listall: true, pagesize: 500 })).includes(v.id), 'project VMs stay out of listall');
  });

  it('deploys with registered user data (userdataid) and a custom offering sized by details', async () => {
    const data = Buffer.from('#cloud-config\nruncmd: [echo hi]\n').toString('base64');
    const udName = uniqueName('ud');
    await user.client.ok('registerUserData', { name: udName, userdata: data });
    const ud = first(await user.client.ok('listUserData', { name: udName }), 'userdata');
    const custom = (await s.admin.ok('createServiceOffering', { name: uniqueName('custom'), displaytext: 'custom', customized: true })).serviceoffering as Json;
    const v = await deploy(user.client, z, {
      userdataid: String(ud.id), serviceofferingid: String(custom.id), 'details[0].cpuNumber': 2, 'details[0].cpuSpeed': 600, 'details[0].memory': 768,
    });
    assert.deepEqual([v.cpunumber, v.cpuspeed, v.memory], [2, 600, 768]);
    assert.equal(v.userdataid, ud.id);
    assert.equal((await user.client.ok('getVirtualMachineUserData', { virtualmachineid: String(v.id) }) as Json & { virtualmachineuserdata: Json }).virtualmachineuserdata.userdata, data);
    await expectError(user.client, 'deployVirtualMachine', { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: String(custom.id) }, 431, /customized/);
    await expectError(user.client, 'deployVirtualMachine', { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: z.small, userdata: data, userdataid: String(ud.id) }, 431, /not allowed/);
  });
});

const ids = (r: Json) => ((r.virtualmachine as Json[] | undefined) ?? []).map((x) => x.id);

/** RSA PKCS#1 v1.5 decryption with openssl (node 20 refuses that padding for private decryption). */
function decrypt(privatePem: string, base64: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-pw-'));
  try {
    writeFileSync(join(dir, 'k.pem'), privatePem);
    writeFileSync(join(dir, 'e.bin'), Buffer.from(base64, 'base64'));
    return execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', join(dir, 'k.pem'), '-in', join(dir, 'e.bin')]).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
