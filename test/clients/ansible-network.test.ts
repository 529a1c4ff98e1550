// Ansible's ngine_io.cloudstack modules (Debian ansible + python3-cs) on networking: cs_network,
// cs_ip_address (only a zone is sent), cs_firewall and cs_portforward, each run twice to show
// the second run changes nothing (the modules compare what the server returns).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { missingAnsible, runPlaybook } from '../helpers/ansible.js';
import { ISOLATED_OFFERING, appliedConfig } from '../helpers/networks.js';
import { missingPythonModule } from '../helpers/python.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { deploy, seeded } from '../helpers/vms.js';

const missing = missingPythonModule('cs') ?? missingAnsible();
type J = Record<string, unknown>;

describe('Ansible ngine_io.cloudstack: cs_network, cs_ip_address, cs_firewall, cs_portforward', { skip: missing }, () => {
  let s: TestServer;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
    user = await newAccount(s);
  });
  after(async () => s.close());

  it('creates a network, an address, a firewall rule and a forward, idempotently', async () => {
    const zone = 'Sandbox-simulator';
    const network = `
    - name: network
      ngine_io.cloudstack.cs_network: { name: ansible-net, display_text: Ansible net, zone: ${zone}, network_offering: ${ISOLATED_OFFERING} }
`;
    const first = await runPlaybook(s.url, user.client.apiKey, user.client.secretKey, `${network}
    - name: network again
      ngine_io.cloudstack.cs_network: { name: ansible-net, display_text: Ansible net, zone: ${zone}, network_offering: ${ISOLATED_OFFERING} }
    - name: address
      ngine_io.cloudstack.cs_ip_address: { zone: ${zone} }
      register: ip
    - name: firewall
      ngine_io.cloudstack.cs_firewall: { ip_address: "{{ ip.ip_address }}", port: 22, cidrs: [10.0.0.0/8, 0.0.0.0/0], zone: ${zone} }
    - name: firewall again
      ngine_io.cloudstack.cs_firewall: { ip_address: "{{ ip.ip_address }}", port: 22, cidrs: [10.0.0.0/8, 0.0.0.0/0], zone: ${zone} }
`);
    const net = first.get('network')!;
    assert.equal(net.failed, undefined, String(net.msg));
    assert.equal(net.changed, true);
    assert.equal(net.cidr, '10.1.1.0/24');
    assert.equal(net.network_offering, ISOLATED_OFFERING);
    assert.equal(first.get('network again')!.changed, false, 'the second run changes nothing');
    const ip = first.get('address')!;
    assert.equal(ip.failed, undefined, String(ip.msg));
    assert.match(String(ip.ip_address), /^198\.51\.100\./);
    const fw = first.get('firewall')!;
    assert.equal(fw.failed, undefined, String(fw.msg));
    assert.equal(fw.changed, true);
    assert.equal(fw.cidr, '10.0.0.0/8,0.0.0.0/0');
    assert.equal(first.get('firewall again')!.changed, false, 'cs_firewall matches the comma-joined cidrlist');
    const netId = String(net.id);
    const vm = await deploy(user.client, await seeded(s.admin), { networkids: netId, name: 'ansible-vm' });
    assert.ok((await appliedConfig(s, netId)).firewall.ingress.some((r) => r.startPort === 22 && r.sourceCidrs.join(',') === '10.0.0.0/8,0.0.0.0/0'));
    const forward = `
      ngine_io.cloudstack.cs_portforward: { ip_address: "${String(ip.ip_address)}", vm: ansible-vm, public_port: 2222, private_port: 22, zone: ${zone} }
`;
    const second = await runPlaybook(s.url, user.client.apiKey, user.client.secretKey, `
    - name: forward${forward}
    - name: forward again${forward}
    - name: firewall gone
      ngine_io.cloudstack.cs_firewall: { ip_address: "${String(ip.ip_address)}", port: 22, cidrs: [10.0.0.0/8, 0.0.0.0/0], zone: ${zone}, state: absent }
`);
    const pf = second.get('forward')!;
    assert.equal(pf.failed, undefined, String(pf.msg));
    assert.equal(pf.changed, true);
    assert.equal(pf.vm_guest_ip, ((vm.nic as J[])[0] as J).ipaddress);
    assert.equal(second.get('forward again')!.changed, false, 'cs_portforward finds its rule again (lowercase tcp, all four ports, vmguestip)');
    assert.equal(second.get('firewall gone')!.changed, true);
    const c = await appliedConfig(s, netId);
    assert.ok(c.portForwards.some((f) => f.publicStartPort === 2222 && f.guestStartPort === 22 && f.protocol === 'tcp'));
    assert.ok(!c.firewall.ingress.some((r) => r.startPort === 22), 'cs_firewall state=absent removed the rule from the router');
  });
});
