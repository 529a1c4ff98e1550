// Zones: the seeded zone, create/list/update/delete, bad input, and what tenants may see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first, newPod, newZone, seededZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const ADMIN_ONLY_ZONE_FIELDS = ['dns1', 'dns2', 'internaldns1', 'internaldns2', 'guestcidraddress', 'zonetoken', 'capacity'];

describe('zones', () => {
  let s: TestServer;
  let user: TestAccount;
  let domainAdmin: TestAccount;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s, { type: 'user' });
    domainAdmin = await newAccount(s, { type: 'domainadmin' });
  });
  after(async () => s.close());

  it('seeds one Advanced zone with its inventory on first start', async () => {
    const z = await seededZone(s.admin);
    assert.equal(z.networktype, 'Advanced');
    assert.equal(z.allocationstate, 'Enabled');
    assert.equal(z.guestcidraddress, '10.1.1.0/24');
    const zoneid = String(z.id);
    assert.equal(await count(s.admin, 'listPods', { zoneid }), 1);
    const cluster = first(await s.admin.ok('listClusters', { zoneid }), 'cluster');
    assert.equal(cluster.hypervisortype, 'Simulator');
    assert.equal(await count(s.admin, 'listHosts', { zoneid }), 2, 'NUBO_SIM_HOSTS defaults to 2');
    const pool = first(await s.admin.ok('listStoragePools', { zoneid }), 'storagepool');
    assert.equal(pool.scope, 'ZONE');
    assert.equal(first(await s.admin.ok('listImageStores', { zoneid }), 'imagestore').providername, 'Simulator');
    assert.equal(first(await s.admin.ok('listVlanIpRanges', { zoneid }), 'vlaniprange').forvirtualnetwork, true);
  });

  it('creates an Advanced zone with every field, disabled by default, and records ZONE.CREATE', async () => {
    const name = uniqueName('adv');
    const z = await newZone(s.admin, {
      name, dns1: '1.1.1.1', dns2: '1.0.0.1', internaldns1: '10.0.0.2', internaldns2: '10.0.0.3', ip6dns1: '2001:db8::53',
      guestcidraddress: '10.20.0.0/16', domain: 'cloud.example.test', localstorageenabled: true,
    });
    assert.equal(z.name, name);
    assert.equal(z.networktype, 'Advanced');
    assert.equal(z.allocationstate, 'Disabled');
    assert.equal(z.dns1, '1.1.1.1');
    assert.equal(z.dns2, '1.0.0.1');
    assert.equal(z.internaldns2, '10.0.0.3');
    assert.equal(z.ip6dns1, '2001:db8::53');
    assert.equal(z.guestcidraddress, '10.20.0.0/16');
    assert.equal(z.domain, 'cloud.example.test');
    assert.equal(z.localstorageenabled, true);
    assert.equal(z.securitygroupsenabled, false);
    assert.equal(typeof z.zonetoken, 'string');
    const ev = await s.admin.ok('listEvents', { type: 'ZONE.CREATE', listall: true });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === z.id || String(e.description).includes(name)));
  });

  it('creates a Basic zone with security groups and no guest CIDR; accepts any letter case', async () => {
    const z = await newZone(s.admin, { networktype: 'basic', allocationstate: 'enabled' });
    assert.equal(z.networktype, 'Basic');
    assert.equal(z.securitygroupsenabled, true);
    assert.equal(z.allocationstate, 'Enabled');
    assert.equal(z.guestcidraddress, undefined);
  });

  it('refuses bad input with 431 and creates nothing', async () => {
    const taken = (await newZone(s.admin)).name as string;
    const before = await count(s.admin, 'listZones');
    const base = { name: uniqueName('bad'), networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...base, dns1: '' }, /dns1/],
      [{ name: base.name, networktype: 'Advanced', internaldns1: '10.0.0.2' }, /dns1/],
      [{ ...base, networktype: 'Fancy' }, /network type/i],
      [{ ...base, dns1: '8.8.8' }, /dns1/],
      [{ ...base, internaldns2: 'x' }, /internaldns2/],
      [{ ...base, ip6dns1: '2001:::1' }, /ip6dns1/],
      [{ ...base, guestcidraddress: '8.8.8.0/24' }, /guest CIDR/],
      [{ ...base, guestcidraddress: '10.1.1.5/24' }, /guest CIDR/],
      [{ ...base, domain: 'bad_domain!' }, /network domain/],
      [{ ...base, allocationstate: 'Sometimes' }, /allocation state/],
      [{ ...base, domainid: '00000000-0000-0000-0000-000000000000' }, /domain/],
      [{ ...base, name: taken.toUpperCase() }, /already exists/],
      [{ ...base, networktype: 'Basic', guestcidraddress: '10.1.1.0/24' }, /Advanced/],
    ];
    for (const [params, why] of cases) await expectError(s.admin, 'createZone', params, 431, why);
    assert.equal(await count(s.admin, 'listZones'), before);
  });

  it('lists with id, ids, name, networktype, keyword and available filters', async () => {
    const a = await newZone(s.admin, { name: uniqueName('lst-a'), allocationstate: 'Enabled' });
    const b = await newZone(s.admin, { name: uniqueName('lst-b'), networktype: 'Basic' });
    assert.equal(first(await s.admin.ok('listZones', { id: String(a.id) }), 'zone').name, a.name);
    assert.equal(await count(s.admin, 'listZones', { ids: `${String(a.id)},${String(b.id)}` }), 2);
    assert.equal(await count(s.admin, 'listZones', { name: String(b.name) }), 1);
    assert.equal(await count(s.admin, 'listZones', { keyword: 'lst-' }), 2);
    const basics = (await s.admin.ok('listZones', { networktype: 'Basic' })).zone as Json[];
    assert.ok(basics.every((z) => z.networktype === 'Basic'));
    const available = (await s.admin.ok('listZones', { available: true })).zone as Json[];
    assert.ok(available.every((z) => z.allocationstate === 'Enabled'));
    assert.ok(!available.some((z) => z.id === b.id), 'a disabled zone is not available');
    // As CloudStack, an id that names no zone at all is a 431; a removed zone just lists nothing.
    await expectError(s.admin, 'listZones', { id: '00000000-0000-0000-0000-000000000000' }, 431, /zone/);
    await expectError(s.admin, 'listZones', { ids: `${String(a.id)},00000000-0000-0000-0000-000000000000` }, 431, /zone/);
    const withCap = first(await s.admin.ok('listZones', { id: String(a.id), showcapacities: true }), 'zone');
    assert.ok(Array.isArray(withCap.capacity));
  });

  it('updates a zone and records ZONE.EDIT; bad updates change nothing', async () => {
    const z = await newZone(s.admin);
    const name = uniqueName('renamed');
    const u = (await s.admin.ok('updateZone', { id: String(z.id), name, dns1: '9.9.9.9', allocationstate: 'Enabled', domain: 'new.example.test', sortkey: 5 })).zone as Json;
    assert.equal(u.name, name);
    assert.equal(u.dns1, '9.9.9.9');
    assert.equal(u.allocationstate, 'Enabled');
    assert.equal(u.domain, 'new.example.test');
    const cleared = (await s.admin.ok('updateZone', { id: String(z.id), domain: '' })).zone as Json;
    assert.equal(cleared.domain, undefined);
    const other = await newZone(s.admin);
    await expectError(s.admin, 'updateZone', { id: String(z.id), name: String(other.name) }, 431, /already exists/);
    await expectError(s.admin, 'updateZone', { id: String(z.id), dns2: 'nope' }, 431, /dns2/);
    await expectError(s.admin, 'updateZone', { id: String(z.id), allocationstate: 'x' }, 431);
    await expectError(s.admin, 'updateZone', { id: '00000000-0000-0000-0000-000000000000', name: 'x' }, 431, /zone/);
    const now = first(await s.admin.ok('listZones', { id: String(z.id) }), 'zone');
    assert.equal(now.name, name);
    assert.equal(now.dns2, undefined);
    const ev = await s.admin.ok('listEvents', { type: 'ZONE.EDIT', listall: true });
    assert.ok((ev.count as number) >= 2);
  });

  it('refuses to delete a zone that has pods, image stores or IP ranges; deletes an empty one', async () => {
    const z = await newZone(s.admin);
    const zoneid = String(z.id);
    const pod = await newPod(s.admin, zoneid);
    await expectError(s.admin, 'deleteZone', { id: zoneid }, 536, /pods/);
    await s.admin.ok('deletePod', { id: String(pod.id) });
    const store = (await s.admin.ok('addImageStore', { zoneid, provider: 'Simulator', url: `sim://${uniqueName('ss')}/images` })).imagestore as Json;
    await expectError(s.admin, 'deleteZone', { id: zoneid }, 536, /image stores/);
    await s.admin.ok('deleteImageStore', { id: String(store.id) });
    const range = (await s.admin.ok('createVlanIpRange', { zoneid, gateway: '203.0.113.1', netmask: '255.255.255.0', startip: '203.0.113.10', endip: '203.0.113.20' })).vlan as Json;
    await expectError(s.admin, 'deleteZone', { id: zoneid }, 536, /IP ranges/);
    assert.equal(await count(s.admin, 'listZones', { id: zoneid }), 1, 'still there');
    await s.admin.ok('deleteVlanIpRange', { id: String(range.id) });
    assert.deepEqual(await s.admin.ok('deleteZone', { id: zoneid }), { success: true });
    assert.equal(await count(s.admin, 'listZones', { id: zoneid }), 0);
    await expectError(s.admin, 'deleteZone', { id: zoneid }, 431);
    const ev = await s.admin.ok('listEvents', { type: 'ZONE.DELETE', listall: true });
    assert.ok((ev.count as number) >= 1);
    const seeded = await seededZone(s.admin);
    await expectError(s.admin, 'deleteZone', { id: String(seeded.id) }, 536);
  });

  it('shows users and domain admins only enabled zones, in the restricted view', async () => {
    const disabled = await newZone(s.admin);
    const enabled = await newZone(s.admin, { allocationstate: 'Enabled' });
    for (const t of [user, domainAdmin]) {
      const zones = (await t.client.ok('listZones')).zone as Json[];
      assert.ok(zones.some((z) => z.id === enabled.id), `${t.roleType} sees the enabled zone`);
      assert.ok(!zones.some((z) => z.id === disabled.id), `${t.roleType} does not see the disabled zone`);
      assert.ok(zones.every((z) => z.allocationstate === 'Enabled'));
      for (const z of zones) for (const f of ADMIN_ONLY_ZONE_FIELDS) assert.equal(z[f], undefined, `${t.roleType} must not see ${f}`);
      const withCap = (await t.client.ok('listZones', { showcapacities: true })).zone as Json[];
      assert.ok(withCap.every((z) => z.capacity === undefined), 'no capacities for tenants');
      assert.deepEqual(await t.client.ok('listZones', { id: String(disabled.id) }), {});
    }
  });

  it('shows a domain-dedicated zone only inside that domain', async () => {
    const d = (await s.admin.ok('createDomain', { name: uniqueName('dz') })).domain as Json;
    const z = await newZone(s.admin, { domainid: String(d.id), allocationstate: 'Enabled' });
    assert.equal(z.domainid, d.id);
    const inside = await newAccount(s, { type: 'user', domainId: String(d.id) });
    assert.equal(await count(inside.client, 'listZones', { id: String(z.id) }), 1);
    assert.equal(await count(user.client, 'listZones', { id: String(z.id) }), 0, 'a ROOT user does not see it');
    const pub = (await s.admin.ok('updateZone', { id: String(z.id), ispublic: true })).zone as Json;
    assert.equal(pub.domainid, undefined);
    assert.equal(await count(user.client, 'listZones', { id: String(z.id) }), 1);
  });

  it('refuses every zone admin command to users and domain admins with 432, changing nothing', async () => {
    const z = await newZone(s.admin);
    const before = await count(s.admin, 'listZones');
    for (const t of [user, domainAdmin]) {
      await expectError(t.client, 'createZone', { name: uniqueName('t'), networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '8.8.4.4' }, 432);
      await expectError(t.client, 'updateZone', { id: String(z.id), name: 'stolen' }, 432);
      await expectError(t.client, 'deleteZone', { id: String(z.id) }, 432);
    }
    assert.equal(await count(s.admin, 'listZones'), before);
    assert.equal(first(await s.admin.ok('listZones', { id: String(z.id) }), 'zone').name, z.name);
  });
});
