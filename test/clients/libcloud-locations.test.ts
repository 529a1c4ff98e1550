// Apache libcloud's CloudStack driver (Debian python3-libcloud): list_locations() is listZones.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { newZone } from '../helpers/infra.js';
import { PYTHON, missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const missing = missingPythonModule('libcloud');

const SCRIPT = `
import json, os
from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider
cls = get_driver(Provider.CLOUDSTACK)
d = cls(os.environ['CS_KEY'], os.environ['CS_SECRET'], secure=False, host=os.environ['CS_HOST'], port=int(os.environ['CS_PORT']), path='/client/api')
print(json.dumps([{'id': l.id, 'name': l.name, 'country': l.country} for l in d.list_locations()]))
`;

type Location = { id: string; name: string; country: string };

/** Runs the script without blocking the event loop (the server answers from this process). */
function listLocations(url: string, key: string, secret: string): Promise<Location[]> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', SCRIPT], { env: { ...process.env, CS_KEY: key, CS_SECRET: secret, CS_HOST: u.hostname, CS_PORT: u.port } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Location[]) : reject(new Error(`libcloud exited ${String(code)}: ${err}`))));
  });
}

describe('libcloud CloudStack driver: list_locations', { skip: missing }, () => {
  let s: TestServer;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s, { type: 'user' });
  });
  after(async () => s.close());

  it('lists every zone for the admin and only enabled zones for a user', async () => {
    const enabled = await newZone(s.admin, { allocationstate: 'Enabled' });
    const disabled = await newZone(s.admin);
    const asAdmin = await listLocations(s.url, s.admin.apiKey, s.admin.secretKey);
    const names = asAdmin.map((l) => l.name);
    for (const n of ['Sandbox-simulator', String(enabled.name), String(disabled.name)]) assert.ok(names.includes(n), n);
    assert.equal(asAdmin.find((l) => l.name === enabled.name)?.id, enabled.id);
    const asUser = await listLocations(s.url, user.client.apiKey, user.client.secretKey);
    const userNames = asUser.map((l) => l.name);
    assert.ok(userNames.includes('Sandbox-simulator'));
    assert.ok(userNames.includes(String(enabled.name)));
    assert.ok(!userNames.includes(String(disabled.name)));
  });
});
