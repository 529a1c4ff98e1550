// VPCs: the seeded VPC offerings and their admin commands, createVPC (source NAT address and
// router), tiers through createNetwork with vpcid (inside the CIDR, no overlap), the VPC
// router's applied config as tiers and VMs arrive, update/restart/delete (refused with tiers),
// the vpc limit, bad input (431, nothing changed) and tenant isolation for every command.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { offeringId } from '../helpers/networks.js';
import { routerConfig } from '../helpers/router-state.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

const TIER_OFFERING = 'DefaultIsolatedNetworkOfferingForVpcNetworks';
const TIER_OFFERING_NO_LB = 'DefaultIsolatedNetworkOfferingForVpcNetworksNoLB';

describe('VPCs', () => {
  let s: TestServer;
  let sd: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let offering: Json;
  let vpc: Json;
  let tier: Json;
  before(async () => {
    s = await startTestServer();
    sd = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
  });
  after(async () => s.close());

  const vpcs = async (c: TestAccount['client'], p: Record<string, string | boolean> = {}) => ((await c.ok('listVPCs', p)).vpc as Json[] | undefined) ?? [];
  const newTier = (c: TestAccount['client'], p: Record<string, string>) => c.call('createNetwork', { name: p.name ?? 'tier', displaytext: 'tier', zoneid: sd.zoneId, ...p });

  it('lists the seeded default VPC offerings to every role', async () => {
    const r = await user.client.ok('listVPCOfferings');
    const names = (r.vpcoffering as Json[]).map((o) => o.name);
    assert.ok(names.includes('Default VPC offering'));
    assert.ok(names.includes('Redundant VPC offering'));
    offering = (r.vpcoffering as Json[]).find((o) => o.name === 'Default VPC offering')!;
    assert.equal(offering.isdefault, true);
    assert.equal(offering.state, 'Enabled');
    const services = (offering.service as Json[]).map((x) => x.name);
    for (const n of ['Dhcp', 'Dns', 'SourceNat', 'NetworkACL', 'Lb', 'StaticNat', 'PortForwarding']) assert.ok(services.includes(n), n);
    assert.deepEqual((await user.client.ok('listVPCOfferings', { isdefault: true })).count, 1);
    assert.equal((await user.client.ok('listVPCOfferings', { supportedservices: 'NetworkACL' })).count, 2);
  });

  it('lets root admins create, update and delete VPC offerings (async), and nobody else', async () => {
    await expectError(user.client, 'createVPCOffering', { name: 'mine', displaytext: 'x', supportedservices: 'Dhcp,SourceNat' }, 432);
    const j = await s.admin.job('createVPCOffering', { name: 'lean', displaytext: 'Lean VPC', supportedservices: 'Dhcp,Dns,SourceNat,NetworkACL' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const o = (j.jobresult as Json).vpcoffering as Json;
    assert.equal(o.state, 'Disabled', 'created disabled unless enable=true');
    assert.deepEqual((o.service as Json[]).map((x) => x.name).sort(), ['Dhcp', 'Dns', 'Gateway', 'NetworkACL', 'SourceNat']);
    assert.ok(!((await user.client.ok('listVPCOfferings')).vpcoffering as Json[]).some((x) => x.id === o.id), 'users see enabled offerings only');
    await expectError(s.admin, 'createVPCOffering', { name: 'lean', supportedservices: 'Dhcp,SourceNat' }, 431, /already exists/);
    await expectError(s.admin, 'createVPCOffering', { name: 'bad', supportedservices: 'Dhcp,SecurityGroup' }, 431, /not supported/);
    await expectError(s.admin, 'createVPCOffering', { name: 'bad', supportedservices: 'Dhcp,Dns' }, 431, /SourceNat/);
    const u = await s.admin.job('updateVPCOffering', { id: String(o.id), state: 'Enabled', displaytext: 'Lean' });
    assert.equal(u.jobstatus, 1, JSON.stringify(u.jobresult));
    assert.equal(((u.jobresult as Json).vpcoffering as Json).state, 'Enabled');
    assert.ok(((await user.client.ok('listVPCOfferings')).vpcoffering as Json[]).some((x) => x.id === o.id));
    await expectError(user.client, 'updateVPCOffering', { id: String(o.id), state: 'Disabled' }, 432);
    await expectError(user.client, 'deleteVPCOffering', { id: String(o.id) }, 432);
    await expectError(s.admin, 'deleteVPCOffering', { id: String(offering.id) }, 431, /default/);
    const d = await s.admin.job('deleteVPCOffering', { id: String(o.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.equal((await s.admin.ok('listVPCOfferings', { id: String(o.id) })).count, undefined);
    const types = ((await s.admin.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['VPC.OFFERING.CREATE', 'VPC.OFFERING.UPDATE', 'VPC.OFFERING.DELETE']) assert.ok(types.includes(t), t);
  });

  it('creates a VPC with its source NAT address and a running router', async () => {
    const started = await user.client.ok('createVPC', { name: 'vpc1', displaytext: 'VPC one', zoneid: sd.zoneId, vpcofferingid: String(offering.id), cidr: '10.10.0.0/16', networkdomain: 'vpc1.internal' });
    assert.equal(typeof started.id, 'string');
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    vpc = (j.jobresult as Json).vpc as Json;
    assert.equal(vpc.id, started.id);
    assert.equal(vpc.state, 'Enabled');
    assert.equal(vpc.cidr, '10.10.0.0/16');
    assert.equal(vpc.networkdomain, 'vpc1.internal');
    assert.equal(vpc.vpcofferingname, 'Default VPC offering');
    assert.equal(vpc.account, user.name);
    assert.equal(vpc.restartrequired, false);
    assert.deepEqual(vpc.network, []);
    const cfg = await routerConfig(s, { vpc: String(vpc.id) });
    assert.ok(cfg.public, 'the router holds the VPC\'s source NAT address');
    assert.deepEqual({ ...cfg.sourceNat }, { publicIp: cfg.public!.ip, guestCidr: '10.10.0.0/16' });
    assert.equal(cfg.vpc?.cidr, '10.10.0.0/16');
    assert.deepEqual(cfg.vpc?.tiers, []);
    const ips = ((await user.client.ok('listPublicIpAddresses')).publicipaddress as Json[] | undefined) ?? [];
    assert.ok(ips.some((i) => i.ipaddress === cfg.public!.ip), 'the address is the account\'s');
    assert.equal((await vpcs(user.client)).length, 1);
    assert.ok(((await user.client.ok('listEvents', { type: 'VPC.CREATE' })).event as Json[]).some((e) => e.resourceid === vpc.id));
  });

  it('refuses bad VPCs with 431 and over the vpc limit with 535, creating nothing', async () => {
    const base = { name: 'bad', zoneid: sd.zoneId, vpcofferingid: String(offering.id), cidr: '10.20.0.0/16' };
    for (const [p, re] of [
      [{ cidr: '8.8.0.0/16' }, /private/], [{ cidr: '10.20.0.1/16' }, /Invalid CIDR/], [{ cidr: '10.20.0.0/30' }, /between/], [{ cidr: '' }, /cidr is required/],
      [{ vpcofferingid: '00000000-0000-0000-0000-000000000000' }, /VPC offering/], [{ networkdomain: 'bad_domain!' }, /network domain/], [{ dns1: 'x' }, /dns1/],
      [{ cidrsize: 24 }, /Unsupported/], [{ name: ' ' }, /name/],
    ] as const) {
      await expectError(user.client, 'createVPC', { ...base, ...p }, 431, re);
    }
    await expectError(user.client, 'createVPC', { ...base, zoneid: '00000000-0000-0000-0000-000000000000' }, 431);
    const limited = await newAccount(s);
    await s.admin.ok('updateResourceLimit', { account: limited.name, domainid: limited.domainId, resourcetype: 7, max: 0 });
    await expectError(limited.client, 'createVPC', { ...base, name: 'over' }, 535);
    assert.deepEqual(await vpcs(limited.client), []);
    assert.equal((await vpcs(user.client)).length, 1);
  });

  it('creates tiers inside the VPC CIDR, refusing overlaps, outsiders and non-VPC offerings', async () => {
    const tierOffering = await offeringId(user.client, TIER_OFFERING);
    const r = await newTier(user.client, { name: 'web', vpcid: String(vpc.id), networkofferingid: tierOffering, gateway: '10.10.1.1', netmask: '255.255.255.0' });
    assert.equal(r.status, 200, r.text);
    tier = (Object.values(r.body)[0] as Json).network as Json;
    assert.equal(tier.vpcid, vpc.id);
    assert.equal(tier.cidr, '10.10.1.0/24');
    assert.equal(tier.networkdomain, 'vpc1.internal', 'a tier takes its VPC\'s domain');
    const noLb = await offeringId(user.client, TIER_OFFERING_NO_LB);
    const isolated = await offeringId(user.client, 'DefaultIsolatedNetworkOfferingWithSourceNatService');
    const bad: [Record<string, string>, number, RegExp][] = [
      [{ gateway: '10.10.1.129', netmask: '255.255.255.128', networkofferingid: noLb }, 431, /overlaps/],
      [{ gateway: '10.20.1.1', netmask: '255.255.255.0', networkofferingid: noLb }, 431, /within the VPC CIDR/],
      [{ gateway: '10.10.0.1', netmask: '255.254.0.0', networkofferingid: noLb }, 431, /within the VPC CIDR/],
      [{ gateway: '10.10.2.1', netmask: '255.255.255.0', networkofferingid: isolated }, 431, /VPC networks/],
      [{ gateway: '10.10.2.1', netmask: '255.255.255.0', networkofferingid: tierOffering }, 431, /public load balancer/],
      [{ networkofferingid: noLb }, 431, /gateway and netmask/],
      [{ gateway: '10.10.2.1', netmask: '255.255.255.0', networkofferingid: noLb, networkdomain: 'other.internal' }, 431, /network domain/],
    ];
    for (const [p, code, re] of bad) {
      const x = await newTier(user.client, { name: 'bad', vpcid: String(vpc.id), ...p });
      assert.equal(x.status, code, x.text);
      assert.match(String((Object.values(x.body)[0] as Json).errortext), re);
    }
    const o = await newTier(other.client, { name: 'sneak', vpcid: String(vpc.id), networkofferingid: noLb, gateway: '10.10.9.1', netmask: '255.255.255.0' });
    assert.equal(o.status, 531, o.text);
    const listed = await user.client.ok('listNetworks', { vpcid: String(vpc.id) });
    assert.deepEqual((listed.network as Json[]).map((n) => n.id), [tier.id], 'only the good tier exists');
    assert.deepEqual(((await vpcs(user.client))[0]!.network as Json[]).map((n) => n.id), [tier.id]);
  });

  it('gives the VPC router a tier interface, leases and metadata when a VM lands in the tier', async () => {
    const vm = await deploy(user.client, sd, { networkids: String(tier.id) });
    const ip = String((vm.nic as Json[])[0]!.ipaddress);
    assert.match(ip, /^10\.10\.1\./);
    const cfg = await routerConfig(s, { vpc: String(vpc.id) });
    assert.equal(cfg.vpc!.tiers.length, 1);
    const t = cfg.vpc!.tiers[0]!;
    assert.deepEqual([t.networkKey, t.ip, t.cidr, t.acl], [tier.id, '10.10.1.1', '10.10.1.0/24', null]);
    assert.match(t.broadcastUri, /^vlan:\/\/\d+$/);
    assert.ok(cfg.dhcp.leases.some((l) => l.ip === ip), 'the VM gets its lease from the VPC router');
    assert.equal(cfg.dhcp.domain, 'vpc1.internal');
    assert.ok(cfg.metadata.some((m) => m.guestIp === ip && m.vmId === vm.id && m.publicIp === cfg.public!.ip));
    const tiers = await user.client.ok('listNetworks', { vpcid: String(vpc.id) });
    assert.equal((tiers.network as Json[])[0]!.state, 'Implemented');
    // The router is listed as the VPC's.
    const routers = ((await s.admin.ok('listRouters', { listall: true })).router as Json[] | undefined) ?? [];
    assert.ok(routers.some((r) => r.publicip === cfg.public!.ip));
    // A VPC with tiers can not be deleted.
    await expectError(user.client, 'deleteVPC', { id: String(vpc.id) }, 431, /tiers/);
    assert.equal((await vpcs(user.client)).length, 1);
  });

  it('updates and restarts a VPC; restart with cleanup gives it a fresh router with the same config', async () => {
    const u = await user.client.job('updateVPC', { id: String(vpc.id), name: 'vpc-one', displaytext: 'renamed' });
    assert.equal(u.jobstatus, 1, JSON.stringify(u.jobresult));
    assert.equal(((u.jobresult as Json).vpc as Json).name, 'vpc-one');
    const before = await routerConfig(s, { vpc: String(vpc.id) });
    const r = await user.client.job('restartVPC', { id: String(vpc.id) });
    assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
    const c = await user.client.job('restartVPC', { id: String(vpc.id), cleanup: true });
    assert.equal(c.jobstatus, 1, JSON.stringify(c.jobresult));
    const after = await routerConfig(s, { vpc: String(vpc.id) });
    assert.notEqual(after.routerName, before.routerName, 'a new router');
    const noMac = (c: typeof before) => c.vpc!.tiers.map(({ mac: _mac, ...t }) => t);
    assert.deepEqual(noMac(after), noMac(before), 'with the same tiers (gateway addresses moved to it, new MACs)');
    assert.deepEqual(after.dhcp, before.dhcp);
    await expectError(user.client, 'restartVPC', { id: String(vpc.id), makeredundant: true }, 431, /Redundant/);
    const types = ((await user.client.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['VPC.UPDATE', 'VPC.RESTART']) assert.ok(types.includes(t), t);
  });

  it('keeps tenants apart: another account neither sees nor touches the VPC', async () => {
    const id = String(vpc.id);
    assert.deepEqual(await vpcs(other.client), []);
    assert.deepEqual(await vpcs(other.client, { id }), []);
    await expectError(other.client, 'updateVPC', { id, name: 'mine' }, 531);
    await expectError(other.client, 'restartVPC', { id }, 531);
    await expectError(other.client, 'deleteVPC', { id }, 531);
    await expectError(other.client, 'listNetworkACLLists', { vpcid: id }, 531);
    assert.deepEqual(await other.client.ok('listNetworks', { vpcid: id }), {});
    assert.equal((await vpcs(s.admin, { listall: true, id })).length, 1, 'the root admin sees it');
  });

  it('deletes a VPC once its tiers are gone: router, address and the vpc count go with it', async () => {
    const vmIds = (((await user.client.ok('listVirtualMachines', { networkid: String(tier.id) })).virtualmachine as Json[] | undefined) ?? []).map((v) => String(v.id));
    for (const id of vmIds) {
      const d = await s.admin.job('destroyVirtualMachine', { id, expunge: true });
      assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    }
    const dn = await user.client.job('deleteNetwork', { id: String(tier.id) });
    assert.equal(dn.jobstatus, 1, JSON.stringify(dn.jobresult));
    assert.deepEqual((await routerConfig(s, { vpc: String(vpc.id) })).vpc!.tiers, [], 'the tier left the router');
    const ipsBefore = ((await user.client.ok('listPublicIpAddresses')).count as number | undefined) ?? 0;
    const d = await user.client.job('deleteVPC', { id: String(vpc.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual(await vpcs(user.client), []);
    await assert.rejects(routerConfig(s, { vpc: String(vpc.id) }), /no router/);
    assert.equal(((await user.client.ok('listPublicIpAddresses')).count as number | undefined) ?? 0, ipsBefore - 1, 'the source NAT address is released');
    assert.ok(((await user.client.ok('listEvents', { type: 'VPC.DELETE' })).event as Json[]).some((e) => e.resourceid === vpc.id));
    // The vpc count is back: a limit of one allows a new VPC.
    await s.admin.ok('updateResourceLimit', { account: user.name, domainid: user.domainId, resourcetype: 7, max: 1 });
    const again = await user.client.job('createVPC', { name: 'vpc2', zoneid: sd.zoneId, vpcofferingid: String(offering.id), cidr: '172.16.0.0/16', start: false });
    assert.equal(again.jobstatus, 1, JSON.stringify(again.jobresult));
    await expectError(user.client, 'createVPC', { name: 'vpc3', zoneid: sd.zoneId, vpcofferingid: String(offering.id), cidr: '172.17.0.0/16' }, 535);
  });
});
