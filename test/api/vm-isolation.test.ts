// Tenant isolation of VMs: a user of another account (and a domain admin of another domain)
// can neither see nor touch a VM; a domain admin above it can; deleting an account takes its
// VMs with it (claims, disks and addresses given back).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, disksOfVm, host, seeded, storedCount, vm } from '../helpers/vms.js';

describe('VM tenant isolation', () => {
  let s: TestServer;
  let z: Seeded;
  let owner: TestAccount;
  let other: TestAccount;
  let otherAdmin: TestAccount;
  let parentAdmin: TestAccount;
  let v: Json;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    const d1 = (await s.admin.ok('createDomain', { name: uniqueName('d1') })).domain as Json;
    const d2 = (await s.admin.ok('createDomain', { name: uniqueName('d2') })).domain as Json;
    owner = await newAccount(s, { type: 'user', domainId: String(d1.id) });
    other = await newAccount(s, { type: 'user', domainId: String(d1.id) });
    otherAdmin = await newAccount(s, { type: 'domainadmin', domainId: String(d2.id) });
    parentAdmin = await newAccount(s, { type: 'domainadmin', domainId: String(d1.id) });
    v = await deploy(owner.client, z, { userdata: Buffer.from('secret').toString('base64') });
  });
  after(async () => s.close());

  it('another account neither sees nor touches the VM', async () => {
    const id = String(v.id);
    for (const c of [other.client, otherAdmin.client]) {
      assert.equal((await c.ok('listVirtualMachines', { id })).count, undefined);
      assert.equal((await c.ok('listVirtualMachines', { listall: true })).count, undefined);
      assert.equal((await c.ok('listVirtualMachinesMetrics', { id, listall: true })).count, undefined);
      await expectError(c, 'startVirtualMachine', { id }, 531);
      await expectError(c, 'stopVirtualMachine', { id }, 531);
      await expectError(c, 'rebootVirtualMachine', { id }, 531);
      await expectError(c, 'destroyVirtualMachine', { id }, 531);
      await expectError(c, 'scaleVirtualMachine', { id, serviceofferingid: z.medium }, 531);
      await expectError(c, 'changeServiceForVirtualMachine', { id, serviceofferingid: z.medium }, 531);
      await expectError(c, 'updateVirtualMachine', { id, displayname: 'pwned' }, 531);
      await expectError(c, 'resetPasswordForVirtualMachine', { id }, 531);
      await expectError(c, 'resetSSHKeyForVirtualMachine', { id, keypair: 'k' }, 531);
      await expectError(c, 'getVirtualMachineUserData', { virtualmachineid: id }, 531);
      await expectError(c, 'getVMPassword', { id }, 531);
      await expectError(c, 'recoverVirtualMachine', { id }, 531);
      await expectError(c, 'expungeVirtualMachine', { id }, 531);
    }
    await expectError(other.client, 'migrateVirtualMachine', { virtualmachineid: id }, 432);
    await expectError(otherAdmin.client, 'migrateVirtualMachine', { virtualmachineid: id }, 432);
    await expectError(other.client, 'listVirtualMachines', { account: owner.name, domainid: owner.domainId }, 531);
    await expectError(otherAdmin.client, 'listVirtualMachines', { domainid: owner.domainId }, 531);
    const still = await vm(owner.client, id);
    assert.equal(still.state, 'Running');
    assert.equal(still.displayname, v.displayname);
  });

  it('a domain admin above the owner sees and manages it', async () => {
    const listed = (await parentAdmin.client.ok('listVirtualMachines', { listall: true })).virtualmachine as Json[];
    assert.ok(listed.some((x) => x.id === v.id));
    const r = await parentAdmin.client.ok('getVirtualMachineUserData', { virtualmachineid: String(v.id) });
    assert.equal((r.virtualmachineuserdata as Json).userdata, Buffer.from('secret').toString('base64'));
    const j = await parentAdmin.client.job('rebootVirtualMachine', { id: String(v.id) });
    assert.equal(j.jobstatus, 1);
  });

  it('deleting an account expunges its VMs and gives everything back', async () => {
    const acct = await newAccount(s, { type: 'user' });
    const a = await deploy(acct.client, z);
    const b = await deploy(acct.client, z, { startvm: false, diskofferingid: z.diskSmall });
    const hostId = String((await vm(s.admin, String(a.id))).hostid);
    const before1 = Number((await host(s.admin, hostId)).cpuallocatedvalue);
    const j = await s.admin.job('deleteAccount', { id: acct.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(Number((await host(s.admin, hostId)).cpuallocatedvalue), before1 - 500);
    for (const id of [a.id, b.id]) {
      assert.equal((await s.admin.ok('listVirtualMachines', { id: String(id), listall: true })).count, undefined);
      const disks = await disksOfVm(s, String(id));
      assert.ok(disks.every((d) => d.state === 'Expunged' && !d.attached), JSON.stringify(disks));
    }
    assert.equal(await storedCount(s, acct.accountId, 'user_vm'), 0);
    const ev = ((await s.admin.ok('listEvents', { type: 'VM.EXPUNGE', listall: true, pagesize: 500 })).event as Json[]).map((e) => e.resourceid);
    assert.ok(ev.includes(a.id) && ev.includes(b.id));
  });
});
