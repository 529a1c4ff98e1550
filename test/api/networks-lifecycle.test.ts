// Guest networks over their life: updateNetwork (names, offering, guest VM CIDR), restartNetwork
// (router created, cleanup replaces it), deleteNetwork (refused while VMs use it; releases its
// VLAN and addresses), zone and range delete vetoes, and account deletion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { first, newZone, openTestDb } from '../helpers/infra.js';
import { ISOLATED_OFFERING, associate, isolatedNetwork, offeringId, routerOf } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('guest network lifecycle', () => {
  let s: TestServer;
  let user: TestAccount;
  let sd: Seeded;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    sd = await seeded(s.admin);
  });
  after(async () => s.close());

  const net = async (id: string) => first(await s.admin.ok('listNetworks', { id, listall: true }), 'network');
  const vlanRows = async (networkUuid: string) => {
    const h = openTestDb(s);
    try {
      return await h.db.selectFrom('guest_vlans as g').innerJoin('networks as n', 'n.id', 'g.network_id').select('g.vnet').where('n.uuid', '=', networkUuid).execute();
    } finally {
      await h.close();
    }
  };

  it('updates names, network domain and DNS in a job and records NETWORK.UPDATE', async () => {
    const n = await isolatedNetwork(user.client, sd.zoneId);
    const j = await user.client.job('updateNetwork', { id: String(n.id), name: 'renamed', displaytext: 'Renamed net', networkdomain: 'renamed.internal', dns1: '1.1.1.1' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const v = (j.jobresult as Json).network as Json;
    assert.equal(v.name, 'renamed');
    assert.equal(v.displaytext, 'Renamed net');
    assert.equal(v.networkdomain, 'renamed.internal');
    assert.equal(v.dns1, '1.1.1.1');
    assert.ok(((await user.client.ok('listEvents', { type: 'NETWORK.UPDATE' })).event as Json[]).some((e) => e.resourceid === n.id));
    for (const [p, text] of [
      [{ name: '  ' }, /name/], [{ networkdomain: 'bad domain' }, /network domain/], [{ dns2: 'x' }, /dns2/], [{ publicmtu: 20 }, /MTU/],
      [{ networkofferingid: '00000000-0000-0000-0000-000000000000' }, /network offering/],
    ] as const) await expectError(user.client, 'updateNetwork', { id: String(n.id), ...p }, 431, text);
    assert.equal((await net(String(n.id))).name, 'renamed', 'refused updates changed nothing');
  });

  it('changes the offering only to a compatible one', async () => {
    const n = await isolatedNetwork(user.client, sd.zoneId);
    const offering = (await s.admin.ok('createNetworkOffering', {
      name: uniqueName('iso'), displaytext: 'isolated, no LB', guestiptype: 'Isolated', traffictype: 'Guest',
      supportedservices: 'Dhcp,Dns,SourceNat,Firewall,PortForwarding,StaticNat,UserData',
      ...Object.fromEntries(['Dhcp', 'Dns', 'SourceNat', 'Firewall', 'PortForwarding', 'StaticNat', 'UserData'].flatMap((svc, i) => [
        [`serviceProviderList[${i}].service`, svc], [`serviceProviderList[${i}].provider`, 'VirtualRouter']])),
      'servicecapabilitylist[0].service': 'SourceNat', 'servicecapabilitylist[0].capabilitytype': 'SupportedSourceNatTypes', 'servicecapabilitylist[0].capabilityvalue': 'peraccount',
    })).networkoffering as Json;
    await expectError(user.client, 'updateNetwork', { id: String(n.id), networkofferingid: String(offering.id) }, 431, /Enabled/);
    await s.admin.ok('updateNetworkOffering', { id: String(offering.id), state: 'Enabled' });
    const j = await user.client.job('updateNetwork', { id: String(n.id), networkofferingid: String(offering.id) });
    assert.equal(((j.jobresult as Json).network as Json).networkofferingid, offering.id);
    const l2 = first(await s.admin.ok('listNetworkOfferings', { name: 'DefaultL2NetworkOffering' }), 'networkoffering');
    await expectError(user.client, 'updateNetwork', { id: String(n.id), networkofferingid: String(l2.id) }, 431, /compatible/);
    const noSnat = first(await s.admin.ok('listNetworkOfferings', { name: 'DefaultIsolatedNetworkOffering' }), 'networkoffering');
    await expectError(user.client, 'updateNetwork', { id: String(n.id), networkofferingid: String(noSnat.id) }, 431, /specifyvlan/);
  });

  it('narrows the guest VM CIDR inside the network CIDR, keeping addresses in use', async () => {
    const n = await isolatedNetwork(user.client, sd.zoneId);
    const id = String(n.id);
    await deploy(user.client, sd, { networkids: id });
    await expectError(user.client, 'updateNetwork', { id, guestvmcidr: '10.1.1.0/25' }, 531, /admins/);
    for (const [cidr, text] of [['10.2.0.0/24', /inside the network CIDR/], ['10.1.1.128/25', /gateway|does not hold/], ['nonsense', /guestvmcidr/]] as const) {
      await expectError(s.admin, 'updateNetwork', { id, guestvmcidr: cidr }, 431, text);
    }
    const j = await s.admin.job('updateNetwork', { id, guestvmcidr: '10.1.1.0/25' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const v = await net(id);
    assert.equal(v.cidr, '10.1.1.0/25');
    assert.equal(v.networkcidr, '10.1.1.0/24');
    assert.equal(v.reservediprange, '10.1.1.128-10.1.1.254');
    await expectError(user.client, 'deployVirtualMachine', { zoneid: sd.zoneId, templateid: sd.templateId, serviceofferingid: sd.small, networkids: id, ipaddress: '10.1.1.200' }, 431, /outside the range/);
  });

  it('restarts a network: implements it (router, source NAT), and with cleanup replaces the router', async () => {
    const n = await isolatedNetwork(user.client, sd.zoneId);
    const id = String(n.id);
    assert.equal(await routerOf(s, id), undefined, 'no router before the network is implemented');
    const j = await user.client.job('restartNetwork', { id });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal((await net(id)).state, 'Implemented');
    const r1 = await routerOf(s, id);
    assert.equal(r1?.state, 'Running');
    assert.equal(r1?.appliedVersion, r1?.version);
    const routers = (await s.admin.ok('listRouters', { networkid: id, listall: true })).router as Json[];
    assert.equal(routers.length, 1);
    assert.equal(routers[0]!.guestipaddress, '10.1.1.1');
    const snat = first(await user.client.ok('listPublicIpAddresses', { associatednetworkid: id, issourcenat: true }), 'publicipaddress');
    assert.equal(routers[0]!.publicip, snat.ipaddress);
    assert.equal(r1?.applied?.sourceNat?.publicIp, snat.ipaddress);
    assert.ok(((await user.client.ok('listEvents', { type: 'NETWORK.RESTART' })).event as Json[]).some((e) => e.resourceid === n.id));
    const c = await user.client.job('restartNetwork', { id, cleanup: true });
    assert.equal(c.jobstatus, 1, JSON.stringify(c.jobresult));
    const r2 = await routerOf(s, id);
    assert.ok(r2 && r2.uuid !== r1?.uuid, 'cleanup made a new router');
    assert.equal(r2.applied?.sourceNat?.publicIp, snat.ipaddress, 'the source NAT address stays');
    await expectError(user.client, 'restartNetwork', { id, makeredundant: true }, 431, /redundant/i);
  });

  it('refuses to delete a network with VMs, then deletes it releasing its VLAN, addresses and router', async () => {
    const n = await isolatedNetwork(user.client, sd.zoneId);
    const id = String(n.id);
    const vm = await deploy(user.client, sd, { networkids: id });
    const extra = await associate(user.client, { networkid: id });
    assert.equal((await vlanRows(id)).length, 1);
    await expectError(user.client, 'deleteNetwork', { id }, 431, /not all user VMs are expunged/);
    assert.equal((await net(id)).state, 'Implemented', 'nothing changed');
    const d = await s.admin.job('destroyVirtualMachine', { id: String(vm.id), expunge: true });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    const j = await user.client.job('deleteNetwork', { id });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal((await user.client.ok('listNetworks', { id })).count, undefined);
    assert.deepEqual(await vlanRows(id), [], 'the VLAN went back to the zone');
    assert.equal(await routerOf(s, id), undefined);
    const ip = first(await s.admin.ok('listPublicIpAddresses', { ipaddress: String(extra.ipaddress), allocatedonly: false }), 'publicipaddress');
    assert.equal(ip.state, 'Free');
    assert.ok(((await user.client.ok('listEvents', { type: 'NETWORK.DELETE' })).event as Json[]).some((e) => e.resourceid === n.id));
    await expectError(user.client, 'deleteNetwork', { id }, 431, /Unable to find network/);
  });

  it('vetoes deleting a zone with networks and a public range with allocated addresses', async () => {
    const zone = await newZone(s.admin, { allocationstate: 'Enabled', guestcidraddress: '10.50.0.0/24' });
    const zoneid = String(zone.id);
    const n = await isolatedNetwork(user.client, zoneid);
    assert.equal(n.cidr, '10.50.0.0/24', 'the zone guest CIDR is the default');
    const vlan = (await net(String(n.id))).vlan;
    assert.ok(Number(vlan) >= 100, 'a zone without a physical network isolates networks with VLANs from 100-4094');
    await expectError(s.admin, 'deleteZone', { id: zoneid }, 536, /guest networks/);
    const range = (await s.admin.ok('createVlanIpRange', { zoneid, gateway: '203.0.113.1', netmask: '255.255.255.0', startip: '203.0.113.10', endip: '203.0.113.20', forvirtualnetwork: true })).vlan as Json;
    const ip = await associate(user.client, { zoneid });
    assert.equal(ip.issourcenat, true, 'the first address of an isolated network is its source NAT');
    await expectError(s.admin, 'deleteVlanIpRange', { id: String(range.id) }, 536, /allocated/);
    await s.admin.job('deleteNetwork', { id: String(n.id) });
    await s.admin.ok('deleteVlanIpRange', { id: String(range.id) });
  });

  it('creates physical networks (admin) whose VLAN ranges feed isolated networks', async () => {
    const zone = await newZone(s.admin, { allocationstate: 'Enabled' });
    const zoneid = String(zone.id);
    const pj = await s.admin.job('createPhysicalNetwork', { zoneid, name: 'pn-a', vlan: '3000-3001', isolationmethods: 'VLAN', tags: 'a' });
    assert.equal(pj.jobstatus, 1, JSON.stringify(pj.jobresult));
    const pn = (pj.jobresult as Json).physicalnetwork as Json;
    assert.equal(pn.vlan, '3000-3001');
    assert.equal(pn.state, 'Disabled');
    assert.equal(pn.isolationmethods, 'VLAN');
    const tj = await s.admin.job('addTrafficType', { physicalnetworkid: String(pn.id), traffictype: 'guest', kvmnetworklabel: 'cloudbr1' });
    assert.equal(((tj.jobresult as Json).traffictype as Json).traffictype, 'Guest');
    assert.equal((await s.admin.ok('listTrafficTypes', { physicalnetworkid: String(pn.id) })).count, 1);
    await expectError(s.admin, 'addTrafficType', { physicalnetworkid: String(pn.id), traffictype: 'Guest' }, 431, /already carries/);
    await expectError(s.admin, 'createPhysicalNetwork', { zoneid, name: 'pn-b', vlan: '3001-3005', tags: 'b' }, 431, /overlaps/);
    await expectError(s.admin, 'createPhysicalNetwork', { zoneid, name: 'pn-c', vlan: '5000' }, 431, /VLAN range/);
    await expectError(user.client, 'createPhysicalNetwork', { zoneid, name: 'pn-d' }, 432);
    for (const [cmd, p] of [['listPhysicalNetworks', { zoneid }], ['updatePhysicalNetwork', { id: String(pn.id), state: 'Enabled' }],
      ['deletePhysicalNetwork', { id: String(pn.id) }], ['addTrafficType', { physicalnetworkid: String(pn.id), traffictype: 'Public' }],
      ['listTrafficTypes', { physicalnetworkid: String(pn.id) }]] as const) await expectError(user.client, cmd, p, 432);
    const vlans: string[] = [];
    for (let i = 0; i < 2; i++) vlans.push(String((await net(String((await isolatedNetwork(user.client, zoneid)).id))).vlan));
    assert.deepEqual(vlans.sort(), ['3000', '3001']);
    await expectError(user.client, 'createNetwork', { name: 'third', zoneid, networkofferingid: await offeringId(s.admin, ISOLATED_OFFERING) }, 533, /guest VLAN/);
    await expectError(s.admin, 'updatePhysicalNetwork', { id: String(pn.id), vlan: '3001-3010' }, 431, /in use/);
    const uj = await s.admin.job('updatePhysicalNetwork', { id: String(pn.id), vlan: '3000-3010', state: 'Enabled' });
    assert.equal(((uj.jobresult as Json).physicalnetwork as Json).vlan, '3000-3010');
    await expectError(s.admin, 'deletePhysicalNetwork', { id: String(pn.id) }, 536, /uses it/);
    await expectError(s.admin, 'deleteZone', { id: zoneid }, 536, /guest networks/);
  });

  it('deleting an account releases its networks, addresses and routers', async () => {
    const acct = await newAccount(s);
    const n = await isolatedNetwork(acct.client, sd.zoneId);
    await deploy(acct.client, sd, { networkids: String(n.id) });
    const ip = await associate(acct.client, { networkid: String(n.id) });
    const j = await s.admin.job('deleteAccount', { id: acct.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal((await s.admin.ok('listNetworks', { id: String(n.id), listall: true })).count, undefined);
    assert.equal(await routerOf(s, String(n.id)), undefined);
    const after = first(await s.admin.ok('listPublicIpAddresses', { ipaddress: String(ip.ipaddress), allocatedonly: false }), 'publicipaddress');
    assert.equal(after.state, 'Free');
    assert.deepEqual(await vlanRows(String(n.id)), []);
  });
});
