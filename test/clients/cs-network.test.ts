// The real `cs` client (Debian python3-cs) on networking: createNetwork, associateIpAddress with
// only a zone (polled to completion), createFirewallRule, createPortForwardingRule, their lists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { ISOLATED_OFFERING, appliedConfig, offeringId } from '../helpers/networks.js';
import { csCli, missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { deploy, seeded } from '../helpers/vms.js';

const missing = missingPythonModule('cs');
type J = Record<string, unknown>;

describe('cs (python3-cs) client: networks, public IPs, firewall and port forwarding', { skip: missing }, () => {
  let s: TestServer;
  let user: TestAccount;
  const cs = async (...args: string[]) => {
    const r = await csCli(s.url, user.client.apiKey, user.client.secretKey, args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout} ${r.stderr}`);
    return r.json;
  };
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
  });
  after(async () => s.close());

  it('creates a network, takes an address for it and opens and forwards ports', async () => {
    const sd = await seeded(s.admin);
    const net = (await cs('createNetwork', 'name=cs-net', 'displaytext=cs net', `zoneid=${sd.zoneId}`, `networkofferingid=${await offeringId(s.admin, ISOLATED_OFFERING)}`)).network as J;
    assert.equal(net.cidr, '10.1.1.0/24');
    const ip = (await cs('associateIpAddress', `zoneid=${sd.zoneId}`)).ipaddress as J;
    assert.equal(ip.associatednetworkid, net.id);
    assert.equal(ip.issourcenat, true);
    const fw = (await cs('createFirewallRule', `ipaddressid=${String(ip.id)}`, 'protocol=tcp', 'startport=22', 'endport=22', 'cidrlist=0.0.0.0/0')).firewallrule as J;
    assert.equal(fw.cidrlist, '0.0.0.0/0');
    assert.equal(fw.startport, 22);
    const listed = (await cs('listFirewallRules', `ipaddressid=${String(ip.id)}`)).firewallrule as J[];
    assert.deepEqual(listed.map((r) => r.id), [fw.id]);
    const vm = await deploy(user.client, sd, { networkids: String(net.id) });
    const pf = (await cs('createPortForwardingRule', `ipaddressid=${String(ip.id)}`, 'protocol=TCP', 'publicport=8080', 'privateport=80', `virtualmachineid=${String(vm.id)}`)).portforwardingrule as J;
    assert.equal(pf.protocol, 'tcp');
    assert.equal(pf.publicport, '8080');
    const pfs = (await cs('listPortForwardingRules', `ipaddressid=${String(ip.id)}`)).portforwardingrule as J[];
    assert.deepEqual(pfs.map((r) => r.id), [pf.id]);
    const c = await appliedConfig(s, String(net.id));
    assert.ok(c.portForwards.some((f) => f.id === pf.id && f.publicStartPort === 8080 && f.guestStartPort === 80));
    assert.ok(c.firewall.ingress.some((f) => f.id === fw.id));
    const del = await cs('deleteFirewallRule', `id=${String(fw.id)}`);
    assert.equal(del.success, true);
    assert.ok(!(await appliedConfig(s, String(net.id))).firewall.ingress.some((f) => f.id === fw.id));
    const failed = await csCli(s.url, user.client.apiKey, user.client.secretKey, ['disassociateIpAddress', `id=${String(ip.id)}`]);
    // `python3 -m cs` exits 0 even on errors (clients.md §2); it prints the error document.
    assert.match(failed.stdout, /"errorcode": 431/, 'the source NAT address is refused');
  });
});
