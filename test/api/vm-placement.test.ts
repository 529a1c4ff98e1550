// Placement under concurrency: 100 deploys at once onto a small cluster never oversubscribe a
// host and every VM is accounted for; over-provisioning factors; anti-affinity; 533.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { first } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, deployJob, host, jobsAtOnce, seeded, smallCluster } from '../helpers/vms.js';

const MiB = 1024 ** 2;

describe('VM placement', () => {
  let s: TestServer;
  let z: Seeded;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
  });
  after(async () => s.close());

  it('100 parallel deploys onto 3 small hosts: 12 run, the rest fail with 533, no host oversubscribed, every VM accounted for', async () => {
    // Each host: 2 cores x 1000 MHz, 2 GiB: four Small Instances (500 MHz, 512 MB).
    const { clusterId, hostIds } = await smallCluster(s.admin, z, 3);
    const deployCall: [string, Record<string, string>] = ['deployVirtualMachine', { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: z.small, clusterid: clusterId }];
    const jobs = await jobsAtOnce(s.admin, Array.from({ length: 100 }, () => deployCall));
    const ok = jobs.filter((j) => j.jobstatus === 1);
    const failed = jobs.filter((j) => j.jobstatus === 2);
    assert.equal(ok.length, 12);
    assert.equal(failed.length, 88);
    for (const j of failed) assert.equal((j.jobresult as Json).errorcode, 533, JSON.stringify(j.jobresult));
    const vms = (await s.admin.ok('listVirtualMachines', { listall: true, clusterid: clusterId, pagesize: 500 })).virtualmachine as Json[];
    assert.equal(vms.length, 12, 'only the running VMs are on the cluster');
    const ids = new Set(jobs.map((j) => j.jobinstanceid));
    const all = ((await s.admin.ok('listVirtualMachines', { listall: true, pagesize: 500 })).virtualmachine as Json[]).filter((v) => ids.has(v.id));
    assert.equal(all.length, 100, 'every deploy left exactly one VM');
    assert.equal(all.filter((v) => v.state === 'Running').length, 12);
    assert.equal(all.filter((v) => v.state === 'Error').length, 88);
    for (const v of all.filter((x) => x.state === 'Error')) {
      assert.equal(v.hostid, undefined);
      assert.deepEqual(v.nic, [], 'a failed deploy gives its addresses back');
    }
    for (const id of hostIds) {
      const h = await host(s.admin, id);
      const running = vms.filter((v) => v.hostid === id).length;
      assert.ok(running <= 4, `host ${id} runs ${running}`);
      assert.equal(h.cpuallocatedvalue, running * 500);
      assert.equal(h.memoryallocated, running * 512 * MiB);
      assert.ok(Number(h.cpuallocatedvalue) <= Number(h.cpunumber) * Number(h.cpuspeed));
      assert.ok(Number(h.memoryallocated) <= Number(h.memorytotal));
    }
    // Destroying the failed ones gives nothing back twice: the hosts stay as they are.
    await jobsAtOnce(s.admin, all.filter((v) => v.state === 'Error').slice(0, 10).map((v) => ['destroyVirtualMachine', { id: String(v.id), expunge: true }]));
    for (const id of hostIds) assert.equal((await host(s.admin, id)).cpuallocatedvalue, vms.filter((v) => v.hostid === id).length * 500);
  });

  it('over-provisioning factors of a cluster let more VMs on a host', async () => {
    const { clusterId, hostIds } = await smallCluster(s.admin, z, 1);
    await s.admin.ok('updateConfiguration', { name: 'cpu.overprovisioning.factor', value: '2', clusterid: clusterId });
    await s.admin.ok('updateConfiguration', { name: 'mem.overprovisioning.factor', value: '2', clusterid: clusterId });
    const results: Json[] = [];
    for (let i = 0; i < 9; i++) results.push(await deployJob(s.admin, z, { clusterid: clusterId }));
    assert.deepEqual(results.map((j) => j.jobstatus), [1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const h = await host(s.admin, hostIds[0]!);
    // Claims are stored in physical units: 8 VMs x 500 MHz / 2.
    assert.equal(h.cpuallocatedvalue, 2000);
    assert.equal(h.memoryallocated, 2048 * MiB);
  });

  it('keeps members of an anti-affinity group on different hosts', async () => {
    const { clusterId, hostIds } = await smallCluster(s.admin, z, 2);
    const g = await s.admin.job('createAffinityGroup', { name: uniqueName('anti'), type: 'host anti-affinity' });
    assert.equal(g.jobstatus, 1, JSON.stringify(g.jobresult));
    const groupId = String(((g.jobresult as Json).affinitygroup as Json).id);
    const jobs = await Promise.all([0, 1, 2].map(() => deployJob(s.admin, z, { clusterid: clusterId, affinitygroupids: groupId })));
    const ok = jobs.filter((j) => j.jobstatus === 1).map((j) => ((j.jobresult as Json).virtualmachine as Json));
    assert.equal(ok.length, 2, 'two hosts, two members');
    assert.deepEqual(ok.map((v) => v.hostid).sort(), [...hostIds].sort());
    assert.ok(ok.every((v) => (v.affinitygroup as Json[]).some((a) => a.id === groupId)));
    assert.equal((jobs.find((j) => j.jobstatus === 2)!.jobresult as Json).errorcode, 533);
  });

  it('places on the host an admin names, and refuses a full one with 533', async () => {
    const { hostIds } = await smallCluster(s.admin, z, 1, '?cpunumber=1&cpuspeed=500&memory=536870912');
    const v = await deploy(s.admin, z, { hostid: hostIds[0]! });
    assert.equal(v.hostid, hostIds[0]);
    const j = await deployJob(s.admin, z, { hostid: hostIds[0]! });
    assert.equal(j.jobstatus, 2);
    assert.equal((j.jobresult as Json).errorcode, 533);
    assert.match(String((j.jobresult as Json).errortext), /Unable to create a deployment/);
  });

  it('empties a host entering maintenance by live migration, and refuses when the VMs have nowhere to go', async () => {
    const { hostIds } = await smallCluster(s.admin, z, 2);
    const [a, b] = hostIds as [string, string];
    const v1 = await deploy(s.admin, z, { hostid: a });
    const v2 = await deploy(s.admin, z, { hostid: a });
    const j = await s.admin.job('prepareHostForMaintenance', { id: a });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(((j.jobresult as Json).host as Json).resourcestate, 'Maintenance');
    for (const v of [v1, v2]) {
      const now = first(await s.admin.ok('listVirtualMachines', { id: String(v.id), listall: true }), 'virtualmachine');
      assert.deepEqual([now.state, now.hostid], ['Running', b]);
    }
    assert.equal((await host(s.admin, a)).cpuallocatedvalue, 0);
    assert.equal((await host(s.admin, b)).cpuallocatedvalue, 1000);
    const types = ((await s.admin.ok('listEvents', { type: 'VM.MIGRATE', listall: true, pagesize: 500 })).event as Json[]).map((e) => e.resourceid);
    assert.ok(types.includes(v1.id) && types.includes(v2.id));
    // A host whose cluster has no other host: its VM has nowhere to go, so maintenance is refused.
    const lone = await smallCluster(s.admin, z, 1);
    const pinned = await deploy(s.admin, z, { hostid: lone.hostIds[0]! });
    const refused = await s.admin.job('prepareHostForMaintenance', { id: lone.hostIds[0]! });
    assert.equal(refused.jobstatus, 2);
    assert.equal((refused.jobresult as Json).errorcode, 533);
    const still = first(await s.admin.ok('listVirtualMachines', { id: String(pinned.id), listall: true }), 'virtualmachine');
    assert.deepEqual([still.state, still.hostid], ['Running', lone.hostIds[0]]);
  });
});
