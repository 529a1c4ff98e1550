// Public IP ranges: validation, overlap, dedication, the per-address table the networking
// family allocates from, and refusing to delete a range with allocated addresses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first, newPod, newZone, openTestDb } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('public IP ranges', () => {
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

  const range = (net: string, from: number, to: number, extra: Record<string, string | boolean> = {}) => ({
    zoneid, gateway: `${net}.1`, netmask: '255.255.255.0', startip: `${net}.${from}`, endip: `${net}.${to}`, forvirtualnetwork: true, ...extra,
  });

  it('creates a range with one free address row per IP, and records VLAN.IP.RANGE.CREATE', async () => {
    const v = (await s.admin.ok('createVlanIpRange', range('203.0.113', 10, 29, { vlan: '100' }))).vlan as Json;
    assert.equal(v.zoneid, zoneid);
    assert.equal(v.vlan, 'vlan://100');
    assert.equal(v.gateway, '203.0.113.1');
    assert.equal(v.netmask, '255.255.255.0');
    assert.equal(v.cidr, '203.0.113.0/24');
    assert.equal(v.startip, '203.0.113.10');
    assert.equal(v.endip, '203.0.113.29');
    assert.equal(v.forvirtualnetwork, true);
    assert.equal(v.forsystemvms, false);
    const h = openTestDb(s);
    try {
      const rows = await h.db.selectFrom('public_ip_addresses as ip').innerJoin('vlan_ranges as r', 'r.id', 'ip.vlan_range_id')
        .select(['ip.address', 'ip.state']).where('r.uuid', '=', String(v.id)).orderBy('ip.address_num').execute();
      assert.equal(rows.length, 20);
      assert.equal(rows[0]!.address, '203.0.113.10');
      assert.equal(rows[19]!.address, '203.0.113.29');
      assert.ok(rows.every((r) => r.state === 'Free'));
    } finally {
      await h.close();
    }
    const ev = await s.admin.ok('listEvents', { type: 'VLAN.IP.RANGE.CREATE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === v.id));
    // An untagged range and a single-address range.
    const u = (await s.admin.ok('createVlanIpRange', { zoneid, gateway: '198.18.0.1', netmask: '255.255.0.0', startip: '198.18.5.5' })).vlan as Json;
    assert.equal(u.vlan, 'vlan://untagged');
    assert.equal(u.endip, '198.18.5.5');
  });

  it('refuses bad or overlapping ranges with 431 and creates nothing', async () => {
    await s.admin.ok('createVlanIpRange', range('192.0.2', 100, 150));
    const basic = String((await newZone(s.admin, { networktype: 'Basic' })).id);
    const before = await count(s.admin, 'listVlanIpRanges');
    const cases: [Record<string, string | boolean>, RegExp][] = [
      [range('192.0.2', 120, 130), /overlaps/],
      [range('192.0.2', 90, 100), /overlaps/],
      [{ ...range('192.0.2', 10, 20), gateway: '192.0.2.300' }, /gateway/],
      [{ ...range('192.0.2', 10, 20), netmask: '255.255.0.255' }, /netmask/],
      [{ ...range('192.0.2', 10, 20), startip: 'x' }, /start IP/],
      [range('192.0.2', 20, 10), /greater/],
      [{ ...range('192.0.2', 10, 20), endip: '192.0.3.5' }, /not in the subnet/],
      [{ ...range('192.0.2', 1, 20) }, /gateway/],
      [{ ...range('192.0.2', 10, 20), vlan: '5000' }, /vlan/],
      [{ zoneid, gateway: '10.0.0.1', netmask: '255.0.0.0', startip: '10.0.0.2', endip: '10.255.255.254' }, /at most 65536/],
      [{ zoneid, netmask: '255.255.255.0', startip: '192.0.2.10' }, /gateway, netmask and startip/],
      [{ ...range('192.0.2', 10, 20), startipv6: '2001:db8::10' }, /IPv6/],
      [{ ...range('192.0.2', 10, 20), networkid: '00000000-0000-0000-0000-000000000000' }, /network/],
      [{ ...range('192.0.2', 10, 20), projectid: '00000000-0000-0000-0000-000000000000' }, /project/],
      [{ ...range('192.0.2', 10, 20), zoneid: basic }, /Basic zone/],
      [{ ...range('192.0.2', 10, 20), forvirtualnetwork: false }, /shared network/],
      [{ ...range('192.0.2', 10, 20), account: 'nobody-here' }, /account/],
      [{ ...range('192.0.2', 10, 20), zoneid: '00000000-0000-0000-0000-000000000000' }, /zone/],
      [{ gateway: '192.0.2.1', netmask: '255.255.255.0', startip: '192.0.2.10' }, /zoneid/],
    ];
    for (const [params, why] of cases) await expectError(s.admin, 'createVlanIpRange', params, 431, why);
    assert.equal(await count(s.admin, 'listVlanIpRanges'), before);
  });

  it('accepts a direct range with a pod in a Basic zone and dedicated ranges', async () => {
    const basic = String((await newZone(s.admin, { networktype: 'Basic' })).id);
    const pod = await newPod(s.admin, basic);
    const d = (await s.admin.ok('createVlanIpRange', {
      zoneid: basic, podid: String(pod.id), forvirtualnetwork: false, gateway: '100.64.0.1', netmask: '255.255.255.0', startip: '100.64.0.10', endip: '100.64.0.20',
    })).vlan as Json;
    assert.equal(d.forvirtualnetwork, false);
    assert.equal(d.podid, pod.id);
    assert.equal(d.podname, pod.name);
    const mine = (await s.admin.ok('createVlanIpRange', range('198.51.99', 10, 12, { account: user.name, domainid: user.domainId }))).vlan as Json;
    assert.equal(mine.account, user.name);
    assert.equal(mine.domainid, user.domainId);
    assert.equal(mine.domain, 'ROOT');
    assert.equal(await count(s.admin, 'listVlanIpRanges', { account: user.name }), 1);
  });

  it('lists ranges by id, zone, vlan and kind', async () => {
    const z = String((await newZone(s.admin)).id);
    const a = (await s.admin.ok('createVlanIpRange', { ...range('172.31.1', 10, 20, { vlan: 'vlan://200' }), zoneid: z })).vlan as Json;
    await s.admin.ok('createVlanIpRange', { ...range('172.31.2', 10, 20), zoneid: z });
    assert.equal(await count(s.admin, 'listVlanIpRanges', { zoneid: z }), 2);
    assert.equal(await count(s.admin, 'listVlanIpRanges', { zoneid: z, vlan: '200' }), 1);
    assert.equal(await count(s.admin, 'listVlanIpRanges', { zoneid: z, forvirtualnetwork: false }), 0);
    assert.equal(first(await s.admin.ok('listVlanIpRanges', { id: String(a.id) }), 'vlaniprange').startip, '172.31.1.10');
    await expectError(s.admin, 'listVlanIpRanges', { zoneid: z, networkid: '00000000-0000-0000-0000-000000000000' }, 431, /network/);
    await expectError(s.admin, 'listVlanIpRanges', { zoneid: '00000000-0000-0000-0000-000000000000' }, 431, /zone/);
  });

  it('refuses to delete a range while one of its addresses is allocated', async () => {
    const v = (await s.admin.ok('createVlanIpRange', range('198.51.77', 10, 14))).vlan as Json;
    const h = openTestDb(s);
    try {
      // Stand in for the networking family: allocate one address of the range.
      const rangeRow = await h.db.selectFrom('vlan_ranges').select('id').where('uuid', '=', String(v.id)).executeTakeFirstOrThrow();
      await h.db.updateTable('public_ip_addresses').set({ state: 'Allocated', allocated: new Date().toISOString() })
        .where('vlan_range_id', '=', rangeRow.id).where('address', '=', '198.51.77.12').execute();
      const cap = ((await s.admin.ok('listCapacity', { zoneid, type: 4 })).capacity as Json[])[0]!;
      assert.equal(cap.capacityused, 1);
      await expectError(s.admin, 'deleteVlanIpRange', { id: String(v.id) }, 536, /198\.51\.77\.12 is allocated/);
      assert.equal(await count(s.admin, 'listVlanIpRanges', { id: String(v.id) }), 1);
      const left = await h.db.selectFrom('public_ip_addresses').select('id').where('vlan_range_id', '=', rangeRow.id).execute();
      assert.equal(left.length, 5, 'the refused delete removed no address');
      await h.db.updateTable('public_ip_addresses').set({ state: 'Free', allocated: null }).where('vlan_range_id', '=', rangeRow.id).execute();
      assert.deepEqual(await s.admin.ok('deleteVlanIpRange', { id: String(v.id) }), { success: true });
      const gone = await h.db.selectFrom('public_ip_addresses').select('id').where('vlan_range_id', '=', rangeRow.id).execute();
      assert.equal(gone.length, 0);
    } finally {
      await h.close();
    }
    // A deleted range is gone for good (CloudStack removes the row), so its id names nothing.
    await expectError(s.admin, 'listVlanIpRanges', { id: String(v.id) }, 431, /IP range/);
    await expectError(s.admin, 'deleteVlanIpRange', { id: String(v.id) }, 431);
    const ev = await s.admin.ok('listEvents', { type: 'VLAN.IP.RANGE.DELETE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === v.id));
    // The freed addresses can be ranged again.
    await s.admin.ok('createVlanIpRange', range('198.51.77', 10, 14));
  });

  it('refuses IP range commands to users and domain admins with 432', async () => {
    const v = (await s.admin.ok('createVlanIpRange', range('198.51.88', 10, 14))).vlan as Json;
    for (const t of [user, domainAdmin]) {
      await expectError(t.client, 'createVlanIpRange', range('198.51.89', 10, 14), 432);
      await expectError(t.client, 'listVlanIpRanges', {}, 432);
      await expectError(t.client, 'deleteVlanIpRange', { id: String(v.id) }, 432);
    }
    assert.equal(await count(s.admin, 'listVlanIpRanges', { id: String(v.id) }), 1);
    assert.equal(await count(s.admin, 'listVlanIpRanges', { zoneid, keyword: '198.51.89' }), 0);
  });
});
