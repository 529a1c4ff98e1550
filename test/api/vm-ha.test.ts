// High availability through signed HTTP: a host that goes down (simulator HostDown) gets its
// HA-enabled VMs restarted on another host by a persisted job, its other VMs stay Stopped, its
// claims are given back, and the old copy is not started again when it returns; with no room
// left the VM stays Stopped with an ERROR event; an HA VM that dies (VmDies) is restarted; an HA
// job interrupted by a crash is resumed when the server starts again.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, freshDatabaseUrl, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, host, seeded, smallCluster, vm, waitState } from '../helpers/vms.js';

describe('VM high availability', () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s, { type: 'user' });
    // The power sync (host monitor) runs every second here instead of every minute.
    await s.admin.ok('updateConfiguration', { name: 'ping.interval', value: '1' });
  });
  after(async () => s.close());

  const mock = async (p: Record<string, string | number>) => (await s.admin.ok('configureSimulator', p)).configuresimulator as Json;
  const asUser = () => ({ account: user.name, domainid: user.domainId });

  /** A service offering with offerha (and host tags, to keep placement inside a test's own hosts). */
  async function offering(o: { ha: boolean; tag?: string; cpus?: number; mhz?: number; mb?: number }): Promise<string> {
    const name = uniqueName(o.ha ? 'ha' : 'noha');
    const r = await s.admin.ok('createServiceOffering', {
      name, displaytext: name, cpunumber: o.cpus ?? 1, cpuspeed: o.mhz ?? 500, memory: o.mb ?? 512, offerha: o.ha, ...(o.tag ? { hosttags: o.tag } : {}),
    });
    const so = r.serviceoffering as Json;
    assert.equal(so.offerha, o.ha);
    return String(so.id);
  }

  /** Simulator hosts of their own cluster, tagged so that only offerings with the tag land there. */
  async function taggedHosts(n: number): Promise<{ tag: string; hostIds: string[] }> {
    const tag = uniqueName('hatag');
    const { hostIds } = await smallCluster(s.admin, z, n);
    for (const id of hostIds) await s.admin.ok('updateHost', { id, hosttags: tag });
    return { tag, hostIds };
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const eventsOf = async (vmId: string, type: string): Promise<Json[]> =>
    (((await s.admin.ok('listEvents', { type, resourceid: vmId, listall: true, pagesize: 500 })).event as Json[] | undefined) ?? []);

  it('restarts the HA VM of a host that goes down on another host; the other VM stays Stopped', async () => {
    const { tag, hostIds } = await taggedHosts(2);
    const [a, b] = hostIds as [string, string];
    const haVm = await deploy(s.admin, z, { serviceofferingid: await offering({ ha: true, tag }), hostid: a, ...asUser() });
    const plainVm = await deploy(s.admin, z, { serviceofferingid: await offering({ ha: false, tag }), hostid: a, ...asUser() });
    assert.equal(haVm.hostid, a);
    assert.equal(plainVm.hostid, a);
    // The offering's offerha is copied to the VM at deploy.
    assert.equal(haVm.haenable, true);
    assert.equal(plainVm.haenable, false);
    const startsBefore = (await eventsOf(String(haVm.id), 'VM.START')).length;

    const down = await mock({ name: 'HostDown', value: 'true', hostid: a });
    const moved = await until('the HA VM to run on the other host', async () => {
      const v = await vm(s.admin, String(haVm.id));
      return v.state === 'Running' && v.hostid === b ? v : undefined;
    });
    assert.equal(moved.haenable, true);
    await waitState(s.admin, String(plainVm.id), 'Stopped');
    assert.equal((await vm(s.admin, String(plainVm.id))).hostid, undefined);

    // The dead host holds nothing any more; the new host holds the HA VM's claim.
    const ha = await host(s.admin, a);
    assert.equal(ha.state, 'Down');
    assert.equal(ha.cpuallocatedvalue, 0);
    assert.equal(ha.memoryallocated, 0);
    assert.equal((await host(s.admin, b)).cpuallocatedvalue, 500);

    // Events, for the VM's owner: both stopped (WARN), the HA one started again.
    const stops = (await user.client.ok('listEvents', { type: 'VM.STOP', pagesize: 500 })).event as Json[];
    const haStop = stops.find((e) => e.resourceid === haVm.id);
    assert.ok(haStop, 'the HA VM has a VM.STOP event');
    assert.equal(haStop.level, 'WARN');
    assert.match(String(haStop.description), /host is down; HA restarts it/);
    const plainStop = stops.find((e) => e.resourceid === plainVm.id);
    assert.ok(plainStop, 'the non-HA VM has a VM.STOP event');
    assert.match(String(plainStop.description), /host is down$/);
    const starts = await eventsOf(String(haVm.id), 'VM.START');
    assert.equal(starts.length, startsBefore + 1);
    assert.equal(starts.filter((e) => e.level === 'ERROR').length, 0);
    assert.equal((await eventsOf(String(plainVm.id), 'VM.START')).length, 1, 'the non-HA VM was not started again');

    // The restart was a persisted job of the system account, on the VM.
    const jobs = ((await s.admin.ok('listAsyncJobs', { listall: true, pagesize: 500 })).asyncjobs as Json[]).filter((j) => j.jobinstanceid === haVm.id && j.cmd === 'com.cloud.vm.VmWorkStart');
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.jobstatus, 1);

    // The host comes back: the old copy is not started there again and nothing else changes.
    await s.admin.ok('cleanupSimulatorMock', { id: Number(down.id) });
    await until('the host to come back Up', async () => ((await host(s.admin, a)).state === 'Up' ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500));
    const after1 = await vm(s.admin, String(haVm.id));
    assert.equal(after1.state, 'Running');
    assert.equal(after1.hostid, b);
    assert.equal((await vm(s.admin, String(plainVm.id))).state, 'Stopped');
    assert.equal((await host(s.admin, a)).cpuallocatedvalue, 0);
    await expectError(s.admin, 'configureSimulator', { name: 'VmDies', value: String(moved.instancename), hostid: a }, 431, /No running simulated VM/);
    const listedOnA = (await s.admin.ok('listVirtualMachines', { hostid: a, listall: true })).virtualmachine as Json[] | undefined;
    assert.equal(listedOnA, undefined);
  });

  it('leaves the HA VM Stopped with an ERROR event when no host has room', async () => {
    const { tag, hostIds } = await taggedHosts(2);
    const [a, b] = hostIds as [string, string];
    // 2 x 600 MHz and 1200 MB: one per host (2 x 1000 MHz, 2 GB), so b cannot take a's.
    const big = await offering({ ha: true, tag, cpus: 2, mhz: 600, mb: 1200 });
    const onA = await deploy(s.admin, z, { serviceofferingid: big, hostid: a, ...asUser() });
    const onB = await deploy(s.admin, z, { serviceofferingid: big, hostid: b, ...asUser() });
    const down = await mock({ name: 'HostDown', value: 'true', hostid: a });
    try {
      const err = await until('the ERROR event', async () => (await eventsOf(String(onA.id), 'VM.START')).find((e) => e.level === 'ERROR'));
      assert.match(String(err.description), /HA could not restart VM .* it stays Stopped: .*no host has 2x600 MHz and 1200 MB free/);
      const v = await waitState(s.admin, String(onA.id), 'Stopped');
      assert.equal(v.hostid, undefined);
      assert.equal((await host(s.admin, a)).cpuallocatedvalue, 0);
      assert.equal((await host(s.admin, b)).cpuallocatedvalue, 1200, 'b holds only its own VM');
      assert.equal((await vm(s.admin, String(onB.id))).state, 'Running');
      // The owner sees the reason too.
      const mine = (await user.client.ok('listEvents', { type: 'VM.START', level: 'ERROR', pagesize: 500 })).event as Json[];
      assert.ok(mine.some((e) => e.resourceid === onA.id));
      const job = ((await s.admin.ok('listAsyncJobs', { listall: true, pagesize: 500 })).asyncjobs as Json[]).find((j) => j.jobinstanceid === onA.id && j.cmd === 'com.cloud.vm.VmWorkStart');
      assert.equal(job?.jobstatus, 2);
      assert.equal((job?.jobresult as Json).errorcode, 533);
    } finally {
      await s.admin.ok('cleanupSimulatorMock', { id: Number(down.id) });
    }
    // It stays Stopped (no retry), and starts normally once there is room.
    await until('the host to come back Up', async () => ((await host(s.admin, a)).state === 'Up' ? true : undefined));
    assert.equal((await vm(s.admin, String(onA.id))).state, 'Stopped');
    const j = await s.admin.job('startVirtualMachine', { id: String(onA.id) });
    assert.equal(((j.jobresult as Json).virtualmachine as Json).hostid, a);
  });

  it('restarts an HA VM that dies; a non-HA VM that dies stays Stopped', async () => {
    const haVm = await deploy(user.client, z, { serviceofferingid: await offering({ ha: true }) });
    const plainVm = await deploy(user.client, z);
    await mock({ name: 'VmDies', value: String(haVm.id) });
    await mock({ name: 'VmDies', value: String(plainVm.id) });
    const starts = await until('the HA VM to be started again', async () => {
      const e = await eventsOf(String(haVm.id), 'VM.START');
      return e.length >= 2 ? e : undefined;
    });
    assert.equal(starts.filter((e) => e.level === 'ERROR').length, 0);
    assert.equal((await vm(user.client, String(haVm.id))).state, 'Running');
    const stop = (await eventsOf(String(haVm.id), 'VM.STOP')).find((e) => /no longer running on its host; HA restarts it/.test(String(e.description)));
    assert.ok(stop, 'the death was recorded');
    await waitState(user.client, String(plainVm.id), 'Stopped');
    // Another round of the sync changes nothing: the HA VM keeps running, the other stays Stopped.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await vm(user.client, String(haVm.id))).state, 'Running');
    assert.equal((await eventsOf(String(haVm.id), 'VM.START')).length, 2);
    assert.equal((await vm(user.client, String(plainVm.id))).state, 'Stopped');
  });
});

describe('an HA restart interrupted by a crash', () => {
  it('is resumed at the next start, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubo-vm-ha-'));
    const databaseUrl = await freshDatabaseUrl();
    let s = await startTestServer({ dataDir, databaseUrl });
    let a = '';
    let b = '';
    let v: Json = {};
    try {
      const z = await seeded(s.admin);
      const tag = uniqueName('hatag');
      [a, b] = (await smallCluster(s.admin, z, 2)).hostIds as [string, string];
      for (const id of [a, b]) await s.admin.ok('updateHost', { id, hosttags: tag });
      const name = uniqueName('ha');
      const so = (await s.admin.ok('createServiceOffering', { name, displaytext: name, cpunumber: 1, cpuspeed: 500, memory: 512, offerha: true, hosttags: tag })).serviceoffering as Json;
      v = await deploy(s.admin, z, { serviceofferingid: String(so.id), hostid: a });
      // The host dies (the simulator keeps that across the restart); ping.interval is still 60 s,
      // so the power sync has not noticed when the server goes away.
      await s.admin.ok('configureSimulator', { name: 'HostDown', value: 'true', hostid: a });
    } finally {
      await s.close();
    }
    // The crash came right after the power sync persisted the HA job, before it ran a step.
    const { openDatabase } = await import('../../src/db/connect.js');
    const h = openDatabase({ url: databaseUrl, dataDir });
    try {
      const row = await h.db.selectFrom('vms').select(['id', 'uuid', 'host_id']).where('uuid', '=', String(v.id)).executeTakeFirstOrThrow();
      const hostA = await h.db.selectFrom('hosts').select('id').where('uuid', '=', a).executeTakeFirstOrThrow();
      assert.equal(row.host_id, hostA.id);
      await h.db.insertInto('async_jobs').values({
        uuid: randomUUID(), user_id: 1, account_id: 1, domain_id: 1, cmd: 'restartVirtualMachineForHA', java_class: 'com.cloud.vm.VmWorkStart',
        instance_type: 'VirtualMachine', instance_id: row.uuid, lock_key: `vm:${row.id}`,
        params: JSON.stringify({ vmId: row.id, vmUuid: row.uuid, hostId: hostA.id, why: 'its host is down' }),
        status: 0, result_code: 0, result_type: 'object', result: null, progress: JSON.stringify({ done: {} }), owner: 'crashed-server',
        created: new Date().toISOString(), completed: null,
      }).execute();
    } finally {
      await h.close();
    }
    s = await startTestServer({ dataDir, databaseUrl });
    try {
      const until = Date.now() + 15_000;
      for (;;) {
        const now = await vm(s.admin, String(v.id));
        if (now.state === 'Running' && now.hostid === b) break;
        if (Date.now() > until) throw new Error(`VM is ${String(now.state)} on ${String(now.hostid)}, not Running on the other host`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Let the power sync see the dead host too: the job it would start is already there.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await host(s.admin, a)).state, 'Down');
      assert.equal((await host(s.admin, a)).cpuallocatedvalue, 0);
      const jobs = ((await s.admin.ok('listAsyncJobs', { listall: true, pagesize: 500 })).asyncjobs as Json[])
        .filter((j) => j.jobinstanceid === v.id && j.cmd === 'com.cloud.vm.VmWorkStart');
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]!.jobstatus, 1);
      const stops = ((await s.admin.ok('listEvents', { type: 'VM.STOP', resourceid: String(v.id), listall: true })).event as Json[] | undefined) ?? [];
      assert.equal(stops.length, 1);
    } finally {
      await s.admin.ok('cleanupSimulatorMock', {});
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
