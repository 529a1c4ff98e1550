// Port forwarding: createPortForwardingRule (openfirewall, port ranges, protocols in any case,
// ports as strings), the DNAT in the router's applied config, conflicts (537), bad input (431),
// tenant isolation, listPortForwardingRules and deletePortForwardingRule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { first } from '../helpers/infra.js';
import { appliedConfig, associate, isolatedNetwork } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { deploy, seeded } from '../helpers/vms.js';

describe('port forwarding', () => {
  let s: TestServer;
  let user: TestAccount;
  let other: TestAccount;
  let net: Json;
  let vm: Json;
  let guestIp: string;
  let ip: Json;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    other = await newAccount(s);
    const sd = await seeded(s.admin);
    net = await isolatedNetwork(user.client, sd.zoneId);
    vm = await deploy(user.client, sd, { networkids: String(net.id) });
    guestIp = String((vm.nic as Json[])[0]!.ipaddress);
    ip = await associate(user.client, { networkid: String(net.id) });
  });
  after(async () => s.close());

  const rules = async (c: TestAccount['client'], p: Record<string, string> = {}) => ((await c.ok('listPortForwardingRules', p)).portforwardingrule as Json[] | undefined) ?? [];
  const fwRules = async () => ((await user.client.ok('listFirewallRules', { ipaddressid: String(ip.id) })).firewallrule as Json[] | undefined) ?? [];
  const pf = (extra: Record<string, string | number | boolean>) => ({ ipaddressid: String(ip.id), virtualmachineid: String(vm.id), protocol: 'tcp', ...extra });

  it('forwards a port: DNAT and the opened firewall rule reach the router; deleting removes both', async () => {
    const started = await user.client.ok('createPortForwardingRule', pf({ protocol: 'TCP', publicport: 2222, privateport: 22 }));
    assert.equal(typeof started.id, 'string');
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const r = (j.jobresult as Json).portforwardingrule as Json;
    assert.equal(r.id, started.id);
    assert.equal(r.protocol, 'tcp', 'stored and returned lowercase');
    assert.equal(r.publicport, '2222', 'ports are strings, as CloudStack returns them');
    assert.equal(r.publicendport, '2222');
    assert.equal(r.privateport, '22');
    assert.equal(r.privateendport, '22');
    assert.equal(r.virtualmachineid, vm.id);
    assert.equal(r.vmguestip, guestIp);
    assert.equal(r.ipaddressid, ip.id);
    assert.equal(r.ipaddress, ip.ipaddress);
    assert.equal(r.networkid, net.id);
    assert.equal(r.cidrlist, '0.0.0.0/0');
    assert.equal(r.state, 'Active');
    const fw = await fwRules();
    assert.equal(fw.length, 1, 'openfirewall defaults to true outside VPCs');
    assert.equal(fw[0]!.startport, 2222);
    assert.equal(fw[0]!.cidrlist, '0.0.0.0/0');
    const c = await appliedConfig(s, String(net.id));
    assert.deepEqual(c.portForwards.map((f) => ({ ...f })), [{
      id: r.id, publicIp: ip.ipaddress, protocol: 'tcp', publicStartPort: 2222, publicEndPort: 2222, guestIp, guestStartPort: 22, guestEndPort: 22, sourceCidrs: ['0.0.0.0/0'],
    }]);
    assert.ok(c.firewall.ingress.some((x) => x.publicIp === ip.ipaddress && x.startPort === 2222 && x.protocol === 'tcp'));
    assert.ok(c.public?.aliases.includes(String(ip.ipaddress)), 'the router holds the forwarded address');
    assert.ok(((await user.client.ok('listEvents', { type: 'NET.RULEADD' })).event as Json[]).some((e) => e.resourceid === r.id));
    const d = await user.client.job('deletePortForwardingRule', { id: String(r.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual(await rules(user.client), []);
    assert.deepEqual(await fwRules(), [], 'the firewall rule opened for it goes with it');
    const after = await appliedConfig(s, String(net.id));
    assert.deepEqual(after.portForwards, []);
    assert.deepEqual(after.firewall.ingress, []);
    assert.ok(((await user.client.ok('listEvents', { type: 'NET.RULEDELETE' })).event as Json[]).some((e) => e.resourceid === r.id));
  });

  it('forwards port ranges of equal size, and refuses bad ports and protocols with 431', async () => {
    const j = await user.client.job('createPortForwardingRule', pf({ protocol: 'udp', publicport: 8000, publicendport: 8010, privateport: 9000, privateendport: 9010, openfirewall: false }));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const r = (j.jobresult as Json).portforwardingrule as Json;
    assert.deepEqual([r.publicport, r.publicendport, r.privateport, r.privateendport], ['8000', '8010', '9000', '9010']);
    assert.deepEqual(await fwRules(), [], 'openfirewall=false opens nothing');
    const before = (await rules(user.client)).length;
    const cases: [Record<string, string | number | boolean>, RegExp][] = [
      [{ publicport: 8100, publicendport: 8110, privateport: 9000, privateendport: 9001 }, /same size/],
      [{ publicport: 70000, privateport: 22 }, /1 to 65535/],
      [{ publicport: 0, privateport: 22 }, /1 to 65535/],
      [{ publicport: 22, privateport: 65536 }, /1 to 65535/],
      [{ publicport: 30, publicendport: 20, privateport: 30, privateendport: 20 }, /start port/],
      [{ publicport: 22, privateport: 22, protocol: 'icmp' }, /supported protocols are tcp, udp/],
      [{ publicport: 22, privateport: 22, vmguestip: '10.1.1.250' }, /not an address/],
      [{ publicport: 22, privateport: 22, cidrlist: '10.0.0.0/40' }, /Invalid CIDR/],
      [{ publicport: 22, privateport: 22, ipaddressid: '00000000-0000-0000-0000-000000000000' }, /Unable to find IP address/],
      [{ publicport: 22, privateport: 22, virtualmachineid: '00000000-0000-0000-0000-000000000000' }, /virtual machine/],
    ];
    for (const [p, text] of cases) await expectError(user.client, 'createPortForwardingRule', pf(p), 431, text);
    assert.equal((await rules(user.client)).length, before);
  });

  it('refuses conflicting forwards with 537 and changes nothing', async () => {
    const before = (await rules(user.client)).length;
    await expectError(user.client, 'createPortForwardingRule', pf({ protocol: 'udp', publicport: 8005, privateport: 22 }), 537, /conflicts/);
    const ok = await user.client.job('createPortForwardingRule', pf({ protocol: 'tcp', publicport: 8005, privateport: 22 }));
    assert.equal(ok.jobstatus, 1, 'another protocol on the same port is fine');
    await user.client.job('createFirewallRule', { ipaddressid: String(ip.id), protocol: 'tcp', startport: 9999 });
    await expectError(user.client, 'createPortForwardingRule', pf({ protocol: 'tcp', publicport: 9999, privateport: 22 }), 537, /Firewall rule/);
    assert.equal((await rules(user.client)).length, before + 1);
  });

  it('keeps tenants apart', async () => {
    const sd = await seeded(s.admin);
    const theirNet = await isolatedNetwork(other.client, sd.zoneId);
    const theirVm = await deploy(other.client, sd, { networkids: String(theirNet.id) });
    const theirIp = await associate(other.client, { networkid: String(theirNet.id) });
    await expectError(user.client, 'createPortForwardingRule', { ...pf({ publicport: 100, privateport: 100 }), ipaddressid: String(theirIp.id) }, 531);
    await expectError(user.client, 'createPortForwardingRule', pf({ publicport: 100, privateport: 100, virtualmachineid: String(theirVm.id) }), 531);
    await expectError(other.client, 'createPortForwardingRule', { ipaddressid: String(theirIp.id), virtualmachineid: String(vm.id), protocol: 'tcp', publicport: 1, privateport: 1 }, 531);
    const mine = await rules(user.client);
    assert.ok(mine.length > 0);
    assert.deepEqual(await rules(other.client), [], 'another account lists none of them');
    await expectError(other.client, 'listPortForwardingRules', { ipaddressid: String(ip.id) }, 531);
    await expectError(other.client, 'deletePortForwardingRule', { id: String(mine[0]!.id) }, 531);
    assert.equal((await rules(user.client)).length, mine.length);
  });

  it('lists by address, network and id, and refuses forwards to a VM outside the address\'s network', async () => {
    const all = await rules(user.client);
    assert.deepEqual((await rules(user.client, { ipaddressid: String(ip.id) })).length, all.length);
    assert.deepEqual((await rules(user.client, { networkid: String(net.id) })).length, all.length);
    assert.deepEqual((await rules(user.client, { id: String(all[0]!.id) })).map((r) => r.id), [all[0]!.id]);
    assert.ok((await rules(s.admin, { listall: 'true' } as Record<string, string>)).length >= all.length);
    const sd = await seeded(s.admin);
    const net2 = await isolatedNetwork(user.client, sd.zoneId);
    const vm2 = await deploy(user.client, sd, { networkids: String(net2.id) });
    await expectError(user.client, 'createPortForwardingRule', pf({ publicport: 3000, privateport: 22, virtualmachineid: String(vm2.id) }), 431, /no NIC in network/);
    const listed = first(await user.client.ok('listPortForwardingRules', { id: String(all[0]!.id) }), 'portforwardingrule');
    assert.equal(typeof listed.publicport, 'string');
  });
});
