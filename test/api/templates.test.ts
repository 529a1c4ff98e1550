// Templates: the seeded simulator template, registration with real HTTP downloads (progress,
// checksums, failures), bad input, who may set which flag, limits, and forDeploy for the VM family.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Faults } from '../../src/drivers/sim-state/faults.js';
import { SimStore } from '../../src/drivers/sim-state/store.js';
import { SimStorageDriver } from '../../src/drivers/storage/sim/index.js';
import { loadCaller } from '../../src/services/caller-loader.js';
import { createServices } from '../../src/services/index.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type ImageServer, md5, qcow2Image, sha256, startImageServer } from '../helpers/image-server.js';
import { count, first, newZone, openTestDb, seededZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { entries, ids, osTypeId, readyTemplate, waitDownload } from '../helpers/templates.js';

const SEEDED = 'CentOS 5.6 (64-bit) no GUI (Simulator)';
const GiB = 1024 ** 3;

describe('templates: registration and downloads', () => {
  let s: TestServer;
  let img: ImageServer;
  let user: TestAccount;
  let zoneid: string;
  let ostypeid: string;
  before(async () => {
    s = await startTestServer();
    img = await startImageServer();
    user = await newAccount(s);
    zoneid = String((await seededZone(s.admin)).id);
    ostypeid = await osTypeId(s.admin, 'Debian GNU/Linux 12 (64-bit)');
  });
  after(async () => {
    await s.close();
    await img.close();
  });

  const reg = (extra: Record<string, string | number | boolean> = {}) => {
    const body = qcow2Image(GiB, 1024);
    const name = uniqueName('t');
    return { name, displaytext: name, url: img.serve(`/${name}.qcow2`, body), format: 'QCOW2', hypervisor: 'Simulator', zoneid, ostypeid, ...extra };
  };

  it('seeds the simulator template: featured, public, ready, with hypervisor and OS type', async () => {
    const t = first(await user.client.ok('listTemplates', { templatefilter: 'featured' }), 'template');
    assert.equal(t.name, SEEDED);
    assert.equal(t.ispublic, true);
    assert.equal(t.isfeatured, true);
    assert.equal(t.isready, true);
    assert.equal(t.hypervisor, 'Simulator');
    assert.equal(t.ostypename, 'CentOS 5.6 (64-bit)');
    assert.equal(t.zoneid, zoneid);
    assert.equal(t.crossZones, true);
    assert.equal(t.templatetype, 'BUILTIN');
    assert.equal(t.status, undefined, 'download status is for admins and owners');
    const a = first(await s.admin.ok('listTemplates', { templatefilter: 'featured' }), 'template');
    assert.equal(a.status, 'Download Complete');
    // The system VM template is listed only to admins asking for all templates.
    const all = (await s.admin.ok('listTemplates', { templatefilter: 'all' })).template as Json[];
    assert.ok(all.some((x) => x.name === 'SystemVM Template (simulator)' && x.templatetype === 'SYSTEM'));
    assert.ok(!((await user.client.ok('listTemplates', { templatefilter: 'executable' })).template as Json[]).some((x) => x.templatetype === 'SYSTEM'));
  });

  it('answers the Ansible cs_instance lookup (executable, isrecursive, zoneid) with hypervisor', async () => {
    const r = await user.client.ok('listTemplates', { templatefilter: 'executable', isrecursive: 'True', zoneid, page: 1, pagesize: 500 });
    const t = (r.template as Json[]).find((x) => x.name === SEEDED);
    assert.ok(t);
    assert.equal(t.hypervisor, 'Simulator');
    assert.equal(t.displaytext, SEEDED);
  });

  it('downloads a registered template over HTTP, reporting progress, and verifies its MD5', async () => {
    const body = qcow2Image(3 * GiB, 8192);
    const name = uniqueName('slow');
    const url = img.serve(`/${name}.qcow2`, body, { chunkDelayMs: 4 });
    const r = await user.client.ok('registerTemplate', {
      name, displaytext: 'slow one', url, format: 'qcow2', hypervisor: 'simulator', zoneid, ostypeid, checksum: md5(body), passwordenabled: true,
      sshkeyenabled: true, isextractable: true, bits: 64, details: 'x', 'details[0].rootDiskController': 'virtio',
    });
    assert.equal(r.count, 1);
    const t = (r.template as Json[])[0]!;
    assert.equal(t.isready, false);
    assert.equal(t.format, 'QCOW2');
    assert.equal(t.hypervisor, 'Simulator');
    assert.equal(t.account, user.name);
    assert.equal(t.passwordenabled, true);
    assert.equal(t.sshkeyenabled, true);
    assert.equal(t.isextractable, true);
    assert.deepEqual(t.details, { rootDiskController: 'virtio' });
    const seen = new Set<string>();
    for (;;) {
      const e = (await entries(user.client, String(t.id)))[0]!;
      seen.add(String(e.status));
      if (e.isready === true) {
        assert.equal(e.status, 'Download Complete');
        assert.equal(e.size, 3 * GiB);
        assert.equal(e.physicalsize, body.length);
        break;
      }
      await new Promise((res) => setTimeout(res, 15));
    }
    assert.ok([...seen].some((x) => /^\d+% Downloaded$/.test(x)), `progress was reported: ${[...seen].join(' | ')}`);
    const events = ((await user.client.ok('listEvents', {})).event as Json[]).filter((e) => e.resourceid === t.id).map((e) => e.type);
    for (const type of ['TEMPLATE.CREATE', 'TEMPLATE.DOWNLOAD.START', 'TEMPLATE.DOWNLOAD.SUCCESS']) assert.ok(events.includes(type), `${type} in ${events.join(',')}`);
  });

  it('accepts {SHA-256} checksums', async () => {
    const body = qcow2Image(GiB, 2048);
    const p = reg({ checksum: `{SHA-256}${sha256(body)}` });
    img.serve(new URL(p.url).pathname, body);
    const t = first(await user.client.ok('registerTemplate', p), 'template');
    assert.equal((await waitDownload(user.client, String(t.id)))[0]!.isready, true);
  });

  it('leaves a template with a checksum mismatch not ready, the error in its status', async () => {
    const t = first(await user.client.ok('registerTemplate', reg({ checksum: '0'.repeat(32) })), 'template');
    const e = (await waitDownload(user.client, String(t.id)))[0]!;
    assert.equal(e.isready, false);
    assert.match(String(e.status), /Checksum mismatch/);
    assert.equal((e.downloaddetails as Json[])[0]!.downloadState, 'DOWNLOAD_ERROR');
    const failed = ((await user.client.ok('listEvents', { type: 'TEMPLATE.DOWNLOAD.FAILED' })).event as Json[]).filter((x) => x.resourceid === t.id);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.level, 'ERROR');
    // Not ready: nobody can deploy from it, and a non-ready template is not "selfexecutable".
    assert.ok(!ids(await user.client.ok('listTemplates', { templatefilter: 'selfexecutable' })).includes(String(t.id)));
    assert.ok(ids(await user.client.ok('listTemplates', { templatefilter: 'self' })).includes(String(t.id)));
  });

  it('reports a missing file (HTTP 404) in the status', async () => {
    const t = first(await user.client.ok('registerTemplate', { ...reg(), url: `${img.base}/no/such/file.qcow2` }), 'template');
    const e = (await waitDownload(user.client, String(t.id)))[0]!;
    assert.equal(e.isready, false);
    assert.match(String(e.status), /HTTP 404/);
  });

  it('refuses bad input with 431 and changes nothing', async () => {
    const before = await count(user.client, 'listTemplates', { templatefilter: 'self' });
    const requests = img.requests.length;
    const other = await newZone(s.admin, { allocationstate: 'Enabled' });
    const cases: [Record<string, string | number | boolean>, RegExp][] = [
      [reg({ format: 'PNG' }), /Image format: PNG is incorrect/],
      [reg({ format: 'ISO' }), /registerIso/],
      [reg({ hypervisor: 'Bochs' }), /Hypervisor Type: Bochs is invalid/],
      [reg({ url: 'ftp://example.com/x.qcow2' }), /Unsupported scheme/],
      [reg({ url: 'file:///etc/passwd' }), /File:\/\/ type urls are currently unsupported/],
      [reg({ url: 'not a url' }), /valid URL/],
      [reg({ checksum: 'xyz' }), /Invalid checksum/],
      [reg({ zoneid: '00000000-0000-4000-8000-000000000000' }), /valid zone/],
      [reg({ zoneids: zoneid }), /Both zoneid and zoneids/],
      [{ ...reg(), zoneid: '' }, /Either zoneid or zoneids is required/],
      [{ ...reg(), ostypeid: '' }, /Please provide a guest OS type/],
      [reg({ ostypeid: '00000000-0000-4000-8000-000000000000' }), /guest OS/],
      [reg({ directdownload: true }), /directdownload is not supported/],
      [reg({ deployasis: true }), /VMware/],
      [reg({ templatetype: 'WEIRD' }), /valid templatetype/],
      [reg({ templatetype: 'SYSTEM' }), /USER or VNF/],
      [reg({ name: 'SystemVM Template (simulator)' }), /reserved names/],
      [reg({ arch: 'sparc' }), /Invalid arch/],
      [reg({ zoneid: String(other.id) }), /Unable to find image store/],
      [{ ...reg(), name: '' }, /Template name cannot be null/],
    ];
    for (const [params, text] of cases) await expectError(user.client, 'registerTemplate', params, 431, text);
    await expectError(user.client, 'registerTemplate', reg({ templatetag: 'x' }), 531, /templatetag can only be specified by a Root Admin/);
    await expectError(user.client, 'registerTemplate', reg({ isrouting: true }), 531, /isrouting/);
    assert.equal(await count(user.client, 'listTemplates', { templatefilter: 'self' }), before);
    assert.equal(img.requests.length, requests, 'nothing was downloaded');
  });

  it('applies who may set which flag', async () => {
    // A user's featured flag is dropped (only root admins' templates can be featured); public is allowed by default.
    const u = first(await user.client.ok('registerTemplate', reg({ isfeatured: true, ispublic: true })), 'template');
    assert.equal(u.isfeatured, false);
    assert.equal(u.ispublic, true);
    const a = first(await s.admin.ok('registerTemplate', reg({ isfeatured: true, ispublic: true, templatetag: 'gold' })), 'template');
    assert.equal(a.isfeatured, true);
    assert.equal(a.templatetag, 'gold');
    // allow.public.user.templates=false for one account: that account may only register private templates.
    const strict = await newAccount(s);
    await s.admin.ok('updateConfiguration', { name: 'allow.public.user.templates', value: 'false', accountid: strict.accountId });
    await expectError(strict.client, 'registerTemplate', reg({ ispublic: true }), 431, /Only private templates\/ISO can be created/);
    assert.equal(first(await strict.client.ok('registerTemplate', reg()), 'template').ispublic, false);
  });

  it('registers into several zones with zoneids, one entry per zone', async () => {
    const z2 = await newZone(s.admin, { allocationstate: 'Enabled' });
    await s.admin.ok('addImageStore', { provider: 'Simulator', name: uniqueName('ss'), url: `sim://${uniqueName('ss')}/secondary`, zoneid: String(z2.id) });
    const r = await user.client.ok('registerTemplate', { ...reg(), zoneid: '', zoneids: `${zoneid},${String(z2.id)}` });
    assert.equal(r.count, 2);
    assert.deepEqual((r.template as Json[]).map((t) => t.zoneid).sort(), [zoneid, String(z2.id)].sort());
    const done = await waitDownload(user.client, String((r.template as Json[])[0]!.id));
    assert.equal(done.length, 2);
    assert.ok(done.every((e) => e.isready === true));
    assert.equal((await user.client.ok('listTemplates', { templatefilter: 'self', id: String(done[0]!.id), zoneid: String(z2.id) })).count, 1);
    assert.equal((await user.client.ok('listTemplates', { templatefilter: 'self', id: String(done[0]!.id), showunique: true })).count, 1);
    // A disabled zone is for root admins only.
    await s.admin.ok('updateZone', { id: String(z2.id), allocationstate: 'Disabled' });
    await expectError(user.client, 'registerTemplate', reg({ zoneid: String(z2.id) }), 531, /currently disabled/);
    assert.equal(first(await s.admin.ok('registerTemplate', reg({ zoneid: String(z2.id) })), 'template').zoneid, z2.id);
  });

  it('counts templates and secondary storage against the owner (535)', async () => {
    const limited = await newAccount(s);
    await s.admin.ok('updateResourceLimit', { account: limited.name, domainid: limited.domainId, resourcetype: 4, max: 1 });
    await limited.client.ok('registerTemplate', reg());
    await expectError(limited.client, 'registerTemplate', reg(), 535);
    assert.equal(await count(limited.client, 'listTemplates', { templatefilter: 'self' }), 1);

    const small = await newAccount(s);
    await s.admin.ok('updateResourceLimit', { account: small.name, domainid: small.domainId, resourcetype: 11, max: 1 });
    const body = qcow2Image(2 * GiB, 1024);
    const p = reg();
    img.serve(new URL(p.url).pathname, body);
    const t = first(await small.client.ok('registerTemplate', p), 'template');
    const e = (await waitDownload(small.client, String(t.id)))[0]!;
    assert.equal(e.isready, false);
    assert.match(String(e.status), /secondary_storage|secondary storage/i);
    const fits = await readyTemplate(small.client, img, zoneid, ostypeid, { url: img.serve(`/${uniqueName('tiny')}.qcow2`, qcow2Image(GiB / 2, 512)), checksum: '' });
    assert.equal(fits.isready, true);
  });

  it('forDeploy gives the VM family a usable image, in every simulator store, and refuses the rest with 431', async () => {
    const h = openTestDb(s);
    const store = new SimStore(join(s.dataDir, 'sim.db'));
    const driver = new SimStorageDriver(store, new Faults());
    const services = createServices(h.db, { serverId: 'test', drivers: { storage: [driver] } });
    try {
      const caller = (await loadCaller(h.db, { apiKey: user.client.apiKey }))!.caller;
      const seeded = first(await user.client.ok('listTemplates', { templatefilter: 'featured', name: SEEDED }), 'template');
      const zone = await h.db.selectFrom('zones').select('id').where('uuid', '=', zoneid).executeTakeFirstOrThrow();
      const d = await services.templates.forDeploy(caller, String(seeded.id), zone.id);
      assert.equal(d.uuid, seeded.id);
      assert.equal(d.hypervisor, 'Simulator');
      assert.equal(d.isIso, false);
      assert.equal(d.image.sizeBytes, 2 * GiB);
      // The simulator storage driver refuses to clone from an image it does not hold: this must work.
      const v = await driver.createVolume('sim://sandbox/primary0', { name: uniqueName('root'), sizeBytes: GiB, from: { storeUrl: d.storeUrl, image: d.image } });
      assert.equal(v.sizeBytes, 2 * GiB);

      // A new zone's simulator store gets the seeded image too.
      const z3 = await newZone(s.admin, { allocationstate: 'Enabled' });
      await s.admin.ok('addImageStore', { provider: 'Simulator', name: uniqueName('ss'), url: `nfs://10.1.1.1/${uniqueName('export')}`, zoneid: String(z3.id) });
      const z3id = (await h.db.selectFrom('zones').select('id').where('uuid', '=', String(z3.id)).executeTakeFirstOrThrow()).id;
      const d3 = await services.templates.forDeploy(caller, String(seeded.id), z3id);
      await driver.createVolume('sim://other/primary', { name: uniqueName('root'), sizeBytes: 1, from: { storeUrl: d3.storeUrl, image: d3.image } });

      const other = await newAccount(s);
      const mine = await readyTemplate(other.client, img, zoneid, ostypeid);
      await assert.rejects(services.templates.forDeploy(caller, String(mine.id), zone.id), (e: Error) => e.name === 'InvalidParameter' && /Unable to find template/.test(e.message));
      await assert.rejects(services.templates.forDeploy(caller, String(seeded.id), 999999), (e: Error) => e.name === 'InvalidParameter' && /is not ready in zone/.test(e.message));
      const broken = first(await user.client.ok('registerTemplate', reg({ checksum: 'f'.repeat(32) })), 'template');
      await waitDownload(user.client, String(broken.id));
      await assert.rejects(services.templates.forDeploy(caller, String(broken.id), zone.id), /is not ready in zone/);
    } finally {
      services.jobs.stop();
      await services.templates.drain();
      store.close();
      await h.close();
    }
  });
});
