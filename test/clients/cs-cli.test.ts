// The real `cs` client (Debian python3-cs) against the foundation commands, with signed
// requests (signature v3 with expires, its default) and its async-job polling.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { csCli, missingPythonModule } from '../helpers/python.js';

const missing = missingPythonModule('cs');

describe('cs (python3-cs) client', { skip: missing }, () => {
  let s: TestServer;
  const cs = (...args: string[]) => csCli(s.url, s.admin.apiKey, s.admin.secretKey, args);
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('lists APIs and capabilities', async () => {
    const apis = await cs('listApis');
    assert.equal(apis.status, 0, apis.stderr);
    const names = (apis.json.api as { name: string }[]).map((a) => a.name);
    for (const n of ['listApis', 'listCapabilities', 'queryAsyncJobResult', 'listAsyncJobs', 'listEvents']) assert.ok(names.includes(n), n);
    const caps = await cs('listCapabilities');
    assert.equal(caps.status, 0, caps.stderr);
    assert.equal((caps.json.capability as { cloudstackversion: string }).cloudstackversion, '4.22.0.0');
  });

  it('runs an async command to completion, then queries and lists the job', async () => {
    const created = await cs('createDomain', 'name=cs-client-domain');
    assert.equal(created.status, 0, created.stderr);
    const id = (created.json.domain as { id: string }).id;
    const deleted = await cs('deleteDomain', `id=${id}`);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.equal(deleted.json.success, true);

    const second = await cs('--post', 'createDomain', 'name=second one');
    assert.equal(second.status, 0, second.stderr);
    const started = await cs('--async', 'deleteDomain', `id=${(second.json.domain as { id: string }).id}`);
    assert.equal(started.status, 0, started.stderr);
    const jobid = String(started.json.jobid);
    let job = await cs('queryAsyncJobResult', `jobid=${jobid}`);
    for (let i = 0; i < 100 && job.json.jobstatus === 0; i++) job = await cs('queryAsyncJobResult', `jobid=${jobid}`);
    assert.equal(job.status, 0, job.stderr);
    assert.equal(job.json.jobstatus, 1);
    assert.equal(job.json.jobinstancetype, 'Domain');
    assert.equal(job.json.cmd, 'org.apache.cloudstack.api.command.admin.domain.DeleteDomainCmd');
    const jobs = await cs('listAsyncJobs', 'listall=true');
    assert.equal(jobs.status, 0, jobs.stderr);
    assert.ok((jobs.json.asyncjobs as { jobid: string }[]).some((j) => j.jobid === jobid));
  });

  it('lists the events the calls left', async () => {
    const ev = await cs('listEvents', 'type=DOMAIN.CREATE');
    assert.equal(ev.status, 0, ev.stderr);
    const descriptions = (ev.json.event as { description: string }[]).map((e) => e.description);
    assert.ok(descriptions.some((d) => d.includes('cs-client-domain')));
    const types = await cs('listEventTypes');
    assert.ok((types.json.eventtype as { name: string }[]).some((t) => t.name === 'VM.CREATE'));
  });

  it('reports a CloudStack error with its code to the user', async () => {
    const bad = await cs('listDomains', 'id=not-a-uuid');
    // cs prints the error body and "HTTP 431 response from CloudStack" (its exit code stays 0).
    assert.match(bad.stderr, /HTTP 431/);
    assert.equal((bad.json.listdomainsresponse as { errorcode: number }).errorcode, 431);
  });
});
