// Apache libcloud's CloudStack driver (Debian python3-libcloud) managing nodes: create_node
// (which sends startvm=False: the VM stays Stopped, as in CloudStack), list_nodes (which also
// calls listPublicIpAddresses, listPortForwardingRules and listIpForwardingRules), ex_start,
// reboot_node, ex_stop and destroy_node.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { PYTHON, missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, seeded } from '../helpers/vms.js';

const missing = missingPythonModule('libcloud');

const SCRIPT = `
import json, os
from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider
cls = get_driver(Provider.CLOUDSTACK)
d = cls(os.environ['CS_KEY'], os.environ['CS_SECRET'], secure=False, host=os.environ['CS_HOST'], port=int(os.environ['CS_PORT']), path='/client/api')
out = {}
loc = [l for l in d.list_locations() if l.id == os.environ['ZONE']][0]
size = [s for s in d.list_sizes(location=loc) if s.id == os.environ['SIZE']][0]
image = [i for i in d.list_images(location=loc) if i.id == os.environ['IMAGE']][0]
node = d.create_node(name='lc-node', size=size, image=image, location=loc, ex_userdata='#!/bin/sh\\necho hi\\n')
out['created'] = {'id': node.id, 'name': node.name, 'state': str(node.state), 'private_ips': node.private_ips, 'public_ips': node.public_ips}
out['started'] = d.ex_start(node)
nodes = [n for n in d.list_nodes() if n.id == node.id]
out['listed'] = [{'id': n.id, 'name': n.name, 'state': str(n.state), 'private_ips': n.private_ips, 'key_name': n.extra.get('key_name'), 'tags': n.extra.get('tags')} for n in nodes]
out['rebooted'] = d.reboot_node(node)
out['stopped'] = d.ex_stop(node)
out['destroyed'] = d.destroy_node(node, ex_expunge=True)
out['after'] = [n.id for n in d.list_nodes()]
print(json.dumps(out))
`;

type Out = {
  created: { id: string; name: string; state: string; private_ips: string[] };
  started: unknown;
  listed: { id: string; name: string; state: string; private_ips: string[]; tags: unknown }[];
  rebooted: boolean;
  stopped: unknown;
  destroyed: boolean;
  after: string[];
};

function run(url: string, key: string, secret: string, z: Seeded): Promise<Out> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', SCRIPT], {
      env: { ...process.env, CS_KEY: key, CS_SECRET: secret, CS_HOST: u.hostname, CS_PORT: u.port, ZONE: z.zoneId, SIZE: z.small, IMAGE: z.templateId },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Out) : reject(new Error(`libcloud exited ${String(code)}: ${err}`))));
  });
}

describe('libcloud CloudStack driver: nodes', { skip: missing }, () => {
  let s: TestServer;
  let z: Seeded;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
    z = await seeded(s.admin);
    user = await newAccount(s, { type: 'user' });
  });
  after(async () => s.close());

  it('creates (Stopped), starts, lists, reboots, stops and destroys a node', async () => {
    // destroy_node(ex_expunge=True) needs what CloudStack needs for a user: allow.user.expunge.recover.vm.
    await s.admin.ok('updateConfiguration', { name: 'allow.user.expunge.recover.vm', value: 'true', accountid: user.accountId });
    const out = await run(s.url, user.client.apiKey, user.client.secretKey, z);
    assert.equal(out.created.name, 'lc-node');
    assert.equal(out.created.state, 'stopped', 'create_node sends startvm=False: the VM stays Stopped');
    assert.equal(out.created.private_ips.length, 1);
    assert.equal(out.listed.length, 1);
    assert.equal(out.listed[0]!.state, 'running');
    assert.deepEqual(out.listed[0]!.private_ips, out.created.private_ips);
    assert.equal(out.rebooted, true);
    assert.equal(out.destroyed, true);
    assert.ok(!out.after.includes(out.created.id));
    assert.equal((await s.admin.ok('listVirtualMachines', { id: out.created.id, listall: true })).count, undefined, 'expunged');
  });
});
