// Virtual routers: one per isolated network, created with its first VM; listRouters (admins),
// start/stop/reboot/destroy jobs; the desired config is versioned and what the simulator
// network driver applied is reported back (a stopped router catches up when started).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { first } from '../helpers/infra.js';
import { associate, driverReport, isolatedNetwork, routerOf } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('virtual routers', () => {
  let s: TestServer;
  let user: TestAccount;
  let sd: Seeded;
  let net: Json;
  let router: Json;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    sd = await seeded(s.admin);
    net = await isolatedNetwork(user.client, sd.zoneId);
  });
  after(async () => s.close());

  const report = (uuid: string) => driverReport(s, uuid);
  const getRouter = async () => first(await s.admin.ok('listRouters', { networkid: String(net.id), listall: true }), 'router');

  it('creates one router with the network\'s first VM, and lists it for admins', async () => {
    assert.equal((await s.admin.ok('listRouters', { networkid: String(net.id), listall: true })).count, undefined);
    await deploy(user.client, sd, { networkids: String(net.id) });
    await deploy(user.client, sd, { networkids: String(net.id) });
    const routers = (await s.admin.ok('listRouters', { networkid: String(net.id), listall: true })).router as Json[];
    assert.equal(routers.length, 1, 'one router however many VMs');
    router = routers[0]!;
    assert.equal(router.state, 'Running');
    assert.match(String(router.name), /^r-\d+-VM$/);
    assert.equal(router.guestipaddress, '10.1.1.1');
    assert.equal(router.guestnetworkid, net.id);
    assert.equal(router.account, user.name);
    assert.equal(router.role, 'VIRTUAL_ROUTER');
    assert.equal(router.zoneid, sd.zoneId);
    assert.ok(router.hostid, 'placed on a host of the zone');
    assert.match(String(router.publicip), /^198\.51\.100\./);
    assert.equal((router.nic as Json[]).length, 2);
    assert.equal((await net0()).state, 'Implemented');
    const rep = await report(String(router.id));
    assert.equal(rep?.power, 'Running');
    const db = await routerOf(s, String(net.id));
    assert.equal(rep?.appliedVersion, db?.version, 'the driver reports the latest version applied');
    assert.equal(db?.appliedVersion, db?.version);
    assert.equal(db?.appliedHash, db?.configHash, 'the server recorded the hash of what the driver applied');
    assert.deepEqual(rep?.appliedConfig, db?.config);
    assert.equal(db?.config?.dhcp.leases.length, 2);
    assert.ok(((await s.admin.ok('listEvents', { type: 'ROUTER.CREATE', listall: true })).event as Json[]).some((e) => e.resourceid === router.id));
    const byName = (await s.admin.ok('listRouters', { name: String(router.name), listall: true })).router as Json[];
    assert.deepEqual(byName.map((r) => r.id), [router.id]);
    assert.equal((await s.admin.ok('listRouters', { state: 'Stopped', networkid: String(net.id), listall: true })).count, undefined);
  });

  async function net0(): Promise<Json> {
    return first(await user.client.ok('listNetworks', { id: String(net.id) }), 'network');
  }

  it('stops a router; changes wait in the desired config until it starts again', async () => {
    const j = await s.admin.job('stopRouter', { id: String(router.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(((j.jobresult as Json).router as Json).state, 'Stopped');
    assert.equal((await report(String(router.id)))?.power, 'Stopped');
    const ip = await associate(user.client, { networkid: String(net.id) });
    await user.client.job('createFirewallRule', { ipaddressid: String(ip.id), protocol: 'tcp', startport: 22 });
    const pending = await routerOf(s, String(net.id));
    assert.ok(pending!.version > pending!.appliedVersion, 'desired moved on, nothing was pushed to a stopped router');
    assert.ok(pending!.config!.firewall.ingress.some((r) => r.startPort === 22));
    assert.ok(!pending!.applied!.firewall.ingress.some((r) => r.startPort === 22));
    const st = await s.admin.job('startRouter', { id: String(router.id) });
    assert.equal(((st.jobresult as Json).router as Json).state, 'Running');
    const caught = await routerOf(s, String(net.id));
    assert.equal(caught!.appliedVersion, caught!.version);
    assert.ok(caught!.applied!.firewall.ingress.some((r) => r.startPort === 22));
    assert.ok(((await s.admin.ok('listEvents', { type: 'ROUTER.STOP', listall: true })).event as Json[]).some((e) => e.resourceid === router.id));
  });

  it('reboots a router and re-applies its config; refuses actions from the wrong state', async () => {
    const j = await s.admin.job('rebootRouter', { id: String(router.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const r = await routerOf(s, String(net.id));
    assert.equal(r?.state, 'Running');
    assert.equal(r?.appliedVersion, r?.version);
    await s.admin.job('stopRouter', { id: String(router.id) });
    await expectError(s.admin, 'rebootRouter', { id: String(router.id) }, 431, /state Stopped/);
    await s.admin.job('startRouter', { id: String(router.id) });
    await expectError(s.admin, 'startRouter', { id: '00000000-0000-0000-0000-000000000000' }, 431, /Unable to find router/);
  });

  it('is an admin command: users may not, domain admins only within their domain', async () => {
    await expectError(user.client, 'listRouters', {}, 432);
    await expectError(user.client, 'stopRouter', { id: String(router.id) }, 432);
    const dom = (await s.admin.ok('createDomain', { name: uniqueName('d') })).domain as Json;
    const dadmin = await newAccount(s, { type: 'domainadmin', domainId: String(dom.id) });
    assert.equal((await dadmin.client.ok('listRouters', { listall: true })).count, undefined, 'not its domain\'s router');
    await expectError(dadmin.client, 'stopRouter', { id: String(router.id) }, 531);
    assert.equal((await getRouter()).state, 'Running');
  });

  it('destroys a router; restartNetwork brings a new one with the same config', async () => {
    const before = await routerOf(s, String(net.id));
    const j = await s.admin.job('destroyRouter', { id: String(router.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal((await s.admin.ok('listRouters', { networkid: String(net.id), listall: true })).count, undefined);
    assert.equal(await report(String(router.id)), undefined, 'the driver removed it');
    assert.ok(((await s.admin.ok('listEvents', { type: 'ROUTER.DESTROY', listall: true })).event as Json[]).some((e) => e.resourceid === router.id));
    await user.client.job('restartNetwork', { id: String(net.id) });
    const again = await routerOf(s, String(net.id));
    assert.ok(again && again.uuid !== before!.uuid);
    const strip = (c: NonNullable<typeof again.applied>) => ({ ...c, routerName: '', guest: { ...c.guest, mac: '' }, public: c.public ? { ...c.public, mac: '' } : null });
    assert.deepEqual(strip(again.applied!), strip(before!.applied!), 'the same rules, leases and NAT, on new interfaces');
  });
});
