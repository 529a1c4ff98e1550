// listCapacity (and showcapacities) computed from hosts, pools, stores and IP ranges, plus the
// reservation calls a VM service will use.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { first, newInventory, newSimHost, openTestDb, seededZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { CapacityService } from '../../src/services/capacity.js';

const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const byName = (r: Json) => Object.fromEntries(((r.capacity as Json[] | undefined) ?? []).map((c) => [String(c.name), c]));

describe('capacity', () => {
  let s: TestServer;
  let user: TestAccount;
  let domainAdmin: TestAccount;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s, { type: 'user' });
    domainAdmin = await newAccount(s, { type: 'domainadmin' });
  });
  after(async () => s.close());

  it('reports the seeded zone: 2 hosts × 16 × 2000 MHz, 2 × 64 GiB, 10 TiB, 241 public IPs', async () => {
    const z = await seededZone(s.admin);
    const r = await s.admin.ok('listCapacity', { zoneid: String(z.id) });
    const c = byName(r);
    assert.equal(c.CPU!.capacitytotal, 64000);
    assert.equal(c.CPU!.type, 1);
    assert.equal(c.MEMORY!.capacitytotal, 128 * GiB);
    assert.equal(c.CPU_CORE!.capacitytotal, 32);
    assert.equal(c.STORAGE!.capacitytotal, 10 * TiB);
    assert.equal(c.SECONDARY_STORAGE!.capacitytotal, 10 * TiB);
    assert.equal(c.VIRTUAL_NETWORK_PUBLIC_IP!.capacitytotal, 241);
    assert.equal(c.PRIVATE_IP!.capacitytotal, 199);
    for (const x of Object.values(c)) {
      assert.equal(x.zoneid, z.id);
      assert.equal(x.zonename, z.name);
      assert.equal(typeof x.capacitytotal, 'number');
      assert.equal(x.capacityused, 0, 'nothing is used until VMs exist');
      assert.equal(x.percentused, '0', 'percentused is a string, as in CloudStack');
    }
  });

  it('computes per zone, pod and cluster, by type, from enabled hosts and pools that are up', async () => {
    const inv = await newInventory(s.admin);
    const zoneid = String(inv.zone.id);
    const host = await newSimHost(s.admin, inv, `?cpunumber=4&cpuspeed=1000&memory=${8 * GiB}`);
    await s.admin.ok('createStoragePool', {
      zoneid, podid: String(inv.pod.id), clusterid: String(inv.cluster.id), name: uniqueName('ps'), url: `sim://${uniqueName('c')}/p`, capacitybytes: 100 * GiB,
    });
    await s.admin.ok('createVlanIpRange', { zoneid, gateway: '203.0.113.1', netmask: '255.255.255.0', startip: '203.0.113.10', endip: '203.0.113.19' });
    const zone = byName(await s.admin.ok('listCapacity', { zoneid }));
    assert.equal(zone.CPU!.capacitytotal, 4000);
    assert.equal(zone.MEMORY!.capacitytotal, 8 * GiB);
    assert.equal(zone.STORAGE!.capacitytotal, 100 * GiB);
    assert.equal(zone.VIRTUAL_NETWORK_PUBLIC_IP!.capacitytotal, 10);
    assert.equal(zone.PRIVATE_IP!.capacitytotal, 91);
    const pod = byName(await s.admin.ok('listCapacity', { podid: String(inv.pod.id) }));
    assert.equal(pod.CPU!.podid, inv.pod.id);
    assert.equal(pod.CPU!.capacitytotal, 4000);
    assert.equal(pod.VIRTUAL_NETWORK_PUBLIC_IP, undefined, 'public IPs are zone-wide');
    const cluster = byName(await s.admin.ok('listCapacity', { clusterid: String(inv.cluster.id) }));
    assert.equal(cluster.MEMORY!.clusterid, inv.cluster.id);
    assert.equal(cluster.MEMORY!.clustername, inv.cluster.name);
    assert.equal(cluster.STORAGE!.capacitytotal, 100 * GiB);
    assert.deepEqual(Object.keys(cluster).sort(), ['CPU', 'CPU_CORE', 'MEMORY', 'STORAGE', 'STORAGE_ALLOCATED']);
    const onlyCpu = await s.admin.ok('listCapacity', { zoneid, type: 1 });
    assert.equal(onlyCpu.count, 1);
    assert.equal(first(onlyCpu, 'capacity').name, 'CPU');
    const all = await s.admin.ok('listCapacity', { type: 0 });
    assert.ok((all.count as number) >= 2, 'one MEMORY row per zone');

    await s.admin.ok('updateHost', { id: String(host.id), allocationstate: 'Disable' });
    assert.equal(byName(await s.admin.ok('listCapacity', { zoneid })).CPU!.capacitytotal, 0, 'a disabled host gives no capacity');
    await s.admin.ok('updateHost', { id: String(host.id), allocationstate: 'Enable' });

    const zoneView = first(await s.admin.ok('listZones', { id: zoneid, showcapacities: true }), 'zone');
    assert.equal(byName(zoneView).CPU!.capacitytotal, 4000);
  });

  it('counts reservations made through the capacity service, compare-and-set', async () => {
    const inv = await newInventory(s.admin);
    const zoneid = String(inv.zone.id);
    const host = await newSimHost(s.admin, inv, `?cpunumber=2&cpuspeed=1000&memory=${4 * GiB}`);
    const h = openTestDb(s);
    try {
      const row = await h.db.selectFrom('hosts').select('id').where('uuid', '=', String(host.id)).executeTakeFirstOrThrow();
      const cap = new CapacityService(h.db);
      assert.equal(await cap.reserveHost(row.id, 500, GiB), true);
      assert.equal(await cap.reserveHost(row.id, 1600, GiB), false, 'more CPU than the host has');
      assert.equal(await cap.reserveHost(row.id, 100, 4 * GiB), false, 'more memory than the host has');
      const c = byName(await s.admin.ok('listCapacity', { zoneid }));
      assert.equal(c.CPU!.capacityused, 500);
      assert.equal(c.CPU!.percentused, '25');
      assert.equal(c.MEMORY!.capacityused, GiB);
      assert.equal(c.MEMORY!.percentused, '25');
      const listed = first(await s.admin.ok('listHosts', { id: String(host.id) }), 'host');
      assert.equal(listed.cpuallocated, '25%');
      assert.equal(listed.memoryallocated, GiB);
      const sorted = (await s.admin.ok('listCapacity', { sortby: 'usage' })).capacity as Json[];
      assert.ok(Number(sorted[0]!.percentused) >= 25, 'the fullest first');
      await cap.releaseHost(row.id, 500, GiB);
      assert.equal(byName(await s.admin.ok('listCapacity', { zoneid })).CPU!.capacityused, 0);
    } finally {
      await h.close();
    }
  });

  it('refuses bad filters with 431', async () => {
    await expectError(s.admin, 'listCapacity', { zoneid: '00000000-0000-0000-0000-000000000000' }, 431, /zone/);
    await expectError(s.admin, 'listCapacity', { podid: '00000000-0000-0000-0000-000000000000' }, 431, /pod/);
    await expectError(s.admin, 'listCapacity', { sortby: 'name' }, 431, /sortby/);
    await expectError(s.admin, 'listCapacity', { type: 'cpu' }, 431, /type/);
  });

  it('refuses listCapacity to users and domain admins with 432', async () => {
    for (const t of [user, domainAdmin]) await expectError(t.client, 'listCapacity', {}, 432);
  });
});
