// Events for state-changing commands, listEvents filters, job listing, and tenant isolation
// of the foundation commands (a user of another account sees none of it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Json } from '../helpers/cs-client.js';
import { newAccount, type TestAccount } from '../helpers/accounts.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('events and jobs', () => {
  let s: TestServer;
  let user: TestAccount;
  let jobid: string;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s, { type: 'user' });
    const d = (await s.admin.ok('createDomain', { name: 'evented' })).domain as Json;
    await s.admin.ok('updateDomain', { id: String(d.id), networkdomain: 'evented.example' });
    const j = await s.admin.ok('deleteDomain', { id: String(d.id) });
    jobid = String(j.jobid);
    await s.admin.waitJob(jobid);
  });
  after(async () => s.close());

  it('records an event for every state change, newest first, with its resource', async () => {
    const ev = await s.admin.ok('listEvents', { keyword: 'evented' });
    const types = (ev.event as Json[]).map((e) => e.type);
    assert.deepEqual(types.slice(0, 1), ['DOMAIN.CREATE']);
    const all = (await s.admin.ok('listEvents', { listall: true, pagesize: 500 })).event as Json[];
    for (const t of ['DOMAIN.CREATE', 'DOMAIN.UPDATE', 'DOMAIN.DELETE', 'REGISTER.USER.KEY']) assert.ok(all.some((e) => e.type === t), t);
    const created = all.find((e) => e.type === 'DOMAIN.CREATE')!;
    assert.equal(created.resourcetype, 'Domain');
    assert.equal(created.level, 'INFO');
    assert.equal(created.state, 'Completed');
    assert.equal(created.account, 'admin');
    assert.match(String(created.created), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
  });

  it('filters events by type, level, id, date range and pages them', async () => {
    const byType = await s.admin.ok('listEvents', { type: 'DOMAIN.DELETE' });
    assert.equal(byType.count, 1);
    const one = (byType.event as Json[])[0]!;
    assert.equal((await s.admin.ok('listEvents', { id: String(one.id) })).count, 1);
    assert.deepEqual(await s.admin.ok('listEvents', { level: 'ERROR' }), {});
    assert.deepEqual(await s.admin.ok('listEvents', { enddate: '2001-01-01' }), {});
    const total = Number((await s.admin.ok('listEvents', { listall: true })).count);
    const page = await s.admin.ok('listEvents', { listall: true, page: 1, pagesize: 2 });
    assert.equal(page.count, total);
    assert.equal((page.event as Json[]).length, 2);
    const types = await s.admin.ok('listEventTypes');
    assert.ok(Number(types.count) > 100);
  });

  it('lists async jobs with their command and result', async () => {
    const jobs = (await s.admin.ok('listAsyncJobs')).asyncjobs as Json[];
    const j = jobs.find((x) => x.jobid === jobid)!;
    assert.equal(j.jobstatus, 1);
    assert.deepEqual(j.jobresult, { success: true });
    assert.equal(j.jobresulttype, 'object');
    assert.equal(j.jobresultcode, 0);
  });

  it('keeps events and jobs of one account invisible to a user of another', async () => {
    const theirEvents = await user.client.ok('listEvents', { listall: true });
    for (const e of (theirEvents.event as Json[] | undefined) ?? []) assert.equal(e.account, user.name);
    assert.ok(!JSON.stringify(theirEvents).includes('evented'));
    assert.deepEqual(await user.client.ok('listAsyncJobs', { listall: true }), {});
    const q = await user.client.call('queryAsyncJobResult', { jobid });
    assert.equal(q.status, 431);
    assert.doesNotMatch(q.text, /Domain/);
    // Naming another account or domain is refused, not silently widened.
    assert.equal((await user.client.call('listEvents', { account: 'admin' })).status, 531);
    // Keys: a user cannot read or reset the admin's keys.
    const adminUser = ((await s.admin.ok('listUsers', { username: 'admin' })).user as Json[])[0]!;
    assert.equal((await user.client.call('getUserKeys', { id: String(adminUser.id) })).status, 531);
    assert.equal((await user.client.call('registerUserKeys', { id: String(adminUser.id) })).status, 531);
    // Admin-only commands are refused by role.
    assert.equal((await user.client.call('createDomain', { name: 'nope' })).status, 432);
    assert.equal((await user.client.call('listDomains')).status, 432);
  });
});
