// Load balancing: createLoadBalancerRule (on an associated IP or a new one), the LB section of
// the router's applied config after each change (members, algorithm, stickiness, health check),
// assign/remove, the list commands, conflicts (537), bad input (431, nothing changed) and
// tenant isolation for every command.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LoadBalancer } from '../../src/drivers/network/router-sections.js';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { associate, isolatedNetwork } from '../helpers/networks.js';
import { routerConfig } from '../helpers/router-state.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('load balancing', () => {
  let s: TestServer;
  let sd: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let net: Json;
  let vm1: Json;
  let vm2: Json;
  let ip: Json;
  let otherVm: Json;
  const ipOf = (v: Json) => String((v.nic as Json[])[0]!.ipaddress);
  before(async () => {
    s = await startTestServer();
    sd = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
    net = await isolatedNetwork(user.client, sd.zoneId);
    vm1 = await deploy(user.client, sd, { networkids: String(net.id) });
    vm2 = await deploy(user.client, sd, { networkids: String(net.id) });
    ip = await associate(user.client, { networkid: String(net.id) });
    const otherNet = await isolatedNetwork(other.client, sd.zoneId);
    otherVm = await deploy(other.client, sd, { networkids: String(otherNet.id) });
  });
  after(async () => s.close());

  const lbs = async (c: TestAccount['client'] = user.client, p: Record<string, string> = {}) =>
    ((await c.ok('listLoadBalancerRules', p)).loadbalancerrule as Json[] | undefined) ?? [];
  const lbConfig = async (): Promise<readonly LoadBalancer[]> => (await routerConfig(s, { network: String(net.id) })).loadBalancers ?? [];
  const create = (extra: Record<string, string | number | boolean> = {}) => user.client.job('createLoadBalancerRule', {
    publicipid: String(ip.id), name: 'web', algorithm: 'roundrobin', publicport: 80, privateport: 8080, ...extra,
  });

  it('creates a rule, balances over assigned VMs in the router config, and removes them again', async () => {
    const started = await user.client.ok('createLoadBalancerRule', { publicipid: String(ip.id), name: 'web', algorithm: 'RoundRobin', publicport: 80, privateport: 8080, description: 'front' });
    assert.equal(typeof started.id, 'string');
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const lb = (j.jobresult as Json).loadbalancer as Json;
    assert.equal(lb.id, started.id);
    assert.equal(lb.algorithm, 'roundrobin');
    assert.equal(lb.publicport, '80', 'ports are strings, as CloudStack returns them');
    assert.equal(lb.privateport, '8080');
    assert.equal(lb.publicip, ip.ipaddress);
    assert.equal(lb.publicipid, ip.id);
    assert.equal(lb.networkid, net.id);
    assert.equal(lb.cidrlist, '0.0.0.0/0');
    assert.equal(lb.protocol, 'tcp');
    assert.equal(lb.state, 'Active');
    assert.equal(lb.account, user.name);
    assert.deepEqual(lb.tags, []);
    const fw = ((await user.client.ok('listFirewallRules', { ipaddressid: String(ip.id) })).firewallrule as Json[] | undefined) ?? [];
    assert.equal(fw.length, 1, 'openfirewall opens the listener');
    assert.equal(fw[0]!.startport, 80);

    let cfg = await lbConfig();
    assert.deepEqual(cfg.map((x) => ({ ...x })), [{
      id: lb.id, name: 'web', frontend: { publicIp: ip.ipaddress, port: 80, protocol: 'tcp', sourceCidrs: ['0.0.0.0/0'] },
      backend: { algorithm: 'roundrobin', servers: [], stickiness: null, healthCheck: null },
    }]);
    assert.ok((await routerConfig(s, { network: String(net.id) })).firewall.ingress.some((r) => r.publicIp === ip.ipaddress && r.startPort === 80));

    const a = await user.client.job('assignToLoadBalancerRule', { id: String(lb.id), virtualmachineids: `${String(vm1.id)},${String(vm2.id)}` });
    assert.equal(a.jobstatus, 1, JSON.stringify(a.jobresult));
    assert.equal((a.jobresult as Json).success, true);
    cfg = await lbConfig();
    const servers = [{ vmId: vm1.id, ip: ipOf(vm1), port: 8080 }, { vmId: vm2.id, ip: ipOf(vm2), port: 8080 }].sort((x, y) => x.ip.localeCompare(y.ip, undefined, { numeric: true }));
    assert.deepEqual(cfg[0]!.backend.servers.map((x) => ({ ...x })), servers);

    const inst = await user.client.ok('listLoadBalancerRuleInstances', { id: String(lb.id), lbvmips: true });
    assert.equal(inst.count, 2);
    const members = inst.lbrulevmidip as Json[];
    assert.deepEqual(members.map((m) => (m.loadbalancerruleinstance as Json).id).sort(), [vm1.id, vm2.id].sort());
    assert.deepEqual((members.find((m) => (m.loadbalancerruleinstance as Json).id === vm1.id)!.lbvmipaddresses as string[]), [ipOf(vm1)]);
    assert.deepEqual(await user.client.ok('listLoadBalancerRuleInstances', { id: String(lb.id), applied: false }), {}, 'no VM of the network is left to assign');
    assert.equal((await lbs(user.client, { virtualmachineid: String(vm1.id) })).length, 1);

    const r = await user.client.job('removeFromLoadBalancerRule', { id: String(lb.id), virtualmachineids: String(vm1.id) });
    assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
    cfg = await lbConfig();
    assert.deepEqual(cfg[0]!.backend.servers.map((x) => x.vmId), [vm2.id], 'the removed VM is gone from the backend');
    assert.equal((await user.client.ok('listLoadBalancerRuleInstances', { id: String(lb.id), applied: false })).count, 1);
    assert.deepEqual(await lbs(user.client, { virtualmachineid: String(vm1.id) }), []);

    const types = ((await user.client.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['LB.CREATE', 'LB.ASSIGN.TO.RULE', 'LB.REMOVE.FROM.RULE']) assert.ok(types.includes(t), t);
  });

  it('updates the algorithm, name and source CIDRs, and the router follows', async () => {
    const lb = (await lbs(user.client, { name: 'web' }))[0]!;
    const u = await user.client.job('updateLoadBalancerRule', { id: String(lb.id), algorithm: 'leastconn', name: 'web2', cidrlist: '10.0.0.0/8,192.168.0.0/16' });
    assert.equal(u.jobstatus, 1, JSON.stringify(u.jobresult));
    const v = (u.jobresult as Json).loadbalancer as Json;
    assert.equal(v.algorithm, 'leastconn');
    assert.equal(v.name, 'web2');
    assert.equal(v.cidrlist, '10.0.0.0/8,192.168.0.0/16');
    const cfg = await lbConfig();
    assert.equal(cfg[0]!.backend.algorithm, 'leastconn');
    assert.deepEqual(cfg[0]!.frontend.sourceCidrs, ['10.0.0.0/8', '192.168.0.0/16']);
    const fw = (await routerConfig(s, { network: String(net.id) })).firewall.ingress.find((x) => x.startPort === 80)!;
    assert.deepEqual(fw.sourceCidrs, ['10.0.0.0/8', '192.168.0.0/16'], 'the opened firewall rule follows the sources');
    await expectError(user.client, 'updateLoadBalancerRule', { id: String(lb.id), algorithm: 'random' }, 431, /Invalid algorithm/);
    assert.equal((await lbConfig())[0]!.backend.algorithm, 'leastconn', 'nothing changed');
    assert.ok(((await user.client.ok('listEvents', { type: 'LB.UPDATE' })).event as Json[]).length >= 1);
  });

  it('stickiness policies: methods with parameters in the config, one per rule, bad input refused', async () => {
    const lb = (await lbs())[0]!;
    const c = await user.client.job('createLBStickinessPolicy', {
      lbruleid: String(lb.id), name: 'sticky', methodname: 'LbCookie', 'param[0].name': 'cookie-name', 'param[0].value': 'SRV', 'param[1].name': 'nocache', 'param[1].value': 'true',
    });
    assert.equal(c.jobstatus, 1, JSON.stringify(c.jobresult));
    const sp = (c.jobresult as Json).stickinesspolicies as Json;
    assert.equal(sp.lbruleid, lb.id);
    const pol = (sp.stickinesspolicy as Json[])[0]!;
    assert.equal(pol.methodname, 'LbCookie');
    assert.deepEqual(pol.params, { 'cookie-name': 'SRV', nocache: 'true' });
    assert.equal(pol.state, 'Active');
    assert.deepEqual({ ...(await lbConfig())[0]!.backend.stickiness }, { method: 'LbCookie', name: 'sticky', params: { 'cookie-name': 'SRV', nocache: 'true' } });
    const listed = await user.client.ok('listLBStickinessPolicies', { lbruleid: String(lb.id) });
    assert.equal(((listed.stickinesspolicies as Json[])[0]!.stickinesspolicy as Json[])[0]!.id, pol.id);
    await expectError(user.client, 'createLBStickinessPolicy', { lbruleid: String(lb.id), name: 'x', methodname: 'SourceBased' }, 431, /already has one/);
    await expectError(user.client, 'createLBStickinessPolicy', { lbruleid: String(lb.id), name: 'x', methodname: 'Magic' }, 431, /Invalid stickiness method/);
    const d = await user.client.job('deleteLBStickinessPolicy', { id: String(pol.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.equal((await lbConfig())[0]!.backend.stickiness, null);
    await expectError(user.client, 'createLBStickinessPolicy', {
      lbruleid: String(lb.id), name: 'x', methodname: 'SourceBased', 'param[0].name': 'expire', 'param[0].value': 'soon',
    }, 431, /expire/);
    await expectError(user.client, 'createLBStickinessPolicy', { lbruleid: String(lb.id), name: 'x', methodname: 'AppCookie', 'param[0].name': 'tablesize', 'param[0].value': '1k' }, 431, /not supported/);
    const sb = await user.client.job('createLBStickinessPolicy', {
      lbruleid: String(lb.id), name: 'src', methodname: 'SourceBased', 'param[0].name': 'tablesize', 'param[0].value': '200k', 'param[1].name': 'expire', 'param[1].value': '30m',
    });
    assert.equal(sb.jobstatus, 1, JSON.stringify(sb.jobresult));
    assert.deepEqual((await lbConfig())[0]!.backend.stickiness?.params, { tablesize: '200k', expire: '30m' });
    const types = ((await user.client.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['LB.STICKINESSPOLICY.CREATE', 'LB.STICKINESSPOLICY.DELETE']) assert.ok(types.includes(t), t);
  });

  it('health-check policies: defaults, bounds, in the config, listed and deleted', async () => {
    const lb = (await lbs())[0]!;
    await expectError(user.client, 'createLBHealthCheckPolicy', { lbruleid: String(lb.id), responsetimeout: 10, intervaltime: 5 }, 431, /greater than the response time out/);
    await expectError(user.client, 'createLBHealthCheckPolicy', { lbruleid: String(lb.id), healthythreshold: 50 }, 431, /healthythreshold/);
    const c = await user.client.job('createLBHealthCheckPolicy', { lbruleid: String(lb.id), pingpath: '/health', intervaltime: 10 });
    assert.equal(c.jobstatus, 1, JSON.stringify(c.jobresult));
    const hc = ((c.jobresult as Json).healthcheckpolicy as Json);
    const pol = (hc.healthcheckpolicy as Json[])[0]!;
    assert.deepEqual([pol.pingpath, pol.responsetime, pol.healthcheckinterval, pol.healthcheckthresshold, pol.unhealthcheckthresshold], ['/health', 2, 10, 2, 1]);
    assert.deepEqual({ ...(await lbConfig())[0]!.backend.healthCheck }, { pingPath: '/health', intervalSeconds: 10, timeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 1 });
    const listed = await user.client.ok('listLBHealthCheckPolicies', { lbruleid: String(lb.id) });
    assert.equal(((listed.healthcheckpolicies as Json[])[0]!.healthcheckpolicy as Json[]).length, 1);
    await expectError(user.client, 'createLBHealthCheckPolicy', { lbruleid: String(lb.id) }, 431, /already has one/);
    const u = await user.client.job('updateLBHealthCheckPolicy', { id: String(pol.id), fordisplay: false });
    assert.equal(u.jobstatus, 1, JSON.stringify(u.jobresult));
    const d = await user.client.job('deleteLBHealthCheckPolicy', { id: String(pol.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.equal((await lbConfig())[0]!.backend.healthCheck, null);
  });

  it('refuses conflicting rules with 537 and bad input with 431, changing nothing', async () => {
    const before = (await lbs()).length;
    const cfgBefore = await lbConfig();
    // Same public port on the address: another LB rule, or a port forward.
    await expectError(user.client, 'createLoadBalancerRule', { publicipid: String(ip.id), name: 'dup', algorithm: 'source', publicport: 80, privateport: 81 }, 537, /conflicts/);
    await expectError(user.client, 'createPortForwardingRule', { ipaddressid: String(ip.id), virtualmachineid: String(vm1.id), protocol: 'tcp', publicport: 80, privateport: 22 }, 537);
    const bad: readonly [Record<string, string | number>, RegExp][] = [
      [{ algorithm: 'fastest' }, /Invalid algorithm/], [{ publicport: 0 }, /port/], [{ privateport: 70000 }, /port/], [{ protocol: 'ssl' }, /certificate/],
      [{ protocol: 'sctp' }, /Invalid protocol/], [{ name: ' ' }, /name/], [{ cidrlist: '10.0.0.1/99' }, /CIDR/],
    ];
    for (const [p, re] of bad) {
      await expectError(user.client, 'createLoadBalancerRule', { publicipid: String(ip.id), name: 'bad', algorithm: 'roundrobin', publicport: 443, privateport: 443, ...p }, 431, re);
    }
    await expectError(user.client, 'createLoadBalancerRule', { name: 'bad', algorithm: 'roundrobin', publicport: 443, privateport: 443 }, 431, /publicipid, networkid or zoneid/);
    const lb = (await lbs())[0]!;
    await expectError(user.client, 'assignToLoadBalancerRule', { id: String(lb.id), virtualmachineids: String(vm2.id) }, 431, /already assigned/);
    await expectError(user.client, 'assignToLoadBalancerRule', { id: String(lb.id) }, 431, /virtualmachineids or vmidipmap/);
    await expectError(user.client, 'assignToLoadBalancerRule', { id: String(lb.id), 'vmidipmap[0].vmid': String(vm1.id), 'vmidipmap[0].vmip': '10.9.9.9' }, 431, /not an address/);
    await expectError(user.client, 'removeFromLoadBalancerRule', { id: String(lb.id), virtualmachineids: String(vm1.id) }, 431, /not assigned/);
    await expectError(user.client, 'deleteLoadBalancerRule', { id: '00000000-0000-0000-0000-000000000000' }, 431);
    assert.equal((await lbs()).length, before);
    assert.deepEqual(await lbConfig(), cfgBefore, 'the router config is unchanged');
  });

  it('takes a new public IP when no publicipid is given, in the network named', async () => {
    const ipsBefore = ((await user.client.ok('listPublicIpAddresses', { associatednetworkid: String(net.id) })).count as number | undefined) ?? 0;
    const j = await user.client.job('createLoadBalancerRule', { networkid: String(net.id), name: 'fresh', algorithm: 'source', publicport: 53, privateport: 53, protocol: 'udp', openfirewall: false });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const lb = (j.jobresult as Json).loadbalancer as Json;
    assert.equal(lb.protocol, 'udp');
    assert.notEqual(lb.publicipid, ip.id);
    const ipsAfter = (await user.client.ok('listPublicIpAddresses', { associatednetworkid: String(net.id) })).count as number;
    assert.equal(ipsAfter, ipsBefore + 1);
    const cfg = await routerConfig(s, { network: String(net.id) });
    assert.ok(cfg.public?.aliases.includes(String(lb.publicip)) || cfg.public?.ip === lb.publicip, 'the router holds the new address');
    assert.ok((cfg.loadBalancers ?? []).some((x) => x.id === lb.id && x.frontend.protocol === 'udp' && x.backend.algorithm === 'source'));
    const d = await user.client.job('deleteLoadBalancerRule', { id: String(lb.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.ok(!((await routerConfig(s, { network: String(net.id) })).loadBalancers ?? []).some((x) => x.id === lb.id));
  });

  it('keeps tenants apart: another account neither sees nor touches the rules, its VMs and IPs stay out', async () => {
    const lb = (await lbs())[0]!;
    assert.deepEqual(await lbs(other.client), []);
    assert.deepEqual(await lbs(other.client, { id: String(lb.id) }), []);
    const id = String(lb.id);
    await expectError(other.client, 'deleteLoadBalancerRule', { id }, 531);
    await expectError(other.client, 'updateLoadBalancerRule', { id, name: 'mine' }, 531);
    await expectError(other.client, 'assignToLoadBalancerRule', { id, virtualmachineids: String(otherVm.id) }, 531);
    await expectError(other.client, 'removeFromLoadBalancerRule', { id, virtualmachineids: String(vm2.id) }, 531);
    await expectError(other.client, 'listLoadBalancerRuleInstances', { id }, 531);
    await expectError(other.client, 'createLBStickinessPolicy', { lbruleid: id, name: 'x', methodname: 'SourceBased' }, 531);
    await expectError(other.client, 'createLBHealthCheckPolicy', { lbruleid: id }, 531);
    await expectError(other.client, 'listLBStickinessPolicies', { lbruleid: id }, 531);
    await expectError(other.client, 'listLBHealthCheckPolicies', { lbruleid: id }, 531);
    await expectError(other.client, 'createLoadBalancerRule', { publicipid: String(ip.id), name: 'steal', algorithm: 'source', publicport: 8443, privateport: 443 }, 531);
    // The owner can not put another account's VM behind its rule either.
    await expectError(user.client, 'assignToLoadBalancerRule', { id, virtualmachineids: String(otherVm.id) }, 531);
    const pol = await user.client.job('createLBHealthCheckPolicy', { lbruleid: id });
    const polId = String((((pol.jobresult as Json).healthcheckpolicy as Json).healthcheckpolicy as Json[])[0]!.id);
    await expectError(other.client, 'deleteLBHealthCheckPolicy', { id: polId }, 531);
    await expectError(other.client, 'updateLBHealthCheckPolicy', { id: polId, fordisplay: true }, 531);
    const sticky = ((await user.client.ok('listLBStickinessPolicies', { lbruleid: id })).stickinesspolicies as Json[])[0]!.stickinesspolicy as Json[];
    await expectError(other.client, 'deleteLBStickinessPolicy', { id: String(sticky[0]!.id) }, 531);
    await expectError(other.client, 'updateLBStickinessPolicy', { id: String(sticky[0]!.id) }, 531);
    assert.equal((await lbs(s.admin, { listall: 'true', id })).length, 1, 'the root admin sees it');
  });

  it('deletes a rule with its members, policies and opened firewall rule', async () => {
    const lb = (await lbs())[0]!;
    const d = await user.client.job('deleteLoadBalancerRule', { id: String(lb.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual(await lbs(), []);
    const cfg = await routerConfig(s, { network: String(net.id) });
    assert.equal(cfg.loadBalancers, undefined, 'a network without rules has no LB section');
    assert.ok(!cfg.firewall.ingress.some((r) => r.startPort === 80));
    assert.ok(((await user.client.ok('listEvents', { type: 'LB.DELETE' })).event as Json[]).some((e) => e.resourceid === lb.id));
  });
});
