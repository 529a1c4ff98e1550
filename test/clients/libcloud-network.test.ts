// Apache libcloud's CloudStack driver (Debian python3-libcloud) on public IPs and port
// forwarding: ex_allocate_public_ip (only a zone is sent), ex_create_port_forwarding_rule
// (TCP in capitals, openfirewall=True), list_nodes (which joins forwarding rules to addresses),
// ex_list_port_forwarding_rules, ex_delete_port_forwarding_rule and ex_release_public_ip.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { appliedConfig, isolatedNetwork } from '../helpers/networks.js';
import { PYTHON, missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { deploy, seeded } from '../helpers/vms.js';

const missing = missingPythonModule('libcloud');

const SCRIPT = `
import json, os
from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider
cls = get_driver(Provider.CLOUDSTACK)
d = cls(os.environ['CS_KEY'], os.environ['CS_SECRET'], secure=False, host=os.environ['CS_HOST'], port=int(os.environ['CS_PORT']), path='/client/api')
out = {}
loc = [l for l in d.list_locations() if l.id == os.environ['ZONE']][0]
ip = d.ex_allocate_public_ip(location=loc)
out['ip'] = {'id': ip.id, 'address': ip.address}
out['ips'] = [a.address for a in d.ex_list_public_ips()]
node = [n for n in d.list_nodes() if n.id == os.environ['VM']][0]
rule = d.ex_create_port_forwarding_rule(node, ip, 22, 2222, 'TCP')
out['rule'] = {'id': rule.id, 'protocol': rule.protocol, 'public_port': rule.public_port, 'private_port': rule.private_port}
listed = [n for n in d.list_nodes() if n.id == node.id][0]
out['node_rules'] = [{'id': r.id, 'address': r.address.address, 'protocol': r.protocol, 'public_port': r.public_port, 'private_port': r.private_port} for r in listed.extra['port_forwarding_rules']]
out['node_ip_rules'] = len(listed.extra['ip_forwarding_rules'])
out['rules'] = [{'id': r.id, 'address': r.address.address} for r in d.ex_list_port_forwarding_rules()]
out['config'] = 'pending'
print(json.dumps(out), flush=True)
input()
out2 = {}
out2['deleted'] = d.ex_delete_port_forwarding_rule(listed, [r for r in listed.extra['port_forwarding_rules'] if r.id == rule.id][0])
out2['rules_after'] = [r.id for r in d.ex_list_port_forwarding_rules()]
out2['released'] = d.ex_release_public_ip(ip)
out2['ips_after'] = [a.address for a in d.ex_list_public_ips()]
print(json.dumps(out2), flush=True)
`;

/** Runs the script in two halves, so the test can look at the router between them. */
function start(url: string, key: string, secret: string, env: Record<string, string>) {
  const u = new URL(url);
  const child = spawn(PYTHON, ['-c', SCRIPT], { env: { ...process.env, CS_KEY: key, CS_SECRET: secret, CS_HOST: u.hostname, CS_PORT: u.port, ...env } });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines: string[] = [];
  let buf = '';
  const waiters: ((l: string) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<number | null>((r) => child.on('close', r));
  const next = () => new Promise<Json>((resolve, reject) => {
    const l = lines.shift();
    if (l !== undefined) return resolve(JSON.parse(l) as Json);
    waiters.push((line) => resolve(JSON.parse(line) as Json));
    void exited.then((code) => reject(new Error(`libcloud exited ${String(code)}: ${err}`)));
  });
  return { next, resume: () => child.stdin.write('\n'), exited, stderr: () => err };
}

describe('libcloud CloudStack driver: public IPs and port forwarding', { skip: missing }, () => {
  let s: TestServer;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
  });
  after(async () => s.close());

  it('allocates an address with only a zone, forwards a port to a node, lists and removes both', async () => {
    const sd = await seeded(s.admin);
    const net = await isolatedNetwork(user.client, sd.zoneId);
    const vm = await deploy(user.client, sd, { networkids: String(net.id) });
    const p = start(s.url, user.client.apiKey, user.client.secretKey, { ZONE: sd.zoneId, VM: String(vm.id) });
    const out = await p.next();
    const ip = out.ip as Json;
    assert.match(String(ip.address), /^198\.51\.100\./);
    assert.ok((out.ips as string[]).includes(String(ip.address)));
    const rule = out.rule as Json;
    assert.equal(rule.protocol, 'TCP');
    assert.deepEqual(out.node_rules, [{ id: rule.id, address: ip.address, protocol: 'TCP', public_port: '2222', private_port: '22' }]);
    assert.equal(out.node_ip_rules, 0);
    assert.deepEqual(out.rules, [{ id: rule.id, address: ip.address }]);
    const c = await appliedConfig(s, String(net.id));
    assert.ok(c.portForwards.some((f) => f.id === rule.id && f.publicIp === ip.address && f.protocol === 'tcp' && f.publicStartPort === 2222 && f.guestStartPort === 22));
    assert.ok(c.firewall.ingress.some((f) => f.publicIp === ip.address && f.startPort === 2222), 'openfirewall=True opened the port');
    p.resume();
    const out2 = await p.next();
    assert.equal(out2.deleted, true);
    assert.deepEqual(out2.rules_after, []);
    assert.equal(out2.released, true);
    assert.ok(!(out2.ips_after as string[]).includes(String(ip.address)));
    assert.equal(await p.exited, 0, p.stderr());
    const after = await appliedConfig(s, String(net.id));
    assert.deepEqual(after.portForwards, []);
    assert.deepEqual(after.firewall.ingress, []);
  });
});
