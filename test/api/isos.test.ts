// ISOs: registerIso, listIsos, updateIso, deleteIso, copyIso, extractIso, updateIsoPermissions,
// listIsoPermissions, attachIso and detachIso (on VM rows standing in for deployed VMs).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DbHandle } from '../../src/db/connect.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { insertVm } from '../helpers/fake-vms.js';
import { type ImageServer, md5, startImageServer } from '../helpers/image-server.js';
import { first, newZone, openTestDb, seededZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { entries, ids, osTypeId, readyIso, readyTemplate, waitDownload } from '../helpers/templates.js';

describe('ISOs', () => {
  let s: TestServer;
  let img: ImageServer;
  let h: DbHandle;
  let a: TestAccount;
  let b: TestAccount;
  let zoneid: string;
  let ostypeid: string;
  let isoA: Json; // A's private, bootable ISO
  before(async () => {
    s = await startTestServer();
    img = await startImageServer();
    h = openTestDb(s);
    a = await newAccount(s);
    b = await newAccount(s);
    zoneid = String((await seededZone(s.admin)).id);
    ostypeid = await osTypeId(s.admin, 'Other Linux (64-bit)');
    isoA = await readyIso(a.client, img, zoneid, ostypeid);
  });
  after(async () => {
    await h.close();
    await s.close();
    await img.close();
  });

  const isoParams = (extra: Record<string, string | number | boolean> = {}) => {
    const name = uniqueName('iso');
    return { name, displaytext: name, url: img.serve(`/${name}.iso`, Buffer.alloc(1024, 1)), zoneid, ostypeid, ...extra };
  };

  it('registers and downloads an ISO, bootable by default', async () => {
    const body = Buffer.alloc(4096, 3);
    const p = isoParams({ checksum: md5(body), isextractable: true });
    img.serve(new URL(p.url).pathname, body);
    const r = await a.client.ok('registerIso', p);
    assert.equal(r.count, 1);
    const iso = (r.iso as Json[])[0]!;
    assert.equal(iso.format, 'ISO');
    assert.equal(iso.bootable, true);
    assert.equal(iso.hypervisor, undefined);
    assert.equal(iso.ostypeid, ostypeid);
    assert.equal(iso.isready, false);
    const done = (await waitDownload(a.client, String(iso.id), true))[0]!;
    assert.equal(done.isready, true);
    assert.equal(done.status, 'Download Complete');
    assert.equal(done.size, body.length);
    assert.ok(((await a.client.ok('listEvents', { type: 'ISO.CREATE' })).event as Json[]).some((e) => e.resourceid === iso.id));
    // A non-bootable ISO needs no OS type: it gets "None".
    const data = first(await a.client.ok('registerIso', { ...isoParams(), ostypeid: '', bootable: false }), 'iso');
    assert.equal(data.bootable, false);
    assert.equal(data.ostypename, 'None');
  });

  it('refuses bad ISO registrations with 431 and changes nothing', async () => {
    const before = Number((await a.client.ok('listIsos', { isofilter: 'self' })).count ?? 0);
    const none = await osTypeId(s.admin, 'None');
    await expectError(a.client, 'registerIso', { ...isoParams(), ostypeid: '' }, 431, /Please pass a valid GuestOS Id/);
    await expectError(a.client, 'registerIso', isoParams({ ostypeid: none }), 431, /Please pass a valid GuestOS Id/);
    await expectError(a.client, 'registerIso', { ...isoParams(), zoneid: '' }, 431, /zoneid/);
    await expectError(a.client, 'registerIso', isoParams({ url: 'ftp://x/y.iso' }), 431, /Unsupported scheme/);
    await expectError(a.client, 'registerIso', isoParams({ directdownload: true }), 431, /directdownload/);
    await expectError(a.client, 'registerIso', isoParams({ imagestoreuuid: randomUUID() }), 431, /image store/);
    assert.equal(Number((await a.client.ok('listIsos', { isofilter: 'self' })).count ?? 0), before);
    // A checksum mismatch leaves it not ready, the error in its status.
    const bad = first(await a.client.ok('registerIso', isoParams({ checksum: '1'.repeat(32) })), 'iso');
    const e = (await waitDownload(a.client, String(bad.id), true))[0]!;
    assert.equal(e.isready, false);
    assert.match(String(e.status), /Checksum mismatch/);
  });

  it('lists by isofilter, keeps private ISOs private and tells ISOs from templates', async () => {
    assert.ok(ids(await a.client.ok('listIsos', {}), 'iso').includes(String(isoA.id)), 'selfexecutable by default');
    assert.ok(!ids(await b.client.ok('listIsos', { isofilter: 'executable' }), 'iso').includes(String(isoA.id)));
    await expectError(b.client, 'listIsos', { id: String(isoA.id) }, 531);
    await expectError(b.client, 'listIsos', { isofilter: 'all' }, 431, /admin only/);
    const pub = await readyIso(s.admin, img, zoneid, ostypeid, { ispublic: true, isfeatured: true });
    assert.ok(ids(await b.client.ok('listIsos', { isofilter: 'featured' }), 'iso').includes(String(pub.id)));
    assert.ok(ids(await b.client.ok('listIsos', { isofilter: 'executable', bootable: true }), 'iso').includes(String(pub.id)));
    assert.deepEqual(ids(await b.client.ok('listIsos', { isofilter: 'executable', id: String(pub.id), bootable: false }), 'iso'), []);
    assert.ok(ids(await s.admin.ok('listIsos', { isofilter: 'all' }), 'iso').includes(String(isoA.id)));
    // ISOs are not templates and templates are not ISOs.
    assert.ok(!ids(await a.client.ok('listTemplates', { templatefilter: 'self' })).includes(String(isoA.id)));
    const t = await readyTemplate(a.client, img, zoneid, ostypeid);
    await expectError(a.client, 'listIsos', { id: String(t.id) }, 431, /not an ISO/);
    await expectError(a.client, 'listTemplates', { templatefilter: 'self', id: String(isoA.id) }, 431, /Incorrect format ISO/);
    await expectError(a.client, 'updateIso', { id: String(t.id), name: 'x' }, 431);
    await expectError(a.client, 'deleteIso', { id: String(t.id) }, 431);
    await expectError(a.client, 'listTemplatePermissions', { id: String(isoA.id) }, 431, /valid Template/);
    await expectError(a.client, 'updateIsoPermissions', { id: String(t.id), ispublic: true }, 431, /valid ISO/);
  });

  it('updates an ISO and its permissions', async () => {
    const id = String(isoA.id);
    const u = (await a.client.ok('updateIso', { id, name: 'renamed-iso', displaytext: 'Renamed', bootable: true, ostypeid })).iso as Json;
    assert.equal(u.name, 'renamed-iso');
    assert.equal(u.displaytext, 'Renamed');
    await expectError(b.client, 'updateIso', { id, name: 'x' }, 531);
    await a.client.ok('updateIsoPermissions', { id, accounts: b.name, op: 'add', isextractable: true });
    assert.deepEqual(ids(await b.client.ok('listIsos', { isofilter: 'sharedexecutable' }), 'iso'), [id]);
    const perms = (await a.client.ok('listIsoPermissions', { id })).templatepermission as Json;
    assert.deepEqual(perms.account, [b.name, a.name]);
    await expectError(b.client, 'updateIsoPermissions', { id, ispublic: true }, 531);
    await a.client.ok('updateIsoPermissions', { id, op: 'reset' });
    assert.deepEqual(ids(await b.client.ok('listIsos', { isofilter: 'sharedexecutable' }), 'iso'), []);
    assert.ok(((await a.client.ok('listEvents', { type: 'ISO.UPDATE' })).event as Json[]).some((e) => e.resourceid === id));
  });

  it('copies, extracts and deletes ISOs', async () => {
    const iso = await readyIso(a.client, img, zoneid, ostypeid, { isextractable: true });
    const z2 = await newZone(s.admin, { allocationstate: 'Enabled' });
    await s.admin.ok('addImageStore', { provider: 'Simulator', name: uniqueName('ss'), url: `sim://${uniqueName('ss')}/secondary`, zoneid: String(z2.id) });
    const j = await a.client.job('copyIso', { id: String(iso.id), destzoneid: String(z2.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    assert.equal(((j.jobresult as Json).iso as Json).zoneid, z2.id);
    assert.equal((await entries(a.client, String(iso.id), true)).length, 2);
    const x = await a.client.job('extractIso', { id: String(iso.id), mode: 'HTTP_DOWNLOAD', zoneid: String(z2.id) });
    assert.equal(x.jobstatus, 1, JSON.stringify(x));
    const url = String(((x.jobresult as Json).iso as Json).url);
    assert.match(url, /\.iso$/);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal((await res.arrayBuffer()).byteLength, iso.size);
    await expectError(b.client, 'extractIso', { id: String(iso.id), mode: 'HTTP_DOWNLOAD' }, 531);
    await expectError(b.client, 'deleteIso', { id: String(iso.id) }, 531);
    assert.equal((await a.client.job('deleteIso', { id: String(iso.id), zoneid: String(z2.id) })).jobstatus, 1);
    assert.deepEqual((await entries(a.client, String(iso.id), true)).map((e) => e.zoneid), [zoneid]);
    assert.equal((await a.client.job('deleteIso', { id: String(iso.id) })).jobstatus, 1);
    assert.deepEqual(await entries(a.client, String(iso.id), true), []);
    assert.ok(((await a.client.ok('listEvents', { type: 'ISO.DELETE' })).event as Json[]).some((e) => e.resourceid === iso.id));
  });

  it('attaches an ISO to a Stopped or Running VM and detaches it', async () => {
    const vm = await insertVm(h, { accountUuid: a.accountId, state: 'Stopped' });
    const isoOf = async () => (await h.db.selectFrom('vms').select('iso_id').where('id', '=', vm.id).executeTakeFirstOrThrow()).iso_id;
    const isoIdOf = async (uuid: string) => (await h.db.selectFrom('templates').select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow()).id;
    const j = await a.client.job('attachIso', { id: String(isoA.id), virtualmachineid: vm.uuid });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    // The answer is the VM (the VM family's own view once it is bound, else a short one).
    assert.equal(((j.jobresult as Json).virtualmachine as Json).id, vm.uuid);
    assert.equal(await isoOf(), await isoIdOf(String(isoA.id)));
    assert.ok(((await a.client.ok('listEvents', { type: 'ISO.ATTACH' })).event as Json[]).some((e) => e.resourceid === vm.uuid));

    const other = await readyIso(a.client, img, zoneid, ostypeid);
    await expectError(a.client, 'attachIso', { id: String(other.id), virtualmachineid: vm.uuid }, 431, /already has an ISO attached/);
    await expectError(a.client, 'deleteIso', { id: String(isoA.id) }, 431, /used by other instances/);
    // forced replaces it.
    assert.equal((await a.client.job('attachIso', { id: String(other.id), virtualmachineid: vm.uuid, forced: true })).jobstatus, 1);
    assert.equal(await isoOf(), await isoIdOf(String(other.id)));

    const d = await a.client.job('detachIso', { virtualmachineid: vm.uuid });
    assert.equal(d.jobstatus, 1, JSON.stringify(d));
    assert.equal(((d.jobresult as Json).virtualmachine as Json).id, vm.uuid);
    assert.equal(await isoOf(), null);
    await expectError(a.client, 'detachIso', { virtualmachineid: vm.uuid }, 431, /no ISO attached/);
    assert.ok(((await a.client.ok('listEvents', { type: 'ISO.DETACH' })).event as Json[]).some((e) => e.resourceid === vm.uuid));

    const running = await insertVm(h, { accountUuid: a.accountId, state: 'Running' });
    assert.equal((await a.client.job('attachIso', { id: String(isoA.id), virtualmachineid: running.uuid })).jobstatus, 1);
  });

  it('refuses attaching in the wrong state, zone, or across tenants', async () => {
    const starting = await insertVm(h, { accountUuid: a.accountId, state: 'Starting' });
    await expectError(a.client, 'attachIso', { id: String(isoA.id), virtualmachineid: starting.uuid }, 431, /either Stopped or Running/);
    const mine = await insertVm(h, { accountUuid: a.accountId });
    const theirs = await insertVm(h, { accountUuid: b.accountId });
    await expectError(b.client, 'attachIso', { id: String(isoA.id), virtualmachineid: mine.uuid }, 531);
    await expectError(b.client, 'attachIso', { id: String(isoA.id), virtualmachineid: theirs.uuid }, 531);
    await expectError(b.client, 'detachIso', { virtualmachineid: mine.uuid }, 531);
    await expectError(a.client, 'attachIso', { id: randomUUID(), virtualmachineid: mine.uuid }, 431, /Unable to find an ISO/);
    await expectError(a.client, 'attachIso', { id: String(isoA.id), virtualmachineid: randomUUID() }, 431, /Unable to find an Instance/);
    // An ISO only in another zone cannot be attached.
    const z3 = await newZone(s.admin, { allocationstate: 'Enabled' });
    await s.admin.ok('addImageStore', { provider: 'Simulator', name: uniqueName('ss'), url: `sim://${uniqueName('ss')}/secondary`, zoneid: String(z3.id) });
    const far = await readyIso(a.client, img, String(z3.id), ostypeid);
    await expectError(a.client, 'attachIso', { id: String(far.id), virtualmachineid: mine.uuid }, 431, /not available in the zone/);
    assert.equal((await h.db.selectFrom('vms').select('iso_id').where('id', '=', mine.id).executeTakeFirstOrThrow()).iso_id, null);
  });
});
