// Volumes without a VM, through signed HTTP: createVolume (stays Allocated until first attached,
// as CloudStack does), listVolumes and its filters, updateVolume, resize of an Allocated volume,
// destroy/recover/delete, limits and counts, bad input (431, nothing changed), and tenant
// isolation: another account's user neither sees nor touches a volume.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { CsClient, Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { count, first } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, seeded, storedCount } from '../helpers/vms.js';

const GiB = 1024 ** 3;

async function createVolume(c: CsClient, params: Record<string, string | number | boolean>): Promise<Json> {
  const j = await c.job('createVolume', params);
  assert.equal(j.jobstatus, 1, `createVolume failed: ${JSON.stringify(j.jobresult)}`);
  return (j.jobresult as Json).volume as Json;
}

async function volumes(c: CsClient, params: Record<string, string | number | boolean> = {}): Promise<Json[]> {
  return ((await c.ok('listVolumes', params)).volume as Json[] | undefined) ?? [];
}

describe('volumes without a VM', () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
  });
  after(async () => s.close());

  it('createVolume answers the job with an Allocated volume of the offering, with the reference keys', async () => {
    const started = await user.client.ok('createVolume', { name: 'data1', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    assert.equal(typeof started.jobid, 'string');
    assert.equal(typeof started.id, 'string', 'createVolume answers the new id with the job id');
    const j = await user.client.waitJob(String(started.jobid));
    assert.equal(j.jobstatus, 1);
    assert.equal(j.cmd, 'org.apache.cloudstack.api.command.user.volume.CreateVolumeCmd');
    const v = (j.jobresult as Json).volume as Json;
    assert.equal(v.id, started.id);
    assert.equal(v.name, 'data1');
    assert.equal(v.type, 'DATADISK');
    assert.equal(v.state, 'Allocated');
    assert.equal(v.size, 5 * GiB, 'size is in bytes');
    assert.equal(v.diskofferingid, z.diskSmall);
    assert.equal(v.diskofferingname, 'Small');
    assert.equal(v.zoneid, z.zoneId);
    assert.equal(v.account, user.name);
    assert.equal(v.domainid, user.domainId);
    assert.equal(v.destroyed, false);
    assert.equal(v.attached, undefined, 'not attached: no attached date');
    assert.equal(v.virtualmachineid, undefined);
    assert.equal(v.deviceid, undefined);
    assert.equal(v.storage, undefined, 'an Allocated volume has no pool yet');
    assert.equal(v.storageid, undefined, 'users never see the pool id');
    assert.match(String(v.created), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    assert.deepEqual(v.tags, []);
    const ev = (await user.client.ok('listEvents', { type: 'VOLUME.CREATE' })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === v.id));
  });

  it('counts each volume and its bytes against the owner, and gives them back on delete', async () => {
    const a = await newAccount(s);
    const before = [await storedCount(s, a.accountId, 'volume'), await storedCount(s, a.accountId, 'primary_storage')];
    const v = await createVolume(a.client, { name: 'counted', diskofferingid: z.diskCustom, size: 3, zoneid: z.zoneId });
    assert.equal(v.size, 3 * GiB);
    assert.deepEqual([await storedCount(s, a.accountId, 'volume'), await storedCount(s, a.accountId, 'primary_storage')], [before[0]! + 1, before[1]! + 3 * GiB]);
    await a.client.ok('deleteVolume', { id: String(v.id) });
    assert.deepEqual([await storedCount(s, a.accountId, 'volume'), await storedCount(s, a.accountId, 'primary_storage')], before);
    assert.equal((await volumes(a.client, { id: String(v.id) })).length, 0);
    // updateResourceCount recounts the same figure from the rows.
    await createVolume(a.client, { name: 'recount', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const counts = (await s.admin.ok('updateResourceCount', { domainid: a.domainId, account: a.name })).resourcecount as Json[];
    assert.equal(counts.find((c) => c.resourcetype === '2')?.resourcecount, 1);
    assert.equal(counts.find((c) => c.resourcetype === '10')?.resourcecount, 5 * GiB);
  });

  it('refuses bad input with 431 and creates nothing', async () => {
    const a = await newAccount(s);
    const n = async () => count(a.client, 'listVolumes');
    const before = await n();
    await expectError(a.client, 'createVolume', { zoneid: z.zoneId }, 431, /disk Offering ID or snapshot ID/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskSmall }, 431, /zoneid/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskCustom, zoneid: z.zoneId }, 431, /customized/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: z.zoneId, size: 10 }, 431, /does not allow custom size/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskCustom, zoneid: z.zoneId, size: 0 }, 431, /between/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskCustom, zoneid: z.zoneId, size: 100000 }, 431, /between/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: '7f000000-0000-4000-8000-000000000000' }, 431);
    await expectError(a.client, 'createVolume', { diskofferingid: '7f000000-0000-4000-8000-000000000000', zoneid: z.zoneId }, 431, /disk offering/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: z.zoneId, size: 'big' }, 431);
    await expectError(a.client, 'createVolume', { snapshotid: '7f000000-0000-4000-8000-000000000000' }, 431);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: z.zoneId, miniops: 100 }, 431, /IOPS/);
    await expectError(a.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: z.zoneId, virtualmachineid: '7f000000-0000-4000-8000-000000000000' }, 431);
    assert.equal(await n(), before);
    assert.equal(await storedCount(s, a.accountId, 'volume'), 0);
  });

  it('refuses a volume over the account limit with 535 and nothing changed', async () => {
    const a = await newAccount(s);
    await s.admin.ok('updateResourceLimit', { account: a.name, domainid: a.domainId, resourcetype: 2, max: 1 });
    await createVolume(a.client, { name: 'one', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    await expectError(a.client, 'createVolume', { name: 'two', diskofferingid: z.diskSmall, zoneid: z.zoneId }, 535);
    await s.admin.ok('updateResourceLimit', { account: a.name, domainid: a.domainId, resourcetype: 10, max: 6 });
    await s.admin.ok('updateResourceLimit', { account: a.name, domainid: a.domainId, resourcetype: 2, max: 5 });
    await expectError(a.client, 'createVolume', { name: 'big', diskofferingid: z.diskCustom, size: 2, zoneid: z.zoneId }, 535);
    assert.equal(await count(a.client, 'listVolumes'), 1);
    assert.equal(await storedCount(s, a.accountId, 'volume'), 1);
  });

  it('listVolumes filters by id, ids, name, keyword, type, state, zone, offering and tags', async () => {
    const a = await newAccount(s);
    const v1 = await createVolume(a.client, { name: 'alpha-disk', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const v2 = await createVolume(a.client, { name: 'beta-disk', diskofferingid: z.diskCustom, size: 2, zoneid: z.zoneId });
    const ids = async (p: Record<string, string | number | boolean>) => (await volumes(a.client, p)).map((v) => v.id).sort();
    assert.deepEqual(await ids({ id: String(v1.id) }), [v1.id]);
    assert.deepEqual(await ids({ ids: `${String(v1.id)},${String(v2.id)}` }), [v1.id, v2.id].sort());
    assert.deepEqual(await ids({ name: 'beta-disk' }), [v2.id]);
    assert.deepEqual(await ids({ keyword: 'alpha' }), [v1.id]);
    assert.deepEqual(await ids({ type: 'DATADISK' }), [v1.id, v2.id].sort());
    assert.deepEqual(await ids({ type: 'ROOT' }), []);
    assert.deepEqual(await ids({ state: 'Allocated' }), [v1.id, v2.id].sort());
    assert.deepEqual(await ids({ zoneid: z.zoneId, diskofferingid: z.diskCustom }), [v2.id]);
    await a.client.job('createTags', { resourcetype: 'Volume', resourceids: String(v1.id), 'tags[0].key': 'tier', 'tags[0].value': 'gold' });
    assert.deepEqual(await ids({ 'tags[0].key': 'tier', 'tags[0].value': 'gold' }), [v1.id]);
    const tagged = first(await a.client.ok('listVolumes', { id: String(v1.id) }), 'volume');
    assert.deepEqual((tagged.tags as Json[]).map((t) => [t.key, t.value, t.resourcetype]), [['tier', 'gold', 'Volume']]);
    await expectError(a.client, 'listVolumes', { type: 'FLOPPY' }, 431);
    await expectError(a.client, 'listVolumes', { state: 'Melted' }, 431);
    const paged = await a.client.ok('listVolumes', { page: 1, pagesize: 1 });
    assert.equal(paged.count, 2);
    assert.equal((paged.volume as Json[]).length, 1);
    const only = await a.client.ok('listVolumes', { retrieveonlyresourcecount: true });
    assert.equal(only.count, 2);
    const metrics = first(await a.client.ok('listVolumesMetrics', { id: String(v2.id) }), 'volume');
    assert.equal(metrics.sizegb, '2.00 GB');
  });

  it('Ansible cs_volume: listVolumes type=DATADISK zoneid= shows `attached` only for attached volumes', async () => {
    const a = await newAccount(s);
    const v = await createVolume(a.client, { name: 'ansible-disk', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const found = (await volumes(a.client, { type: 'DATADISK', zoneid: z.zoneId, page: 1, pagesize: 500 })).find((x) => x.name === 'ansible-disk')!;
    assert.equal(found.id, v.id);
    assert.equal('attached' in found, false, 'a detached volume has no attached key at all');
    assert.equal(found.diskofferingid, z.diskSmall);
    assert.equal(Number(found.size) / 2 ** 30, 5);
    assert.deepEqual(found.tags, []);
  });

  it('updateVolume (root admin) renames, hides and protects; a protected volume cannot be deleted', async () => {
    const a = await newAccount(s);
    const v = await createVolume(a.client, { name: 'to-update', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const j = await s.admin.job('updateVolume', { id: String(v.id), name: 'updated', deleteprotection: true });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const u = (j.jobresult as Json).volume as Json;
    assert.equal(u.name, 'updated');
    assert.equal(u.deleteprotection, true);
    await expectError(a.client, 'deleteVolume', { id: String(v.id) }, 431, /delete protection/);
    await expectError(a.client, 'updateVolume', { id: String(v.id), name: 'mine' }, 432, /not allowed/);
    await s.admin.job('updateVolume', { id: String(v.id), deleteprotection: false, displayvolume: false });
    assert.equal((await volumes(a.client, { id: String(v.id) })).length, 0, 'a hidden volume is not listed to its user');
    assert.equal((await volumes(s.admin, { id: String(v.id), listall: true })).length, 1);
    await expectError(s.admin, 'updateVolume', { id: String(v.id), state: 'Bogus' }, 431, /Invalid state/);
    const ev = (await s.admin.ok('listEvents', { type: 'VOLUME.UPDATE', listall: true })).event as Json[];
    assert.ok(ev.some((e) => e.resourceid === v.id));
  });

  it('resizes an Allocated custom volume; shrinking needs shrinkok; a fixed offering needs a new offering', async () => {
    const a = await newAccount(s);
    const v = await createVolume(a.client, { name: 'grow', diskofferingid: z.diskCustom, size: 2, zoneid: z.zoneId });
    let j = await a.client.job('resizeVolume', { id: String(v.id), size: 4 });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(((j.jobresult as Json).volume as Json).size, 4 * GiB);
    assert.equal(await storedCount(s, a.accountId, 'primary_storage'), 4 * GiB);
    await expectError(a.client, 'resizeVolume', { id: String(v.id), size: 3 }, 431, /shrinkok/);
    j = await a.client.job('resizeVolume', { id: String(v.id), size: 3, shrinkok: true });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(await storedCount(s, a.accountId, 'primary_storage'), 3 * GiB);
    const fixed = await createVolume(a.client, { name: 'fixed', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    await expectError(a.client, 'resizeVolume', { id: String(fixed.id), size: 10 }, 431, /current disk offering must be customizable/);
    const medium = String(((await a.client.ok('listDiskOfferings', { name: 'Medium' })).diskoffering as Json[])[0]!.id);
    j = await a.client.job('resizeVolume', { id: String(fixed.id), diskofferingid: medium });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const r = (j.jobresult as Json).volume as Json;
    assert.equal(r.size, 20 * GiB);
    assert.equal(r.diskofferingname, 'Medium');
    await expectError(a.client, 'resizeVolume', { id: String(fixed.id) }, 431);
    await s.admin.ok('updateResourceLimit', { account: a.name, domainid: a.domainId, resourcetype: 10, max: 24 });
    await expectError(a.client, 'resizeVolume', { id: String(v.id), size: 10 }, 535);
    const ev = (await a.client.ok('listEvents', { type: 'VOLUME.RESIZE' })).event as Json[];
    assert.equal(ev.length, 3);
  });

  it('destroyVolume gives the counts back, recoverVolume takes them again, destroy expunge removes it', async () => {
    const a = await newAccount(s);
    const v = await createVolume(a.client, { name: 'doomed', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    let j = await a.client.job('destroyVolume', { id: String(v.id) });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const d = (j.jobresult as Json).volume as Json;
    assert.equal(d.state, 'Destroy');
    assert.equal(d.destroyed, true);
    assert.equal(await storedCount(s, a.accountId, 'volume'), 0);
    await expectError(a.client, 'destroyVolume', { id: String(v.id) }, 431, /already destroyed/);
    const r = (await a.client.ok('recoverVolume', { id: String(v.id) })).volume as Json;
    assert.equal(r.state, 'Allocated');
    assert.equal(await storedCount(s, a.accountId, 'volume'), 1);
    await expectError(a.client, 'recoverVolume', { id: String(v.id) }, 431, /Destroy state/);
    j = await a.client.job('destroyVolume', { id: String(v.id), expunge: true });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal(((j.jobresult as Json).volume as Json).state, 'Expunged');
    assert.equal((await volumes(a.client, { id: String(v.id) })).length, 0);
    assert.equal(await storedCount(s, a.accountId, 'volume'), 0);
    for (const type of ['VOLUME.DESTROY', 'VOLUME.RECOVER', 'VOLUME.DELETE']) {
      const ev = (await a.client.ok('listEvents', { type })).event as Json[] | undefined;
      assert.ok(ev?.some((e) => e.resourceid === v.id), type);
    }
  });

  it('an admin creates a volume for an account; a user may not name another account', async () => {
    const v = await createVolume(s.admin, { name: uniqueName('for'), diskofferingid: z.diskSmall, zoneid: z.zoneId, account: user.name, domainid: user.domainId });
    assert.equal(v.account, user.name);
    assert.ok((await volumes(user.client, { id: String(v.id) })).length === 1);
    await expectError(user.client, 'createVolume', { diskofferingid: z.diskSmall, zoneid: z.zoneId, account: other.name, domainid: other.domainId }, 531);
    const mine = await volumes(s.admin, { id: String(v.id), listall: true });
    assert.equal(mine[0]?.storageid, undefined, 'an Allocated volume has no pool even for the admin');
  });

  it('another account neither sees nor touches the volume', async () => {
    const v = await createVolume(user.client, { name: 'private', diskofferingid: z.diskCustom, size: 1, zoneid: z.zoneId });
    const id = String(v.id);
    assert.equal((await volumes(other.client, { id })).length, 0);
    assert.equal((await volumes(other.client, { listall: true })).some((x) => x.id === id), false);
    await expectError(other.client, 'resizeVolume', { id, size: 5 }, 531);
    await expectError(other.client, 'deleteVolume', { id }, 531);
    await expectError(other.client, 'destroyVolume', { id }, 531);
    await expectError(other.client, 'recoverVolume', { id }, 531);
    await expectError(other.client, 'createSnapshot', { volumeid: id }, 531);
    await expectError(other.client, 'createSnapshotPolicy', { volumeid: id, intervaltype: 'DAILY', schedule: '00:01', timezone: 'UTC', maxsnaps: 1 }, 531);
    await expectError(other.client, 'listSnapshotPolicies', { volumeid: id }, 531);
    const still = first(await user.client.ok('listVolumes', { id }), 'volume');
    assert.equal(still.size, GiB);
    assert.equal(still.state, 'Allocated');
  });

  it('deleting an account removes its detached volumes and their counts', async () => {
    const a = await newAccount(s);
    const v = await createVolume(a.client, { name: 'orphan', diskofferingid: z.diskSmall, zoneid: z.zoneId });
    const j = await s.admin.job('deleteAccount', { id: a.accountId });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    assert.equal((await volumes(s.admin, { id: String(v.id), listall: true })).length, 0);
  });
});
