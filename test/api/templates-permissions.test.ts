// Templates: every templatefilter with CloudStack's visibility rules, list parameters,
// updateTemplate, launch permissions (updateTemplatePermissions/listTemplatePermissions),
// cross-domain sharing, tags, and tenant isolation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { type ImageServer, startImageServer } from '../helpers/image-server.js';
import { first, seededZone } from '../helpers/infra.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { ids, osTypeId, readyTemplate } from '../helpers/templates.js';

const SEEDED = 'CentOS 5.6 (64-bit) no GUI (Simulator)';

describe('templates: filters, permissions and isolation', () => {
  let s: TestServer;
  let img: ImageServer;
  let a: TestAccount;
  let b: TestAccount;
  let c: TestAccount; // a user of another domain
  let da: TestAccount; // the domain admin of that domain
  let domainD: string;
  let zoneid: string;
  let ostypeid: string;
  let seeded: string;
  let tA: Json; // A's private template
  let tPub: Json; // A's public (community) template
  let tF: Json; // the root admin's featured template
  let tC: Json; // C's public template, in domain D
  before(async () => {
    s = await startTestServer();
    img = await startImageServer();
    zoneid = String((await seededZone(s.admin)).id);
    ostypeid = await osTypeId(s.admin, 'Debian GNU/Linux 12 (64-bit)');
    a = await newAccount(s);
    b = await newAccount(s);
    domainD = String(((await s.admin.ok('createDomain', { name: uniqueName('tmpl-d') })).domain as Json).id);
    c = await newAccount(s, { domainId: domainD });
    da = await newAccount(s, { type: 'domainadmin', domainId: domainD });
    tA = await readyTemplate(a.client, img, zoneid, ostypeid);
    tPub = await readyTemplate(a.client, img, zoneid, ostypeid, { ispublic: true });
    tF = await readyTemplate(s.admin, img, zoneid, ostypeid, { ispublic: true, isfeatured: true });
    tC = await readyTemplate(c.client, img, zoneid, ostypeid, { ispublic: true });
    seeded = String(first(await s.admin.ok('listTemplates', { templatefilter: 'featured', name: SEEDED }), 'template').id);
  });
  after(async () => {
    await s.close();
    await img.close();
  });

  const list = async (who: TestAccount | 'admin', params: Record<string, string | number | boolean>) =>
    ids(await (who === 'admin' ? s.admin : who.client).ok('listTemplates', params));

  it('lists by every templatefilter with CloudStack\'s visibility rules', async () => {
    const featured = await list(a, { templatefilter: 'featured' });
    assert.ok(featured.includes(seeded) && featured.includes(String(tF.id)));
    assert.ok(!featured.includes(String(tPub.id)) && !featured.includes(String(tA.id)));
    const community = await list(a, { templatefilter: 'community' });
    assert.ok(community.includes(String(tPub.id)) && community.includes(String(tC.id)));
    assert.ok(!community.includes(String(tF.id)) && !community.includes(String(tA.id)));
    assert.deepEqual((await list(a, { templatefilter: 'self' })).sort(), [String(tA.id), String(tPub.id)].sort());
    assert.deepEqual((await list(a, { templatefilter: 'selfexecutable' })).sort(), [String(tA.id), String(tPub.id)].sort());
    const executable = await list(a, { templatefilter: 'executable' });
    for (const t of [tA, tPub, tF, tC]) assert.ok(executable.includes(String(t.id)), `executable has ${String(t.name)}`);
    assert.ok(executable.includes(seeded));
    assert.deepEqual(await list(a, { templatefilter: 'sharedexecutable' }), []);
    await expectError(a.client, 'listTemplates', { templatefilter: 'all' }, 431, /Filter all can be specified by admin only/);
    await expectError(a.client, 'listTemplates', { templatefilter: 'mine' }, 431, /Invalid template filter/);
    const all = await list('admin', { templatefilter: 'all' });
    for (const t of [tA, tPub, tF, tC]) assert.ok(all.includes(String(t.id)));
    // A root admin's self is its own account; with listall its whole domain tree.
    assert.deepEqual(await list('admin', { templatefilter: 'self' }), [String(tF.id)]);
    const every = await list('admin', { templatefilter: 'self', listall: true });
    for (const t of [tA, tPub, tF, tC]) assert.ok(every.includes(String(t.id)));
    assert.deepEqual((await list('admin', { templatefilter: 'self', account: a.name, domainid: a.domainId })).sort(), [String(tA.id), String(tPub.id)].sort());
    // A domain admin lists its domain's templates, never the parent's.
    assert.deepEqual(await list(da, { templatefilter: 'self', listall: true }), [String(tC.id)]);
    assert.deepEqual(await list(da, { templatefilter: 'self', domainid: domainD }), [String(tC.id)]);
    await expectError(da.client, 'listTemplates', { templatefilter: 'self', domainid: a.domainId }, 531);
  });

  it('keeps private templates to their owner (tenant isolation)', async () => {
    assert.ok(!(await list(b, { templatefilter: 'executable' })).includes(String(tA.id)));
    assert.ok(!(await list(b, { templatefilter: 'self', listall: true })).includes(String(tA.id)));
    await expectError(b.client, 'listTemplates', { templatefilter: 'executable', id: String(tA.id) }, 531);
    await expectError(b.client, 'listTemplatePermissions', { id: String(tA.id) }, 531);
    await expectError(b.client, 'updateTemplate', { id: String(tA.id), name: 'stolen' }, 531);
    await expectError(b.client, 'updateTemplatePermissions', { id: String(tA.id), ispublic: true }, 531);
    await expectError(b.client, 'deleteTemplate', { id: String(tA.id) }, 531);
    await expectError(b.client, 'listTemplates', { templatefilter: 'self', account: a.name }, 531);
    // A domain admin reaches its domain only: A's template is outside it, and it may not operate on C's.
    await expectError(da.client, 'listTemplates', { templatefilter: 'self', id: String(tA.id) }, 531);
    await expectError(da.client, 'updateTemplate', { id: String(tC.id), name: 'x' }, 531);
    assert.equal(first(await a.client.ok('listTemplates', { templatefilter: 'self', id: String(tA.id) }), 'template').name, tA.name);
  });

  it('shares a private template with updateTemplatePermissions (add, remove, reset)', async () => {
    const id = String(tA.id);
    await a.client.ok('updateTemplatePermissions', { id, accounts: b.name, op: 'add' });
    assert.deepEqual(await list(b, { templatefilter: 'sharedexecutable' }), [id]);
    assert.equal(first(await b.client.ok('listTemplates', { templatefilter: 'sharedexecutable', id }), 'template').id, id);
    assert.ok(!(await list(b, { templatefilter: 'executable' })).includes(id), 'executable is public or own');
    const perms = (await a.client.ok('listTemplatePermissions', { id })).templatepermission as Json;
    assert.equal(perms.id, id);
    assert.equal(perms.ispublic, false);
    assert.deepEqual(perms.account, [b.name, a.name]);
    // Shared to use, not to change.
    await expectError(b.client, 'updateTemplate', { id, name: 'stolen' }, 531);
    await expectError(b.client, 'deleteTemplate', { id }, 531);
    await a.client.ok('updateTemplatePermissions', { id, accounts: b.name, op: 'remove' });
    assert.deepEqual(await list(b, { templatefilter: 'sharedexecutable' }), []);
    await a.client.ok('updateTemplatePermissions', { id, accounts: b.name, op: 'add' });
    await a.client.ok('updateTemplatePermissions', { id, ispublic: true });
    assert.ok((await list(b, { templatefilter: 'community' })).includes(id));
    await a.client.ok('updateTemplatePermissions', { id, op: 'reset' });
    const reset = (await a.client.ok('listTemplatePermissions', { id })).templatepermission as Json;
    assert.deepEqual(reset.account, [a.name]);
    assert.equal(reset.ispublic, false);
    assert.deepEqual(await list(b, { templatefilter: 'sharedexecutable' }), []);
    const events = ((await a.client.ok('listEvents', { type: 'TEMPLATE.UPDATE' })).event as Json[]).filter((e) => e.resourceid === id);
    assert.ok(events.length >= 4);
  });

  it('refuses bad permission updates with 431 and changes nothing', async () => {
    const id = String(tA.id);
    const cases: [Record<string, string | boolean>, RegExp][] = [
      [{ id, accounts: b.name }, /Invalid operation on accounts/],
      [{ id, accounts: b.name, op: 'grant' }, /Invalid operation on accounts/],
      [{ id, op: 'add' }, /requires accounts or projectids/],
      [{ id, op: 'reset', accounts: b.name }, /reset is given without accounts/],
      [{ id, op: 'add', accounts: `${b.name},nobody-${Date.now()}` }, /account not found/],
      // Launch permissions stay in the owner's domain: C lives elsewhere.
      [{ id, op: 'add', accounts: c.name }, /account not found/],
      [{ id: String(tF.id).replace(/.$/, '0'), op: 'add', accounts: b.name }, /valid Template/],
      [{ id: seeded.replace(/.$/, 'f'), ispublic: true }, /valid Template/],
    ];
    for (const [params, text] of cases) await expectError(a.client, 'updateTemplatePermissions', params, 431, text);
    await expectError(a.client, 'updateTemplatePermissions', { id, isfeatured: true }, 531, /featured/);
    assert.deepEqual(((await a.client.ok('listTemplatePermissions', { id })).templatepermission as Json).account, [a.name]);
    assert.deepEqual(await list(b, { templatefilter: 'sharedexecutable' }), []);
    // The owner may change isextractable; a root admin may feature anything.
    await a.client.ok('updateTemplatePermissions', { id, isextractable: true });
    assert.equal(first(await a.client.ok('listTemplates', { templatefilter: 'self', id }), 'template').isextractable, true);
    await s.admin.ok('updateTemplatePermissions', { id: String(tPub.id), isfeatured: true });
    assert.ok((await list(b, { templatefilter: 'featured' })).includes(String(tPub.id)));
    await s.admin.ok('updateTemplatePermissions', { id: String(tPub.id), isfeatured: false });
  });

  it('shares with a project through projectids', async () => {
    const j = await a.client.job('createProject', { name: uniqueName('p'), displaytext: 'p' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    const project = String(((j.jobresult as Json).project as Json).id);
    await a.client.ok('updateTemplatePermissions', { id: String(tA.id), projectids: project, op: 'add' });
    assert.deepEqual(((await a.client.ok('listTemplatePermissions', { id: String(tA.id) })).templatepermission as Json).projectids, [project]);
    assert.deepEqual(await list(a, { templatefilter: 'sharedexecutable', projectid: project }), [String(tA.id)]);
    await expectError(b.client, 'updateTemplatePermissions', { id: String(tPub.id), projectids: project, op: 'add' }, 431, /can't access project/);
    await a.client.ok('updateTemplatePermissions', { id: String(tA.id), op: 'reset' });
  });

  it('hides public templates of a domain that does not share them (share.public.templates.with.other.domains)', async () => {
    await s.admin.ok('updateConfiguration', { name: 'share.public.templates.with.other.domains', value: 'false', domainid: domainD });
    try {
      assert.ok(!(await list(b, { templatefilter: 'community' })).includes(String(tC.id)));
      assert.ok(!(await list(b, { templatefilter: 'executable' })).includes(String(tC.id)));
      await expectError(b.client, 'listTemplates', { templatefilter: 'executable', id: String(tC.id) }, 531);
      assert.ok((await list(c, { templatefilter: 'community' })).includes(String(tC.id)), 'its own domain sees it');
      assert.ok((await list('admin', { templatefilter: 'community' })).includes(String(tC.id)), 'root admins see it');
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'share.public.templates.with.other.domains', value: 'true', domainid: domainD });
    }
    assert.ok((await list(b, { templatefilter: 'community' })).includes(String(tC.id)));
  });

  it('filters by id, ids, name, keyword, hypervisor, zone and pages', async () => {
    assert.deepEqual(await list(a, { templatefilter: 'executable', id: String(tF.id) }), [String(tF.id)]);
    assert.deepEqual((await list(a, { templatefilter: 'executable', ids: `${String(tA.id)},${String(tF.id)}` })).sort(), [String(tA.id), String(tF.id)].sort());
    assert.deepEqual(await list(a, { templatefilter: 'executable', name: String(tPub.name) }), [String(tPub.id)]);
    assert.deepEqual(await list(a, { templatefilter: 'self', keyword: String(tPub.displaytext).toUpperCase() }), [String(tPub.id)]);
    assert.ok((await list(a, { templatefilter: 'executable', hypervisor: 'simulator' })).includes(seeded));
    assert.deepEqual(await list(a, { templatefilter: 'executable', hypervisor: 'KVM' }), []);
    assert.deepEqual(await list(a, { templatefilter: 'self', zoneid: '1' }), (await list(a, { templatefilter: 'self', zoneid })));
    const all = await a.client.ok('listTemplates', { templatefilter: 'executable' });
    const total = Number(all.count);
    assert.ok(total >= 5);
    const p1 = await a.client.ok('listTemplates', { templatefilter: 'executable', page: 1, pagesize: 2 });
    const p2 = await a.client.ok('listTemplates', { templatefilter: 'executable', page: 2, pagesize: 2 });
    assert.equal(p1.count, total);
    assert.equal((p1.template as Json[]).length, 2);
    assert.notDeepEqual(ids(p1), ids(p2));
    await expectError(a.client, 'listTemplates', { templatefilter: 'self', id: '00000000-0000-4000-8000-000000000000' }, 431, /valid template ID/);
    await expectError(a.client, 'listTemplates', { templatefilter: 'self', zoneid: '00000000-0000-4000-8000-000000000000' }, 431);
  });

  it('updates a template\'s attributes; bad input is a 431 that changes nothing', async () => {
    const id = String(tPub.id);
    const other = await osTypeId(s.admin, 'Ubuntu 22.04 LTS');
    const t = (await a.client.ok('updateTemplate', {
      id, name: 'renamed', displaytext: 'Renamed template', ostypeid: other, passwordenabled: true, sshkeyenabled: true, sortkey: 3,
      'details[0].cpu.corespersocket': '2', isdynamicallyscalable: true,
    })).template as Json;
    assert.equal(t.name, 'renamed');
    assert.equal(t.displaytext, 'Renamed template');
    assert.equal(t.ostypename, 'Ubuntu 22.04 LTS');
    assert.equal(t.passwordenabled, true);
    assert.equal(t.sshkeyenabled, true);
    assert.equal(t.isdynamicallyscalable, true);
    assert.deepEqual(t.details, { 'cpu.corespersocket': '2' });
    assert.equal(((await a.client.ok('updateTemplate', { id, cleanupdetails: true })).template as Json).details, undefined);
    for (const [params, text] of [
      [{ id, ostypeid: '00000000-0000-4000-8000-000000000000' }, /valid guest OS/],
      [{ id, format: 'floppy' }, /Image format: floppy/],
      [{ id, templatetype: 'ROUTING' }, /USER or VNF/],
      [{ id, templatetype: 'SYSTEM' }, /must be cross zone/],
      [{ id, arch: 'mips' }, /Invalid arch/],
      [{ id: '00000000-0000-4000-8000-000000000000', name: 'x' }, /Unable to find Template\/ISO/],
    ] as const) await expectError(a.client, 'updateTemplate', params, 431, text);
    await expectError(a.client, 'updateTemplate', { id, isrouting: true }, 531);
    assert.equal(first(await a.client.ok('listTemplates', { templatefilter: 'self', id }), 'template').name, 'renamed');
    assert.ok(((await a.client.ok('listEvents', { type: 'TEMPLATE.UPDATE' })).event as Json[]).some((e) => e.resourceid === id));
  });

  it('tags templates and filters by tag', async () => {
    const j = await a.client.job('createTags', { resourcetype: 'Template', resourceids: String(tA.id), 'tags[0].key': 'env', 'tags[0].value': 'prod' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j));
    const t = first(await a.client.ok('listTemplates', { templatefilter: 'self', 'tags[0].key': 'env', 'tags[0].value': 'prod' }), 'template');
    assert.equal(t.id, tA.id);
    assert.deepEqual((t.tags as Json[]).map((x) => [x.key, x.value, x.resourcetype]), [['env', 'prod', 'Template']]);
    assert.deepEqual(await list(a, { templatefilter: 'self', 'tags[0].key': 'env', 'tags[0].value': 'dev' }), []);
  });
});
