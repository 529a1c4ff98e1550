// Public IPs: associateIpAddress (zone only, as libcloud and Ansible send it; the first address
// of an isolated network is its source NAT), requested addresses, disassociateIpAddress,
// listPublicIpAddresses filters, static NAT, the public_ip limit, tenant isolation, and 50
// concurrent allocations without a duplicate.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first, newZone } from '../helpers/infra.js';
import { appliedConfig, associate, isolatedNetwork } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('public IP addresses', () => {
  let s: TestServer;
  let user: TestAccount;
  let other: TestAccount;
  let sd: Seeded;
  let net: Json;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    other = await newAccount(s);
    sd = await seeded(s.admin);
    net = await isolatedNetwork(user.client, sd.zoneId);
  });
  after(async () => s.close());

  const ips = async (c: TestAccount['client'], p: Record<string, string | boolean> = {}) =>
    ((await c.ok('listPublicIpAddresses', p)).publicipaddress as Json[] | undefined) ?? [];

  it('associates with only a zone: the account\'s single isolated network, the first address its source NAT', async () => {
    const started = await user.client.ok('associateIpAddress', { zoneid: sd.zoneId });
    assert.equal(typeof started.id, 'string');
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const a = (j.jobresult as Json).ipaddress as Json;
    assert.equal(a.id, started.id);
    assert.equal(a.issourcenat, true);
    assert.equal(a.associatednetworkid, net.id);
    assert.equal(a.state, 'Allocated');
    assert.equal(a.account, user.name);
    assert.equal(a.zoneid, sd.zoneId);
    assert.equal(a.forvirtualnetwork, true);
    assert.equal(a.isstaticnat, false);
    assert.match(String(a.ipaddress), /^198\.51\.100\./);
    const b = await associate(user.client, { zoneid: sd.zoneId });
    assert.equal(b.issourcenat, false);
    assert.notEqual(b.ipaddress, a.ipaddress);
    assert.deepEqual((await ips(user.client, { issourcenat: true })).map((x) => x.id), [a.id]);
    assert.deepEqual((await ips(user.client, { associatednetworkid: String(net.id) })).map((x) => x.id).sort(), [a.id, b.id].sort());
    assert.ok(((await user.client.ok('listEvents', { type: 'NET.IPASSIGN' })).event as Json[]).some((e) => e.resourceid === b.id));
  });

  it('needs exactly one isolated network when only a zone is given', async () => {
    const lonely = await newAccount(s);
    await expectError(lonely.client, 'associateIpAddress', { zoneid: sd.zoneId }, 431, /doesn't have virtual networks/);
    await isolatedNetwork(lonely.client, sd.zoneId);
    await isolatedNetwork(lonely.client, sd.zoneId);
    await expectError(lonely.client, 'associateIpAddress', { zoneid: sd.zoneId }, 431, /more than one isolated network/);
    await expectError(lonely.client, 'associateIpAddress', {}, 431, /networkid or zoneid/);
    assert.equal((await ips(lonely.client)).length, 0, 'nothing was allocated');
  });

  it('honours a requested address, and refuses taken, foreign or malformed ones', async () => {
    const free = first(await s.admin.ok('listPublicIpAddresses', { zoneid: sd.zoneId, allocatedonly: false, state: 'Free' }), 'publicipaddress');
    const got = await associate(user.client, { networkid: String(net.id), ipaddress: String(free.ipaddress) });
    assert.equal(got.ipaddress, free.ipaddress);
    const before = (await ips(user.client)).length;
    await expectError(user.client, 'associateIpAddress', { networkid: String(net.id), ipaddress: String(free.ipaddress) }, 431, /already allocated/);
    await expectError(user.client, 'associateIpAddress', { networkid: String(net.id), ipaddress: '192.0.2.200' }, 431, /not in any public IP range/);
    await expectError(user.client, 'associateIpAddress', { networkid: String(net.id), ipaddress: '300.1.1.1' }, 431, /Invalid IP/);
    await expectError(user.client, 'associateIpAddress', { networkid: String(net.id), isportable: true }, 431, /Portable/);
    await expectError(user.client, 'associateIpAddress', { vpcid: '00000000-0000-0000-0000-000000000000', zoneid: sd.zoneId }, 431, /VPC/);
    assert.equal((await ips(user.client)).length, before);
  });

  it('releases addresses but never the source NAT one', async () => {
    const snat = first(await user.client.ok('listPublicIpAddresses', { issourcenat: true }), 'publicipaddress');
    await expectError(user.client, 'disassociateIpAddress', { id: String(snat.id) }, 431, /source NAT/);
    const extra = await associate(user.client, { networkid: String(net.id) });
    await expectError(other.client, 'disassociateIpAddress', { id: String(extra.id) }, 531);
    const j = await user.client.job('disassociateIpAddress', { ipaddress: String(extra.ipaddress) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal((await ips(user.client, { id: String(extra.id) })).length, 0);
    const freed = first(await s.admin.ok('listPublicIpAddresses', { id: String(extra.id), allocatedonly: false }), 'publicipaddress');
    assert.equal(freed.state, 'Free');
    assert.equal(freed.account, undefined);
    assert.ok(((await user.client.ok('listEvents', { type: 'NET.IPRELEASE' })).event as Json[]).some((e) => e.resourceid === extra.id));
    await expectError(user.client, 'disassociateIpAddress', { id: String(extra.id) }, 431, /Unable to find IP address/);
    assert.equal((await ips(user.client, { id: String(snat.id) })).length, 1);
  });

  it('lists in the caller\'s scope, with free addresses only on request', async () => {
    const mine = await ips(user.client);
    assert.ok(mine.length >= 2);
    assert.equal((await ips(other.client)).length, 0, 'another account sees none of them');
    assert.equal((await ips(other.client, { id: String(mine[0]!.id) })).length, 0);
    assert.equal((await ips(s.admin)).some((x) => x.account === user.name), false, 'an admin without listall sees its own');
    assert.ok((await ips(s.admin, { listall: true })).some((x) => x.account === user.name));
    const withFree = await ips(other.client, { allocatedonly: false, zoneid: sd.zoneId });
    assert.ok(withFree.some((x) => x.state === 'Free'));
    assert.ok(!withFree.some((x) => x.account === user.name), 'free addresses are shown, other tenants\' are not');
    assert.deepEqual((await ips(user.client, { keyword: String(mine[0]!.ipaddress) })).map((x) => x.id), [mine[0]!.id]);
    assert.deepEqual(await ips(user.client, { vpcid: '00000000-0000-0000-0000-000000000000' }), []);
    assert.ok((await ips(user.client, { vlanid: String(mine[0]!.vlanid), forvirtualnetwork: true })).length >= 2);
  });

  it('enables and disables static NAT to a VM, reflected in the router config', async () => {
    const vm = await deploy(user.client, sd, { networkids: String(net.id) });
    const guestIp = String((vm.nic as Json[])[0]!.ipaddress);
    const ip = await associate(user.client, { networkid: String(net.id) });
    const snat = first(await user.client.ok('listPublicIpAddresses', { issourcenat: true }), 'publicipaddress');
    await expectError(user.client, 'enableStaticNat', { ipaddressid: String(snat.id), virtualmachineid: String(vm.id) }, 431, /source NAT/);
    await expectError(other.client, 'enableStaticNat', { ipaddressid: String(ip.id), virtualmachineid: String(vm.id) }, 531);
    await expectError(user.client, 'enableStaticNat', { ipaddressid: String(ip.id), virtualmachineid: String(vm.id), vmguestip: '10.1.1.250' }, 431, /not an address/);
    const r = await user.client.ok('enableStaticNat', { ipaddressid: String(ip.id), virtualmachineid: String(vm.id) });
    assert.equal(r.success, true);
    const listed = await ips(user.client, { isstaticnat: true });
    assert.deepEqual(listed.map((x) => x.id), [ip.id]);
    assert.equal(listed[0]!.virtualmachineid, vm.id);
    assert.equal(listed[0]!.vmipaddress, guestIp);
    assert.deepEqual((await appliedConfig(s, String(net.id))).staticNat, [{ publicIp: ip.ipaddress, guestIp }]);
    const nic = first(await user.client.ok('listNics', { virtualmachineid: String(vm.id) }), 'nic');
    assert.equal(nic.publicip, ip.ipaddress);
    const second = await associate(user.client, { networkid: String(net.id) });
    await expectError(user.client, 'enableStaticNat', { ipaddressid: String(second.id), virtualmachineid: String(vm.id) }, 431, /already has a static NAT/);
    await expectError(user.client, 'enableStaticNat', { ipaddressid: String(ip.id), virtualmachineid: String(vm.id) }, 431, /already enabled/);
    await expectError(user.client, 'createPortForwardingRule', {
      ipaddressid: String(ip.id), protocol: 'tcp', publicport: 22, privateport: 22, virtualmachineid: String(vm.id),
    }, 431, /static NAT/);
    assert.ok(((await user.client.ok('listEvents', { type: 'STATICNAT.ENABLE' })).event as Json[]).some((e) => e.resourceid === ip.id));
    await expectError(other.client, 'disableStaticNat', { ipaddressid: String(ip.id) }, 531);
    await expectError(other.client, 'associateIpAddress', { networkid: String(net.id) }, 531);
    const d = await user.client.job('disableStaticNat', { ipaddressid: String(ip.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual((await appliedConfig(s, String(net.id))).staticNat, []);
    await expectError(user.client, 'disableStaticNat', { ipaddressid: String(ip.id) }, 431, /not enabled/);
  });

  it('counts addresses against the public_ip limit (535) and allocates nothing over it', async () => {
    const acct = await newAccount(s);
    const n = await isolatedNetwork(acct.client, sd.zoneId);
    await s.admin.ok('updateResourceLimit', { account: acct.name, domainid: acct.domainId, resourcetype: 1, max: 1 });
    await associate(acct.client, { networkid: String(n.id) });
    const free = await count(s.admin, 'listPublicIpAddresses', { zoneid: sd.zoneId, allocatedonly: false, state: 'Free' });
    await expectError(acct.client, 'associateIpAddress', { networkid: String(n.id) }, 535);
    assert.equal(await count(s.admin, 'listPublicIpAddresses', { zoneid: sd.zoneId, allocatedonly: false, state: 'Free' }), free);
  });

  it('hands out 50 addresses in parallel without a duplicate, and says when the zone is full', async () => {
    const zone = await newZone(s.admin, { allocationstate: 'Enabled' });
    const zoneid = String(zone.id);
    await s.admin.ok('createVlanIpRange', { zoneid, gateway: '192.0.2.1', netmask: '255.255.255.0', startip: '192.0.2.10', endip: '192.0.2.59', forvirtualnetwork: true });
    const acct = await newAccount(s);
    await s.admin.ok('updateResourceLimit', { account: acct.name, domainid: acct.domainId, resourcetype: 1, max: -1 });
    const n = await isolatedNetwork(acct.client, zoneid);
    const got = await Promise.all(Array.from({ length: 50 }, () => associate(acct.client, { networkid: String(n.id) })));
    const addresses = got.map((x) => String(x.ipaddress));
    assert.equal(new Set(addresses).size, 50, 'no address was handed out twice');
    assert.equal(got.filter((x) => x.issourcenat === true).length, 1, 'exactly one source NAT address');
    assert.equal(await count(acct.client, 'listPublicIpAddresses', {}), 50);
    await expectError(acct.client, 'associateIpAddress', { networkid: String(n.id) }, 533, /Insufficient address capacity/);
  });
});
