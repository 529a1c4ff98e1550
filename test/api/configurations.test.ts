// Global settings through signed HTTP: listing and filters, typed updates, scoped values that
// stay in their scope, reset, the API page size following default.page.size, events, and
// who may read or change what.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { type Json, inner } from '../helpers/cs-client.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const items = (r: Json, key: string) => (r[key] as Json[] | undefined) ?? [];

describe('configurations', () => {
  let s: TestServer;
  let userA: TestAccount;
  let userB: TestAccount;
  let childDomain: string;
  let childAdmin: TestAccount;
  let childUser: TestAccount;
  let otherDomain: string;

  const config = async (name: string, scope: Record<string, string> = {}) => {
    const r = await s.admin.ok('listConfigurations', { name, ...scope });
    const c = items(r, 'configuration').find((x) => x.name === name);
    assert.ok(c, `${name} listed`);
    return c;
  };
  const value = async (name: string, scope: Record<string, string> = {}) => (await config(name, scope)).value;

  before(async () => {
    s = await startTestServer();
    userA = await newAccount(s);
    userB = await newAccount(s);
    childDomain = String(((await s.admin.ok('createDomain', { name: 'cfg-child' })).domain as Json).id);
    otherDomain = String(((await s.admin.ok('createDomain', { name: 'cfg-other' })).domain as Json).id);
    childAdmin = await newAccount(s, { type: 'domainadmin', domainId: childDomain });
    childUser = await newAccount(s, { domainId: childDomain });
  });
  after(async () => s.close());

  it('lists settings with CloudStack names, defaults and types, filtered by name, category and keyword', async () => {
    const all = await s.admin.ok('listConfigurations');
    assert.ok(Number(all.count) >= 80, `count ${String(all.count)}`);
    const names = items(all, 'configuration').map((c) => String(c.name));
    for (const n of ['cpu.overprovisioning.factor', 'storage.overprovisioning.factor', 'max.account.user.vms', 'max.domain.cpus', 'max.project.memory',
      'expunge.delay', 'vm.destroy.forcestop', 'network.gc.interval', 'router.template.kvm', 'vm.allocation.algorithm', 'host.capacityType.to.order.clusters',
      'api.throttling.enabled', 'default.page.size']) {
      assert.ok(names.includes(n), `${n} defined`);
    }
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), 'ordered by name');

    const vms = await config('max.account.user.vms');
    assert.equal(vms.value, '20');
    assert.equal(vms.defaultvalue, '20');
    assert.equal(vms.category, 'Account Defaults');
    assert.equal(vms.type, 'Number');
    assert.equal(vms.isdynamic, true);
    assert.equal(vms.scope, undefined, 'no scope on a global listing');
    assert.equal((await config('cpu.overprovisioning.factor')).type, 'Decimal');
    const algo = await config('vm.allocation.algorithm');
    assert.equal(algo.type, 'Select');
    assert.match(String(algo.options), /firstfit/);

    // name matches a part of the name, as CloudStack's LIKE does
    const byName = await s.admin.ok('listConfigurations', { name: 'overprovisioning' });
    assert.deepEqual(items(byName, 'configuration').map((c) => c.name).sort(), ['cpu.overprovisioning.factor', 'mem.overprovisioning.factor', 'storage.overprovisioning.factor']);
    const byCategory = await s.admin.ok('listConfigurations', { category: 'Domain Defaults' });
    assert.ok(items(byCategory, 'configuration').every((c) => String(c.name).startsWith('max.domain.')));
    assert.equal(byCategory.count, 12);
    const byKeyword = await s.admin.ok('listConfigurations', { keyword: 'throttling' });
    assert.ok(items(byKeyword, 'configuration').some((c) => c.name === 'api.throttling.max'));
    const paged = await s.admin.ok('listConfigurations', { category: 'Domain Defaults', page: 2, pagesize: 5 });
    assert.equal(paged.count, 12);
    assert.equal(items(paged, 'configuration').length, 5);
    assert.deepEqual(await s.admin.ok('listConfigurations', { name: 'no.such.setting' }), {});
  });

  it('updates a global setting, type-checked, and records CONFIGURATION.VALUE.EDIT', async () => {
    const r = (await s.admin.ok('updateConfiguration', { name: 'expunge.delay', value: '120' })).configuration as Json;
    assert.equal(r.name, 'expunge.delay');
    assert.equal(r.value, '120');
    assert.equal(r.scope, undefined);
    assert.equal(await value('expunge.delay'), '120');
    const b = (await s.admin.ok('updateConfiguration', { name: 'vm.destroy.forcestop', value: 'TRUE' })).configuration as Json;
    assert.equal(b.value, 'true', 'booleans are stored lower-cased');
    const f = (await s.admin.ok('updateConfiguration', { name: 'cpu.overprovisioning.factor', value: '2.5' })).configuration as Json;
    assert.equal(f.value, '2.5');
    const events = items(await s.admin.ok('listEvents', { type: 'CONFIGURATION.VALUE.EDIT', listall: true }), 'event');
    assert.ok(events.some((e) => String(e.description).includes('expunge.delay') && String(e.description).includes('120')), JSON.stringify(events));
  });

  it('refuses bad input with 431 and changes nothing', async () => {
    const before = await value('expunge.interval');
    const bad: Record<string, string>[] = [
      { name: 'no.such.setting', value: '1' },
      { name: 'expunge.interval', value: 'soon' },
      { name: 'expunge.interval', value: '1.5' },
      { name: 'expunge.interval', value: '0' },
      { name: 'expunge.interval', value: '99999999999' },
      { name: 'expunge.interval' },
      { name: 'expunge.interval', value: '5', accountid: userA.accountId }, // global-only setting at account scope
      { name: 'expunge.interval', value: '5', zoneid: '00000000-0000-0000-0000-000000000000' },
      { name: 'expunge.interval', value: '5', domainid: childDomain, accountid: userA.accountId },
      { name: 'vm.destroy.forcestop', value: 'maybe' },
      { name: 'vm.allocation.algorithm', value: 'bestfit' },
      { name: 'hypervisor.list', value: 'KVM,XenServer' },
      { name: 'cluster.cpu.allocated.capacity.disablethreshold', value: '1.5' },
      { name: 'allow.user.view.destroyed.vm', value: 'true', accountid: '99999' },
      { name: 'default.page.size', value: '-1' },
    ];
    for (const p of bad) {
      const r = await s.admin.call('updateConfiguration', p);
      assert.equal(r.status, 431, `${JSON.stringify(p)} → ${r.text}`);
      assert.equal(inner(r.body).errorcode, 431);
    }
    assert.equal(await value('expunge.interval'), before);
    assert.equal(await value('vm.allocation.algorithm'), 'random');
    assert.equal(await value('hypervisor.list'), 'KVM,Simulator');
    assert.equal(await value('allow.user.view.destroyed.vm', { accountid: userA.accountId }), 'false');
    assert.equal(await value('default.page.size'), '500');
    const unknown = await s.admin.call('resetConfiguration', { name: 'no.such.setting' });
    assert.equal(unknown.status, 431);
    const twoScopes = await s.admin.call('listConfigurations', { accountid: userA.accountId, domainid: childDomain });
    assert.equal(twoScopes.status, 431);
  });

  it('keeps an account-scoped value in its account', async () => {
    const r = (await s.admin.ok('updateConfiguration', { name: 'allow.user.view.destroyed.vm', value: 'true', accountid: userA.accountId })).configuration as Json;
    assert.equal(r.scope, 'account');
    assert.equal(r.value, 'true');
    const a = await config('allow.user.view.destroyed.vm', { accountid: userA.accountId });
    assert.equal(a.value, 'true');
    assert.equal(a.scope, 'account');
    assert.equal(await value('allow.user.view.destroyed.vm', { accountid: userB.accountId }), 'false', 'another account');
    assert.equal(await value('allow.user.view.destroyed.vm'), 'false', 'the global value');
    // Listing at account scope shows only settings that have an account scope.
    const scoped = items(await s.admin.ok('listConfigurations', { accountid: userA.accountId }), 'configuration');
    assert.ok(scoped.length > 0 && scoped.every((c) => c.scope === 'account'));
    assert.ok(!scoped.some((c) => c.name === 'expunge.delay'));
  });

  it('keeps a domain-scoped value in its domain, and lets accounts inherit only when enabled', async () => {
    await s.admin.ok('updateConfiguration', { name: 'allow.user.create.projects', value: 'false', domainid: childDomain });
    assert.equal(await value('allow.user.create.projects', { domainid: childDomain }), 'false');
    assert.equal(await value('allow.user.create.projects', { domainid: otherDomain }), 'true');
    assert.equal(await value('allow.user.create.projects'), 'true');

    // An account setting set on a domain needs enable.account.settings.for.domain.
    const refused = await s.admin.call('updateConfiguration', { name: 'allow.user.expunge.recover.vm', value: 'true', domainid: childDomain });
    assert.equal(refused.status, 431, refused.text);
    await s.admin.ok('updateConfiguration', { name: 'enable.account.settings.for.domain', value: 'true' });
    try {
      await s.admin.ok('updateConfiguration', { name: 'allow.user.expunge.recover.vm', value: 'true', domainid: childDomain });
      assert.equal(await value('allow.user.expunge.recover.vm', { accountid: childUser.accountId }), 'true', 'an account of the domain inherits');
      assert.equal(await value('allow.user.expunge.recover.vm', { accountid: userA.accountId }), 'false', 'an account elsewhere does not');
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'enable.account.settings.for.domain', value: 'false' });
    }
    assert.equal(await value('allow.user.expunge.recover.vm', { accountid: childUser.accountId }), 'false', 'no inheritance once disabled');
  });

  it('keeps zone, cluster and storage pool values in their zone, cluster and pool', async () => {
    const zone = String(items(await s.admin.ok('listZones'), 'zone')[0]!.id);
    const zone2 = String(((await s.admin.ok('createZone', { name: 'cfg-zone-2', dns1: '8.8.8.8', internaldns1: '8.8.4.4', networktype: 'Advanced' })).zone as Json).id);
    const cluster = String(items(await s.admin.ok('listClusters'), 'cluster')[0]!.id);
    const pool = String(items(await s.admin.ok('listStoragePools'), 'storagepool')[0]!.id);
    const store = String(items(await s.admin.ok('listImageStores'), 'imagestore')[0]!.id);

    const z = (await s.admin.ok('updateConfiguration', { name: 'router.template.kvm', value: 'Nubo Router', zoneid: zone })).configuration as Json;
    assert.equal(z.scope, 'zone');
    assert.equal((await config('router.template.kvm', { zoneid: zone })).scope, 'zone');
    assert.equal(await value('router.template.kvm', { zoneid: zone }), 'Nubo Router');
    assert.equal(await value('router.template.kvm', { zoneid: zone2 }), 'SystemVM Template (KVM)');
    assert.equal(await value('router.template.kvm'), 'SystemVM Template (KVM)');

    await s.admin.ok('updateConfiguration', { name: 'cpu.overprovisioning.factor', value: '4', clusterid: cluster });
    assert.equal(await value('cpu.overprovisioning.factor', { clusterid: cluster }), '4');
    assert.equal(await value('cpu.overprovisioning.factor'), '2.5', 'the global value set above');
    const inCluster = items(await s.admin.ok('listConfigurations', { clusterid: cluster }), 'configuration');
    assert.ok(inCluster.every((c) => c.scope === 'cluster') && !inCluster.some((c) => c.name === 'expunge.delay'));

    await s.admin.ok('updateConfiguration', { name: 'storage.overprovisioning.factor', value: '3', storageid: pool });
    assert.equal(await value('storage.overprovisioning.factor', { storageid: pool }), '3');
    assert.equal(await value('storage.overprovisioning.factor'), '2');
    assert.equal((await s.admin.call('updateConfiguration', { name: 'storage.overprovisioning.factor', value: '3', zoneid: zone })).status, 431, 'not a zone setting');

    assert.deepEqual(await s.admin.ok('listConfigurations', { imagestoreuuid: store }), {}, 'no setting has an image store scope yet');
    assert.equal((await s.admin.call('updateConfiguration', { name: 'expunge.delay', value: '5', imagestoreuuid: store })).status, 431);

    const reset = (await s.admin.ok('resetConfiguration', { name: 'cpu.overprovisioning.factor', clusterid: cluster })).configuration as Json;
    assert.equal(reset.value, '2.5', 'the cluster falls back to the global value');
    await s.admin.ok('resetConfiguration', { name: 'router.template.kvm', zoneid: zone });
    assert.equal(await value('router.template.kvm', { zoneid: zone }), 'SystemVM Template (KVM)');
  });

  it('resets a value to the default, or a scoped value back to the global one', async () => {
    await s.admin.ok('updateConfiguration', { name: 'network.gc.interval', value: '60' });
    const r = (await s.admin.ok('resetConfiguration', { name: 'network.gc.interval' })).configuration as Json;
    assert.equal(r.value, '600');
    assert.equal(await value('network.gc.interval'), '600');

    await s.admin.ok('updateConfiguration', { name: 'use.system.public.ips', value: 'false' });
    await s.admin.ok('updateConfiguration', { name: 'use.system.public.ips', value: 'true', accountid: userA.accountId });
    const scoped = (await s.admin.ok('resetConfiguration', { name: 'use.system.public.ips', accountid: userA.accountId })).configuration as Json;
    assert.equal(scoped.value, 'false', 'back to the global value');
    assert.equal(scoped.scope, 'account');
    await s.admin.ok('resetConfiguration', { name: 'use.system.public.ips' });
    assert.equal(await value('use.system.public.ips', { accountid: userA.accountId }), 'true');
    const badScope = await s.admin.call('resetConfiguration', { name: 'network.gc.interval', accountid: userA.accountId });
    assert.equal(badScope.status, 431);
  });

  it('makes the API edge enforce a changed default.page.size at once', async () => {
    await s.admin.ok('updateConfiguration', { name: 'default.page.size', value: '2' });
    try {
      const r = await s.admin.ok('listOsCategories');
      assert.equal(items(r, 'oscategory').length, 2);
      assert.ok(Number(r.count) > 2);
      const tooBig = await s.admin.call('listOsCategories', { pagesize: 3 });
      assert.equal(tooBig.status, 431);
      assert.match(String(inner(tooBig.body).errortext), /max allowed page size value: 2/);
    } finally {
      await s.admin.ok('updateConfiguration', { name: 'default.page.size', value: '500' });
    }
    assert.equal((await s.admin.call('listOsCategories', { pagesize: 3 })).status, 200);
  });

  it('lists configuration groups', async () => {
    const all = await s.admin.ok('listConfigurationGroups');
    const groups = items(all, 'configurationgroup');
    assert.ok(groups.some((g) => g.name === 'Access'));
    const one = items(await s.admin.ok('listConfigurationGroups', { group: 'Infrastructure' }), 'configurationgroup');
    assert.equal(one.length, 1);
    assert.ok((one[0]!.subgroup as Json[]).some((sg) => sg.name === 'Cluster'));
    const inGroup = items(await s.admin.ok('listConfigurations', { group: 'Infrastructure', subgroup: 'Cluster' }), 'configuration');
    assert.ok(inGroup.some((c) => c.name === 'cpu.overprovisioning.factor'));
    assert.equal((await s.admin.call('listConfigurations', { group: 'Nope' })).status, 431);
  });

  it('keeps users out and domain admins inside their own domain', async () => {
    for (const cmd of ['listConfigurations', 'updateConfiguration', 'resetConfiguration', 'listConfigurationGroups']) {
      const r = await userA.client.call(cmd, { name: 'expunge.delay', value: '1' });
      assert.equal(r.status, 432, `${cmd}: ${r.text}`);
    }
    // A domain admin lists and sets its own domain's values by default.
    const listed = items(await childAdmin.client.ok('listConfigurations', { name: 'allow.user.create.projects' }), 'configuration');
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.scope, 'domain');
    assert.equal(listed[0]!.value, 'false', 'the value set on its domain above');
    const set = (await childAdmin.client.ok('updateConfiguration', { name: 'allow.user.create.projects', value: 'true' })).configuration as Json;
    assert.equal(set.scope, 'domain');
    assert.equal(await value('allow.user.create.projects', { domainid: childDomain }), 'true');
    assert.equal(await value('allow.user.create.projects'), 'true');
    await childAdmin.client.ok('updateConfiguration', { name: 'allow.user.view.destroyed.vm', value: 'true', accountid: childUser.accountId });
    assert.equal(await value('allow.user.view.destroyed.vm', { accountid: childUser.accountId }), 'true');

    const denied: Record<string, string>[] = [
      { name: 'allow.user.create.projects', value: 'false', domainid: otherDomain },
      { name: 'allow.user.view.destroyed.vm', value: 'true', accountid: userB.accountId },
      { name: 'cpu.overprovisioning.factor', value: '3', clusterid: '1' },
    ];
    for (const p of denied) {
      const r = await childAdmin.client.call('updateConfiguration', p);
      assert.equal(r.status, 531, `${JSON.stringify(p)} → ${r.text}`);
    }
    const global = await childAdmin.client.call('updateConfiguration', { name: 'expunge.delay', value: '5' });
    assert.equal(global.status, 431, 'a global-only setting has no domain scope');
    assert.equal(await value('expunge.delay'), '120');
    assert.equal(await value('allow.user.create.projects', { domainid: otherDomain }), 'true');
    assert.equal((await childAdmin.client.call('listConfigurations', { domainid: otherDomain })).status, 531);
    assert.equal((await childAdmin.client.call('resetConfiguration', { name: 'allow.user.create.projects' })).status, 432);
  });
});
