// Apache libcloud's CloudStack driver (Debian python3-libcloud) on volumes: create_volume picks
// a disk offering by size (listDiskOfferings disksize/iscustomized; a custom one gets `size`)
// and reads jobresult.volume; list_volumes reads id, name, size and state, and a
// `virtualmachineid` marks a volume in use; attach_volume, detach_volume and destroy_volume.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { newAccount, uniqueName } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { PYTHON, missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { deploy, seeded } from '../helpers/vms.js';

const missing = missingPythonModule('libcloud');
const GiB = 1024 ** 3;

// clients.md: the `url=` shortcut would switch to TLS, so host, port, path and secure=False are given.
const SCRIPT = `
import json, sys
from libcloud.compute.base import Node
from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider
key, secret, host, port, vm_id = sys.argv[1:6]
d = get_driver(Provider.CLOUDSTACK)(key, secret, host=host, port=int(port), path='/client/api', secure=False)
fixed = d.create_volume(5, 'lc-fixed')
custom = d.create_volume(7, 'lc-custom')
def listed():
    return {v.id: {'name': v.name, 'size': v.size, 'state': str(v.state)} for v in d.list_volumes()}
out = {'fixed': {'id': fixed.id, 'name': fixed.name, 'size': fixed.size, 'state': str(fixed.state)}, 'custom': {'id': custom.id, 'size': custom.size}}
out['before'] = listed()
node = Node(id=vm_id, name='vm', state=NodeState.RUNNING, public_ips=[], private_ips=[], driver=d)
out['attached'] = d.attach_volume(node, fixed)
out['in_use'] = listed()
out['of_node'] = sorted(v.id for v in d.list_volumes(node=node))
out['detached'] = d.detach_volume(fixed)
out['destroyed'] = d.destroy_volume(custom)
out['after'] = listed()
print(json.dumps(out))
`;

function runLibcloud(url: string, key: string, secret: string, vmId: string): Promise<Json> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', SCRIPT, key, secret, u.hostname, u.port, vmId]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Json) : reject(new Error(`libcloud exited ${code}: ${err}`))));
  });
}

describe('libcloud CloudStack driver: volumes', { skip: missing }, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('creates (fixed and custom size), lists, attaches, detaches and destroys volumes', async () => {
    const z = await seeded(s.admin);
    const user = await newAccount(s);
    const vm = await deploy(user.client, z, { name: uniqueName('lc').replace(/[^a-z0-9-]/gi, '-') });
    const r = await runLibcloud(s.url, user.client.apiKey, user.client.secretKey, String(vm.id));
    const fixed = r.fixed as Json;
    const custom = r.custom as Json;
    assert.equal(fixed.name, 'lc-fixed');
    assert.equal(fixed.state, 'available', 'an Allocated volume is available to libcloud');
    const before = r.before as Record<string, Json>;
    assert.deepEqual(before[String(fixed.id)], { name: 'lc-fixed', size: 5 * GiB, state: 'available' });
    assert.deepEqual(before[String(custom.id)], { name: 'lc-custom', size: 7 * GiB, state: 'available' });
    assert.equal(r.attached, true);
    assert.equal((r.in_use as Record<string, Json>)[String(fixed.id)]?.state, 'inuse', 'a virtualmachineid marks it in use');
    assert.ok((r.of_node as string[]).includes(String(fixed.id)));
    assert.equal(r.detached, true);
    assert.equal(r.destroyed, true);
    const afterList = r.after as Record<string, Json>;
    assert.equal(afterList[String(fixed.id)]?.state, 'available');
    assert.equal(afterList[String(custom.id)], undefined, 'destroy_volume (deleteVolume) removed it');
    // The server saw the custom offering with the requested size.
    const v = ((await user.client.ok('listVolumes', { id: String(fixed.id) })).volume as Json[])[0]!;
    assert.equal(v.diskofferingname, 'Small');
  });
});
