// Failure injection through CloudStack's own simulator commands (configureSimulator,
// querySimulatorMock, cleanupSimulatorMock): failed starts roll back (capacity and addresses
// given back; Error for a deploy, Stopped for a start), a host that goes down and a VM that
// dies are noticed by the power sync, and the simulator's guests survive a server restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, freshDatabaseUrl, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, deployJob, host, seeded, smallCluster, vm, waitState } from '../helpers/vms.js';

describe('simulator failure injection', () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s, { type: 'user' });
  });
  after(async () => s.close());

  const mock = async (p: Record<string, string | number>) => (await s.admin.ok('configureSimulator', p)).configuresimulator as Json;

  it('is for root admins only', async () => {
    await expectError(user.client, 'configureSimulator', { name: 'StartCommand', value: 'enabled:false' }, 432);
    await expectError(s.admin, 'configureSimulator', { name: 'NoSuchCommand', value: 'enabled:false' }, 431, /Unknown simulator command/);
    await expectError(s.admin, 'querySimulatorMock', { id: 999999 }, 431);
  });

  it('fails the next start on one host: the deploy moves on to another host', async () => {
    const { clusterId, hostIds } = await smallCluster(s.admin, z, 2);
    const [a, b] = hostIds as [string, string];
    // Fill b a little so the planner tries a (the emptiest) first.
    await deploy(s.admin, z, { hostid: b });
    const m = await mock({ name: 'StartCommand', value: 'enabled:false', count: 1, hostid: a });
    assert.equal(m.count, 1);
    assert.equal(m.name, 'StartCommand');
    const v = await deploy(s.admin, z, { clusterid: clusterId });
    assert.equal(v.hostid, b, 'started on the other host');
    assert.equal((await s.admin.ok('querySimulatorMock', { id: Number(m.id) })).querysimulatormock && true, true);
    const q = (await s.admin.ok('querySimulatorMock', { id: Number(m.id) })).querysimulatormock as Json;
    assert.equal(q.count, 0, 'the mock was used up');
    assert.equal((await host(s.admin, a)).cpuallocatedvalue, 0, 'the failed attempt gave its claim back');
    await s.admin.ok('cleanupSimulatorMock', { id: Number(m.id) });
  });

  it('a deploy whose every start fails ends in Error with its claim and addresses given back (533)', async () => {
    const { clusterId, hostIds } = await smallCluster(s.admin, z, 2);
    const m = await mock({ name: 'StartCommand', value: 'enabled:false', count: 5, clusterid: clusterId });
    const j = await deployJob(s.admin, z, { clusterid: clusterId });
    assert.equal(j.jobstatus, 2);
    assert.equal((j.jobresult as Json).errorcode, 533);
    assert.match(String((j.jobresult as Json).errortext), /Simulated failure of StartCommand/);
    const v = await vm(s.admin, String(j.jobinstanceid));
    assert.equal(v.state, 'Error');
    assert.deepEqual(v.nic, []);
    assert.equal(v.hostid, undefined);
    for (const id of hostIds) assert.equal((await host(s.admin, id)).cpuallocatedvalue, 0);
    await s.admin.ok('cleanupSimulatorMock', { id: Number(m.id) });
    const destroyed = await s.admin.job('destroyVirtualMachine', { id: String(v.id), expunge: true });
    assert.equal(destroyed.jobstatus, 1);
  });

  it('a start of a stopped VM that fails leaves it Stopped, keeping its address; it starts once the fault is gone', async () => {
    const v = await deploy(user.client, z);
    const ip = (v.nic as Json[])[0]!.ipaddress;
    await user.client.job('stopVirtualMachine', { id: String(v.id) });
    const m = await mock({ name: 'StartCommand', value: 'enabled:false', zoneid: z.zoneId });
    const j = await user.client.job('startVirtualMachine', { id: String(v.id) });
    assert.equal(j.jobstatus, 2);
    assert.equal((j.jobresult as Json).errorcode, 533);
    const after1 = await vm(user.client, String(v.id));
    assert.equal(after1.state, 'Stopped');
    assert.equal((after1.nic as Json[])[0]!.ipaddress, ip);
    await s.admin.ok('cleanupSimulatorMock', { id: Number(m.id) });
    const ok = await user.client.job('startVirtualMachine', { id: String(v.id) });
    assert.equal(((ok.jobresult as Json).virtualmachine as Json).state, 'Running');
  });

  it('a stop that fails leaves the VM Running; a forced stop marks it Stopped anyway', async () => {
    const v = await deploy(user.client, z);
    const m = await mock({ name: 'StopCommand', value: 'enabled:false', zoneid: z.zoneId });
    const j = await user.client.job('stopVirtualMachine', { id: String(v.id) });
    assert.equal(j.jobstatus, 2);
    assert.equal((await vm(user.client, String(v.id))).state, 'Running');
    const forced = await user.client.job('stopVirtualMachine', { id: String(v.id), forced: true });
    assert.equal(((forced.jobresult as Json).virtualmachine as Json).state, 'Stopped');
    await s.admin.ok('cleanupSimulatorMock', { id: Number(m.id) });
  });

  it('delays an operation with wait:<ms>', async () => {
    const v = await deploy(user.client, z);
    const m = await mock({ name: 'RebootCommand', value: 'wait:300', count: 1 });
    const t = Date.now();
    await user.client.job('rebootVirtualMachine', { id: String(v.id) });
    assert.ok(Date.now() - t >= 280);
    await s.admin.ok('cleanupSimulatorMock', { id: Number(m.id) });
  });

  it('notices a host that goes down and a VM that dies (power sync), and the host coming back', async () => {
    const { hostIds } = await smallCluster(s.admin, z, 2);
    const [a, b] = hostIds as [string, string];
    const onA = await deploy(s.admin, z, { hostid: a });
    const onB = await deploy(s.admin, z, { hostid: b });
    await s.admin.ok('updateConfiguration', { name: 'ping.interval', value: '1' });
    try {
      const down = await mock({ name: 'HostDown', value: 'true', hostid: a });
      await waitState(s.admin, String(onA.id), 'Stopped');
      assert.equal((await host(s.admin, a)).state, 'Down');
      assert.equal((await host(s.admin, a)).cpuallocatedvalue, 0);
      await mock({ name: 'VmDies', value: String(onB.id) });
      await waitState(s.admin, String(onB.id), 'Stopped');
      assert.equal((await host(s.admin, b)).cpuallocatedvalue, 0);
      const ev = ((await s.admin.ok('listEvents', { type: 'VM.STOP', listall: true, pagesize: 500 })).event as Json[]).filter((e) => e.resourceid === onB.id);
      assert.ok(ev.some((e) => /no longer running/.test(String(e.description))));
      await s.admin.ok('cleanupSimulatorMock', { id: Number(down.id) });
      const until = Date.now() + 10_000;
      while ((await host(s.admin, a)).state !== 'Up') {
        if (Date.now() > until) throw new Error('host did not come back Up');
        await new Promise((r) => setTimeout(r, 100));
      }
      const j = await s.admin.job('startVirtualMachine', { id: String(onA.id), hostid: a });
      assert.equal(((j.jobresult as Json).virtualmachine as Json).state, 'Running');
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'ping.interval', value: '60' });
    }
  });

  it('fails volume creation through a storage mock (CreateCommand): the start rolls back', async () => {
    const v = await deploy(user.client, z, { startvm: false });
    // Every pool refuses (each host tried gets the same answer), until the mock is cleaned up.
    const m = await mock({ name: 'CreateCommand', value: 'enabled:false' });
    const j = await user.client.job('startVirtualMachine', { id: String(v.id) });
    assert.equal(j.jobstatus, 2, JSON.stringify(j.jobresult));
    assert.equal((await vm(user.client, String(v.id))).state, 'Stopped');
    await s.admin.ok('cleanupSimulatorMock', { id: Number(m.id) });
    const ok = await user.client.job('startVirtualMachine', { id: String(v.id) });
    assert.equal(ok.jobstatus, 1, JSON.stringify(ok.jobresult));
  });
});

describe('the simulator keeps its guests across a management server restart', () => {
  it('a running VM is still running (and not stopped by the power sync) after a restart', async () => {
    // Our own data dir (a test server deletes the one it made when it closes).
    const dataDir = mkdtempSync(join(tmpdir(), 'nubo-vm-restart-'));
    const databaseUrl = await freshDatabaseUrl();
    let s = await startTestServer({ dataDir, databaseUrl });
    const z = await seeded(s.admin);
    const v = await deploy(s.admin, z);
    await s.admin.ok('updateConfiguration', { name: 'ping.interval', value: '1' });
    await s.close();
    s = await startTestServer({ dataDir, databaseUrl });
    try {
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal((await vm(s.admin, String(v.id))).state, 'Running');
      const j = await s.admin.job('stopVirtualMachine', { id: String(v.id) });
      assert.equal(j.jobstatus, 1);
    } finally {
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
