// VPC private gateways and static routes: created by a root admin (the VLAN is an admin's call),
// their place in the VPC router's applied config, the ACL of a gateway, overlapping CIDRs and
// unreachable next hops refused (431, nothing changed), deleting in use refused, and tenant
// isolation for every command.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { offeringId } from '../helpers/networks.js';
import { routerConfig } from '../helpers/router-state.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('VPC private gateways and static routes', () => {
  let s: TestServer;
  let sd: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let vpc: Json;
  let gw: Json;
  before(async () => {
    s = await startTestServer();
    sd = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
    const offering = ((await user.client.ok('listVPCOfferings', { isdefault: true })).vpcoffering as Json[])[0]!;
    const j = await user.client.job('createVPC', { name: 'gw-vpc', zoneid: sd.zoneId, vpcofferingid: String(offering.id), cidr: '10.40.0.0/16' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    vpc = (j.jobresult as Json).vpc as Json;
    const tier = (await user.client.ok('createNetwork', {
      name: 'db', displaytext: 'db', zoneid: sd.zoneId, vpcid: String(vpc.id), gateway: '10.40.1.1', netmask: '255.255.255.0',
      networkofferingid: await offeringId(user.client, 'DefaultIsolatedNetworkOfferingForVpcNetworksNoLB'),
    })).network as Json;
    await deploy(user.client, sd, { networkids: String(tier.id) });
  });
  after(async () => s.close());

  const gateways = async (c: TestAccount['client'], p: Record<string, string> = {}) => ((await c.ok('listPrivateGateways', p)).privategateway as Json[] | undefined) ?? [];
  const routes = async (c: TestAccount['client'], p: Record<string, string> = {}) => ((await c.ok('listStaticRoutes', p)).staticroute as Json[] | undefined) ?? [];
  const vpcCfg = async () => (await routerConfig(s, { vpc: String(vpc.id) })).vpc!;
  const gwParams = (p: Record<string, string> = {}) => ({ vpcid: String(vpc.id), ipaddress: '172.31.0.10', gateway: '172.31.0.1', netmask: '255.255.255.0', vlan: '700', ...p });

  it('creates a private gateway (root admin) guarded by default_deny, in the router config', async () => {
    await expectError(user.client, 'createPrivateGateway', gwParams(), 431, /only root admins/);
    const j = await s.admin.job('createPrivateGateway', gwParams({ sourcenatsupported: 'true' }));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    gw = (j.jobresult as Json).privategateway as Json;
    assert.deepEqual([gw.ipaddress, gw.gateway, gw.netmask, gw.vlan, gw.vpcid, gw.state, gw.sourcenatsupported, gw.aclname, gw.account],
      ['172.31.0.10', '172.31.0.1', '255.255.255.0', 'vlan://700', vpc.id, 'Ready', true, 'default_deny', user.name]);
    const cfg = await vpcCfg();
    assert.equal(cfg.privateGateways.length, 1);
    const g = cfg.privateGateways[0]!;
    assert.deepEqual([g.id, g.ip, g.gateway, g.netmask, g.broadcastUri, g.sourceNat, g.acl?.name], [gw.id, '172.31.0.10', '172.31.0.1', '255.255.255.0', 'vlan://700', true, 'default_deny']);
    assert.deepEqual((await gateways(user.client)).map((x) => x.id), [gw.id], 'the VPC owner lists it');
    assert.deepEqual((await gateways(user.client, { vpcid: String(vpc.id), vlan: '700' })).length, 1);
    assert.ok(((await s.admin.ok('listEvents', { type: 'PRIVATE.GATEWAY.CREATE' })).event as Json[]).some((e) => e.resourceid === gw.id));
    // Its ACL can be replaced like a tier's.
    const allow = ((await user.client.ok('listNetworkACLLists', { name: 'default_allow' })).networkacllist as Json[])[0]!;
    const r = await user.client.job('replaceNetworkACLList', { aclid: String(allow.id), gatewayid: String(gw.id) });
    assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
    assert.equal((await vpcCfg()).privateGateways[0]!.acl?.name, 'default_allow');
  });

  it('refuses private gateways overlapping the VPC, its tiers or an existing gateway with 431', async () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ ipaddress: '10.40.200.10', gateway: '10.40.200.1' }, /overlaps the VPC CIDR/],
      [{ ipaddress: '172.31.1.10' }, /not in the subnet/],
      [{ ipaddress: '172.31.0.1' }, /must differ/],
      [{ vlan: '5000' }, /vlan/],
      [{ netmask: '255.0.255.0' }, /netmask/],
      [{}, /already exists/],
      [{ ipaddress: '172.31.0.12', aclid: '00000000-0000-0000-0000-000000000000' }, /ACL/],
    ];
    for (const [p, re] of bad) await expectError(s.admin, 'createPrivateGateway', gwParams(p), 431, re);
    assert.equal((await gateways(s.admin, { listall: 'true' })).length, 1);
  });

  it('routes CIDRs through the gateway or a reachable next hop, refusing overlaps and unreachable hops', async () => {
    const a = await user.client.job('createStaticRoute', { gatewayid: String(gw.id), cidr: '192.168.100.0/24' });
    assert.equal(a.jobstatus, 1, JSON.stringify(a.jobresult));
    const viaGw = (a.jobresult as Json).staticroute as Json;
    assert.deepEqual([viaGw.cidr, viaGw.vpcgatewayid, viaGw.vpcgatewayip, viaGw.state, viaGw.vpcid], ['192.168.100.0/24', gw.id, '172.31.0.10', 'Active', vpc.id]);
    const b = await user.client.job('createStaticRoute', { vpcid: String(vpc.id), nexthop: '10.40.1.50', cidr: '192.168.200.0/24' });
    assert.equal(b.jobstatus, 1, JSON.stringify(b.jobresult));
    const viaHop = (b.jobresult as Json).staticroute as Json;
    assert.equal(viaHop.nexthop, '10.40.1.50');
    assert.deepEqual((await vpcCfg()).staticRoutes.map((r) => ({ ...r })), [
      { id: viaGw.id, cidr: '192.168.100.0/24', nextHop: '172.31.0.1' }, { id: viaHop.id, cidr: '192.168.200.0/24', nextHop: '10.40.1.50' },
    ]);
    const bad: [Record<string, string>, RegExp][] = [
      [{ gatewayid: String(gw.id), cidr: '10.40.5.0/24' }, /overlaps the VPC CIDR/],
      [{ gatewayid: String(gw.id), cidr: '192.168.100.128/25' }, /overlaps the existing static route/],
      [{ vpcid: String(vpc.id), nexthop: '198.51.100.1', cidr: '192.168.50.0/24' }, /not in a tier/],
      [{ vpcid: String(vpc.id), cidr: '192.168.50.0/24' }, /gatewayid, or vpcid with nexthop/],
      [{ gatewayid: String(gw.id), cidr: '192.168.50.1/24' }, /Invalid CIDR/],
    ];
    for (const [p, re] of bad) await expectError(user.client, 'createStaticRoute', p, 431, re);
    assert.equal((await routes(user.client, { vpcid: String(vpc.id) })).length, 2);
    assert.equal((await routes(user.client, { gatewayid: String(gw.id) })).length, 1);
    await expectError(s.admin, 'deletePrivateGateway', { id: String(gw.id) }, 431, /static route/);
  });

  it('keeps tenants apart: another account neither sees nor touches gateways and routes', async () => {
    const route = (await routes(user.client))[0]!;
    assert.deepEqual(await gateways(other.client), []);
    assert.deepEqual(await routes(other.client), []);
    assert.deepEqual(await routes(other.client, { id: String(route.id) }), []);
    await expectError(other.client, 'deletePrivateGateway', { id: String(gw.id) }, 531);
    await expectError(other.client, 'deleteStaticRoute', { id: String(route.id) }, 531);
    await expectError(other.client, 'createStaticRoute', { gatewayid: String(gw.id), cidr: '192.168.7.0/24' }, 531);
    await expectError(other.client, 'createStaticRoute', { vpcid: String(vpc.id), nexthop: '10.40.1.50', cidr: '192.168.7.0/24' }, 531);
    await expectError(other.client, 'createPrivateGateway', gwParams({ ipaddress: '172.31.0.11' }), 531);
    const allow = ((await other.client.ok('listNetworkACLLists', { name: 'default_allow' })).networkacllist as Json[])[0]!;
    await expectError(other.client, 'replaceNetworkACLList', { aclid: String(allow.id), gatewayid: String(gw.id) }, 531);
  });

  it('deletes the routes, then the gateway; the router config follows', async () => {
    for (const r of await routes(user.client)) {
      const d = await user.client.job('deleteStaticRoute', { id: String(r.id) });
      assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    }
    assert.deepEqual((await vpcCfg()).staticRoutes, []);
    const d = await user.client.job('deletePrivateGateway', { id: String(gw.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual((await vpcCfg()).privateGateways, []);
    assert.deepEqual(await gateways(user.client), []);
    const types = ((await user.client.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['STATIC.ROUTE.CREATE', 'STATIC.ROUTE.DELETE', 'PRIVATE.GATEWAY.DELETE']) assert.ok(types.includes(t), t);
  });
});
