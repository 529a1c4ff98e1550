// Templates: the async commands (copyTemplate, deleteTemplate, extractTemplate, createTemplate
// from a volume or a snapshot), what they refuse, the image store and account cascades, and
// downloads resumed after a restart.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DbHandle, openDatabase } from '../../src/db/connect.js';
import { Faults } from '../../src/drivers/sim-state/faults.js';
import { SimStore } from '../../src/drivers/sim-state/store.js';
import { SimStorageDriver } from '../../src/drivers/storage/sim/index.js';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError, expectJobError } from '../helpers/expect-error.js';
import { insertVm } from '../helpers/fake-vms.js';
import { type ImageServer, startImageServer } from '../helpers/image-server.js';
import { first, newZone, openTestDb, seededZone } from '../helpers/infra.js';
import { type TestServer, freshDatabaseUrl, startTestServer } from '../helpers/server.js';
import { entries, ids, osTypeId, readyTemplate, waitDownload } from '../helpers/templates.js';

const GiB = 1024 ** 3;
const POOL = 'sim://sandbox/primary0';

describe('templates: copy, delete, extract, create', () => {
  let s: TestServer;
  let img: ImageServer;
  let h: DbHandle;
  let sim: SimStore;
  let driver: SimStorageDriver;
  let a: TestAccount;
  let b: TestAccount;
  let zoneid: string;
  let z2: Json;
  let store2: Json;
  let ostypeid: string;
  before(async () => {
    s = await startTestServer();
    img = await startImageServer();
    h = openTestDb(s);
    // The simulator's own durable world, as the server's storage driver sees it.
    sim = new SimStore(join(s.dataDir, 'sim.db'));
    driver = new SimStorageDriver(sim, new Faults());
    a = await newAccount(s);
    b = await newAccount(s);
    zoneid = String((await seededZone(s.admin)).id);
    ostypeid = await osTypeId(s.admin, 'Debian GNU/Linux 12 (64-bit)');
    z2 = await newZone(s.admin, { allocationstate: 'Enabled' });
    store2 = (await s.admin.ok('addImageStore', { provider: 'Simulator', name: uniqueName('ss'), url: `sim://${uniqueName('ss')}/secondary`, zoneid: String(z2.id) })).imagestore as Json;
  });
  after(async () => {
    sim.close();
    await h.close();
    await s.close();
    await img.close();
  });

  const storeUrlOf = async (zone: string) =>
    (await h.db.selectFrom('image_stores as s').innerJoin('zones as z', 'z.id', 's.zone_id').select('s.url').where('z.uuid', '=', zone).orderBy('s.id').executeTakeFirstOrThrow()).url;
  const hasImage = async (zone: string, templateUuid: string) => sim.get('image', `${await storeUrlOf(zone)}|${templateUuid}`) !== undefined;
  const templateCount = async (accountUuid: string) => {
    const r = await h.db.selectFrom('resource_counts as c').innerJoin('accounts as a', 'a.id', 'c.owner_id').select('c.count')
      .where('c.owner_type', '=', 'account').where('c.type', '=', 'template').where('a.uuid', '=', accountUuid).executeTakeFirst();
    return Number(r?.count ?? 0);
  };

  it('copies a template into another zone\'s image store', async () => {
    const t = await readyTemplate(a.client, img, zoneid, ostypeid);
    const j = await a.client.job('copyTemplate', { id: String(t.id), destzoneid: String(z2.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    const copied = (j.jobresult as Json).template as Json;
    assert.equal(copied.zoneid, z2.id);
    assert.equal(copied.isready, true);
    assert.equal(copied.size, t.size);
    assert.deepEqual((await entries(a.client, String(t.id))).map((e) => e.zoneid).sort(), [zoneid, String(z2.id)].sort());
    assert.ok(await hasImage(String(z2.id), String(t.id)), 'the driver holds the copy');
    assert.ok(((await a.client.ok('listEvents', { type: 'TEMPLATE.COPY' })).event as Json[]).some((e) => e.resourceid === t.id));
    // Copying to a zone that has it already succeeds and changes nothing.
    assert.equal((await a.client.job('copyTemplate', { id: String(t.id), destzoneids: String(z2.id), sourcezoneid: zoneid })).jobstatus, 1);
    assert.equal((await entries(a.client, String(t.id))).length, 2);
    // An image store holding templates cannot go.
    await expectError(s.admin, 'deleteImageStore', { id: String(store2.id) }, 536, /active templates/);
  });

  it('refuses bad copies before starting anything', async () => {
    const t = await readyTemplate(a.client, img, zoneid, ostypeid);
    const bare = await newZone(s.admin, { allocationstate: 'Enabled' });
    const jobs = Number((await a.client.ok('listAsyncJobs', {})).count ?? 0);
    await expectError(a.client, 'copyTemplate', { id: String(t.id) }, 431, /destzoneid or destzoneids/);
    await expectError(a.client, 'copyTemplate', { id: String(t.id), destzoneid: String(z2.id), destzoneids: String(z2.id) }, 431, /Both destzoneid and destzoneids/);
    await expectError(a.client, 'copyTemplate', { id: String(t.id), destzoneid: zoneid, sourcezoneid: zoneid }, 431, /different source and destination/);
    await expectError(a.client, 'copyTemplate', { id: String(t.id), destzoneid: randomUUID() }, 431, /valid destination zone/);
    await expectError(a.client, 'copyTemplate', { id: String(t.id), destzoneid: String(z2.id), sourcezoneid: randomUUID() }, 431, /valid source zone/);
    await expectError(a.client, 'copyTemplate', { id: String(t.id), destzoneid: String(bare.id) }, 534, /no image store/);
    await expectError(b.client, 'copyTemplate', { id: String(t.id), destzoneid: String(z2.id) }, 531);
    const broken = first(await a.client.ok('registerTemplate', {
      name: uniqueName('bad'), displaytext: 'bad', url: `${img.base}/missing.qcow2`, format: 'QCOW2', hypervisor: 'Simulator', zoneid, ostypeid,
    }), 'template');
    await waitDownload(a.client, String(broken.id));
    await expectError(a.client, 'copyTemplate', { id: String(broken.id), destzoneid: String(z2.id) }, 431, /ready on image store/);
    assert.equal(Number((await a.client.ok('listAsyncJobs', {})).count ?? 0), jobs, 'no job was started');
    assert.equal((await entries(a.client, String(t.id))).length, 1);
  });

  it('deletes from one zone, then from all; refused while VMs use it unless forced', async () => {
    const t = await readyTemplate(a.client, img, zoneid, ostypeid);
    assert.equal((await a.client.job('copyTemplate', { id: String(t.id), destzoneid: String(z2.id) })).jobstatus, 1);
    const before = await templateCount(a.accountId);
    const vm = await insertVm(h, { accountUuid: a.accountId });
    await h.db.updateTable('vms').set({ template_id: (await h.db.selectFrom('templates').select('id').where('uuid', '=', String(t.id)).executeTakeFirstOrThrow()).id })
      .where('id', '=', vm.id).execute();
    await expectError(a.client, 'deleteTemplate', { id: String(t.id) }, 431, /because there are \[1\] VM instances using it\.$/);
    await expectError(s.admin, 'deleteTemplate', { id: String(t.id) }, 431, new RegExp(`Instances list: \\[${vm.name}`));
    await expectError(b.client, 'deleteTemplate', { id: String(t.id), forced: true }, 531);
    // The VM is in the first zone: deleting the copy of the second zone is fine.
    assert.equal((await a.client.job('deleteTemplate', { id: String(t.id), zoneid: String(z2.id) })).jobstatus, 1);
    assert.deepEqual((await entries(a.client, String(t.id))).map((e) => e.zoneid), [zoneid]);
    assert.equal(await hasImage(String(z2.id), String(t.id)), false);
    assert.equal(await templateCount(a.accountId), before, 'still one template');
    assert.equal((await a.client.job('deleteTemplate', { id: String(t.id), forced: true })).jobstatus, 1);
    assert.deepEqual(await entries(a.client, String(t.id)), []);
    assert.equal(await hasImage(zoneid, String(t.id)), false);
    assert.equal(await templateCount(a.accountId), before - 1);
    const removed = first(await a.client.ok('listTemplates', { templatefilter: 'self', id: String(t.id), showremoved: true }), 'template');
    assert.ok(typeof removed.removed === 'string');
    assert.ok(((await a.client.ok('listEvents', { type: 'TEMPLATE.DELETE' })).event as Json[]).some((e) => e.resourceid === t.id));
    await expectError(a.client, 'deleteTemplate', { id: String(t.id) }, 431, /Unable to find template/);
  });

  it('deletes the seeded template from one zone only when asked, and system templates only with issystem', async () => {
    const seeded = first(await s.admin.ok('listTemplates', { templatefilter: 'featured', zoneid: String(z2.id) }), 'template');
    assert.equal((await s.admin.job('deleteTemplate', { id: String(seeded.id), zoneid: String(z2.id) })).jobstatus, 1);
    // It is not made again there (listing makes missing seeded copies), but stays in the seeded zone.
    assert.equal((await s.admin.ok('listTemplates', { templatefilter: 'featured', zoneid: String(z2.id) })).count, undefined);
    assert.equal((await s.admin.ok('listTemplates', { templatefilter: 'featured', zoneid })).count, 1);
    const sys = first(await s.admin.ok('listTemplates', { templatefilter: 'all', name: 'SystemVM Template (simulator)' }), 'template');
    await expectError(s.admin, 'deleteTemplate', { id: String(sys.id) }, 431, /issystem=true/);
  });

  it('extracts a template to a URL the server serves for a limited time', async () => {
    const t = await readyTemplate(a.client, img, zoneid, ostypeid);
    await expectError(a.client, 'extractTemplate', { id: String(t.id), mode: 'HTTP_DOWNLOAD' }, 431, /not extractable/);
    await a.client.ok('updateTemplatePermissions', { id: String(t.id), isextractable: true });
    await expectError(a.client, 'extractTemplate', { id: String(t.id), mode: 'FTP_UPLOAD' }, 431, /FTP_UPLOAD is not supported/);
    await expectError(a.client, 'extractTemplate', { id: String(t.id), mode: 'CARRIER_PIGEON' }, 431, /valid extract Mode/);
    await expectError(b.client, 'extractTemplate', { id: String(t.id), mode: 'HTTP_DOWNLOAD' }, 531);
    const j = await a.client.job('extractTemplate', { id: String(t.id), mode: 'HTTP_DOWNLOAD', zoneid });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    const x = (j.jobresult as Json).template as Json;
    assert.equal(x.id, t.id);
    assert.equal(x.state, 'DOWNLOAD_URL_CREATED');
    assert.equal(x.extractMode, 'HTTP_DOWNLOAD');
    assert.equal(x.zoneid, zoneid);
    assert.equal(x.accountid, a.accountId);
    assert.match(String(x.url), new RegExp(`^${s.url}/extract/[0-9a-f]{48}/${String(t.id)}\\.qcow2$`));
    const res = await fetch(String(x.url));
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, t.physicalsize);
    assert.equal(bytes.readUInt32BE(0), 0x514649fb, 'a qcow2 image');
    assert.equal(Number(bytes.readBigUInt64BE(24)), t.size, 'of the template\'s virtual size');
    // A valid URL is handed out again; a guessed one is not served.
    const again = (((await a.client.job('extractTemplate', { id: String(t.id), mode: 'HTTP_DOWNLOAD' })).jobresult as Json).template as Json).url;
    assert.equal(again, x.url);
    assert.equal((await fetch(`${s.url}/extract/${'0'.repeat(48)}/x.qcow2`)).status, 404);
    // Links expire.
    await s.admin.ok('updateConfiguration', { name: 'extract.url.expiration.interval', value: '1' });
    try {
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await fetch(String(x.url))).status, 404);
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'extract.url.expiration.interval', value: '14400' });
    }
    // disable.extraction stops everybody but root admins.
    await s.admin.ok('updateConfiguration', { name: 'disable.extraction', value: 'true' });
    try {
      await expectError(a.client, 'extractTemplate', { id: String(t.id), mode: 'HTTP_DOWNLOAD' }, 531, /disabled by admin/);
      assert.equal((await s.admin.job('extractTemplate', { id: String(t.id), mode: 'HTTP_DOWNLOAD' })).jobstatus, 1);
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'disable.extraction', value: 'false' });
    }
  });

  /** A stopped VM of `who` with a Ready ROOT volume whose disk really is on the simulator pool. */
  async function stoppedVmWithDisk(who: TestAccount, state = 'Stopped', template?: string): Promise<{ vm: number; volume: string; size: number }> {
    const vm = await insertVm(h, { accountUuid: who.accountId, state });
    const acct = await h.db.selectFrom('accounts').select(['id', 'domain_id']).where('uuid', '=', who.accountId).executeTakeFirstOrThrow();
    const zone = await h.db.selectFrom('zones').select('id').where('uuid', '=', zoneid).executeTakeFirstOrThrow();
    const pool = await h.db.selectFrom('storage_pools').select('id').where('url', '=', POOL).executeTakeFirstOrThrow();
    const templateId = template === undefined ? null : (await h.db.selectFrom('templates').select('id').where('uuid', '=', template).executeTakeFirstOrThrow()).id;
    await h.db.updateTable('vms').set({ zone_id: zone.id, template_id: templateId }).where('id', '=', vm.id).execute();
    const uuid = randomUUID();
    const disk = await driver.createVolume(POOL, { name: uuid, sizeBytes: 5 * GiB });
    await h.db.insertInto('volumes').values({
      uuid, name: `ROOT-${vm.id}`, account_id: acct.id, domain_id: acct.domain_id, zone_id: zone.id, pool_id: pool.id, vm_id: vm.id, device_id: 0,
      type: 'ROOT', state: 'Ready', size: disk.sizeBytes, path: disk.path, format: 'QCOW2', disk_offering_id: null, template_id: templateId, min_iops: null,
      max_iops: null, attached: null, created: new Date().toISOString(), updated: null, removed: null, snapshot_id: null, chain_info: null,
    }).execute();
    return { vm: vm.id, volume: uuid, size: disk.sizeBytes };
  }

  it('creates a template from a stopped VM\'s volume', async () => {
    const source = await readyTemplate(a.client, img, zoneid, ostypeid, { isextractable: true, 'details[0].keyboard': 'us' });
    const { volume, size } = await stoppedVmWithDisk(a, 'Stopped', String(source.id));
    const before = await templateCount(a.accountId);
    const name = uniqueName('made');
    const started = await a.client.ok('createTemplate', { name, displaytext: 'from a volume', ostypeid, volumeid: volume, passwordenabled: true });
    assert.equal(typeof started.id, 'string', 'the template id comes back at once');
    const j = await a.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    const t = (j.jobresult as Json).template as Json;
    assert.equal(t.id, started.id);
    assert.equal(t.name, name);
    assert.equal(t.isready, true);
    assert.equal(t.size, size);
    assert.equal(t.zoneid, zoneid);
    assert.equal(t.passwordenabled, true);
    assert.equal(t.sourcetemplateid, source.id);
    assert.equal(t.isextractable, true, 'inherited from the source template');
    assert.deepEqual(t.details, { keyboard: 'us' });
    assert.equal(await templateCount(a.accountId), before + 1);
    assert.ok(await hasImage(zoneid, String(t.id)));
    assert.ok(ids(await a.client.ok('listTemplates', { templatefilter: 'selfexecutable' })).includes(String(t.id)));
  });

  it('creates a template from a backed-up snapshot', async () => {
    const { volume } = await stoppedVmWithDisk(a);
    const vol = await h.db.selectFrom('volumes').selectAll().where('uuid', '=', volume).executeTakeFirstOrThrow();
    const store = await h.db.selectFrom('image_stores as s').innerJoin('zones as z', 'z.id', 's.zone_id').select(['s.id', 's.url']).where('z.uuid', '=', zoneid)
      .orderBy('s.id').executeTakeFirstOrThrow();
    const snapUuid = randomUUID();
    const image = await driver.snapshotVolume(POOL, vol.path!, store.url, snapUuid);
    await h.db.insertInto('snapshots').values({
      uuid: snapUuid, name: 'snap', account_id: vol.account_id, domain_id: vol.domain_id, zone_id: vol.zone_id, volume_id: vol.id, snapshot_type: 'MANUAL',
      policy_id: null, state: 'BackedUp', size: Number(vol.size), store_id: store.id, image: JSON.stringify(image), hypervisor: 'Simulator',
      created: new Date().toISOString(), removed: null,
    }).execute();
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid, snapshotid: snapUuid, zoneid: String(z2.id) }, 431, /not in zone/);
    await expectError(b.client, 'createTemplate', { name: 'x', ostypeid, snapshotid: snapUuid }, 531);
    const j = await a.client.job('createTemplate', { name: uniqueName('fromsnap'), ostypeid, snapshotid: snapUuid });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    const t = (j.jobresult as Json).template as Json;
    assert.equal(t.isready, true);
    assert.equal(t.size, Number(vol.size));
    assert.ok(await hasImage(zoneid, String(t.id)));
  });

  it('refuses to make a template of a running VM, of another account\'s volume, or without a source', async () => {
    const running = await stoppedVmWithDisk(a, 'Running');
    const mine = await stoppedVmWithDisk(a);
    const count = await templateCount(a.accountId);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid, volumeid: running.volume }, 431, /non-stopped Instance/);
    await expectError(b.client, 'createTemplate', { name: 'x', ostypeid, volumeid: mine.volume }, 531);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid }, 431, /neither volume ID nor Snapshot ID/);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid, volumeid: mine.volume, snapshotid: randomUUID() }, 431, /only one of volume ID/);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid, volumeid: mine.volume, zoneid }, 431, /together with snapshot ID/);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid, snapshotid: randomUUID() }, 431, /unable to find Snapshot/);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid: randomUUID(), volumeid: mine.volume }, 431, /GuestOS with ID/);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid, volumeid: randomUUID() }, 431, /unable to find volume/);
    await expectError(a.client, 'createTemplate', { name: 'x', ostypeid, volumeid: mine.volume, templatetag: 't' }, 531);
    assert.equal(await templateCount(a.accountId), count);
    // A failing job takes its record and counts away again.
    await h.db.updateTable('volumes').set({ path: 'gone-from-the-pool' }).where('uuid', '=', mine.volume).execute();
    const started = await a.client.ok('createTemplate', { name: uniqueName('doomed'), ostypeid, volumeid: mine.volume });
    const j = await a.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 2);
    assert.equal(await templateCount(a.accountId), count);
    assert.deepEqual(await entries(a.client, String(started.id)), []);
    await expectJobError(a.client, 'createTemplate', { name: uniqueName('doomed'), ostypeid, volumeid: mine.volume }, 534);
  });

  it('deletes an account\'s templates, images included, with the account', async () => {
    const gone = await newAccount(s);
    const t = await readyTemplate(gone.client, img, zoneid, ostypeid);
    assert.ok(await hasImage(zoneid, String(t.id)));
    const j = await s.admin.job('deleteAccount', { id: gone.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    assert.equal((await s.admin.ok('listTemplates', { templatefilter: 'all', id: String(t.id) })).count, undefined);
    assert.equal(await hasImage(zoneid, String(t.id)), false);
  });
});

describe('templates: downloads resume after a restart', () => {
  it('carries on a download the server was stopped in the middle of', async () => {
    const img = await startImageServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'nubo-tmpl-'));
    const databaseUrl = await freshDatabaseUrl();
    let s = await startTestServer({ dataDir, databaseUrl });
    try {
      const zoneid = String((await seededZone(s.admin)).id);
      const ostypeid = await osTypeId(s.admin, 'Debian GNU/Linux 12 (64-bit)');
      const t = await readyTemplate(s.admin, img, zoneid, ostypeid);
      await s.close();
      // What a crash mid-download leaves: the copy in progress, its image not yet in the store.
      const h = openDatabase({ url: databaseUrl, dataDir });
      const row = await h.db.selectFrom('template_stores as ts').innerJoin('templates as t', 't.id', 'ts.template_id').innerJoin('image_stores as s', 's.id', 'ts.store_id')
        .select(['ts.id', 's.url']).where('t.uuid', '=', String(t.id)).executeTakeFirstOrThrow();
      await h.db.updateTable('template_stores').set({ state: 'Creating', download_state: 'DOWNLOAD_IN_PROGRESS', download_pct: 40, install_path: null, counted_bytes: 0 })
        .where('id', '=', row.id).execute();
      await h.close();
      const sim = new SimStore(join(dataDir, 'sim.db'));
      sim.delete('image', `${row.url}|${String(t.id)}`);
      sim.close();
      const requests = img.requests.length;
      s = await startTestServer({ dataDir, databaseUrl });
      const e = (await waitDownload(s.admin, String(t.id)))[0]!;
      assert.equal(e.isready, true);
      assert.equal(e.size, 2 * GiB);
      assert.ok(img.requests.length > requests, 'downloaded again');
    } finally {
      await s.close();
      await img.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
