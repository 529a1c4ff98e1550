// Pods and clusters: create/list/update/delete, bad input, in-use deletes, admin-only access.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first, newCluster, newPod, newSimHost, newZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('pods and clusters', () => {
  let s: TestServer;
  let user: TestAccount;
  let domainAdmin: TestAccount;
  let zoneid: string;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s, { type: 'user' });
    domainAdmin = await newAccount(s, { type: 'domainadmin' });
    zoneid = String((await newZone(s.admin, { allocationstate: 'Enabled' })).id);
  });
  after(async () => s.close());

  it('creates a pod with its management range and records POD.CREATE', async () => {
    const name = uniqueName('pod');
    const p = (await s.admin.ok('createPod', { zoneid, name, gateway: '192.168.50.1', netmask: '255.255.255.0', startip: '192.168.50.10', endip: '192.168.50.60' })).pod as Json;
    assert.equal(p.name, name);
    assert.equal(p.zoneid, zoneid);
    assert.equal(p.gateway, '192.168.50.1');
    assert.equal(p.netmask, '255.255.255.0');
    assert.equal(p.allocationstate, 'Enabled');
    assert.deepEqual(p.startip, ['192.168.50.10']);
    assert.deepEqual(p.endip, ['192.168.50.60']);
    assert.equal((p.ipranges as Json[])[0]!.cidr, '192.168.50.0/24');
    const ev = await s.admin.ok('listEvents', { type: 'POD.CREATE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === p.id));
    // Without endip the range runs to the last usable address.
    const q = (await s.admin.ok('createPod', { zoneid, name: uniqueName('pod'), gateway: '192.168.51.254', netmask: '255.255.255.0', startip: '192.168.51.2', endip: '192.168.51.200' })).pod as Json;
    assert.deepEqual(q.endip, ['192.168.51.200']);
    const r = (await s.admin.ok('createPod', { zoneid, name: uniqueName('pod'), gateway: '192.168.52.1', netmask: '255.255.255.0', startip: '192.168.52.2' })).pod as Json;
    assert.deepEqual(r.endip, ['192.168.52.254']);
  });

  it('refuses bad pods with 431 and creates nothing', async () => {
    const taken = await newPod(s.admin, zoneid, { gateway: '192.168.60.1', netmask: '255.255.255.0', startip: '192.168.60.5', endip: '192.168.60.9' });
    const before = await count(s.admin, 'listPods', { zoneid });
    const base = { zoneid, name: uniqueName('bad'), gateway: '192.168.61.1', netmask: '255.255.255.0', startip: '192.168.61.5', endip: '192.168.61.9' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...base, gateway: '192.168.61' }, /gateway/],
      [{ ...base, netmask: '255.0.255.0' }, /netmask/],
      [{ ...base, startip: '192.168.62.5', endip: '192.168.62.9' }, /not in the subnet/],
      [{ ...base, startip: '192.168.61.9', endip: '192.168.61.5' }, /greater/],
      [{ ...base, gateway: '192.168.61.7' }, /gateway/],
      [{ ...base, gateway: '192.168.60.200', startip: '192.168.60.210', endip: '192.168.60.220' }, /overlaps/],
      [{ ...base, name: String(taken.name) }, /already exists/],
      [{ ...base, zoneid: '00000000-0000-0000-0000-000000000000' }, /zone/],
      [{ zoneid, name: uniqueName('x') }, /gateway and a netmask/],
      [{ ...base, allocationstate: 'Maybe' }, /allocation state/],
    ];
    for (const [params, why] of cases) await expectError(s.admin, 'createPod', params, 431, why);
    await expectError(s.admin, 'createPod', { gateway: '1.1.1.1' }, 431, /name|zoneid/);
    assert.equal(await count(s.admin, 'listPods', { zoneid }), before);
  });

  it('lists, updates and deletes pods', async () => {
    const p = await newPod(s.admin, zoneid);
    assert.equal(first(await s.admin.ok('listPods', { id: String(p.id) }), 'pod').name, p.name);
    assert.equal(await count(s.admin, 'listPods', { name: String(p.name) }), 1);
    assert.ok(await count(s.admin, 'listPods', { zoneid, keyword: 'pod-' }) >= 1);
    const name = uniqueName('pod-renamed');
    await expectError(s.admin, 'updatePod', { id: String(p.id), name, allocationstate: 'Disabled', endip: '10.250.250.50' }, 431, /not in the subnet/);
    assert.equal(first(await s.admin.ok('listPods', { id: String(p.id) }), 'pod').name, p.name, 'a refused update changes nothing');
    const ok = (await s.admin.ok('updatePod', { id: String(p.id), name, allocationstate: 'Disabled' })).pod as Json;
    assert.equal(ok.name, name);
    assert.equal(ok.allocationstate, 'Disabled');
    assert.equal(await count(s.admin, 'listPods', { zoneid, allocationstate: 'Disabled' }), 1);
    const capped = first(await s.admin.ok('listPods', { id: String(p.id), showcapacities: true }), 'pod');
    const priv = (capped.capacity as Json[]).find((c) => c.name === 'PRIVATE_IP')!;
    assert.equal(priv.capacitytotal, 91);
    assert.deepEqual(await s.admin.ok('deletePod', { id: String(p.id) }), { success: true });
    assert.equal(await count(s.admin, 'listPods', { id: String(p.id) }), 0);
    const ev = await s.admin.ok('listEvents', { type: 'POD.DELETE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === p.id));
  });

  it('adds Simulator and KVM clusters and refuses bad ones', async () => {
    const pod = await newPod(s.admin, zoneid);
    const podid = String(pod.id);
    const r = await s.admin.ok('addCluster', { zoneid, podid, clustername: uniqueName('c'), hypervisor: 'simulator', clustertype: 'CloudManaged' });
    assert.equal(r.count, 1, 'addCluster answers a list');
    const c = first(r, 'cluster');
    assert.equal(c.hypervisortype, 'Simulator');
    assert.equal(c.clustertype, 'CloudManaged');
    assert.equal(c.allocationstate, 'Enabled');
    assert.equal(c.managedstate, 'Managed');
    assert.equal(c.podid, podid);
    assert.equal(c.zoneid, zoneid);
    const kvm = await newCluster(s.admin, zoneid, podid, { hypervisor: 'KVM', arch: 'aarch64' });
    assert.equal(kvm.hypervisortype, 'KVM');
    assert.equal(kvm.arch, 'aarch64');
    const ev = await s.admin.ok('listEvents', { type: 'CLUSTER.ADD', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === c.id));

    const otherZone = String((await newZone(s.admin)).id);
    const before = await count(s.admin, 'listClusters', { zoneid });
    const base = { zoneid, podid, clustername: uniqueName('bad'), hypervisor: 'Simulator', clustertype: 'CloudManaged' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...base, hypervisor: 'XenServer' }, /not supported/],
      [{ ...base, clustertype: 'ExternalManaged' }, /CloudManaged/],
      [{ ...base, zoneid: otherZone }, /does not belong/],
      [{ ...base, clustername: String(c.name) }, /already exists/],
      [{ ...base, arch: 'sparc' }, /arch/],
      [{ ...base, podid: '00000000-0000-0000-0000-000000000000' }, /pod/],
    ];
    for (const [params, why] of cases) await expectError(s.admin, 'addCluster', params, 431, why);
    assert.equal(await count(s.admin, 'listClusters', { zoneid }), before);
  });

  it('lists and updates clusters', async () => {
    const pod = await newPod(s.admin, zoneid);
    const c = await newCluster(s.admin, zoneid, String(pod.id));
    assert.equal(await count(s.admin, 'listClusters', { podid: String(pod.id) }), 1);
    assert.equal(first(await s.admin.ok('listClusters', { id: String(c.id) }), 'cluster').name, c.name);
    assert.ok(((await s.admin.ok('listClusters', { hypervisor: 'Simulator' })).cluster as Json[]).every((x) => x.hypervisortype === 'Simulator'));
    const name = uniqueName('c-renamed');
    const u = (await s.admin.ok('updateCluster', { id: String(c.id), clustername: name, allocationstate: 'Disabled', managedstate: 'Unmanaged' })).cluster as Json;
    assert.equal(u.name, name);
    assert.equal(u.allocationstate, 'Disabled');
    assert.equal(u.managedstate, 'Unmanaged');
    await expectError(s.admin, 'updateCluster', { id: String(c.id), hypervisor: 'KVM' }, 431, /cannot be changed/);
    await expectError(s.admin, 'updateCluster', { id: String(c.id), managedstate: 'Half' }, 431);
    assert.equal(await count(s.admin, 'listClusters', { podid: String(pod.id), allocationstate: 'Disabled' }), 1);
    const capped = first(await s.admin.ok('listClusters', { id: String(c.id), showcapacities: true }), 'cluster');
    assert.ok((capped.capacity as Json[]).some((x) => x.name === 'CPU'));
    const ev = await s.admin.ok('listEvents', { type: 'CLUSTER.UPDATE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === c.id));
  });

  it('refuses to delete a pod with clusters or a cluster with hosts or storage', async () => {
    const pod = await newPod(s.admin, zoneid);
    const zone = first(await s.admin.ok('listZones', { id: zoneid }), 'zone');
    const cluster = await newCluster(s.admin, zoneid, String(pod.id));
    await expectError(s.admin, 'deletePod', { id: String(pod.id) }, 536, /clusters/);
    const host = await newSimHost(s.admin, { zone, pod, cluster });
    await expectError(s.admin, 'deleteCluster', { id: String(cluster.id) }, 536, /hosts/);
    await s.admin.ok('deleteHost', { id: String(host.id), forced: true });
    const pool = (await s.admin.ok('createStoragePool', {
      zoneid, podid: String(pod.id), clusterid: String(cluster.id), name: uniqueName('ps'), url: `sim://${uniqueName('p')}/x`, scope: 'cluster',
    })).storagepool as Json;
    await expectError(s.admin, 'deleteCluster', { id: String(cluster.id) }, 536, /storage/);
    assert.equal(await count(s.admin, 'listClusters', { id: String(cluster.id) }), 1);
    await s.admin.job('enableStorageMaintenance', { id: String(pool.id) });
    await s.admin.ok('deleteStoragePool', { id: String(pool.id) });
    assert.deepEqual(await s.admin.ok('deleteCluster', { id: String(cluster.id) }), { success: true });
    assert.deepEqual(await s.admin.ok('deletePod', { id: String(pod.id) }), { success: true });
    const ev = await s.admin.ok('listEvents', { type: 'CLUSTER.DELETE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === cluster.id));
  });

  it('refuses pod and cluster commands to users and domain admins with 432', async () => {
    const pod = await newPod(s.admin, zoneid);
    const c = await newCluster(s.admin, zoneid, String(pod.id));
    for (const t of [user, domainAdmin]) {
      await expectError(t.client, 'createPod', { zoneid, name: 'x', gateway: '10.99.0.1', netmask: '255.255.255.0' }, 432);
      await expectError(t.client, 'listPods', {}, 432);
      await expectError(t.client, 'updatePod', { id: String(pod.id), name: 'x' }, 432);
      await expectError(t.client, 'deletePod', { id: String(pod.id) }, 432);
      await expectError(t.client, 'addCluster', { zoneid, podid: String(pod.id), clustername: 'x', hypervisor: 'Simulator', clustertype: 'CloudManaged' }, 432);
      await expectError(t.client, 'listClusters', {}, 432);
      await expectError(t.client, 'updateCluster', { id: String(c.id), clustername: 'x' }, 432);
      await expectError(t.client, 'deleteCluster', { id: String(c.id) }, 432);
    }
    assert.equal(first(await s.admin.ok('listPods', { id: String(pod.id) }), 'pod').name, pod.name);
    assert.equal(first(await s.admin.ok('listClusters', { id: String(c.id) }), 'cluster').name, c.name);
  });
});
