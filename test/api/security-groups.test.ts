// Security groups: the default group on first need, create/update/delete, authorize and revoke
// ingress and egress rules (CIDRs and group references), the per-VM rule sets hosts enforce
// (VM membership through the service entry point the compute family calls at deploy), bad
// input (431), duplicates (537), groups in use (536), tenant isolation for every command, and
// Ansible's cs_securitygroup_rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SgVmRuleSet } from '../../src/drivers/network/security-group-rules.js';
import { EventService } from '../../src/services/events.js';
import { SecurityGroupService } from '../../src/services/security-groups.js';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { missingAnsible, runPlaybook } from '../helpers/ansible.js';
import type { Json } from '../helpers/cs-client.js';
import { expectError } from '../helpers/expect-error.js';
import { openTestDb } from '../helpers/infra.js';
import { offeringId } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { type Seeded, deploy, seeded } from '../helpers/vms.js';

describe('security groups', () => {
  let s: TestServer;
  let sd: Seeded;
  let user: TestAccount;
  let other: TestAccount;
  let web: Json;
  let sgNet: Json;
  before(async () => {
    s = await startTestServer();
    sd = await seeded(s.admin);
    user = await newAccount(s);
    other = await newAccount(s);
    // A shared network with the SecurityGroup service, where VMs' rule sets bind their NICs.
    sgNet = (await s.admin.ok('createNetwork', {
      name: 'sg-shared', displaytext: 'sg-shared', zoneid: sd.zoneId, networkofferingid: await offeringId(s.admin, 'DefaultSharedNetworkOfferingWithSGService'),
      vlan: '3100', gateway: '10.60.0.1', netmask: '255.255.255.0', startip: '10.60.0.10', endip: '10.60.0.200', acltype: 'Domain',
    })).network as Json;
  });
  after(async () => s.close());

  const groups = async (c: TestAccount['client'], p: Record<string, string> = {}) => ((await c.ok('listSecurityGroups', p)).securitygroup as Json[] | undefined) ?? [];
  const authorize = (c: TestAccount['client'], type: 'Ingress' | 'Egress', p: Record<string, string | number>) => c.job(`authorizeSecurityGroup${type}`, p);
  const groupOf = (j: Json) => (j.jobresult as Json).securitygroup as Json;

  it('gives every account its default group on first look, and creates named groups', async () => {
    const mine = await groups(user.client);
    assert.deepEqual(mine.map((g) => g.name), ['default']);
    assert.deepEqual([mine[0]!.description, mine[0]!.ingressrule, mine[0]!.egressrule, mine[0]!.virtualmachinecount], ['Default Security Group', [], [], 0]);
    const r = await user.client.ok('createSecurityGroup', { name: 'web', description: 'web servers' });
    web = r.securitygroup as Json;
    assert.deepEqual([web.name, web.description, web.account, web.domainid], ['web', 'web servers', user.name, user.domainId]);
    assert.deepEqual((await groups(user.client)).map((g) => g.name).sort(), ['default', 'web']);
    assert.deepEqual((await groups(user.client, { securitygroupname: 'WEB' })).map((g) => g.id), [web.id]);
    await expectError(user.client, 'createSecurityGroup', { name: 'Web' }, 431, /already exists/);
    await expectError(user.client, 'createSecurityGroup', { name: 'default' }, 431, /reserved/);
    await expectError(user.client, 'createSecurityGroup', { name: ' ' }, 431, /empty/);
    assert.ok(((await user.client.ok('listEvents', { type: 'SG.CREATE' })).event as Json[]).some((e) => e.resourceid === web.id));
  });

  it('authorizes ingress and egress rules for CIDRs and groups; the answer is the group with the new rules', async () => {
    const j = await authorize(user.client, 'Ingress', { securitygroupid: String(web.id), protocol: 'TCP', startport: 22, endport: 22, cidrlist: '0.0.0.0/0,198.51.100.0/24' });
    assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    const g = groupOf(j);
    assert.equal(g.id, web.id);
    const rules = g.ingressrule as Json[];
    assert.deepEqual(rules.map((r) => [r.protocol, r.startport, r.endport, r.cidr]), [['tcp', 22, 22, '0.0.0.0/0'], ['tcp', 22, 22, '198.51.100.0/24']], 'one rule per CIDR');
    const ref = await authorize(user.client, 'Ingress', {
      securitygroupname: 'web', protocol: 'tcp', startport: 3306, endport: 3306, 'usersecuritygrouplist[0].account': user.name, 'usersecuritygrouplist[0].group': 'web',
    });
    assert.equal(ref.jobstatus, 1, JSON.stringify(ref.jobresult));
    const refRule = (groupOf(ref).ingressrule as Json[])[0]!;
    assert.deepEqual([refRule.securitygroupname, refRule.account, refRule.cidr], ['web', user.name, undefined]);
    const icmp = await authorize(user.client, 'Ingress', { securitygroupid: String(web.id), protocol: 'icmp', icmptype: 8, icmpcode: 0, cidrlist: '10.0.0.0/8' });
    assert.equal(icmp.jobstatus, 1, JSON.stringify(icmp.jobresult));
    assert.deepEqual(((groupOf(icmp).ingressrule as Json[])[0]!.icmptype), 8);
    const eg = await authorize(user.client, 'Egress', { securitygroupid: String(web.id), protocol: 'udp', startport: 53, endport: 53, cidrlist: '8.8.8.8/32' });
    assert.equal(eg.jobstatus, 1, JSON.stringify(eg.jobresult));
    assert.deepEqual((groupOf(eg).egressrule as Json[]).map((r) => [r.protocol, r.startport, r.cidr]), [['udp', 53, '8.8.8.8/32']]);
    const listed = (await groups(user.client, { id: String(web.id) }))[0]!;
    assert.equal((listed.ingressrule as Json[]).length, 4);
    assert.equal((listed.egressrule as Json[]).length, 1);
    const types = ((await user.client.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['SG.AUTH.INGRESS', 'SG.AUTH.EGRESS']) assert.ok(types.includes(t), t);
  });

  it('refuses bad rules with 431 and rules that add nothing new with 537, changing nothing', async () => {
    const before = (await groups(user.client, { id: String(web.id) }))[0]!;
    const id = String(web.id);
    const bad: [Record<string, string | number>, RegExp][] = [
      [{ protocol: 'tcp', startport: 70000, endport: 70000, cidrlist: '0.0.0.0/0' }, /port/],
      [{ protocol: 'tcp', startport: 90, endport: 80, cidrlist: '0.0.0.0/0' }, /start port/],
      [{ protocol: 'tcp', cidrlist: '0.0.0.0/0' }, /port range/],
      [{ protocol: 'icmp', cidrlist: '0.0.0.0/0' }, /ICMP type\/code/],
      [{ protocol: 'icmp', icmptype: 300, icmpcode: 0, cidrlist: '0.0.0.0/0' }, /ICMP type/],
      [{ protocol: 'gopher', cidrlist: '0.0.0.0/0' }, /Invalid protocol/],
      [{ protocol: 'all', startport: 1, endport: 2, cidrlist: '0.0.0.0/0' }, /Ports apply/],
      [{ protocol: 'tcp', startport: 80, endport: 80 }, /At least one cidr/],
      [{ protocol: 'tcp', startport: 80, endport: 80, cidrlist: '10.0.0.0/33' }, /CIDR/],
      [{ protocol: 'tcp', startport: 80, endport: 80, 'usersecuritygrouplist[0].account': user.name, 'usersecuritygrouplist[0].group': 'nope' }, /Unable to find security group/],
    ];
    for (const [p, re] of bad) await expectError(user.client, 'authorizeSecurityGroupIngress', { securitygroupid: id, ...p }, 431, re);
    await expectError(user.client, 'authorizeSecurityGroupIngress', { securitygroupid: id, protocol: 'tcp', startport: 22, endport: 22, cidrlist: '0.0.0.0/0' }, 537, /already exists/);
    await expectError(user.client, 'authorizeSecurityGroupIngress', { protocol: 'tcp', startport: 22, endport: 22, cidrlist: '0.0.0.0/0' }, 431, /securitygroupid or securitygroupname/);
    const egressRule = ((before.egressrule as Json[])[0]!).ruleid;
    await expectError(user.client, 'revokeSecurityGroupIngress', { id: String(egressRule) }, 431, /ingress rule/);
    assert.deepEqual((await groups(user.client, { id }))[0], before);
  });

  it('computes each member VM\'s rule set: group references expand to members, egress closes once it has rules', async () => {
    const vmA = await deploy(user.client, sd, { networkids: String(sgNet.id) });
    const vmB = await deploy(user.client, sd, { networkids: String(sgNet.id) });
    const h = openTestDb(s);
    try {
      const sgs = new SecurityGroupService(h.db, new EventService(h.db));
      const idOf = async (uuid: unknown) => (await h.db.selectFrom('vms').select('id').where('uuid', '=', String(uuid)).executeTakeFirstOrThrow()).id;
      const a = await idOf(vmA.id);
      const b = await idOf(vmB.id);
      // What deployVirtualMachine securitygroupnames=web does through the compute family.
      await sgs.assignVm(a, { names: ['web'] });
      await sgs.assignVm(b, ['web']);
      const rules = async (vm: number) => {
        const r = await h.db.selectFrom('security_group_vm_rules').selectAll().where('vm_id', '=', vm).executeTakeFirst();
        return r ? { version: r.version, set: JSON.parse(r.rules) as SgVmRuleSet } : undefined;
      };
      const ipA = String((vmA.nic as Json[])[0]!.ipaddress);
      const ipB = String((vmB.nic as Json[])[0]!.ipaddress);
      const ra = (await rules(a))!;
      assert.equal(ra.set.vmId, vmA.id);
      assert.deepEqual(ra.set.nics.map((n) => n.ip), [ipA], 'the NIC in the security-group network');
      const mysql = ra.set.ingress.find((x) => x.startPort === 3306)!;
      assert.deepEqual([...mysql.cidrs].sort(), [`${ipA}/32`, `${ipB}/32`].sort(), 'the web group reference expands to its members');
      assert.deepEqual(ra.set.ingress.find((x) => x.startPort === 22)!.cidrs, ['0.0.0.0/0', '198.51.100.0/24']);
      assert.deepEqual(ra.set.ingress.find((x) => x.protocol === 'icmp')!.cidrs, ['10.0.0.0/8']);
      assert.equal(ra.set.egressDefault, 'deny');
      assert.deepEqual(ra.set.egress.map((x) => [x.protocol, x.startPort, x.cidrs]), [['udp', 53, ['8.8.8.8/32']]]);
      const listed = (await groups(user.client, { id: String(web.id) }))[0]!;
      assert.equal(listed.virtualmachinecount, 2);
      assert.deepEqual([...(listed.virtualmachineids as string[])].sort(), [vmA.id, vmB.id].sort());
      assert.deepEqual((await groups(user.client, { virtualmachineid: String(vmA.id) })).map((g) => g.name), ['web']);

      // A rule change reaches every member; revoking the egress rule opens egress again.
      const egress = ((listed.egressrule as Json[])[0]!).ruleid;
      const rv = await user.client.job('revokeSecurityGroupEgress', { id: String(egress) });
      assert.equal(rv.jobstatus, 1, JSON.stringify(rv.jobresult));
      const ra2 = (await rules(a))!;
      assert.equal(ra2.version, ra.version + 1);
      assert.equal(ra2.set.egressDefault, 'allow');
      assert.equal((await rules(b))!.set.egressDefault, 'allow');

      // A member leaving (expunge) drops its address from the others' sets.
      await sgs.removeVm(b);
      assert.equal(await rules(b), undefined);
      assert.deepEqual((await rules(a))!.set.ingress.find((x) => x.startPort === 3306)!.cidrs, [`${ipA}/32`]);

      // A group with members can not be deleted, nor one other groups' rules name, nor the default group.
      await expectError(user.client, 'deleteSecurityGroup', { id: String(web.id) }, 536, /in use by virtual machine/);
      const dflt = (await groups(user.client, { securitygroupname: 'default' }))[0]!;
      await expectError(user.client, 'deleteSecurityGroup', { id: String(dflt.id) }, 431, /default/);
      const app = (await user.client.ok('createSecurityGroup', { name: 'app' })).securitygroup as Json;
      const x = await authorize(user.client, 'Ingress', {
        securitygroupid: String(web.id), protocol: 'tcp', startport: 8080, endport: 8080, 'usersecuritygrouplist[0].account': user.name, 'usersecuritygrouplist[0].group': 'app',
      });
      assert.equal(x.jobstatus, 1, JSON.stringify(x.jobresult));
      await expectError(user.client, 'deleteSecurityGroup', { name: 'app' }, 536, /reference/);
      assert.equal((await groups(user.client, { id: String(app.id) })).length, 1);
      await sgs.removeVm(a);
    } finally {
      await h.close();
    }
  });

  it('keeps tenants apart: another account sees only its own groups and touches nothing of others', async () => {
    const theirs = await groups(other.client);
    assert.deepEqual(theirs.map((g) => g.name), ['default']);
    assert.deepEqual(await groups(other.client, { id: String(web.id) }), []);
    const id = String(web.id);
    const rule = ((await groups(user.client, { id }))[0]!.ingressrule as Json[])[0]!;
    await expectError(other.client, 'authorizeSecurityGroupIngress', { securitygroupid: id, protocol: 'tcp', startport: 1, endport: 1, cidrlist: '0.0.0.0/0' }, 531);
    await expectError(other.client, 'authorizeSecurityGroupEgress', { securitygroupid: id, protocol: 'tcp', startport: 1, endport: 1, cidrlist: '0.0.0.0/0' }, 531);
    await expectError(other.client, 'revokeSecurityGroupIngress', { id: String(rule.ruleid) }, 531);
    await expectError(other.client, 'deleteSecurityGroup', { id }, 531);
    await expectError(other.client, 'deleteSecurityGroup', { name: 'web', account: user.name, domainid: user.domainId }, 531);
    await expectError(other.client, 'listSecurityGroups', { account: user.name }, 531);
    await expectError(other.client, 'updateSecurityGroup', { id, name: 'mine' }, 432);
    // Its own "web" is another group.
    const own = (await other.client.ok('createSecurityGroup', { name: 'web' })).securitygroup as Json;
    assert.notEqual(own.id, web.id);
  });

  it('lets root admins rename a group, revokes and deletes', async () => {
    const u = await s.admin.ok('updateSecurityGroup', { id: String(web.id), name: 'frontend' });
    assert.equal((u.securitygroup as Json).name, 'frontend');
    const dflt = (await groups(user.client, { securitygroupname: 'default' }))[0]!;
    await expectError(s.admin, 'updateSecurityGroup', { id: String(dflt.id), name: 'x' }, 431, /default/);
    const rules = (await groups(user.client, { id: String(web.id) }))[0]!.ingressrule as Json[];
    for (const r of rules) {
      const j = await user.client.job('revokeSecurityGroupIngress', { id: String(r.ruleid) });
      assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
    }
    assert.deepEqual((await groups(user.client, { id: String(web.id) }))[0]!.ingressrule, []);
    assert.deepEqual(await user.client.ok('deleteSecurityGroup', { name: 'app' }), { success: true });
    assert.deepEqual(await user.client.ok('deleteSecurityGroup', { id: String(web.id) }), { success: true });
    assert.deepEqual((await groups(user.client)).map((g) => g.name), ['default']);
    const types = ((await user.client.ok('listEvents', { pagesize: 200 })).event as Json[]).map((e) => e.type);
    for (const t of ['SG.REVOKE.INGRESS', 'SG.REVOKE.EGRESS', 'SG.DELETE']) assert.ok(types.includes(t), t);
  });

  describe('Ansible cs_securitygroup_rule', { skip: missingAnsible() }, () => {
    it('adds rules idempotently (CIDR, group, ICMP, egress) and removes them', async () => {
      await user.client.ok('createSecurityGroup', { name: 'ansible-sg' });
      const task = (name: string, args: string) => `    - name: ${name}\n      ngine_io.cloudstack.cs_securitygroup_rule:\n${args.split('\n').map((l) => `        ${l}`).join('\n')}\n`;
      const ssh = 'security_group: ansible-sg\nprotocol: tcp\nstart_port: 22\nend_port: 22\ncidr: 0.0.0.0/0';
      const mysql = 'security_group: ansible-sg\nprotocol: tcp\nport: 3306\nuser_security_group: default';
      const ping = 'security_group: ansible-sg\nprotocol: icmp\nicmp_type: 8\nicmp_code: 0\ncidr: 10.0.0.0/8';
      const dns = 'security_group: ansible-sg\ntype: egress\nprotocol: udp\nport: 53\ncidr: 8.8.8.8/32';
      const res = await runPlaybook(s.url, user.client.apiKey, user.client.secretKey, [
        task('ssh', ssh), task('ssh again', ssh), task('mysql from default', mysql), task('mysql again', mysql), task('ping', ping), task('dns out', dns),
        task('ping again', ping), task('drop ssh', `${ssh}\nstate: absent`), task('drop ssh again', `${ssh}\nstate: absent`),
      ].join(''));
      const changed = (n: string) => {
        const r = res.get(n);
        assert.ok(r && !r.failed, `${n}: ${JSON.stringify(r)}`);
        return r.changed;
      };
      assert.equal(changed('ssh'), true);
      assert.equal(res.get('ssh')!.start_port, 22, 'the rule comes back from the job result');
      assert.equal(changed('ssh again'), false);
      assert.equal(changed('mysql from default'), true);
      assert.equal(res.get('mysql from default')!.user_security_group, 'default');
      assert.equal(changed('mysql again'), false);
      assert.equal(changed('ping'), true);
      assert.equal(changed('dns out'), true);
      assert.equal(changed('ping again'), false);
      assert.equal(changed('drop ssh'), true);
      assert.equal(changed('drop ssh again'), false);
      const g = (await groups(user.client, { securitygroupname: 'ansible-sg' }))[0]!;
      assert.deepEqual((g.ingressrule as Json[]).map((r) => r.protocol).sort(), ['icmp', 'tcp']);
      assert.deepEqual((g.egressrule as Json[]).map((r) => [r.protocol, r.startport, r.cidr]), [['udp', 53, '8.8.8.8/32']]);
    });
  });
});
