// Disk offerings: createDiskOffering, listDiskOfferings, updateDiskOffering, deleteDiskOffering,
// the seeded defaults and who may see and manage which offering.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type TestServer, freshDatabaseUrl, startTestServer } from '../helpers/server.js';

type Offering = Json & { id: string; name: string };

describe('disk offerings', () => {
  let s: TestServer;
  let d1: string;
  let d2: string;
  let user1: TestAccount;
  let dadmin1: TestAccount;
  let user2: TestAccount;
  let dadmin2: TestAccount;

  const list = async (c = s.admin, params: Record<string, string | number | boolean> = {}): Promise<Offering[]> =>
    ((await c.ok('listDiskOfferings', params)).diskoffering ?? []) as Offering[];
  const create = async (params: Record<string, string | number | boolean>, c = s.admin): Promise<Offering> =>
    (await c.ok('createDiskOffering', params)).diskoffering as Offering;

  before(async () => {
    // Our own data dir, so the restart test below can reopen it (the helper removes dirs it made).
    s = await startTestServer({ dataDir: mkdtempSync(join(tmpdir(), 'nubo-disk-offerings-')), databaseUrl: await freshDatabaseUrl() });
    const domain = async (name: string) => String(((await s.admin.ok('createDomain', { name })).domain as Json).id);
    d1 = await domain('do-d1');
    d2 = await domain('do-d2');
    user1 = await newAccount(s, { type: 'user', domainId: d1 });
    dadmin1 = await newAccount(s, { type: 'domainadmin', domainId: d1 });
    user2 = await newAccount(s, { type: 'user', domainId: d2 });
    dadmin2 = await newAccount(s, { type: 'domainadmin', domainId: d2 });
  });
  after(async () => {
    await s.close();
    rmSync(s.dataDir, { recursive: true, force: true });
  });

  it('seeds Small (5 GB), Medium (20 GB), Large (100 GB) and Custom, in that order', async () => {
    const seeded = (await list()).map((o) => [o.name, o.displaytext, o.disksize, o.iscustomized, o.state]);
    assert.deepEqual(seeded, [
      ['Small', 'Small Disk, 5 GB', 5, false, 'Active'],
      ['Medium', 'Medium Disk, 20 GB', 20, false, 'Active'],
      ['Large', 'Large Disk, 100 GB', 100, false, 'Active'],
      ['Custom', 'Custom Disk', 0, true, 'Active'],
    ]);
    for (const o of await list()) {
      assert.equal(o.storagetype, 'shared');
      assert.equal(o.provisioningtype, 'thin');
      assert.equal(o.displayoffering, true);
    }
    assert.equal((await list(user2.client)).length, 4, 'every user sees the public defaults');
  });

  it('creates fixed and custom offerings with IOPS, rate limits, tags and types, and records the event', async () => {
    const o = await create({
      name: 'fast-50', displaytext: 'Fast 50 GB', disksize: 50, tags: ' ssd, fast ', storagetype: 'local', provisioningtype: 'sparse', cachemode: 'writethrough',
      customizediops: false, miniops: 100, maxiops: 1000, bytesreadrate: 1048576, bytesreadratemax: 2097152, bytesreadratemaxlength: 10,
      iopswriterate: 500, hypervisorsnapshotreserve: 20, disksizestrictness: true, encrypt: true, 'details[0].key': 'foo', 'details[0].value': 'bar',
    });
    assert.deepEqual([o.name, o.displaytext, o.disksize, o.iscustomized], ['fast-50', 'Fast 50 GB', 50, false]);
    assert.equal(o.tags, 'ssd,fast');
    assert.equal(o.storagetype, 'local');
    assert.equal(o.provisioningtype, 'sparse');
    assert.equal(o.cacheMode, 'writethrough');
    assert.deepEqual([o.iscustomizediops, o.miniops, o.maxiops], [false, 100, 1000]);
    assert.deepEqual([o.diskBytesReadRate, o.diskBytesReadRateMax, o.diskBytesReadRateMaxLength, o.diskIopsWriteRate], [1048576, 2097152, 10, 500]);
    assert.equal(o.hypervisorsnapshotreserve, 20);
    assert.equal(o.disksizestrictness, true);
    assert.equal(o.encrypt, true);
    assert.deepEqual(o.details, { foo: 'bar' });
    const custom = await create({ name: 'any-size', customized: true, customizediops: true });
    assert.deepEqual([custom.iscustomized, custom.disksize, custom.iscustomizediops, custom.miniops], [true, 0, true, undefined]);
    assert.equal(custom.displaytext, 'any-size', 'display text defaults to the name');
    const ev = (await s.admin.ok('listEvents', { type: 'DISK.OFFERING.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === o.id || String(e.description).includes(o.id)));
    assert.deepEqual((await list(s.admin, { keyword: 'FAST' })).map((x) => x.name), ['fast-50'], 'keyword ignores case');
    assert.deepEqual((await list(s.admin, { storagetype: 'local' })).map((x) => x.name), ['fast-50']);
    assert.deepEqual((await list(s.admin, { encrypt: true })).map((x) => x.name), ['fast-50']);
  });

  it('refuses bad input with 431 and a clear reason, creating nothing', async () => {
    const before = (await list(s.admin, { state: 'all' })).length;
    const cases: [Record<string, string | number | boolean>, RegExp][] = [
      [{ name: 'x', customized: true, disksize: 10 }, /Disksize is not allowed for a customized disk offering/],
      [{ name: 'x' }, /Disksize is required for a non-customized disk offering/],
      [{ name: 'x', disksize: 0 }, /disk size of at least 1 GB/],
      [{ name: 'x', disksize: -5 }, /disk size of at least 1 GB/],
      [{ name: 'x', disksize: 5000 }, /maximum size for a disk is 2000 GB/],
      [{ name: 'x', disksize: 'ten' }, /disksize/],
      [{ name: 'x', disksize: 10, customizediops: false, miniops: 2000, maxiops: 1000 }, /min IOPS must be less than or equal to the max IOPS/],
      [{ name: 'x', disksize: 10, customizediops: false, maxiops: 1000 }, /min IOPS must be greater than 0/],
      [{ name: 'x', disksize: 10, iopsreadrate: 100, iopsreadratemax: 50 }, /iopsreadratemax \(50\) must be greater than or equal to iopsreadrate \(100\)/],
      [{ name: 'x', disksize: 10, byteswriterate: -1 }, /must not be negative/],
      [{ name: 'x', disksize: 10, storagetype: 'san' }, /Invalid storage type san/],
      [{ name: 'x', disksize: 10, provisioningtype: 'thick' }, /Invalid provisioning type/],
      [{ name: 'x', disksize: 10, cachemode: 'random' }, /Invalid cache mode/],
      [{ name: 'x', disksize: 10, hypervisorsnapshotreserve: -1 }, /Hypervisor Snapshot Reserve/],
      [{ name: 'x', disksize: 10, domainid: '9b5c3e52-0000-4000-8000-000000000000' }, /valid domain id/],
      [{ name: 'x', disksize: 10, zoneid: '9b5c3e52-0000-4000-8000-000000000000' }, /valid zone id/],
      [{ disksize: 10 }, /missing parameter name/],
    ];
    for (const [params, text] of cases) await expectError(s.admin, 'createDiskOffering', params, 431, text);
    assert.equal((await list(s.admin, { state: 'all' })).length, before, 'nothing was created');
  });

  it('updates names, tags, limits, visibility and state, and records the event', async () => {
    const o = await create({ name: 'upd', disksize: 10, bytesreadrate: 100 });
    const u = (await s.admin.ok('updateDiskOffering', { id: o.id, name: 'upd2', displaytext: 'Updated', tags: 'gold', bytesreadratemax: 200, cachemode: 'writeback' })).diskoffering as Offering;
    assert.deepEqual([u.name, u.displaytext, u.tags, u.diskBytesReadRate, u.diskBytesReadRateMax, u.cacheMode], ['upd2', 'Updated', 'gold', 100, 200, 'writeback']);
    assert.equal(u.disksize, 10, 'the size is not updatable');
    await expectError(s.admin, 'updateDiskOffering', { id: o.id, bytesreadratemax: 50 }, 431, /must be greater than or equal/);
    assert.equal((await list(s.admin, { id: o.id }))[0]!.diskBytesReadRateMax, 200, 'a refused update changes nothing');
    await s.admin.ok('updateDiskOffering', { id: o.id, displayoffering: false });
    assert.ok((await list(s.admin)).some((x) => x.id === o.id), 'root admins still see an undisplayed offering');
    assert.ok(!(await list(user1.client)).some((x) => x.id === o.id), 'users do not');
    await s.admin.ok('updateDiskOffering', { id: o.id, state: 'Inactive' });
    assert.ok(!(await list()).some((x) => x.id === o.id));
    await expectError(s.admin, 'updateDiskOffering', { id: o.id, state: 'Broken' }, 431, /Invalid state value/);
    await expectError(s.admin, 'updateDiskOffering', { id: '9b5c3e52-0000-4000-8000-000000000000', name: 'x' }, 431, /Unable to find disk offering/);
    const ev = (await s.admin.ok('listEvents', { type: 'DISK.OFFERING.EDIT' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === o.id || String(e.description).includes(o.id)));
  });

  it('deletes by marking Inactive, so volumes made from it keep their offering', async () => {
    const o = await create({ name: 'gone', disksize: 1 });
    assert.deepEqual(await s.admin.ok('deleteDiskOffering', { id: o.id }), { success: true });
    assert.equal((await list(s.admin, { id: o.id })).length, 0);
    assert.equal((await list(s.admin, { id: o.id, state: 'all' }))[0]!.state, 'Inactive');
    await expectError(s.admin, 'deleteDiskOffering', { id: '9b5c3e52-0000-4000-8000-000000000000' }, 431, /Unable to find disk offering/);
    const ev = (await s.admin.ok('listEvents', { type: 'DISK.OFFERING.DELETE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === o.id || String(e.description).includes(o.id)));
  });

  it('keeps a domain-restricted offering inside its domain; users never manage offerings', async () => {
    const o = await create({ name: 'd1-disk', disksize: 8, domainid: d1 });
    assert.deepEqual([o.domainid, o.domain], [d1, 'do-d1']);
    assert.ok((await list(user1.client)).some((x) => x.id === o.id));
    assert.ok((await list(dadmin1.client)).some((x) => x.id === o.id));
    assert.ok(!(await list(user2.client)).some((x) => x.id === o.id));
    assert.ok(!(await list(dadmin2.client)).some((x) => x.id === o.id));
    assert.equal((await list(user2.client, { id: o.id })).length, 0);
    for (const c of [user1, user2]) {
      await expectError(c.client, 'createDiskOffering', { name: 'mine', disksize: 1 }, 432);
      await expectError(c.client, 'updateDiskOffering', { id: o.id, name: 'stolen' }, 432);
      await expectError(c.client, 'deleteDiskOffering', { id: o.id }, 432);
    }
    await expectError(dadmin2.client, 'updateDiskOffering', { id: o.id, name: 'stolen' }, 431);
    await expectError(dadmin2.client, 'deleteDiskOffering', { id: o.id }, 431);
    const still = (await list(s.admin, { id: o.id }))[0]!;
    assert.deepEqual([still.name, still.state], ['d1-disk', 'Active']);
    // The domain's own admin manages its offerings, but never public or tagged ones.
    const mine = await create({ name: 'da1-disk', disksize: 2, domainid: d1 }, dadmin1.client);
    assert.ok((await list(user1.client)).some((x) => x.id === mine.id));
    await expectError(dadmin1.client, 'createDiskOffering', { name: 'pub', disksize: 2 }, 431, /public disk offering/);
    await expectError(dadmin1.client, 'createDiskOffering', { name: 'tag', disksize: 2, domainid: d1, tags: 'x' }, 431, /tags/);
    const small = (await list(s.admin, { name: 'Small' }))[0]!;
    await expectError(dadmin1.client, 'deleteDiskOffering', { id: small.id }, 431, /public disk offering/);
    assert.deepEqual(await dadmin1.client.ok('deleteDiskOffering', { id: mine.id }), { success: true });
    // Root admins move it: to the other domain, then to everyone.
    await s.admin.ok('updateDiskOffering', { id: o.id, domainid: d2 });
    assert.ok((await list(user2.client)).some((x) => x.id === o.id));
    assert.ok(!(await list(user1.client)).some((x) => x.id === o.id));
    const pub = (await s.admin.ok('updateDiskOffering', { id: o.id, domainid: 'public' })).diskoffering as Offering;
    assert.equal(pub.domainid, undefined);
    assert.ok((await list(user1.client)).some((x) => x.id === o.id));
  });

  it('seeds idempotently: a restart adds no second default and brings back none that was deleted', async () => {
    const large = (await list(s.admin, { name: 'Large' }))[0]!;
    await s.admin.ok('deleteDiskOffering', { id: large.id });
    const count = async (command: string, key: string, p: Record<string, string | boolean> = {}) =>
      ((await s.admin.ok(command, { listall: true, ...p }))[key] as Json[] | undefined)?.length ?? 0;
    const counts = async () => [
      await count('listDiskOfferings', 'diskoffering', { state: 'all' }), await count('listServiceOfferings', 'serviceoffering', { state: 'all' }),
      await count('listServiceOfferings', 'serviceoffering', { issystem: true }), await count('listNetworkOfferings', 'networkoffering'),
    ];
    const before = await counts();
    await s.close();
    s = await startTestServer({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
    assert.deepEqual(await counts(), before);
    assert.equal((await list(s.admin, { name: 'Large', state: 'all' }))[0]!.state, 'Inactive', 'a deleted default stays deleted');
  });
});
