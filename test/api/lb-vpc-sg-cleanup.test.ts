// Account deletion takes what the account owns in load balancing, VPCs and security groups:
// LB rules with their members and policies, VPCs with tiers, router, ACL lists, gateways,
// routes and addresses, security groups with their rules and memberships.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import type { Json } from '../helpers/cs-client.js';
import { openTestDb } from '../helpers/infra.js';
import { associate, isolatedNetwork, offeringId } from '../helpers/networks.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { deploy, seeded } from '../helpers/vms.js';

describe('account deletion and the second networking family', () => {
  let s: TestServer;
  let user: TestAccount;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('removes the account\'s LB rules, VPCs and security groups', async () => {
    const sd = await seeded(s.admin);
    user = await newAccount(s);
    const c = user.client;
    const net = await isolatedNetwork(c, sd.zoneId);
    const vm = await deploy(c, sd, { networkids: String(net.id) });
    const ip = await associate(c, { networkid: String(net.id) });
    const lb = await c.job('createLoadBalancerRule', { publicipid: String(ip.id), name: 'lb', algorithm: 'source', publicport: 80, privateport: 80 });
    const lbId = String(((lb.jobresult as Json).loadbalancer as Json).id);
    assert.equal((await c.job('assignToLoadBalancerRule', { id: lbId, virtualmachineids: String(vm.id) })).jobstatus, 1);
    assert.equal((await c.job('createLBHealthCheckPolicy', { lbruleid: lbId })).jobstatus, 1);
    const offering = ((await c.ok('listVPCOfferings', { isdefault: true })).vpcoffering as Json[])[0]!;
    const v = await c.job('createVPC', { name: 'doomed', zoneid: sd.zoneId, vpcofferingid: String(offering.id), cidr: '10.70.0.0/16' });
    const vpc = (v.jobresult as Json).vpc as Json;
    const tier = (await c.ok('createNetwork', {
      name: 't', displaytext: 't', zoneid: sd.zoneId, vpcid: String(vpc.id), gateway: '10.70.1.1', netmask: '255.255.255.0',
      networkofferingid: await offeringId(c, 'DefaultIsolatedNetworkOfferingForVpcNetworksNoLB'),
    })).network as Json;
    await deploy(c, sd, { networkids: String(tier.id) });
    const acl = await c.job('createNetworkACLList', { name: 'a', vpcid: String(vpc.id) });
    assert.equal(acl.jobstatus, 1, JSON.stringify(acl.jobresult));
    assert.equal((await c.job('createNetworkACL', { aclid: String(((acl.jobresult as Json).networkacllist as Json).id), protocol: 'tcp', startport: 22 })).jobstatus, 1);
    assert.equal((await c.job('createStaticRoute', { vpcid: String(vpc.id), nexthop: '10.70.1.9', cidr: '192.168.9.0/24' })).jobstatus, 1);
    await c.ok('createSecurityGroup', { name: 'sg' });
    assert.equal((await c.job('authorizeSecurityGroupIngress', { securitygroupname: 'sg', protocol: 'tcp', startport: 22, endport: 22, cidrlist: '0.0.0.0/0' })).jobstatus, 1);

    const d = await s.admin.job('deleteAccount', { id: user.accountId });
    assert.equal(d.jobstatus, 1, JSON.stringify(d.jobresult));

    const h = openTestDb(s);
    try {
      const acct = (await h.db.selectFrom('accounts').select('id').where('uuid', '=', user.accountId).executeTakeFirstOrThrow()).id;
      const n = async (q: Promise<{ n: number }>) => Number((await q).n);
      assert.equal(await n(h.db.selectFrom('vpcs').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', acct).where('removed', 'is', null).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('security_groups').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', acct).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('static_routes').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', acct).executeTakeFirstOrThrow()), 0);
      const vpcId = (await h.db.selectFrom('vpcs').select('id').where('uuid', '=', String(vpc.id)).executeTakeFirstOrThrow()).id;
      assert.equal(await n(h.db.selectFrom('network_acl_lists').select((eb) => eb.fn.countAll<number>().as('n')).where('vpc_id', '=', vpcId).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('routers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', acct).where('removed', 'is', null).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('public_ip_addresses').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', acct).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('load_balancer_rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('lb_vm_maps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('lb_healthcheck_policies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()), 0);
      assert.equal(await n(h.db.selectFrom('security_group_rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()), 0);
    } finally {
      await h.close();
    }
  });
});
