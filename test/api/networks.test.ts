// Guest networks: createNetwork (isolated with its own VLAN from the zone's range, L2, shared),
// bad input refused with nothing created, listNetworks filters and scoping, tenant isolation,
// and the network limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first, seededZone } from '../helpers/infra.js';
import { ISOLATED_OFFERING, isolatedNetwork, offeringId, routerOf } from '../helpers/networks.js';
import { deploy, seeded } from '../helpers/vms.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('guest networks', () => {
  let s: TestServer;
  let user: TestAccount;
  let other: TestAccount;
  let zoneid: string;
  let isolated: string;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    other = await newAccount(s);
    zoneid = String((await seededZone(s.admin)).id);
    isolated = await offeringId(s.admin, ISOLATED_OFFERING);
  });
  after(async () => s.close());

  const asAdmin = async (id: string) => first(await s.admin.ok('listNetworks', { id, listall: true }), 'network');

  it('creates isolated networks on the zone guest CIDR, each with its own VLAN, and records NETWORK.CREATE', async () => {
    const a = await isolatedNetwork(user.client, zoneid);
    assert.equal(a.type, 'Isolated');
    assert.equal(a.cidr, '10.1.1.0/24');
    assert.equal(a.gateway, '10.1.1.1');
    assert.equal(a.netmask, '255.255.255.0');
    assert.equal(a.state, 'Allocated');
    assert.equal(a.acltype, 'Account');
    assert.equal(a.account, user.name);
    assert.equal(a.networkofferingname, ISOLATED_OFFERING);
    assert.equal(a.vlan, undefined, 'users do not see the VLAN');
    assert.equal(a.broadcasturi, undefined);
    assert.match(String(a.networkdomain), /^cs[0-9a-f]+cloud\.internal$/);
    assert.deepEqual(a.tags, []);
    assert.ok((a.service as Json[]).some((x) => x.name === 'SourceNat'));
    const b = await isolatedNetwork(user.client, zoneid, { gateway: '10.7.0.1', netmask: '255.255.0.0', networkdomain: 'example.internal' });
    assert.equal(b.cidr, '10.7.0.0/16');
    assert.equal(b.networkdomain, 'example.internal');
    const va = await asAdmin(String(a.id));
    const vb = await asAdmin(String(b.id));
    assert.match(String(va.vlan), /^\d+$/);
    assert.notEqual(va.vlan, vb.vlan, 'every isolated network has its own VLAN');
    assert.equal(va.broadcasturi, `vlan://${String(va.vlan)}`);
    const seededRange = first(await s.admin.ok('listPhysicalNetworks', { zoneid }), 'physicalnetwork');
    assert.equal(seededRange.vlan, '100-999');
    assert.ok(Number(va.vlan) >= 100 && Number(va.vlan) <= 999, 'from the zone guest range');
    const ev = await user.client.ok('listEvents', { type: 'NETWORK.CREATE' });
    assert.ok((ev.event as Json[]).some((e) => e.resourceid === a.id));
  });

  it('creates L2 networks and admin shared networks with a VLAN and an IP range', async () => {
    const l2 = (await user.client.ok('createNetwork', { name: uniqueName('l2'), zoneid, networkofferingid: await offeringId(s.admin, 'DefaultL2NetworkOffering') })).network as Json;
    assert.equal(l2.type, 'L2');
    assert.equal(l2.cidr, undefined);
    assert.equal(l2.gateway, undefined);
    const shared = (await s.admin.ok('createNetwork', {
      name: uniqueName('shared'), displaytext: 'shared net', zoneid, networkofferingid: await offeringId(s.admin, 'DefaultSharedNetworkOffering'),
      vlan: '2001', gateway: '172.30.0.1', netmask: '255.255.255.0', startip: '172.30.0.10', endip: '172.30.0.100',
    })).network as Json;
    assert.equal(shared.type, 'Shared');
    assert.equal(shared.acltype, 'Domain');
    assert.equal(shared.vlan, '2001');
    assert.equal(shared.state, 'Setup');
    assert.equal(shared.subdomainaccess, true);
    const seen = await user.client.ok('listNetworks', { id: String(shared.id) });
    assert.equal(seen.count, 1, 'a domain-wide shared network is offered to users of the domain');
    // A VM deploys into it: its router (DHCP, DNS, user data) takes the first address of the range, the VM the next.
    const vm = await deploy(user.client, await seeded(s.admin), { networkids: String(shared.id) });
    assert.equal((vm.nic as Json[])[0]!.ipaddress, '172.30.0.11');
    assert.equal((vm.nic as Json[])[0]!.gateway, '172.30.0.1');
    const r = await routerOf(s, String(shared.id));
    assert.equal(r?.applied?.guest.ip, '172.30.0.10');
    assert.equal(r?.applied?.public, null, 'a shared network\'s router has no public side');
    assert.equal(r?.applied?.sourceNat, null);
    assert.deepEqual(r?.applied?.dhcp.leases.map((l) => l.ip), ['172.30.0.11']);
  });

  it('refuses bad input with 431 (or 531 for what the caller may not do) and creates nothing', async () => {
    const disabled = (await s.admin.ok('createNetworkOffering', { name: uniqueName('off'), displaytext: 'x', guestiptype: 'Isolated', traffictype: 'Guest', supportedservices: 'Dhcp', 'serviceProviderList[0].service': 'Dhcp', 'serviceProviderList[0].provider': 'VirtualRouter' })).networkoffering as Json;
    const base = { name: uniqueName('bad'), zoneid, networkofferingid: isolated };
    const sharedOffering = await offeringId(s.admin, 'DefaultSharedNetworkOffering');
    const sharedBase = { ...base, networkofferingid: sharedOffering, vlan: '2002', gateway: '172.31.0.1', netmask: '255.255.255.0', startip: '172.31.0.10', endip: '172.31.0.20' };
    const before = await count(s.admin, 'listNetworks', { listall: true });
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ ...base, gateway: '8.8.8.1', netmask: '255.255.255.0' }, 431, /private/],
      [{ ...base, gateway: '10.5.0.1', netmask: '255.0.255.0' }, 431, /netmask/],
      [{ ...base, gateway: '10.5.0.1' }, 431, /together/],
      [{ ...base, gateway: '10.5.0.1', netmask: '255.255.255.252' }, 431, /too small/],
      [{ ...base, startip: '10.1.1.10', endip: '10.1.1.20' }, 431, /IP ranges/],
      [{ ...base, networkofferingid: '00000000-0000-0000-0000-000000000000' }, 431, /network offering/],
      [{ ...base, zoneid: '00000000-0000-0000-0000-000000000000' }, 431, /zone/],
      [{ ...base, networkofferingid: String(disabled.id) }, 431, /Enabled/],
      [{ ...base, networkofferingid: await offeringId(s.admin, 'DefaultIsolatedNetworkOfferingForVpcNetworks') }, 431, /VPC/],
      [{ ...base, vpcid: '00000000-0000-0000-0000-000000000000' }, 431, /VPC/],
      [{ ...base, networkofferingid: await offeringId(s.admin, 'DefaultL2NetworkOffering'), gateway: '10.5.0.1', netmask: '255.255.255.0' }, 431, /L2/],
      [{ ...base, ip6cidr: '2001:db8::/64' }, 431, /Unsupported parameter ip6cidr/],
      [{ ...base, acltype: 'Domain' }, 431, /shared networks/],
      [{ ...base, acltype: 'Nonsense' }, 431, /acltype/],
      [{ ...base, name: '   ' }, 431, /name/],
      [{ ...base, networkdomain: 'bad_domain!' }, 431, /network domain/],
      [{ ...base, dns1: '8.8.8' }, 431, /dns1/],
      [{ ...sharedBase, startip: '172.31.1.10', endip: '172.31.1.20' }, 431, /not inside/],
      [{ ...sharedBase, gateway: '172.30.0.129', netmask: '255.255.255.128', startip: '172.30.0.130', endip: '172.30.0.140' }, 431, /overlaps/],
      [{ ...sharedBase, vlan: '2001' }, 431, /VLAN 2001 is already in use/],
      [{ ...sharedBase, vlan: undefined as unknown as string }, 431, /vlan is required/],
      [{ ...sharedBase, gateway: '198.51.100.1', startip: '198.51.100.5', endip: '198.51.100.6' }, 431, /public IP range/],
    ];
    for (const [params, code, text] of cases) {
      const p = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
      await expectError(s.admin, 'createNetwork', p, code, text);
    }
    await expectError(user.client, 'createNetwork', sharedBase, 531, /Only admins/);
    assert.equal(await count(s.admin, 'listNetworks', { listall: true }), before, 'nothing was created');
  });

  it('filters listNetworks by id, zone, type, offering, keyword, services, deployability and flags', async () => {
    const mine = await isolatedNetwork(other.client, zoneid, { name: 'findme-network' });
    const l2Offering = await offeringId(s.admin, 'DefaultL2NetworkOffering');
    const l2 = (await other.client.ok('createNetwork', { name: uniqueName('l2'), zoneid, networkofferingid: l2Offering })).network as Json;
    const ids = async (p: Record<string, string | boolean>) => ((await other.client.ok('listNetworks', p)).network as Json[] | undefined ?? []).map((n) => n.id);
    assert.deepEqual(await ids({ id: String(mine.id) }), [mine.id]);
    assert.ok((await ids({ zoneid })).includes(mine.id));
    assert.ok((await ids({ type: 'isolated' })).includes(mine.id));
    assert.ok(!(await ids({ type: 'Isolated' })).includes(l2.id));
    assert.deepEqual(await ids({ type: 'L2' }), [l2.id]);
    assert.deepEqual(await ids({ networkofferingid: l2Offering }), [l2.id]);
    assert.deepEqual(await ids({ keyword: 'findme' }), [mine.id]);
    assert.ok((await ids({ supportedservices: 'SourceNat' })).includes(mine.id));
    assert.ok(!(await ids({ supportedservices: 'SourceNat,Dhcp' })).includes(l2.id));
    assert.ok((await ids({ canusefordeploy: true })).includes(mine.id));
    assert.ok((await ids({ restartrequired: false })).includes(mine.id));
    assert.deepEqual(await ids({ restartrequired: true }), []);
    assert.deepEqual(await ids({ vpcid: '00000000-0000-0000-0000-000000000000' }), [], 'no network belongs to a VPC yet');
    assert.deepEqual(await ids({ networkfilter: 'Account', type: 'Shared' }), []);
    await expectError(other.client, 'listNetworks', { supportedservices: 'Teleport' }, 431, /Invalid service/);
    await expectError(other.client, 'listNetworks', { networkfilter: 'Bogus' }, 431, /networkfilter/);
    // Tags (the tags family) filter and show on networks.
    await other.client.job('createTags', { resourceids: String(mine.id), resourcetype: 'Network', 'tags[0].key': 'tier', 'tags[0].value': 'web' });
    assert.deepEqual(await ids({ 'tags[0].key': 'tier', 'tags[0].value': 'web' }), [mine.id]);
    const tagged = first(await other.client.ok('listNetworks', { id: String(mine.id) }), 'network');
    assert.equal((tagged.tags as Json[])[0]!.key, 'tier');
  });

  it('scopes listNetworks: own account, admins with listall, domain admins by domain, projects by projectid', async () => {
    const net = await isolatedNetwork(user.client, zoneid);
    const has = async (c: TestAccount['client'], p: Record<string, string | boolean> = {}) =>
      ((await c.ok('listNetworks', p)).network as Json[] | undefined ?? []).some((n) => n.id === net.id);
    assert.equal(await has(user.client), true);
    assert.equal(await has(other.client), false, 'another user does not see it');
    assert.equal(await has(other.client, { id: String(net.id) }), false);
    assert.equal(await has(s.admin), false, 'an admin without listall sees its own');
    assert.equal(await has(s.admin, { listall: true }), true);
    assert.equal(await has(s.admin, { account: user.name, domainid: user.domainId }), true);
    const dom = (await s.admin.ok('createDomain', { name: uniqueName('d') })).domain as Json;
    const dadmin = await newAccount(s, { type: 'domainadmin', domainId: String(dom.id) });
    const inner = await newAccount(s, { domainId: String(dom.id) });
    const innerNet = await isolatedNetwork(inner.client, zoneid);
    const dIds = ((await dadmin.client.ok('listNetworks', { listall: true })).network as Json[]).map((n) => n.id);
    assert.ok(dIds.includes(innerNet.id));
    assert.ok(!dIds.includes(net.id), 'a domain admin sees only its subtree');
    const project = (await user.client.job('createProject', { name: uniqueName('p'), displaytext: 'p' })).jobresult as Json;
    const pid = String((project.project as Json).id);
    const pnet = await isolatedNetwork(user.client, zoneid, { projectid: pid });
    assert.equal(pnet.projectid, pid);
    assert.equal(pnet.account, undefined);
    const inProject = ((await user.client.ok('listNetworks', { projectid: pid })).network as Json[]).map((n) => n.id);
    assert.deepEqual(inProject, [pnet.id]);
    assert.equal(await has(user.client, { projectid: pid }), false);
    await expectError(other.client, 'listNetworks', { projectid: pid }, 531);
  });

  it('keeps tenants apart: another account can neither change nor delete a network', async () => {
    const net = await isolatedNetwork(user.client, zoneid);
    const id = String(net.id);
    await expectError(other.client, 'updateNetwork', { id, name: 'stolen' }, 531);
    await expectError(other.client, 'restartNetwork', { id }, 531);
    await expectError(other.client, 'deleteNetwork', { id }, 531);
    await expectError(other.client, 'createNetwork', { name: 'x', zoneid, networkofferingid: isolated, account: user.name, domainid: user.domainId }, 531);
    assert.equal((await asAdmin(id)).name, net.name);
  });

  it('counts networks against the account limit (535) and gives the count back on delete', async () => {
    const acct = await newAccount(s);
    await s.admin.ok('updateResourceLimit', { account: acct.name, domainid: acct.domainId, resourcetype: 6, max: 1 });
    const net = await isolatedNetwork(acct.client, zoneid);
    const before = await count(s.admin, 'listNetworks', { listall: true });
    await expectError(acct.client, 'createNetwork', { name: 'two', zoneid, networkofferingid: isolated }, 535);
    assert.equal(await count(s.admin, 'listNetworks', { listall: true }), before);
    const j = await acct.client.job('deleteNetwork', { id: String(net.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    await isolatedNetwork(acct.client, zoneid);
  });
});
