// Primary storage pools (with maintenance jobs and tags) and image stores.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first, newInventory, newSimHost, newZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

type Inv = { zone: Json; pod: Json; cluster: Json };
const TiB = 1024 ** 4;

describe('primary storage and image stores', () => {
  let s: TestServer;
  let user: TestAccount;
  let domainAdmin: TestAccount;
  let inv: Inv;
  let zoneid: string;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s, { type: 'user' });
    domainAdmin = await newAccount(s, { type: 'domainadmin' });
    inv = await newInventory(s.admin);
    zoneid = String(inv.zone.id);
  });
  after(async () => s.close());

  const clusterPool = (extra: Record<string, string | number | boolean> = {}) => ({
    zoneid, podid: String(inv.pod.id), clusterid: String(inv.cluster.id), name: uniqueName('ps'), url: `sim://${uniqueName('store')}/primary`, scope: 'cluster', ...extra,
  });

  it('creates cluster- and zone-wide pools from sim, nfs and filesystem URLs', async () => {
    const c = (await s.admin.ok('createStoragePool', clusterPool({ tags: 'ssd,fast' }))).storagepool as Json;
    assert.equal(c.scope, 'CLUSTER');
    assert.equal(c.state, 'Up');
    assert.equal(c.clusterid, inv.cluster.id);
    assert.equal(c.podid, inv.pod.id);
    assert.equal(c.hypervisor, 'Simulator');
    assert.equal(c.capacitybytes, TiB);
    assert.equal(c.disksizetotal, TiB);
    assert.equal(c.disksizeused, 0);
    assert.equal(c.tags, 'ssd,fast');
    assert.equal(c.type, 'NetworkFilesystem');
    assert.equal(c.provider, 'DefaultPrimary');
    const z = (await s.admin.ok('createStoragePool', {
      zoneid, name: uniqueName('zps'), url: 'nfs://10.147.28.6:/export/home/primary', scope: 'zone', hypervisor: 'Simulator', capacitybytes: 5 * TiB,
    })).storagepool as Json;
    assert.equal(z.scope, 'ZONE');
    assert.equal(z.ipaddress, '10.147.28.6');
    assert.equal(z.path, '/export/home/primary');
    assert.equal(z.capacitybytes, 5 * TiB);
    assert.equal(z.clusterid, undefined);
    const f = (await s.admin.ok('createStoragePool', clusterPool({ url: 'filesystem:///var/lib/nubo/primary', capacitybytes: 1000 }))).storagepool as Json;
    assert.equal(f.type, 'Filesystem');
    assert.equal(f.path, '/var/lib/nubo/primary');
    const ev = await s.admin.ok('listEvents', { type: 'STORAGE.POOL.CREATE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === c.id));
    const tags = (await s.admin.ok('listStorageTags')).storagetag as Json[];
    assert.ok(tags.some((t) => t.name === 'ssd' && typeof t.poolid === 'number'));
  });

  it('refuses bad pools with 431 and creates nothing', async () => {
    const taken = (await s.admin.ok('createStoragePool', clusterPool())).storagepool as Json;
    const takenUrl = `nfs://nas1/${uniqueName('exp')}`;
    await s.admin.ok('createStoragePool', clusterPool({ url: takenUrl, capacitybytes: 10 }));
    const other = await newInventory(s.admin);
    const before = await count(s.admin, 'listStoragePools');
    const cases: [Record<string, string | number | boolean>, RegExp][] = [
      [clusterPool({ url: 'iscsi://target/iqn' }), /storage URL/],
      [clusterPool({ url: 'nfs://nas1' }), /export path/],
      [clusterPool({ url: 'nfs://nas1/export' }), /capacitybytes is required/],
      [clusterPool({ capacitybytes: 0 }), /capacitybytes/],
      [clusterPool({ scope: 'galaxy' }), /scope/],
      [clusterPool({ clusterid: '' }), /podid and clusterid/],
      [{ zoneid, name: uniqueName('z'), url: 'sim://x/y', scope: 'zone' }, /hypervisor/],
      [{ zoneid, name: uniqueName('z'), url: 'sim://x/y', scope: 'zone', hypervisor: 'Hyperv' }, /not supported/],
      [clusterPool({ name: String(taken.name) }), /already exists/],
      [clusterPool({ url: takenUrl, capacitybytes: 10 }), /already in use/],
      [clusterPool({ managed: true }), /Managed/],
      [clusterPool({ provider: 'SolidFire' }), /provider/],
      [clusterPool({ clusterid: String(other.cluster.id) }), /does not belong/],
      [clusterPool({ hypervisor: 'KVM' }), /does not match/],
    ];
    for (const [params, why] of cases) await expectError(s.admin, 'createStoragePool', params, 431, why);
    assert.equal(await count(s.admin, 'listStoragePools'), before);
  });

  it('lists pools by zone, cluster, scope, status and the host that reaches them', async () => {
    const inv2 = await newInventory(s.admin);
    const z2 = String(inv2.zone.id);
    const cp = (await s.admin.ok('createStoragePool', {
      zoneid: z2, podid: String(inv2.pod.id), clusterid: String(inv2.cluster.id), name: uniqueName('ps'), url: `sim://${uniqueName('a')}/p`,
    })).storagepool as Json;
    const zp = (await s.admin.ok('createStoragePool', { zoneid: z2, name: uniqueName('zp'), url: `sim://${uniqueName('b')}/p`, scope: 'zone', hypervisor: 'Simulator' })).storagepool as Json;
    await s.admin.ok('createStoragePool', { zoneid: z2, name: uniqueName('kvm'), url: `sim://${uniqueName('c')}/p`, scope: 'zone', hypervisor: 'KVM' });
    assert.equal(await count(s.admin, 'listStoragePools', { zoneid: z2 }), 3);
    assert.equal(await count(s.admin, 'listStoragePools', { clusterid: String(inv2.cluster.id) }), 1);
    assert.equal(await count(s.admin, 'listStoragePools', { zoneid: z2, scope: 'zone' }), 2);
    assert.equal(first(await s.admin.ok('listStoragePools', { id: String(cp.id) }), 'storagepool').name, cp.name);
    assert.equal(await count(s.admin, 'listStoragePools', { zoneid: z2, status: 'Up' }), 3);
    const host = await newSimHost(s.admin, inv2);
    const reach = ((await s.admin.ok('listStoragePools', { hostid: String(host.id) })).storagepool as Json[]).map((p) => p.id).sort();
    assert.deepEqual(reach, [cp.id, zp.id].sort(), 'a Simulator host reaches its cluster pool and zone-wide Simulator pools');
  });

  it('updates tags, capacity and enabled state, and records STORAGE.POOL.UPDATE', async () => {
    const p = (await s.admin.ok('createStoragePool', clusterPool({ tags: 'a' }))).storagepool as Json;
    const id = String(p.id);
    const u = (await s.admin.ok('updateStoragePool', { id, tags: 'b,c', capacitybytes: 2 * TiB, capacityiops: 500, name: uniqueName('ren') })).storagepool as Json;
    assert.equal(u.tags, 'b,c');
    assert.equal(u.capacitybytes, 2 * TiB);
    assert.equal(u.capacityiops, 500);
    assert.equal(((await s.admin.ok('updateStoragePool', { id, enabled: false })).storagepool as Json).state, 'Disabled');
    assert.equal(((await s.admin.ok('updateStoragePool', { id, enabled: true })).storagepool as Json).state, 'Up');
    await expectError(s.admin, 'updateStoragePool', { id, url: 'sim://elsewhere/p' }, 431, /only in maintenance/);
    await expectError(s.admin, 'updateStoragePool', { id, capacitybytes: -5 }, 431, /capacitybytes/);
    const cleared = (await s.admin.ok('updateStoragePool', { id, tags: '' })).storagepool as Json;
    assert.equal(cleared.tags, undefined);
    const ev = await s.admin.ok('listEvents', { type: 'STORAGE.POOL.UPDATE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === p.id));
  });

  it('runs storage maintenance as jobs and deletes a pool only in maintenance', async () => {
    const p = (await s.admin.ok('createStoragePool', clusterPool())).storagepool as Json;
    const id = String(p.id);
    await expectError(s.admin, 'deleteStoragePool', { id }, 431, /not in Maintenance/);
    await expectError(s.admin, 'cancelStorageMaintenance', { id }, 431, /not in maintenance/);
    const started = await s.admin.ok('enableStorageMaintenance', { id });
    assert.deepEqual(Object.keys(started), ['jobid']);
    const done = await s.admin.waitJob(String(started.jobid));
    assert.equal(done.jobstatus, 1);
    assert.equal(((done.jobresult as Json).storagepool as Json).state, 'Maintenance');
    await expectError(s.admin, 'enableStorageMaintenance', { id }, 431, /cannot enter maintenance/);
    await expectError(s.admin, 'updateStoragePool', { id, enabled: true }, 431, /Unable to enable/);
    // In maintenance the URL may move.
    const moved = (await s.admin.ok('updateStoragePool', { id, url: `sim://${uniqueName('moved')}/p` })).storagepool as Json;
    assert.equal(moved.state, 'Maintenance');
    const back = await s.admin.job('cancelStorageMaintenance', { id });
    assert.equal(((back.jobresult as Json).storagepool as Json).state, 'Up');
    await s.admin.job('enableStorageMaintenance', { id });
    assert.deepEqual(await s.admin.ok('deleteStoragePool', { id }), { success: true });
    assert.equal(await count(s.admin, 'listStoragePools', { id }), 0);
    for (const type of ['MAINT.PREPARE.PS', 'MAINT.CANCEL.PS', 'STORAGE.POOL.DELETE']) {
      const ev = await s.admin.ok('listEvents', { type, listall: true });
      assert.ok((ev.event as Json[]).some((e) => e.resourceid === p.id), type);
    }
  });

  it('adds, lists and deletes image stores; addSecondaryStorage is an alias', async () => {
    const nfs = (await s.admin.ok('addImageStore', { zoneid, provider: 'NFS', name: uniqueName('ss'), url: `nfs://nas2/${uniqueName('sec')}` })).imagestore as Json;
    assert.equal(nfs.providername, 'NFS');
    assert.equal(nfs.protocol, 'nfs');
    assert.equal(nfs.scope, 'ZONE');
    assert.equal(nfs.zoneid, zoneid);
    assert.equal(nfs.readonly, false);
    const sim = (await s.admin.ok('addImageStore', { zoneid, provider: 'simulator', url: `sim://${uniqueName('sec')}` })).imagestore as Json;
    assert.equal(sim.providername, 'Simulator');
    assert.equal(sim.disksizetotal, TiB);
    const alias = await s.admin.ok('addSecondaryStorage', { zoneid, url: `sim://${uniqueName('alias')}/s` });
    assert.equal((alias.secondarystorage as Json).providername, 'Simulator');
    assert.equal(await count(s.admin, 'listImageStores', { zoneid }), 3);
    assert.equal(await count(s.admin, 'listImageStores', { zoneid, provider: 'NFS' }), 1);
    assert.equal(await count(s.admin, 'listImageStores', { zoneid, protocol: 'sim' }), 2);
    assert.equal(first(await s.admin.ok('listImageStores', { id: String(nfs.id) }), 'imagestore').name, nfs.name);

    const before = await count(s.admin, 'listImageStores');
    const cases: [Record<string, string>, RegExp][] = [
      [{ zoneid, provider: 'S3', url: 'sim://x' }, /not supported/],
      [{ zoneid, provider: 'NFS', url: 'sim://x/y' }, /nfs:\/\//],
      [{ zoneid, provider: 'NFS' }, /url is required/],
      [{ provider: 'NFS', url: 'nfs://a/b' }, /zoneid is required/],
      [{ zoneid, provider: 'NFS', url: String(nfs.url) }, /already exists/],
      [{ zoneid: '00000000-0000-0000-0000-000000000000', provider: 'NFS', url: 'nfs://a/b' }, /zone/],
    ];
    for (const [params, why] of cases) await expectError(s.admin, 'addImageStore', params, 431, why);
    await expectError(s.admin, 'addSecondaryStorage', { zoneid, url: 'ftp://x/y' }, 431, /storage URL/);
    assert.equal(await count(s.admin, 'listImageStores'), before);

    assert.deepEqual(await s.admin.ok('deleteImageStore', { id: String(nfs.id) }), { success: true });
    assert.equal(await count(s.admin, 'listImageStores', { id: String(nfs.id) }), 0);
    for (const type of ['IMAGE.STORE.CREATE', 'IMAGE.STORE.DELETE']) {
      const ev = await s.admin.ok('listEvents', { type, listall: true });
      assert.ok((ev.event as Json[]).some((e) => e.resourceid === nfs.id), type);
    }
  });

  it('refuses storage commands to users and domain admins with 432 (domain admins may list storage tags)', async () => {
    const p = (await s.admin.ok('createStoragePool', clusterPool())).storagepool as Json;
    const st = (await s.admin.ok('addImageStore', { zoneid: String((await newZone(s.admin)).id), provider: 'Simulator', url: `sim://${uniqueName('t')}` })).imagestore as Json;
    for (const t of [user, domainAdmin]) {
      await expectError(t.client, 'createStoragePool', clusterPool(), 432);
      await expectError(t.client, 'listStoragePools', {}, 432);
      await expectError(t.client, 'updateStoragePool', { id: String(p.id), tags: 'mine' }, 432);
      await expectError(t.client, 'deleteStoragePool', { id: String(p.id) }, 432);
      await expectError(t.client, 'enableStorageMaintenance', { id: String(p.id) }, 432);
      await expectError(t.client, 'cancelStorageMaintenance', { id: String(p.id) }, 432);
      await expectError(t.client, 'addImageStore', { zoneid, provider: 'Simulator', url: 'sim://tenant' }, 432);
      await expectError(t.client, 'addSecondaryStorage', { url: 'sim://tenant' }, 432);
      await expectError(t.client, 'listImageStores', {}, 432);
      await expectError(t.client, 'deleteImageStore', { id: String(st.id) }, 432);
    }
    await expectError(user.client, 'listStorageTags', {}, 432);
    assert.equal((await domainAdmin.client.call('listStorageTags')).status, 200);
    const still = first(await s.admin.ok('listStoragePools', { id: String(p.id) }), 'storagepool');
    assert.equal(still.state, 'Up');
    assert.equal(still.tags, undefined);
    assert.equal(await count(s.admin, 'listImageStores', { id: String(st.id) }), 1);
  });
});
