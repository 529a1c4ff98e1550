// The real `cs` client (Debian python3-cs) driving a VM: deploy → list → stop → start → destroy,
// as a user would from a shell (it polls the async jobs itself).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { csCli, missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, seeded } from '../helpers/vms.js';

const missing = missingPythonModule('cs');

type Vm = { id: string; state: string; name: string; displayname: string; zoneid: string; templateid: string; serviceofferingid: string; nic: { ipaddress: string; isdefault: boolean; networkid: string }[] };

describe('cs (python3-cs) client: virtual machines', { skip: missing }, () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  const cs = (...args: string[]) => csCli(s.url, user.client.apiKey, user.client.secretKey, args);
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s, { type: 'user' });
  });
  after(async () => s.close());

  it('deploys, lists, stops, starts and destroys a VM', async () => {
    const userdata = Buffer.from('#!/bin/sh\necho hello\n').toString('base64');
    const d = await cs('deployVirtualMachine', `zoneid=${z.zoneId}`, `templateid=${z.templateId}`, `serviceofferingid=${z.small}`, 'name=cs-vm', 'displayname=cs vm', `userdata=${userdata}`);
    assert.equal(d.status, 0, d.stderr);
    const v = d.json.virtualmachine as Vm;
    assert.equal(v.state, 'Running', d.stdout);
    assert.deepEqual([v.name, v.displayname, v.zoneid, v.templateid, v.serviceofferingid], ['cs-vm', 'cs vm', z.zoneId, z.templateId, z.small]);
    assert.ok(v.nic[0]!.isdefault && /^\d+\.\d+\.\d+\.\d+$/.test(v.nic[0]!.ipaddress) && v.nic[0]!.networkid);

    const ud = await cs('getVirtualMachineUserData', `virtualmachineid=${v.id}`);
    assert.equal((ud.json.virtualmachineuserdata as { userdata: string }).userdata, userdata);

    const l = await cs('listVirtualMachines', `id=${v.id}`);
    assert.equal(l.status, 0, l.stderr);
    assert.equal(l.json.count, 1);
    assert.equal((l.json.virtualmachine as Vm[])[0]!.state, 'Running');

    const stopped = await cs('stopVirtualMachine', `id=${v.id}`);
    assert.equal(stopped.status, 0, stopped.stderr);
    assert.equal((stopped.json.virtualmachine as Vm).state, 'Stopped');

    const started = await cs('startVirtualMachine', `id=${v.id}`);
    assert.equal((started.json.virtualmachine as Vm).state, 'Running');

    const destroyed = await cs('destroyVirtualMachine', `id=${v.id}`);
    assert.equal(destroyed.status, 0, destroyed.stderr);
    assert.equal((destroyed.json.virtualmachine as Vm).state, 'Destroyed');
    const gone = await cs('listVirtualMachines', `id=${v.id}`);
    assert.equal(gone.stdout.trim(), '', 'a user no longer sees it (CloudStack answers {} and cs prints nothing)');
  });

  it('prints the error document of an illegal transition', async () => {
    const d = await cs('deployVirtualMachine', `zoneid=${z.zoneId}`, `templateid=${z.templateId}`, `serviceofferingid=${z.small}`, 'startvm=false');
    const v = d.json.virtualmachine as Vm;
    assert.equal(v.state, 'Stopped');
    const r = await cs('rebootVirtualMachine', `id=${v.id}`);
    const err = r.json.rebootvirtualmachineresponse as { errorcode: number; errortext: string } | undefined;
    assert.equal(err?.errorcode, 431, r.stdout);
    assert.match(err.errortext, /state Stopped/);
  });
});
