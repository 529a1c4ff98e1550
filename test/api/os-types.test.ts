// Hypervisors and the guest OS catalogue through signed HTTP: the seeded categories and OS
// types, their filters, admin changes (async ones through jobs), hypervisor capabilities,
// bad input and who may do what.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { type Json, inner } from '../helpers/cs-client.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const items = (r: Json, key: string) => (r[key] as Json[] | undefined) ?? [];
const jobResult = (j: Json) => j.jobresult as Json;

describe('hypervisors and guest OS types', () => {
  let s: TestServer;
  let user: TestAccount;
  let domainAdmin: TestAccount;
  let categories: Json[];
  const categoryId = (name: string) => String(categories.find((c) => c.name === name)!.id);

  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
    domainAdmin = await newAccount(s, { type: 'domainadmin' });
    categories = items(await s.admin.ok('listOsCategories'), 'oscategory');
  });
  after(async () => s.close());

  it('lists the hypervisors Nubo drives, to every role', async () => {
    for (const c of [s.admin, user.client]) {
      const r = await c.ok('listHypervisors');
      assert.deepEqual(items(r, 'hypervisor').map((h) => h.name), ['KVM', 'Simulator']);
    }
    // Per zone: the hypervisors of the zone's clusters (the seeded zone has one Simulator cluster).
    const zone = String(items(await s.admin.ok('listZones'), 'zone')[0]!.id);
    assert.deepEqual(items(await user.client.ok('listHypervisors', { zoneid: zone }), 'hypervisor').map((h) => h.name), ['Simulator']);
    const empty = String(((await s.admin.ok('createZone', { name: 'hv-empty', dns1: '8.8.8.8', internaldns1: '8.8.4.4', networktype: 'Advanced' })).zone as Json).id);
    assert.deepEqual(await s.admin.ok('listHypervisors', { zoneid: empty }), {});
    const unknownZone = await s.admin.call('listHypervisors', { zoneid: '00000000-0000-0000-0000-000000000000' });
    assert.equal(unknownZone.status, 431, unknownZone.text);
    await s.admin.ok('updateConfiguration', { name: 'hypervisor.list', value: 'KVM' });
    assert.deepEqual(items(await s.admin.ok('listHypervisors'), 'hypervisor').map((h) => h.name), ['KVM']);
    await s.admin.ok('resetConfiguration', { name: 'hypervisor.list' });
  });

  it('seeds CloudStack\'s OS categories and guest OS types', async () => {
    assert.deepEqual(categories.map((c) => c.name), ['CentOS', 'Debian', 'Oracle', 'RedHat', 'SUSE', 'Windows', 'Other', 'Novel', 'Unix', 'Ubuntu', 'None']);
    assert.equal(typeof categories[0]!.isfeatured, 'boolean');
    assert.match(String(categories[0]!.created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const all = await user.client.ok('listOsTypes');
    assert.ok(Number(all.count) >= 40, `count ${String(all.count)}`);
    const descriptions = items(all, 'ostype').map((o) => String(o.description));
    for (const d of ['CentOS 5.6 (64-bit)', 'Other Linux (64-bit)', 'Debian GNU/Linux 11 (64-bit)', 'Ubuntu 22.04 LTS', 'Red Hat Enterprise Linux 6.0 (64-bit)', 'Windows Server 2019 (64-bit)']) {
      assert.ok(descriptions.includes(d), `${d} seeded`);
    }
    assert.equal(descriptions[0], 'CentOS 5.3 (64-bit)', 'ordered by description');
    assert.equal(descriptions.at(-1), 'Windows Server 2019 (64-bit)');
    const centos = items(all, 'ostype').find((o) => o.description === 'CentOS 5.6 (64-bit)')!;
    assert.equal(centos.oscategoryname, 'CentOS');
    assert.equal(centos.oscategoryid, categoryId('CentOS'));
    assert.equal(centos.isuserdefined, false);
    assert.equal(centos.fordisplay, true);
  });

  it('filters OS types by id, category, description and keyword', async () => {
    const centos = items(await s.admin.ok('listOsTypes', { description: 'CentOS 5.6 (64' }), 'ostype');
    assert.equal(centos.length, 1);
    const id = String(centos[0]!.id);
    assert.equal(items(await s.admin.ok('listOsTypes', { id }), 'ostype')[0]!.description, 'CentOS 5.6 (64-bit)');
    const ubuntu = items(await user.client.ok('listOsTypes', { oscategoryid: categoryId('Ubuntu') }), 'ostype');
    assert.ok(ubuntu.length >= 5 && ubuntu.every((o) => o.oscategoryname === 'Ubuntu'));
    const kw = items(await s.admin.ok('listOsTypes', { keyword: 'windows server' }), 'ostype');
    assert.ok(kw.length >= 3 && kw.every((o) => String(o.description).startsWith('Windows Server')));
    assert.deepEqual(await s.admin.ok('listOsTypes', { oscategoryid: '00000000-0000-0000-0000-000000000000' }), {});
    assert.equal((await s.admin.call('listOsTypes', { id: 'not-a-uuid' })).status, 431);
    const named = items(await s.admin.ok('listOsCategories', { name: 'debian' }), 'oscategory');
    assert.deepEqual(named.map((c) => c.name), ['Debian']);
    assert.deepEqual(items(await user.client.ok('listOsCategories', { keyword: 'u' }), 'oscategory').map((c) => c.name).sort(), ['SUSE', 'Ubuntu', 'Unix']);
  });

  it('adds, renames and deletes OS categories; refuses duplicates and deleting one in use', async () => {
    const c = (await s.admin.ok('addOsCategory', { name: 'Nubo Linux', isfeatured: true })).oscategory as Json;
    assert.equal(c.name, 'Nubo Linux');
    assert.equal(c.isfeatured, true);
    assert.equal((await s.admin.call('addOsCategory', { name: 'nubo linux' })).status, 431);
    assert.equal((await s.admin.call('addOsCategory', { name: '   ' })).status, 431);
    const u = (await s.admin.ok('updateOsCategory', { id: String(c.id), name: 'Nubo OS', sortkey: 0 })).oscategory as Json;
    assert.equal(u.name, 'Nubo OS');
    assert.equal(items(await s.admin.ok('listOsCategories'), 'oscategory')[0]!.name, 'Nubo OS', 'sort key 0 lists first');
    assert.equal((await s.admin.call('updateOsCategory', { id: String(c.id), name: 'Debian' })).status, 431);
    const inUse = await s.admin.call('deleteOsCategory', { id: categoryId('CentOS') });
    assert.equal(inUse.status, 431, inUse.text);
    assert.ok(items(await s.admin.ok('listOsCategories'), 'oscategory').some((x) => x.name === 'CentOS'));
    assert.deepEqual(await s.admin.ok('deleteOsCategory', { id: String(c.id) }), { success: true });
    assert.equal((await s.admin.call('deleteOsCategory', { id: String(c.id) })).status, 431);
    for (const cmd of ['addOsCategory', 'updateOsCategory', 'deleteOsCategory']) {
      const r = await domainAdmin.client.call(cmd, { name: 'x', id: categoryId('Other') });
      assert.equal(r.status, 432, `${cmd}: ${r.text}`);
    }
  });

  it('adds, updates and removes a guest OS type through jobs', async () => {
    const job = await s.admin.job('addGuestOs', {
      oscategoryid: categoryId('Debian'), osdisplayname: 'Debian GNU/Linux 13 (64-bit)', name: 'debian13',
      'details[0].key': 'cpu.corespersocket', 'details[0].value': '2',
    });
    assert.equal(job.jobstatus, 1, JSON.stringify(job));
    assert.match(String(job.cmd), /AddGuestOsCmd$/);
    const os = jobResult(job).ostype as Json;
    assert.equal(os.description, 'Debian GNU/Linux 13 (64-bit)');
    assert.equal(os.name, 'debian13');
    assert.equal(os.isuserdefined, true);
    assert.equal(os.oscategoryname, 'Debian');
    const id = String(os.id);
    assert.equal(items(await user.client.ok('listOsTypes', { id }), 'ostype').length, 1);

    const dup = await s.admin.call('addGuestOs', { oscategoryid: categoryId('Debian'), osdisplayname: 'debian gnu/linux 13 (64-bit)' });
    assert.equal(dup.status, 431, 'refused before any job');
    assert.equal(inner(dup.body).jobid, undefined);
    assert.equal((await s.admin.call('addGuestOs', { oscategoryid: '00000000-0000-0000-0000-000000000000', osdisplayname: 'X' })).status, 431);
    assert.equal((await s.admin.call('addGuestOs', { oscategoryid: categoryId('Debian') })).status, 431);

    const upd = await s.admin.job('updateGuestOs', { id, osdisplayname: 'Debian GNU/Linux 13 Trixie (64-bit)', oscategoryid: categoryId('Other'), forDisplay: false });
    assert.equal(upd.jobstatus, 1, JSON.stringify(upd));
    const updated = jobResult(upd).ostype as Json;
    assert.equal(updated.description, 'Debian GNU/Linux 13 Trixie (64-bit)');
    assert.equal(updated.oscategoryname, 'Other');
    assert.equal(updated.fordisplay, false);
    // Hidden from end users; the root admin still sees it and can filter on the flag.
    assert.deepEqual(await user.client.ok('listOsTypes', { id }), {});
    assert.deepEqual(await user.client.ok('listOsTypes', { id, fordisplay: false }), {});
    assert.equal(items(await s.admin.ok('listOsTypes', { id }), 'ostype').length, 1);
    assert.ok(items(await s.admin.ok('listOsTypes', { fordisplay: false }), 'ostype').every((o) => o.fordisplay === false));

    const seeded = String(items(await s.admin.ok('listOsTypes', { description: 'CentOS 5.6 (64' }), 'ostype')[0]!.id);
    assert.equal((await s.admin.call('updateGuestOs', { id: seeded, osdisplayname: 'Mine now' })).status, 431, 'system-defined types are read-only');
    assert.equal((await s.admin.call('removeGuestOs', { id: seeded })).status, 431);

    const rm = await s.admin.job('removeGuestOs', { id });
    assert.equal(rm.jobstatus, 1);
    assert.deepEqual(jobResult(rm), { success: true });
    assert.deepEqual(await s.admin.ok('listOsTypes', { id }), {});
    assert.equal((await s.admin.call('removeGuestOs', { id })).status, 431);

    const events = items(await s.admin.ok('listEvents', { listall: true, keyword: 'guest OS' }), 'event').map((e) => e.type);
    for (const t of ['GUEST.OS.ADD', 'GUEST.OS.UPDATE', 'GUEST.OS.REMOVE']) assert.ok(events.includes(t), `${t} recorded`);
    for (const cmd of ['addGuestOs', 'updateGuestOs', 'removeGuestOs']) {
      assert.equal((await user.client.call(cmd, { id: seeded, oscategoryid: categoryId('Debian'), osdisplayname: 'x' })).status, 432);
    }
  });

  it('lists, adds, updates and removes guest OS mappings', async () => {
    const kvm = items(await s.admin.ok('listGuestOsMapping', { hypervisor: 'KVM', osdisplayname: 'CentOS 5.6 (64-bit)' }), 'guestosmapping');
    assert.equal(kvm.length, 1);
    assert.equal(kvm[0]!.hypervisorversion, 'default');
    assert.equal(kvm[0]!.osnameforhypervisor, 'CentOS 5.6 (64-bit)');
    assert.equal(kvm[0]!.isuserdefined, 'false');
    assert.equal((await s.admin.call('removeGuestOsMapping', { id: String(kvm[0]!.id) })).status, 431, 'system mappings stay');

    const ostypeid = String(kvm[0]!.ostypeid);
    const add = await s.admin.job('addGuestOsMapping', { ostypeid, hypervisor: 'kvm', hypervisorversion: '8.2', osnameforhypervisor: 'centos5.6' });
    assert.equal(add.jobstatus, 1, JSON.stringify(add));
    const m = jobResult(add).guestosmapping as Json;
    assert.equal(m.hypervisor, 'KVM');
    assert.equal(m.isuserdefined, 'true');
    const bad: Record<string, string>[] = [
      { ostypeid, hypervisor: 'KVM', hypervisorversion: '8.2', osnameforhypervisor: 'again' },
      { ostypeid, hypervisor: 'NoSuchHv', hypervisorversion: '1', osnameforhypervisor: 'x' },
      { hypervisor: 'KVM', hypervisorversion: '1', osnameforhypervisor: 'x' },
      { osdisplayname: 'No Such OS', hypervisor: 'KVM', hypervisorversion: '1', osnameforhypervisor: 'x' },
    ];
    for (const p of bad) assert.equal((await s.admin.call('addGuestOsMapping', p)).status, 431, JSON.stringify(p));
    const forced = await s.admin.job('addGuestOsMapping', { ostypeid, hypervisor: 'KVM', hypervisorversion: '8.2', osnameforhypervisor: 'centos-5.6', forced: true });
    assert.equal(forced.jobstatus, 1);
    const list = items(await s.admin.ok('listGuestOsMapping', { ostypeid, hypervisor: 'KVM', hypervisorversion: '8.2' }), 'guestosmapping');
    assert.deepEqual(list.map((x) => x.osnameforhypervisor), ['centos-5.6']);
    const mid = String(list[0]!.id);
    const upd = await s.admin.job('updateGuestOsMapping', { id: mid, osnameforhypervisor: 'centos5' });
    assert.equal((jobResult(upd).guestosmapping as Json).osnameforhypervisor, 'centos5');
    assert.equal((await s.admin.call('listGuestOsMapping', { hypervisorversion: '8.2' })).status, 431, 'version needs a hypervisor');
    assert.equal((await s.admin.job('removeGuestOsMapping', { id: mid })).jobstatus, 1);
    assert.deepEqual(await s.admin.ok('listGuestOsMapping', { id: mid }), {});
    assert.equal((await user.client.call('listGuestOsMapping')).status, 432);
  });

  it('lists and updates hypervisor capabilities', async () => {
    const caps = items(await s.admin.ok('listHypervisorCapabilities'), 'hypervisorCapabilities');
    assert.deepEqual(caps.map((c) => `${String(c.hypervisor)}/${String(c.hypervisorversion)}`), ['KVM/default', 'Simulator/default']);
    const kvm = caps[0]!;
    assert.equal(typeof kvm.maxguestslimit, 'number');
    assert.equal(typeof kvm.securitygroupenabled, 'boolean');
    const byId = (await s.admin.ok('updateHypervisorCapabilities', { id: String(kvm.id), maxguestslimit: 100, vmsnapshotenabled: false })).hypervisorcapabilities as Json;
    assert.equal(byId.maxguestslimit, 100);
    assert.equal(byId.vmsnapshotenabled, false);
    const v = (await s.admin.ok('updateHypervisorCapabilities', { hypervisor: 'KVM', hypervisorversion: '9.0', maxdatavolumeslimit: 10 })).hypervisorcapabilities as Json;
    assert.equal(v.hypervisorversion, '9.0');
    assert.equal(v.maxdatavolumeslimit, 10);
    assert.equal(v.maxguestslimit, 100, 'copied from the default row');
    assert.equal(items(await s.admin.ok('listHypervisorCapabilities', { hypervisor: 'kvm' }), 'hypervisorCapabilities').length, 2);
    const bad: Record<string, string | number>[] = [
      {},
      { id: String(kvm.id), hypervisor: 'KVM', hypervisorversion: '1' },
      { hypervisor: 'KVM' },
      { hypervisor: 'XenServer', hypervisorversion: '8' },
      { id: String(kvm.id), maxguestslimit: -1 },
      { id: String(kvm.id), maxguestslimit: 'many' },
    ];
    for (const p of bad) assert.equal((await s.admin.call('updateHypervisorCapabilities', p)).status, 431, JSON.stringify(p));
    assert.equal(items(await s.admin.ok('listHypervisorCapabilities', { id: String(kvm.id) }), 'hypervisorCapabilities')[0]!.maxguestslimit, 100);
    for (const c of [user.client, domainAdmin.client]) {
      assert.equal((await c.call('listHypervisorCapabilities')).status, 432);
      assert.equal((await c.call('updateHypervisorCapabilities', { id: String(kvm.id), maxguestslimit: 1 })).status, 432);
    }
  });
});
