// The CloudStack API edge: authentication, sessions, error codes, formats, paging.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CsClient, type Json, inner, signParams, toQuery } from '../helpers/cs-client.js';
import { ADMIN_PASSWORD, type TestServer, startTestServer } from '../helpers/server.js';

const UNAUTH = 'unable to verify user credentials and/or request signature';

describe('CloudStack API edge', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const rawGet = async (params: Record<string, string>) => {
    const r = await fetch(`${s.url}/client/api?${toQuery(params)}`);
    const text = await r.text();
    return { status: r.status, text, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Json };
  };
  const signed = (params: Record<string, string>, secret = s.admin.secretKey) => ({ ...params, signature: signParams(params, secret) });

  it('answers a signed call in JSON and, by default, in XML', async () => {
    const j = await s.admin.call('listCapabilities');
    assert.equal(j.status, 200);
    assert.equal((inner(j.body).capability as Json).cloudstackversion, '4.22.0.0');
    const x = await s.admin.call('listCapabilities', {}, { format: 'xml' });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type') ?? '', /xml/);
    assert.match(x.text, /^<\?xml version="1.0" encoding="UTF-8"\?><listcapabilitiesresponse cloud-stack-version="4\.22\.0\.0"><capability>/);
  });

  it('accepts POST form bodies, v3 signatures with expires, and mixed-case names and booleans', async () => {
    const p = await s.admin.call('listDomains', { listAll: 'TRUE' }, { method: 'POST' });
    assert.equal(p.status, 200);
    assert.equal(inner(p.body).count, 1);
    const future = new Date(Date.now() + 600_000).toISOString().replace(/\.\d+Z$/, '+0000');
    const v3 = await rawGet(signed({ command: 'listDomains', apiKey: s.admin.apiKey, response: 'json', signatureVersion: '3', expires: future }));
    assert.equal(v3.status, 200, v3.text);
  });

  it('accepts a signature made by sorting whole name=value pairs case-sensitively', async () => {
    const params = { command: 'listDomains', apiKey: s.admin.apiKey, response: 'json', listall: 'true', Keyword: 'RO' };
    const canonical = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).sort().join('&').toLowerCase();
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha1', s.admin.secretKey).update(canonical).digest('base64');
    const r = await rawGet({ ...params, signature });
    assert.equal(r.status, 200, r.text);
  });

  it('refuses bad credentials with 401 in the body and the status', async () => {
    const cases: Record<string, string>[] = [
      { command: 'listDomains', response: 'json' }, // no credentials
      { ...signed({ command: 'listDomains', apikey: s.admin.apiKey, response: 'json' }), signature: 'AAAA' }, // bad signature
      signed({ command: 'listDomains', apikey: 'nope', response: 'json' }, 'x'), // unknown key
      signed({ command: 'listDomains', apikey: s.admin.apiKey, response: 'json' }, 'wrong-secret'),
      signed({ command: 'listDomains', apikey: s.admin.apiKey, response: 'json', signatureversion: '3', expires: '2001-01-01T00:00:00+0000' }),
      signed({ command: 'listDomains', apikey: s.admin.apiKey, response: 'json', signatureversion: '3' }), // v3 without expires
      signed({ command: 'noSuchCommand', apikey: s.admin.apiKey, response: 'json' }), // unknown command with a key: 401, as CloudStack
    ];
    for (const c of cases) {
      const r = await rawGet(c);
      assert.equal(r.status, 401, `${JSON.stringify(c)} → ${r.text}`);
      const e = inner(r.body);
      assert.equal(e.errorcode, 401);
      assert.equal(e.errortext, UNAUTH);
    }
  });

  it('logs in with a password, serves session calls with the sessionkey, and logs out', async () => {
    const sess = await CsClient.login(s.url, 'admin', ADMIN_PASSWORD);
    const ok = await sess.call('listDomains');
    assert.equal(ok.status, 200);
    assert.equal((await sess.call('listDomains', {}, { withKey: false })).status, 401);
    assert.equal((await sess.call('listDomains', { sessionkey: 'forged' }, { withKey: false })).status, 401);
    const unknown = await sess.call('noSuchCommand');
    assert.equal(unknown.status, 432);
    assert.equal(inner(unknown.body).errorcode, 432);
    const bad = await fetch(`${s.url}/client/api`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: toQuery({ command: 'login', username: 'admin', password: 'wrong', response: 'json' }) });
    assert.equal(bad.status, 401);
    assert.equal((await sess.call('logout')).status, 200);
    assert.equal((await sess.call('listDomains')).status, 401);
  });

  it('rejects type errors and missing required params with 431 naming the parameter', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['listDomains', { level: 'abc' }, 'level'],
      ['listDomains', { level: '99999999999' }, 'level'],
      ['listDomains', { id: 'not-a-uuid' }, ' id '],
      ['listDomains', { listall: 'yes' }, 'listall'],
      ['listEvents', { startdate: '2020-13-45' }, 'startdate'],
      ['createDomain', {}, 'name'],
      ['createDomain', { name: 'x'.repeat(256) }, 'name'],
      ['deleteDomain', {}, ' id'],
      ['queryAsyncJobResult', {}, 'jobid'],
    ];
    for (const [cmd, params, name] of cases) {
      const r = await s.admin.call(cmd, params);
      assert.equal(r.status, 431, `${cmd} ${JSON.stringify(params)} → ${r.text}`);
      const e = inner(r.body);
      assert.equal(e.errorcode, 431);
      assert.equal(e.cserrorcode, 4350);
      assert.ok(String(e.errortext).includes(name.trim()), `errortext names ${name}: ${String(e.errortext)}`);
      assert.deepEqual(e.uuidList, []);
    }
  });

  it('ignores unknown parameters and pages lists with count, page and pagesize', async () => {
    for (let i = 0; i < 7; i++) await s.admin.ok('createDomain', { name: `page-${i}`, bogusparam: 'x' });
    const all = await s.admin.ok('listDomains', { listall: true, keyword: 'page-' });
    assert.equal(all.count, 7);
    assert.deepEqual(Object.keys(all), ['count', 'domain']);
    const p2 = await s.admin.ok('listDomains', { listall: true, keyword: 'page-', page: 2, pagesize: 3 });
    assert.equal(p2.count, 7);
    assert.equal((p2.domain as Json[]).length, 3);
    const p3 = await s.admin.ok('listDomains', { listall: true, keyword: 'page-', page: 3, pagesize: 3 });
    assert.equal((p3.domain as Json[]).length, 1);
    const none = await s.admin.ok('listDomains', { listall: true, keyword: 'no-such-domain' });
    assert.deepEqual(none, {});
    const tooBig = await s.admin.call('listDomains', { pagesize: 501 });
    assert.equal(tooBig.status, 431);
    assert.match(String(inner(tooBig.body).errortext), /500/);
  });

  it('lists the APIs from the registry with their params and responses', async () => {
    const r = await s.admin.ok('listApis', { name: 'createDomain' });
    assert.equal(r.count, 1);
    const api = (r.api as Json[])[0]!;
    assert.equal(api.name, 'createDomain');
    assert.equal(api.isasync, false);
    const name = (api.params as Json[]).find((p) => p.name === 'name')!;
    assert.equal(name.required, true);
    assert.equal(name.type, 'string');
    assert.ok((api.response as Json[]).some((f) => f.name === 'path'));
    const all = await s.admin.ok('listApis');
    assert.ok(Number(all.count) >= 10);
    assert.equal((await s.admin.call('listApis', { name: 'noSuchApi' })).status, 431);
  });

  it('exposes Prometheus metrics with request counts by command and job counts by state', async () => {
    await s.admin.ok('listDomains');
    const text = await (await fetch(`${s.url}/metrics`)).text();
    assert.match(text, /nubo_api_requests_total\{api="cloudstack",command="listDomains",code="200"\} \d+/);
    assert.match(text, /nubo_api_request_duration_seconds_bucket\{/);
    assert.match(text, /nubo_jobs\{state="pending"\} \d+/);
  });
});
