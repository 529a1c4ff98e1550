// Ingress firewall rules on public IPs and egress firewall rules of isolated networks: the
// router's applied config after each create and delete, cidrlist as a comma-joined string,
// protocol/port/ICMP validation (431), duplicates (537), tenant isolation, listIpForwardingRules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { appliedConfig, associate, isolatedNetwork } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { deploy, seeded } from '../helpers/vms.js';

describe('firewall rules', () => {
  let s: TestServer;
  let user: TestAccount;
  let other: TestAccount;
  let net: Json;
  let ip: Json;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    other = await newAccount(s);
    const sd = await seeded(s.admin);
    net = await isolatedNetwork(user.client, sd.zoneId);
    await deploy(user.client, sd, { networkids: String(net.id) });
    ip = await associate(user.client, { networkid: String(net.id) });
  });
  after(async () => s.close());

  const list = async (c: TestAccount['client'], cmd: string, p: Record<string, string>) => ((await c.ok(cmd, p)).firewallrule as Json[] | undefined) ?? [];

  it('opens an ingress rule on the router and closes it again', async () => {
    const started = await user.client.ok('createFirewallRule', { ipaddressid: String(ip.id), protocol: 'TCP', startport: 80, endport: 81, cidrlist: '10.0.0.0/8,192.168.0.0/16' });
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const r = (j.jobresult as Json).firewallrule as Json;
    assert.equal(r.id, started.id);
    assert.equal(r.protocol, 'tcp');
    assert.equal(r.startport, 80);
    assert.equal(r.endport, 81);
    assert.equal(r.cidrlist, '10.0.0.0/8,192.168.0.0/16', 'a comma-joined string, as Ansible compares it');
    assert.equal(r.ipaddress, ip.ipaddress);
    assert.equal(r.traffictype, 'Ingress');
    assert.equal(r.state, 'Active');
    const c = await appliedConfig(s, String(net.id));
    assert.deepEqual(c.firewall.ingress, [{ id: r.id, publicIp: ip.ipaddress, protocol: 'tcp', startPort: 80, endPort: 81, icmpType: null, icmpCode: null, sourceCidrs: ['10.0.0.0/8', '192.168.0.0/16'] }]);
    assert.ok(((await user.client.ok('listEvents', { type: 'FIREWALL.OPEN' })).event as Json[]).some((e) => e.resourceid === r.id));
    const d = await user.client.job('deleteFirewallRule', { id: String(r.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual((await appliedConfig(s, String(net.id))).firewall.ingress, [], 'after deleteFirewallRule the rule is gone from the router');
    assert.deepEqual(await list(user.client, 'listFirewallRules', { ipaddressid: String(ip.id) }), []);
    assert.ok(((await user.client.ok('listEvents', { type: 'FIREWALL.CLOSE' })).event as Json[]).some((e) => e.resourceid === r.id));
  });

  it('takes ICMP type and code, and all ports of a protocol without ports', async () => {
    const icmp = (await user.client.job('createFirewallRule', { ipaddressid: String(ip.id), protocol: 'icmp', icmptype: 8, icmpcode: 0 })).jobresult as Json;
    const r = icmp.firewallrule as Json;
    assert.deepEqual([r.icmptype, r.icmpcode, r.startport, r.cidrlist], [8, 0, undefined, '0.0.0.0/0']);
    const all = ((await user.client.job('createFirewallRule', { ipaddressid: String(ip.id), protocol: 'udp' })).jobresult as Json).firewallrule as Json;
    assert.equal(all.startport, undefined);
    const c = await appliedConfig(s, String(net.id));
    assert.ok(c.firewall.ingress.some((x) => x.protocol === 'icmp' && x.icmpType === 8 && x.icmpCode === 0));
    assert.ok(c.firewall.ingress.some((x) => x.protocol === 'udp' && x.startPort === null));
  });

  it('refuses bad rules with 431 and duplicates with 537, creating nothing', async () => {
    const before = (await list(user.client, 'listFirewallRules', { ipaddressid: String(ip.id) })).length;
    const base = { ipaddressid: String(ip.id) };
    const cases: [Record<string, string | number>, RegExp][] = [
      [{ protocol: 'icmp', startport: 22 }, /can't be specified for protocol icmp/],
      [{ protocol: 'tcp', icmptype: 8 }, /ICMP type and code/],
      [{ protocol: 'all' }, /supported protocols are tcp, udp, icmp/],
      [{ protocol: 'gre' }, /supported protocols/],
      [{ protocol: 'tcp', startport: 0 }, /1 to 65535/],
      [{ protocol: 'tcp', startport: 100, endport: 65536 }, /1 to 65535/],
      [{ protocol: 'tcp', startport: 100, endport: 90 }, /start port/],
      [{ protocol: 'tcp', endport: 90 }, /endport needs startport/],
      [{ protocol: 'tcp', startport: 22, cidrlist: '10.0.0.300/8' }, /Invalid CIDR/],
      [{ protocol: 'icmp', icmptype: 300 }, /ICMP type/],
      [{ protocol: 'tcp', startport: 22, type: 'bogus' }, /type/],
    ];
    for (const [p, text] of cases) await expectError(user.client, 'createFirewallRule', { ...base, ...p }, 431, text);
    await user.client.job('createFirewallRule', { ...base, protocol: 'tcp', startport: 443 });
    await expectError(user.client, 'createFirewallRule', { ...base, protocol: 'tcp', startport: 440, endport: 450 }, 537, /conflicts/);
    const other = await user.client.job('createFirewallRule', { ...base, protocol: 'tcp', startport: 443, cidrlist: '203.0.113.0/24' });
    assert.equal(other.jobstatus, 1, 'the same ports for other sources is another rule');
    assert.equal((await list(user.client, 'listFirewallRules', { ipaddressid: String(ip.id) })).length, before + 2);
  });

  it('applies egress rules with the offering\'s default policy', async () => {
    const started = await user.client.ok('createEgressFirewallRule', { networkid: String(net.id), protocol: 'tcp', startport: 443, destcidrlist: '0.0.0.0/0' });
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const r = (j.jobresult as Json).firewallrule as Json;
    assert.equal(r.traffictype, 'Egress');
    assert.equal(r.cidrlist, '10.1.1.0/24', 'sources default to the whole network');
    assert.equal(r.destcidrlist, '0.0.0.0/0');
    assert.equal(r.networkid, net.id);
    const c = await appliedConfig(s, String(net.id));
    assert.equal(c.firewall.egressDefault, 'deny', 'the default isolated offering denies egress by default');
    assert.deepEqual(c.firewall.egress, [{ id: r.id, protocol: 'tcp', startPort: 443, endPort: 443, icmpType: null, icmpCode: null, sourceCidrs: ['10.1.1.0/24'], destCidrs: ['0.0.0.0/0'] }]);
    const any = await user.client.job('createEgressFirewallRule', { networkid: String(net.id), protocol: 'all', cidrlist: '10.1.1.0/28' });
    assert.equal(any.jobstatus, 1, JSON.stringify(any.jobresult));
    await expectError(user.client, 'createEgressFirewallRule', { networkid: String(net.id), protocol: 'tcp', startport: 22, cidrlist: '10.9.0.0/24' }, 431, /inside the network CIDR/);
    await expectError(user.client, 'createEgressFirewallRule', { networkid: String(net.id), protocol: 'tcp', startport: 443 }, 537, /conflicts/);
    const listed = await list(user.client, 'listEgressFirewallRules', { networkid: String(net.id) });
    assert.equal(listed.length, 2);
    assert.ok(((await user.client.ok('listEvents', { type: 'FIREWALL.EGRESS.OPEN' })).event as Json[]).some((e) => e.resourceid === r.id));
    const d = await user.client.job('deleteEgressFirewallRule', { id: String(r.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.ok(!(await appliedConfig(s, String(net.id))).firewall.egress.some((x) => x.id === r.id));
    await expectError(user.client, 'deleteFirewallRule', { id: String(listed[1]!.id) }, 431, /Unable to find firewall rule/);
  });

  it('keeps tenants apart', async () => {
    const mine = await list(user.client, 'listFirewallRules', {});
    assert.ok(mine.length > 0);
    assert.deepEqual(await list(other.client, 'listFirewallRules', {}), []);
    await expectError(other.client, 'listFirewallRules', { ipaddressid: String(ip.id) }, 531);
    await expectError(other.client, 'createFirewallRule', { ipaddressid: String(ip.id), protocol: 'tcp', startport: 1 }, 531);
    await expectError(other.client, 'deleteFirewallRule', { id: String(mine[0]!.id) }, 531);
    await expectError(other.client, 'createEgressFirewallRule', { networkid: String(net.id), protocol: 'tcp', startport: 1 }, 531);
    await expectError(other.client, 'listEgressFirewallRules', { networkid: String(net.id) }, 531);
    const egress = await list(user.client, 'listEgressFirewallRules', { networkid: String(net.id) });
    await expectError(other.client, 'deleteEgressFirewallRule', { id: String(egress[0]!.id) }, 531);
    assert.deepEqual(await list(other.client, 'listEgressFirewallRules', {}), []);
    assert.equal((await list(user.client, 'listFirewallRules', {})).length, mine.length);
  });

  it('answers listIpForwardingRules (libcloud\'s list_nodes calls it) with {} when there are none', async () => {
    const r = await user.client.call('listIpForwardingRules', {});
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { listipforwardingrulesresponse: {} });
  });
});
