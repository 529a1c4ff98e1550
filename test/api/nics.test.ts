// NICs: what deploy allocates (address, MAC, DHCP lease, DNS and metadata on the router),
// requested addresses and MACs, listNics, adding and removing NICs, the default NIC, secondary
// IPs (also in parallel), release on expunge, and tenant isolation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { first, openTestDb } from '../helpers/infra.js';
import { appliedConfig, associate, isolatedNetwork } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('NICs', () => {
  let s: TestServer;
  let user: TestAccount;
  let other: TestAccount;
  let sd: Seeded;
  let net: Json;
  let net2: Json;
  let vm: Json;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    other = await newAccount(s);
    sd = await seeded(s.admin);
    net = await isolatedNetwork(user.client, sd.zoneId);
    net2 = await isolatedNetwork(user.client, sd.zoneId, { gateway: '10.20.0.1', netmask: '255.255.255.0' });
    vm = await deploy(user.client, sd, { networkids: String(net.id), userdata: Buffer.from('#cloud-config\n').toString('base64') });
  });
  after(async () => s.close());

  const nics = async (c = user.client, id = String(vm.id)) => ((await c.ok('listNics', { virtualmachineid: id })).nic as Json[] | undefined) ?? [];

  it('gives a deployed VM a NIC whose lease, DNS name and metadata reach the router', async () => {
    const [nic] = await nics();
    assert.ok(nic);
    assert.equal(nic.networkid, net.id);
    assert.equal(nic.isdefault, true);
    assert.equal(nic.deviceid, '0');
    assert.equal(nic.type, 'Isolated');
    assert.equal(nic.traffictype, 'Guest');
    assert.equal(nic.gateway, '10.1.1.1');
    assert.equal(nic.netmask, '255.255.255.0');
    assert.match(String(nic.ipaddress), /^10\.1\.1\.\d+$/);
    assert.notEqual(nic.ipaddress, '10.1.1.1', 'the gateway is the router\'s');
    assert.match(String(nic.macaddress), /^02:00(:[0-9a-f]{2}){4}$/);
    assert.match(String(nic.broadcasturi), /^vlan:\/\/\d+$/);
    assert.equal(nic.virtualmachineid, vm.id);
    const c = await appliedConfig(s, String(net.id));
    assert.deepEqual(c.dhcp.leases, [{ mac: nic.macaddress, ip: nic.ipaddress, hostname: vm.name, defaultGateway: true }]);
    assert.deepEqual(c.dhcp.records, [{ name: vm.name, ip: nic.ipaddress }]);
    assert.equal(c.dhcp.domain, first(await user.client.ok('listNetworks', { id: String(net.id) }), 'network').networkdomain);
    assert.deepEqual(c.dhcp.upstream, ['8.8.8.8']);
    assert.equal(c.guest.ip, '10.1.1.1');
    assert.equal(c.metadata.length, 1);
    assert.equal(c.metadata[0]!.vmId, vm.id);
    assert.equal(c.metadata[0]!.userData, Buffer.from('#cloud-config\n').toString('base64'));
    assert.equal(c.metadata[0]!.availabilityZone, 'Sandbox-simulator');
  });

  it('honours a requested address and MAC, and refuses taken or foreign ones', async () => {
    const v = await deploy(user.client, sd, { networkids: String(net.id), ipaddress: '10.1.1.77', macaddress: '02:00:aa:bb:cc:dd' });
    const n = (v.nic as Json[])[0]!;
    assert.equal(n.ipaddress, '10.1.1.77');
    assert.equal(n.macaddress, '02:00:aa:bb:cc:dd');
    const base = { zoneid: sd.zoneId, templateid: sd.templateId, serviceofferingid: sd.small, networkids: String(net.id) };
    await expectError(user.client, 'deployVirtualMachine', { ...base, ipaddress: '10.1.1.77' }, 431, /already in use/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, ipaddress: '10.1.1.1' }, 431, /already in use/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, ipaddress: '10.9.9.9' }, 431, /outside the range/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, macaddress: '02:00:aa:bb:cc:dd' }, 431, /MAC address .* already in use/);
    await expectError(user.client, 'deployVirtualMachine', { ...base, macaddress: '01:00:5e:00:00:01' }, 431, /multicast/);
    const theirs = await isolatedNetwork(other.client, sd.zoneId);
    await expectError(user.client, 'deployVirtualMachine', { ...base, networkids: String(theirs.id) }, 431, /can not use network/);
  });

  it('adds a NIC in a second network, switches the default, and removes the old one', async () => {
    const j = await user.client.job('addNicToVirtualMachine', { virtualmachineid: String(vm.id), networkid: String(net2.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const answered = ((j.jobresult as Json).virtualmachine as Json).nic as Json[];
    assert.equal(answered.length, 2, 'the job answers with the VM and both NICs');
    const [first0, second] = await nics();
    assert.equal(second!.networkid, net2.id);
    assert.equal(second!.deviceid, '1');
    assert.equal(second!.isdefault, false);
    assert.match(String(second!.ipaddress), /^10\.20\.0\./);
    assert.equal((await appliedConfig(s, String(net2.id))).dhcp.leases[0]!.defaultGateway, false);
    assert.ok(((await user.client.ok('listEvents', { type: 'NIC.CREATE' })).event as Json[]).length >= 1);
    await expectError(user.client, 'addNicToVirtualMachine', { virtualmachineid: String(vm.id), networkid: String(net2.id) }, 431, /already has a NIC/);
    await expectError(user.client, 'updateDefaultNicForVirtualMachine', { virtualmachineid: String(vm.id), nicid: String(first0!.id) }, 431, /already the default/);
    const d = await user.client.job('updateDefaultNicForVirtualMachine', { virtualmachineid: String(vm.id), nicid: String(second!.id) });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    assert.deepEqual((await nics()).map((n) => n.isdefault), [false, true]);
    assert.equal((await appliedConfig(s, String(net2.id))).dhcp.leases[0]!.defaultGateway, true, 'the router of the new default network is the gateway now');
    assert.equal((await appliedConfig(s, String(net.id))).dhcp.leases.find((l) => l.ip === first0!.ipaddress)?.defaultGateway, false);
    await expectError(user.client, 'removeNicFromVirtualMachine', { virtualmachineid: String(vm.id), nicid: String(second!.id) }, 431, /default NIC/);
    const r = await user.client.job('removeNicFromVirtualMachine', { virtualmachineid: String(vm.id), nicid: String(first0!.id) });
    assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
    assert.deepEqual((await nics()).map((n) => n.id), [second!.id]);
    assert.ok(!(await appliedConfig(s, String(net.id))).dhcp.leases.some((l) => l.ip === first0!.ipaddress), 'its lease is gone');
    const back = await user.client.job('addNicToVirtualMachine', { virtualmachineid: String(vm.id), networkid: String(net.id), ipaddress: String(first0!.ipaddress) });
    assert.equal(back.jobstatus, 1, JSON.stringify(back.jobresult));
  });

  it('adds and removes secondary IPs, in parallel without duplicates', async () => {
    const nic = (await nics()).find((n) => n.networkid === net.id)!;
    const j = await user.client.job('addIpToNic', { nicid: String(nic.id), ipaddress: '10.1.1.150' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const sec = (j.jobresult as Json).nic as Json;
    assert.equal(sec.ipaddress, '10.1.1.150');
    assert.equal(sec.nicid, nic.id);
    assert.equal(sec.networkid, net.id);
    assert.equal(sec.virtualmachineid, vm.id);
    await expectError(user.client, 'addIpToNic', { nicid: String(nic.id), ipaddress: '10.1.1.150' }, 431, /already in use/);
    await expectError(user.client, 'addIpToNic', { nicid: String(nic.id), ipaddress: '10.2.2.2' }, 431, /outside the range/);
    const parallel = await Promise.all(Array.from({ length: 20 }, () => user.client.job('addIpToNic', { nicid: String(nic.id) })));
    const got = parallel.map((p) => String(((p.jobresult as Json).nic as Json).ipaddress));
    assert.equal(new Set(got).size, 20, 'no address handed out twice');
    const listed = (await nics()).find((n) => n.id === nic.id)!;
    assert.equal((listed.secondaryip as Json[]).length, 21);
    const ip = await associate(user.client, { networkid: String(net.id) });
    await user.client.job('createPortForwardingRule', { ipaddressid: String(ip.id), virtualmachineid: String(vm.id), protocol: 'tcp', publicport: 80, privateport: 80, vmguestip: '10.1.1.150' });
    assert.ok((await appliedConfig(s, String(net.id))).portForwards.some((f) => f.guestIp === '10.1.1.150'));
    await expectError(user.client, 'removeIpFromNic', { id: String(sec.id) }, 431, /port forwarding rule/);
    const other1 = (listed.secondaryip as Json[]).find((x) => x.ipaddress !== '10.1.1.150')!;
    const r = await user.client.job('removeIpFromNic', { id: String(other1.id) });
    assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
    assert.equal(((await nics()).find((n) => n.id === nic.id)!.secondaryip as Json[]).length, 20);
  });

  it('keeps tenants apart', async () => {
    const nic = (await nics())[0]!;
    await expectError(other.client, 'listNics', { virtualmachineid: String(vm.id) }, 531);
    await expectError(other.client, 'addNicToVirtualMachine', { virtualmachineid: String(vm.id), networkid: String(net2.id) }, 531);
    await expectError(other.client, 'removeNicFromVirtualMachine', { virtualmachineid: String(vm.id), nicid: String(nic.id) }, 531);
    await expectError(other.client, 'updateDefaultNicForVirtualMachine', { virtualmachineid: String(vm.id), nicid: String(nic.id) }, 531);
    await expectError(other.client, 'addIpToNic', { nicid: String(nic.id) }, 531);
    const sec = ((await nics()).flatMap((n) => (n.secondaryip as Json[] | undefined) ?? []))[0]!;
    await expectError(other.client, 'removeIpFromNic', { id: String(sec.id) }, 531);
  });

  it('keeps MACs unique in the zone and releases everything at expunge', async () => {
    const h = openTestDb(s);
    try {
      const rows = await h.db.selectFrom('nics').select(['zone_id', 'mac_address']).execute();
      assert.equal(new Set(rows.map((r) => `${r.zone_id}/${r.mac_address}`)).size, rows.length);
    } finally {
      await h.close();
    }
    const all = await nics();
    const inNet = String(all.find((n) => n.networkid === net.id)!.ipaddress);
    const addresses = all.flatMap((n) => [String(n.ipaddress), ...((n.secondaryip as Json[] | undefined) ?? []).map((x) => String(x.ipaddress))]);
    const d = await s.admin.job('destroyVirtualMachine', { id: String(vm.id), expunge: true });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));
    const c = await appliedConfig(s, String(net.id));
    assert.ok(!c.dhcp.leases.some((l) => addresses.includes(l.ip)));
    assert.ok(!c.portForwards.some((f) => addresses.includes(f.guestIp)), 'forwards to the VM went with it');
    const h2 = openTestDb(s);
    try {
      const left = await h2.db.selectFrom('guest_ips').select('address').where('address', 'in', addresses).where('kind', '!=', 'Router').execute();
      assert.deepEqual(left, [], 'its addresses are free again');
    } finally {
      await h2.close();
    }
    const again = await deploy(user.client, sd, { networkids: String(net.id), ipaddress: inNet });
    assert.equal((again.nic as Json[])[0]!.ipaddress, inNet);
  });
});
