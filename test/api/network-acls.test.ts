// Network ACLs: the default lists, lists of a VPC, rules with numbers (the VPC router applies a
// tier's list in number order), update/delete of rules, replaceNetworkACLList, lists in use,
// bad input (431, nothing changed) and tenant isolation for every command.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { offeringId } from '../helpers/networks.js';
import { routerConfig } from '../helpers/router-state.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('network ACLs', () => {
  let s: TestServer;
  let sd: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let vpc: Json;
  let tier: Json;
  let acl: Json;
  before(async () => {
    s = await startTestServer();
    sd = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
    const offering = ((await user.client.ok('listVPCOfferings', { isdefault: true })).vpcoffering as Json[])[0]!;
    const j = await user.client.job('createVPC', { name: 'acl-vpc', zoneid: sd.zoneId, vpcofferingid: String(offering.id), cidr: '10.30.0.0/16' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    vpc = (j.jobresult as Json).vpc as Json;
    tier = (await user.client.ok('createNetwork', {
      name: 'app', displaytext: 'app', zoneid: sd.zoneId, vpcid: String(vpc.id), gateway: '10.30.1.1', netmask: '255.255.255.0',
      networkofferingid: await offeringId(user.client, 'DefaultIsolatedNetworkOfferingForVpcNetworksNoLB'),
    })).network as Json;
    await deploy(user.client, sd, { networkids: String(tier.id) });
  });
  after(async () => s.close());

  const lists = async (c: TestAccount['client'], p: Record<string, string> = {}) => ((await c.ok('listNetworkACLLists', p)).networkacllist as Json[] | undefined) ?? [];
  const items = async (c: TestAccount['client'], p: Record<string, string> = {}) => ((await c.ok('listNetworkACLs', p)).networkacl as Json[] | undefined) ?? [];
  const tierAcl = async () => (await routerConfig(s, { vpc: String(vpc.id) })).vpc!.tiers.find((t) => t.networkKey === tier.id)!.acl;
  const defaultList = async (name: string) => (await lists(user.client)).find((l) => l.name === name)!;

  it('shows everybody the default lists with their allow-all and deny-all rules', async () => {
    const names = (await lists(other.client)).map((l) => l.name).sort();
    assert.deepEqual(names, ['default_allow', 'default_deny']);
    const deny = await defaultList('default_deny');
    const rules = await items(user.client, { aclid: String(deny.id) });
    assert.deepEqual(rules.map((r) => [r.number, r.traffictype, r.action, r.protocol, r.cidrlist]), [[1, 'Ingress', 'Deny', 'all', '0.0.0.0/0'], [2, 'Egress', 'Deny', 'all', '0.0.0.0/0']]);
    assert.equal(deny.vpcid, undefined);
    await expectError(user.client, 'createNetworkACL', { aclid: String(deny.id), protocol: 'tcp', startport: 22 }, 431, /Default/);
    await expectError(user.client, 'deleteNetworkACL', { id: String(rules[0]!.id) }, 431, /Default/);
    await expectError(user.client, 'updateNetworkACLItem', { id: String(rules[0]!.id), action: 'allow' }, 431, /Default/);
    await expectError(s.admin, 'deleteNetworkACLList', { id: String(deny.id) }, 431, /Default/);
    await expectError(user.client, 'updateNetworkACLList', { id: String(deny.id), name: 'x' }, 431, /Default/);
  });

  it('creates a list in the VPC and numbered rules; the tier applies them in number order', async () => {
    const c = await user.client.job('createNetworkACLList', { name: 'web-acl', description: 'for web', vpcid: String(vpc.id) });
    assert.equal(c.jobstatus, 1, JSON.stringify(c.jobresult));
    acl = (c.jobresult as Json).networkacllist as Json;
    assert.equal(acl.vpcid, vpc.id);
    assert.equal(acl.name, 'web-acl');
    assert.deepEqual((await lists(user.client, { vpcid: String(vpc.id) })).map((l) => l.name).sort(), ['default_allow', 'default_deny', 'web-acl']);

    const add = async (p: Record<string, string | number>) => {
      const j = await user.client.job('createNetworkACL', { aclid: String(acl.id), ...p });
      assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
      return (j.jobresult as Json).networkacl as Json;
    };
    const ssh = await add({ number: 10, protocol: 'TCP', startport: 22, endport: 22, cidrlist: '203.0.113.0/24', action: 'allow', traffictype: 'ingress' });
    assert.deepEqual([ssh.number, ssh.protocol, ssh.startport, ssh.endport, ssh.cidrlist, ssh.action, ssh.traffictype, ssh.state, ssh.aclid],
      [10, 'tcp', '22', '22', '203.0.113.0/24', 'Allow', 'Ingress', 'Active', acl.id]);
    const denyNet = await add({ number: 5, protocol: 'all', cidrlist: '10.0.0.0/8', action: 'deny' });
    const icmp = await add({ protocol: 'icmp', icmptype: 8, icmpcode: 0 });
    assert.equal(icmp.number, 11, 'without a number a rule goes after the last one');
    const dns = await add({ protocol: 'udp', startport: 53, traffictype: 'egress', cidrlist: '8.8.8.8/32,8.8.4.4/32' });
    assert.equal(dns.cidrlist, '8.8.8.8/32,8.8.4.4/32');

    // The tier takes the list.
    const r = await user.client.job('replaceNetworkACLList', { aclid: String(acl.id), networkid: String(tier.id) });
    assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
    const cfg = await tierAcl();
    assert.equal(cfg?.id, acl.id);
    assert.deepEqual(cfg!.ingress.map((x) => [x.number, x.action, x.protocol]), [[5, 'deny', 'all'], [10, 'allow', 'tcp'], [11, 'allow', 'icmp']]);
    assert.deepEqual(cfg!.ingress.find((x) => x.number === 10)!.cidrs, ['203.0.113.0/24']);
    assert.deepEqual(cfg!.egress.map((x) => [x.number, x.protocol, x.startPort, x.endPort, x.cidrs]), [[12, 'udp', 53, 53, ['8.8.8.8/32', '8.8.4.4/32']]]);
    assert.deepEqual((await items(user.client, { networkid: String(tier.id) })).map((x) => x.number), [5, 10, 11, 12]);
    assert.deepEqual((await lists(user.client, { networkid: String(tier.id) })).map((l) => l.id), [acl.id]);
    assert.equal(((await user.client.ok('listVPCs', { id: String(vpc.id) })).vpc as Json[])[0]!.network instanceof Array, true);

    // Renumbering moves a rule; the router follows.
    const u = await user.client.job('updateNetworkACLItem', { id: String(denyNet.id), number: 20, action: 'allow' });
    assert.equal(u.jobstatus, 1, JSON.stringify(u.jobresult));
    assert.equal(((u.jobresult as Json).networkacl as Json).number, 20);
    assert.deepEqual((await tierAcl())!.ingress.map((x) => [x.number, x.action]), [[10, 'allow'], [11, 'allow'], [20, 'allow']]);

    const d = await user.client.job('deleteNetworkACL', { id: String(icmp.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual((await tierAcl())!.ingress.map((x) => x.number), [10, 20]);
    const ul = await user.client.job('updateNetworkACLList', { id: String(acl.id), description: 'web tier' });
    assert.equal(ul.jobstatus, 1, JSON.stringify(ul.jobresult));
    assert.equal((await lists(user.client, { id: String(acl.id) }))[0]!.description, 'web tier');
    const types = ((await user.client.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['NETWORK.ACL.CREATE', 'NETWORK.ACL.ITEM.CREATE', 'NETWORK.ACL.ITEM.UPDATE', 'NETWORK.ACL.ITEM.DELETE', 'NETWORK.ACL.REPLACE', 'NETWORK.ACL.UPDATE']) {
      assert.ok(types.includes(t), t);
    }
  });

  it('refuses bad rules with 431, changing nothing', async () => {
    const before = (await items(user.client, { aclid: String(acl.id) })).length;
    const cfgBefore = await tierAcl();
    const bad: [Record<string, string | number>, RegExp][] = [
      [{ protocol: 'tcp', startport: 22, number: 10 }, /number 10 already exists/],
      [{ protocol: 'smtp' }, /Invalid protocol/],
      [{ protocol: 'tcp', startport: 70000 }, /port/],
      [{ protocol: 'tcp', startport: 90, endport: 80 }, /start port/],
      [{ protocol: 'icmp', icmptype: 300 }, /ICMP type/],
      [{ protocol: 'icmp', startport: 22 }, /Ports apply/],
      [{ protocol: 'tcp', icmptype: 8 }, /ICMP/],
      [{ protocol: 'tcp', action: 'maybe' }, /action/],
      [{ protocol: 'tcp', traffictype: 'sideways' }, /traffic type/],
      [{ protocol: 'tcp', cidrlist: '300.0.0.0/8' }, /CIDR/],
      [{ protocol: 'tcp', number: -3 }, /number/],
    ];
    for (const [p, re] of bad) await expectError(user.client, 'createNetworkACL', { aclid: String(acl.id), ...p }, 431, re);
    await expectError(user.client, 'createNetworkACL', { protocol: 'tcp' }, 431, /aclid or networkid/);
    const rule = (await items(user.client, { aclid: String(acl.id) }))[0]!;
    await expectError(user.client, 'updateNetworkACLItem', { id: String(rule.id), number: 20 }, 431, /already exists/);
    await expectError(user.client, 'createNetworkACLList', { name: 'no-vpc' }, 431, /vpcid/);
    await expectError(user.client, 'deleteNetworkACLList', { id: String(acl.id) }, 431, /associated with tier/);
    await expectError(user.client, 'replaceNetworkACLList', { aclid: String(acl.id) }, 431, /networkid and gatewayid/);
    assert.equal((await items(user.client, { aclid: String(acl.id) })).length, before);
    assert.deepEqual(await tierAcl(), cfgBefore);
  });

  it('keeps tenants apart: another account neither sees nor touches the lists and rules', async () => {
    assert.deepEqual((await lists(other.client)).map((l) => l.name).sort(), ['default_allow', 'default_deny']);
    assert.deepEqual(await lists(other.client, { id: String(acl.id) }), []);
    assert.deepEqual(await items(other.client, { aclid: String(acl.id) }), []);
    const rule = (await items(user.client, { aclid: String(acl.id) }))[0]!;
    assert.deepEqual(await items(other.client, { id: String(rule.id) }), []);
    await expectError(other.client, 'createNetworkACL', { aclid: String(acl.id), protocol: 'tcp', startport: 1 }, 531);
    await expectError(other.client, 'createNetworkACL', { networkid: String(tier.id), protocol: 'tcp', startport: 1 }, 531);
    await expectError(other.client, 'updateNetworkACLItem', { id: String(rule.id), action: 'deny' }, 531);
    await expectError(other.client, 'deleteNetworkACL', { id: String(rule.id) }, 531);
    await expectError(other.client, 'updateNetworkACLList', { id: String(acl.id), name: 'mine' }, 531);
    await expectError(other.client, 'deleteNetworkACLList', { id: String(acl.id) }, 531);
    await expectError(other.client, 'replaceNetworkACLList', { aclid: String(acl.id), networkid: String(tier.id) }, 531);
    await expectError(other.client, 'createNetworkACLList', { name: 'x', vpcid: String(vpc.id) }, 531);
    await expectError(other.client, 'listNetworkACLs', { networkid: String(tier.id) }, 531);
    assert.equal((await items(s.admin, { aclid: String(acl.id), listall: 'true' })).length, 3, 'the root admin sees them');
  });

  it('gives the tier a default list back, then deletes the unused list with its rules', async () => {
    const allow = await defaultList('default_allow');
    const r = await user.client.job('replaceNetworkACLList', { aclid: String(allow.id), networkid: String(tier.id) });
    assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
    const cfg = await tierAcl();
    assert.equal(cfg?.name, 'default_allow');
    assert.deepEqual(cfg!.ingress.map((x) => [x.number, x.action, x.protocol, x.cidrs]), [[1, 'allow', 'all', ['0.0.0.0/0']]]);
    const d = await user.client.job('deleteNetworkACLList', { id: String(acl.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    await expectError(user.client, 'listNetworkACLLists', { id: String(acl.id) }, 431, /Unable to find/);
    await expectError(user.client, 'listNetworkACLs', { aclid: String(acl.id) }, 431, /Unable to find/);
    assert.ok(((await user.client.ok('listEvents', { type: 'NETWORK.ACL.DELETE' })).event as Json[]).some((e) => e.resourceid === acl.id));
  });
});
