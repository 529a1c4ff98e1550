// Bad input, generated from the registry: every declared parameter of every command gets
// values that are invalid for its CloudStack type. Each call must answer 4xx with a
// CloudStack error body (errorcode = HTTP status), never 5xx, and change nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { commands } from '../../src/api/cloudstack/index.js';
import type { ParamDecl, ParamType } from '../../src/api/types.js';
import { type Json, inner } from '../helpers/cs-client.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const nasty = ["' OR '1'='1", '<script>alert(1)</script>', '💥', '-1', '99999999999999999999999', ' ', '%00', '../../etc/passwd'];

function invalidValues(p: ParamDecl, type: ParamType = p.type): string[] {
  switch (type) {
    case 'uuid':
      return ['not-a-uuid', 'ffffffff-ffff-ffff-ffff-fffffffffffff', '12345678901234567890', ...nasty.filter((v) => v !== '-1')];
    case 'integer':
    case 'short':
    case 'long':
      return ['abc', '1.5', '1e5', '0x10', '9223372036854775808', '-99999999999999999999', '💥', "1; DROP TABLE domains"];
    case 'double':
      return ['abc', 'NaN', 'Infinity', '1,5'];
    case 'boolean':
      return ['yes', '2', 'truee', '💥', "true' --"];
    case 'date':
      return ['2020-13-45', 'yesterday', "'; DROP TABLE domains;--", '2020-02-30T25:61:61'];
    case 'string':
    case 'object':
      return ['x'.repeat((p.length ?? 255) + 1), 'y'.repeat(100_000)];
    case 'list':
      // Blank items are dropped from lists (as CloudStack does), so only non-blank bad items count.
      return p.collectionType && p.collectionType !== 'string' ? invalidValues(p, p.collectionType).filter((v) => v.trim() !== '').map((v) => `${randomUUID()},${v}`) : [];
    case 'map':
      return [];
  }
}

function validPlaceholder(p: ParamDecl): string {
  switch (p.type) {
    case 'uuid': return randomUUID();
    case 'integer': case 'short': case 'long': return '1';
    case 'double': return '1.0';
    case 'boolean': return 'false';
    case 'date': return '2020-01-01';
    case 'list': return p.collectionType === 'uuid' ? randomUUID() : 'a';
    default: return 'fuzz';
  }
}

describe('fuzzing every declared parameter', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  /** Counts of every list command that needs no argument: a fingerprint of the cloud's state. */
  async function fingerprint(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const c of commands) {
      if (c.shape !== 'list' || c.params.some((p) => p.required) || c.name === 'listEvents') continue;
      const r = await s.admin.call(c.name, c.params.some((p) => p.name === 'listall') ? { listall: true } : {});
      out[c.name] = r.status === 200 ? (inner(r.body).count ?? 0) : r.status;
    }
    const ev = await s.admin.ok('listEvents', { listall: true, pagesize: 1 });
    out.events = ev.count ?? 0;
    return out;
  }

  it('answers every invalid value with a 4xx CloudStack error and changes nothing', async () => {
    const before = await fingerprint();
    let calls = 0;
    for (const c of commands) {
      if (c.preAuth) continue;
      for (const p of c.params) {
        for (const bad of invalidValues(p)) {
          const params: Record<string, string> = {};
          for (const q of c.params) if (q.required && q.type !== 'map') params[q.name] = validPlaceholder(q);
          params[p.name] = bad;
          const r = await s.admin.call(c.name, params, { method: bad.length > 4000 ? 'POST' : 'GET' });
          calls++;
          const what = `${c.name} ${p.name}=${bad.slice(0, 40)}`;
          assert.ok(r.status >= 400 && r.status < 500, `${what} → ${r.status} ${r.text.slice(0, 300)}`);
          const e = inner(r.body);
          assert.equal(e.errorcode, r.status, `${what}: errorcode equals HTTP status`);
          assert.equal(typeof e.errortext, 'string');
        }
      }
    }
    assert.ok(calls > 100, `fuzzed ${calls} calls`);
    assert.deepEqual(await fingerprint(), before);
  });

  it('refuses a parameter given twice with different values, accepts it twice with the same', async () => {
    const diff = await fetch(`${s.url}/client/api?command=listDomains&response=json&name=a&name=b`);
    assert.ok(diff.status === 401); // unsigned: credentials are checked before anything else
    const r = await s.admin.call('createDomain', { name: 'dup', NAME: 'dup2' });
    assert.equal(r.status, 431);
    assert.match(String(inner(r.body).errortext), /name/);
    const same = await s.admin.call('listDomains', { name: 'ROOT', NAME: 'ROOT' });
    assert.equal(same.status, 200);
  });

  it('stores and returns SQL, HTML and unicode metacharacters verbatim, in JSON and well-formed XML', async () => {
    const names = ["Robert'); DROP TABLE domains;--", '<img src=x onerror=alert(1)>', '名前-🚀-ñ', 'a&b"c\'d', 'percent %41 plus + hash #'];
    for (const name of names) {
      const created = (await s.admin.ok('createDomain', { name })).domain as Json;
      assert.equal(created.name, name);
      const listed = (await s.admin.ok('listDomains', { id: String(created.id) })).domain as Json[];
      assert.equal(listed[0]?.name, name);
      const xml = await s.admin.call('listDomains', { id: String(created.id) }, { format: 'xml' });
      const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml.text) as Record<string, Record<string, Record<string, unknown>>>;
      assert.equal(doc.listdomainsresponse?.domain?.name, name);
    }
    const nul = await s.admin.call('createDomain', { name: 'nul\u0000byte' });
    assert.equal(nul.status, 431);
  });
});
