// Apache libcloud's CloudStack driver (Debian python3-libcloud): list_sizes() reads
// listServiceOfferings (id, name, memory, cpunumber) and must see exactly what the caller
// may use, with the right RAM and CPU count.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { PYTHON, missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const missing = missingPythonModule('libcloud');

interface Size {
  readonly id: string;
  readonly name: string;
  readonly ram: number;
  readonly cpu: number;
}

// clients.md: the `url=` shortcut would switch to TLS, so host, port, path and secure=False are given.
const SCRIPT = `
import json, sys
from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider
key, secret, host, port = sys.argv[1:5]
driver = get_driver(Provider.CLOUDSTACK)(key, secret, host=host, port=int(port), path='/client/api', secure=False)
print(json.dumps([{'id': s.id, 'name': s.name, 'ram': s.ram, 'cpu': s.extra['cpu']} for s in driver.list_sizes()]))
`;

function listSizes(url: string, key: string, secret: string): Promise<Size[]> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', SCRIPT, key, secret, u.hostname, u.port]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Size[]) : reject(new Error(`libcloud exited ${code}: ${err}`))));
  });
}

describe('libcloud CloudStack driver: list_sizes', { skip: missing }, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('returns the seeded offerings with their RAM and CPU count', async () => {
    const sizes = await listSizes(s.url, s.admin.apiKey, s.admin.secretKey);
    assert.deepEqual(sizes.map((z) => [z.name, z.ram, z.cpu]), [['Small Instance', 512, 1], ['Medium Instance', 1024, 1]]);
    const api = ((await s.admin.ok('listServiceOfferings')).serviceoffering as Json[]).map((o) => o.id);
    assert.deepEqual(sizes.map((z) => z.id), api, 'the ids are the offerings\' ids');
  });

  it('sees a new offering, and a tenant sees only what its domain may use', async () => {
    const domain = String(((await s.admin.ok('createDomain', { name: 'libcloud-d' })).domain as Json).id);
    await s.admin.ok('createServiceOffering', { name: 'Large Instance', cpunumber: 4, cpuspeed: 2000, memory: 8192 });
    await s.admin.ok('createServiceOffering', { name: 'Domain Only', cpunumber: 2, cpuspeed: 1000, memory: 2048, domainid: domain });
    const admin = await listSizes(s.url, s.admin.apiKey, s.admin.secretKey);
    const large = admin.find((z) => z.name === 'Large Instance');
    assert.deepEqual([large?.ram, large?.cpu], [8192, 4]);
    const inside = await newAccount(s, { type: 'user', domainId: domain });
    const outside = await newAccount(s, { type: 'user' });
    const seen = async (a: typeof inside) => (await listSizes(s.url, a.client.apiKey, a.client.secretKey)).map((z) => z.name);
    assert.deepEqual(await seen(inside), ['Small Instance', 'Medium Instance', 'Large Instance', 'Domain Only']);
    assert.deepEqual(await seen(outside), ['Small Instance', 'Medium Instance', 'Large Instance']);
  });
});
