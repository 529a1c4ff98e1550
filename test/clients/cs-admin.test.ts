// The real `cs` client (python3-cs) driving the admin surface: identity, inventory,
// offerings, settings and limits, and a new user's own keys.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { csCli, missingPythonModule } from '../helpers/python.js';

type J = Record<string, unknown>;
const missing = missingPythonModule('cs');

describe('cs (python3-cs) on the admin surface', { skip: missing }, () => {
  let s: TestServer;
  const cs = async (...args: string[]) => {
    const r = await csCli(s.url, s.admin.apiKey, s.admin.secretKey, args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /HTTP \d{3} response/, `${args.join(' ')}: ${r.stdout}`);
    return r.json;
  };
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('creates a domain, an account and a user, and the user works with its own keys', async () => {
    const domain = (await cs('createDomain', 'name=cs-tenants')).domain as J;
    const account = (await cs('createAccount', 'accounttype=0', 'account=alice', 'username=alice', 'password=Pw-123456',
      'email=alice@example.test', 'firstname=Alice', 'lastname=Doe', `domainid=${String(domain.id)}`)).account as J;
    assert.equal(account.name, 'alice');
    const accounts = (await cs('listAccounts', 'listall=true', 'name=alice')).account as J[];
    assert.equal(accounts.length, 1);
    const user = (await cs('createUser', 'account=alice', `domainid=${String(domain.id)}`, 'username=alice2', 'password=Pw-123456',
      'email=a2@example.test', 'firstname=A', 'lastname=Two')).user as J;
    const keys = (await cs('registerUserKeys', `id=${String(user.id)}`)).userkeys as J;
    const mine = await csCli(s.url, String(keys.apikey), String(keys.secretkey), ['listZones']);
    assert.equal(mine.status, 0, mine.stderr);
    const denied = await csCli(s.url, String(keys.apikey), String(keys.secretkey), ['listHosts']);
    assert.match(denied.stderr, /HTTP 432/);
  });

  it('lists the seeded inventory, offerings and catalogue', async () => {
    const zones = (await cs('listZones')).zone as J[];
    assert.ok(zones.length >= 1);
    const zoneid = String(zones[0]!.id);
    for (const [cmd, key] of [['listPods', 'pod'], ['listClusters', 'cluster'], ['listHosts', 'host'], ['listStoragePools', 'storagepool'],
      ['listImageStores', 'imagestore'], ['listVlanIpRanges', 'vlaniprange']] as const) {
      const r = await cs(cmd, `zoneid=${zoneid}`);
      assert.ok(Array.isArray(r[key]) && (r[key] as J[]).length >= 1, `${cmd} lists ${key}`);
    }
    const so = ((await cs('listServiceOfferings')).serviceoffering as J[]).map((o) => o.name);
    assert.ok(so.includes('Small Instance') && so.includes('Medium Instance'));
    const dos = ((await cs('listDiskOfferings')).diskoffering as J[]).map((o) => o.name);
    assert.ok(dos.includes('Custom'));
    const nos = ((await cs('listNetworkOfferings')).networkoffering as J[]).map((o) => o.name);
    assert.ok(nos.includes('DefaultIsolatedNetworkOfferingWithSourceNatService'));
    assert.ok(((await cs('listOsTypes', 'keyword=CentOS 5.6')).ostype as J[]).length >= 1);
    assert.ok(((await cs('listHypervisors')).hypervisor as J[]).some((h) => h.name === 'Simulator'));
    assert.ok(Array.isArray((await cs('listCapacity', `zoneid=${zoneid}`)).capacity));
  });

  it('changes a setting and a limit', async () => {
    await cs('updateConfiguration', 'name=expunge.delay', 'value=120');
    const c = ((await cs('listConfigurations', 'name=expunge.delay')).configuration as J[])[0]!;
    assert.equal(c.value, '120');
    const limits = (await cs('listResourceLimits')).resourcelimit as J[];
    assert.ok(limits.length >= 10);
  });
});
