// Resource limits and counts: listResourceLimits / updateResourceLimit / updateResourceCount
// through signed HTTP (defaults from the max.* settings, the account ≤ domain ≤ parent rules,
// who may change what), and ResourceLimitService.reserve()/release() used directly on the same
// database: limits along the account → domain → ROOT chain, concurrency, recounting.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import { type DbHandle, openDatabase } from '../../src/db/connect.js';
import { loadCaller } from '../../src/services/caller-loader.js';
import { EventService } from '../../src/services/events.js';
import { resolveId } from '../../src/services/lookup.js';
import { ResourceLimitService } from '../../src/services/resource-limits.js';
import { SettingsService } from '../../src/services/settings.js';
import { type TestAccount, newAccount } from '../helpers/accounts.js';
import { type Json, inner } from '../helpers/cs-client.js';
import { type TestServer, freshDatabaseUrl, startTestServer } from '../helpers/server.js';

const items = (r: Json, key: string) => (r[key] as Json[] | undefined) ?? [];
const GiB = 1024 ** 3;

describe('resource limits', () => {
  let s: TestServer;
  let dataDir: string;
  let h: DbHandle;
  let limits: ResourceLimitService;
  let rootDomain: string;
  let dept: string;
  let team: string;
  let other: string;
  let deptAdmin: TestAccount;
  let deptUser: TestAccount;
  let teamUser: TestAccount;
  let otherUser: TestAccount;
  let otherUser2: TestAccount;
  let plainUser: TestAccount;

  const createDomain = async (name: string, parentdomainid?: string) =>
    String(((await s.admin.ok('createDomain', parentdomainid ? { name, parentdomainid } : { name })).domain as Json).id);
  const setLimit = async (client: TestAccount['client'], params: Record<string, string | number>) =>
    (await client.ok('updateResourceLimit', params)).resourcelimit as Json;
  const internalId = async (uuid: string) => (await resolveId(h.db, 'accounts', uuid))!;
  const limitOf = async (client: TestAccount['client'], params: Record<string, string | number>) =>
    items(await client.ok('listResourceLimits', params), 'resourcelimit');

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nubo-limits-'));
    const databaseUrl = await freshDatabaseUrl();
    s = await startTestServer({ dataDir, databaseUrl });
    // A second handle on the server's own database, to drive the service directly.
    h = openDatabase({ url: databaseUrl, dataDir });
    limits = new ResourceLimitService(h.db, new SettingsService(h.db), new EventService(h.db));
    rootDomain = String(items(await s.admin.ok('listDomains'), 'domain')[0]!.id);
    dept = await createDomain('dept');
    team = await createDomain('team', dept);
    other = await createDomain('other');
    deptAdmin = await newAccount(s, { type: 'domainadmin', domainId: dept });
    deptUser = await newAccount(s, { domainId: dept });
    teamUser = await newAccount(s, { domainId: team });
    otherUser = await newAccount(s, { domainId: other });
    otherUser2 = await newAccount(s, { domainId: other });
    plainUser = await newAccount(s);
  });
  after(async () => {
    await h.close();
    await s.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists an account\'s limits: the max.account.* defaults, in CloudStack units', async () => {
    const own = await limitOf(plainUser.client, {});
    assert.equal(own.length, 12);
    assert.deepEqual(own.map((l) => l.resourcetype), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    assert.deepEqual(own.map((l) => l.max), [20, 20, 20, 20, 20, 10, 20, 20, 40, 40960, 200, 400]);
    assert.deepEqual(own.map((l) => l.resourcetypename).slice(0, 3), ['user_vm', 'public_ip', 'volume']);
    assert.equal(own[0]!.account, plainUser.name);
    assert.equal(own[0]!.domainpath, 'ROOT');
    assert.deepEqual((await limitOf(plainUser.client, { resourcetype: 9 })).map((l) => l.max), [40960]);
    assert.deepEqual((await limitOf(plainUser.client, { resourcetypename: 'primary_storage', resourcetype: 0 })).map((l) => l.resourcetype), ['10']);
    const badLists: Record<string, string | number>[] = [{ resourcetype: 12 }, { resourcetypename: 'gpu' }, { tag: 'ssd' }, { projectid: '00000000-0000-0000-0000-000000000000' }];
    for (const p of badLists) {
      assert.equal((await plainUser.client.call('listResourceLimits', p)).status, 431, JSON.stringify(p));
    }
    const admin = await limitOf(s.admin, {});
    assert.ok(admin.every((l) => l.max === -1), 'root admin accounts are unlimited');
    const dom = await limitOf(s.admin, { domainid: dept });
    assert.equal(dom.length, 12);
    assert.equal(dom[0]!.account, undefined);
    assert.equal(dom[0]!.domainpath, 'ROOT/dept');
    assert.deepEqual(dom.map((l) => l.max), [40, 40, 40, 40, 40, 50, 40, 40, 80, 81920, 400, 800]);
  });

  it('follows changes of the default settings', async () => {
    await s.admin.ok('updateConfiguration', { name: 'max.account.snapshots', value: '7' });
    await s.admin.ok('updateConfiguration', { name: 'max.domain.snapshots', value: '70' });
    try {
      assert.equal((await limitOf(plainUser.client, { resourcetype: 3 }))[0]!.max, 7);
      assert.equal((await limitOf(s.admin, { domainid: other, resourcetype: 3 }))[0]!.max, 70);
    } finally {
      await s.admin.ok('resetConfiguration', { name: 'max.account.snapshots' });
      await s.admin.ok('resetConfiguration', { name: 'max.domain.snapshots' });
    }
  });

  it('sets account and domain limits within their parent\'s, and records events', async () => {
    const d = (await s.admin.ok('updateResourceLimit', { domainid: dept, resourcetype: 0, max: 10 })).resourcelimit as Json;
    assert.equal(d.max, 10);
    assert.equal(d.domainid, dept);
    assert.equal(d.account, undefined);
    const a = (await s.admin.ok('updateResourceLimit', { domainid: dept, account: deptUser.name, resourcetype: 0, max: 5 })).resourcelimit as Json;
    assert.equal(a.max, 5);
    assert.equal(a.account, deptUser.name);
    assert.equal((await limitOf(deptUser.client, { resourcetype: 0 }))[0]!.max, 5);
    const ps = (await s.admin.ok('updateResourceLimit', { domainid: dept, account: deptUser.name, resourcetype: 10, max: 50 })).resourcelimit as Json;
    assert.equal(ps.max, 50, 'storage limits in GiB');
    // The sub-domain inherits dept's 10 and may not be given more.
    assert.equal((await limitOf(s.admin, { domainid: team, resourcetype: 0 }))[0]!.max, 10);
    const tooHigh: Record<string, string | number>[] = [
      { domainid: dept, account: deptUser.name, resourcetype: 0, max: 11 },
      { domainid: team, account: teamUser.name, resourcetype: 0, max: 11 },
      { domainid: team, resourcetype: 0, max: 11 },
    ];
    for (const p of tooHigh) {
      const r = await s.admin.call('updateResourceLimit', p);
      assert.equal(r.status, 431, `${JSON.stringify(p)} → ${r.text}`);
      assert.match(String(inner(r.body).errortext), /less than or equal to 10/);
    }
    assert.equal((await setLimit(s.admin, { domainid: team, resourcetype: 0, max: 8 })).max, 8);
    assert.equal((await setLimit(s.admin, { domainid: team, account: teamUser.name, resourcetype: 0 })).max, -1,
      'no max means unlimited; the domains above still apply');
    const events = items(await s.admin.ok('listEvents', { type: 'RESOURCE.LIMIT.UPDATE', listall: true }), 'event');
    assert.ok(events.length >= 4);
  });

  it('refuses bad updates with 431 (or 531 for ROOT) and changes nothing', async () => {
    const before = await limitOf(s.admin, { domainid: dept, account: deptUser.name });
    const bad: Record<string, string | number>[] = [
      { domainid: dept, account: deptUser.name, resourcetype: 0, max: -2 },
      { domainid: dept, account: deptUser.name, resourcetype: 12, max: 1 },
      { domainid: dept, account: deptUser.name, resourcetype: 0, max: 'five' },
      { domainid: dept, account: 'nobody', resourcetype: 0, max: 1 },
      { account: deptUser.name, resourcetype: 0, max: 1 },
      { resourcetype: 0, max: 1 },
      { domainid: rootDomain, account: 'admin', resourcetype: 0, max: 3 },
      { domainid: rootDomain, account: 'system', resourcetype: 0, max: -1 },
      { domainid: '00000000-0000-0000-0000-000000000000', resourcetype: 0, max: 1 },
      { domainid: dept, account: deptUser.name, resourcetype: 0, max: 1, tag: 'fast' },
    ];
    for (const p of bad) {
      const r = await s.admin.call('updateResourceLimit', p);
      assert.equal(r.status, 431, `${JSON.stringify(p)} → ${r.text}`);
    }
    assert.equal((await s.admin.call('updateResourceLimit', { domainid: rootDomain, resourcetype: 0, max: 1 })).status, 531, 'ROOT has no limits');
    assert.deepEqual(await limitOf(s.admin, { domainid: dept, account: deptUser.name }), before);
  });

  it('lets users read only their own limits, and domain admins change only what is below them', async () => {
    assert.equal((await plainUser.client.call('listResourceLimits', { domainid: dept })).status, 531);
    assert.equal((await plainUser.client.call('listResourceLimits', { domainid: dept, account: deptUser.name })).status, 531);
    for (const cmd of ['updateResourceLimit', 'updateResourceCount']) {
      assert.equal((await plainUser.client.call(cmd, { domainid: rootDomain, account: plainUser.name, resourcetype: 0, max: 100 })).status, 432, cmd);
    }
    // Inside its domain: accounts and sub-domains, within dept's own limit.
    assert.equal((await setLimit(deptAdmin.client, { domainid: dept, account: deptUser.name, resourcetype: 0, max: 6 })).max, 6);
    assert.equal((await setLimit(deptAdmin.client, { domainid: team, resourcetype: 0, max: 9 })).max, 9);
    assert.equal((await deptAdmin.client.call('updateResourceLimit', { domainid: team, resourcetype: 0, max: 11 })).status, 431);
    assert.equal((await limitOf(deptAdmin.client, { domainid: team, account: teamUser.name, resourcetype: 0 }))[0]!.max, -1);
    const denied: Record<string, string | number>[] = [
      { domainid: dept, resourcetype: 0, max: 100 }, // its own domain: that is the root admin's call
      { domainid: dept, account: deptAdmin.name, resourcetype: 0, max: 3 }, // its own account
      { domainid: other, resourcetype: 0, max: 100 },
      { domainid: other, account: otherUser.name, resourcetype: 0, max: 100 },
      { domainid: rootDomain, account: plainUser.name, resourcetype: 0, max: 100 },
    ];
    for (const p of denied) {
      const r = await deptAdmin.client.call('updateResourceLimit', p);
      assert.equal(r.status, 531, `${JSON.stringify(p)} → ${r.text}`);
    }
    assert.equal((await limitOf(s.admin, { domainid: dept, resourcetype: 0 }))[0]!.max, 10);
    assert.equal((await limitOf(s.admin, { domainid: other, account: otherUser.name, resourcetype: 0 }))[0]!.max, 20);
    assert.equal((await deptAdmin.client.call('listResourceLimits', { domainid: other })).status, 531);
    assert.equal((await deptAdmin.client.call('updateResourceCount', { domainid: other })).status, 531);
  });

  it('recounts resource counts of an account or a domain', async () => {
    const all = items(await s.admin.ok('updateResourceCount', { domainid: rootDomain }), 'resourcecount');
    assert.equal(all.length, 12);
    assert.ok(all.every((c) => typeof c.resourcecount === 'number' && c.domainpath === 'ROOT'));
    const acct = items(await deptAdmin.client.ok('updateResourceCount', { domainid: dept, account: deptUser.name, resourcetype: 8 }), 'resourcecount');
    assert.deepEqual(acct.map((c) => [c.account, c.resourcetypename, c.resourcecount]), [[deptUser.name, 'cpu', 0]]);
    const badCounts: Record<string, string | number>[] = [{ domainid: dept, resourcetype: 12 }, { domainid: '00000000-0000-0000-0000-000000000000' }, { domainid: dept, account: 'nobody' }];
    for (const p of badCounts) {
      assert.equal((await s.admin.call('updateResourceCount', p)).status, 431, JSON.stringify(p));
    }
  });

  describe('ResourceLimitService.reserve / release', () => {
    let acct: number;
    let teamAcct: number;

    before(async () => {
      acct = await internalId(deptUser.accountId);
      teamAcct = await internalId(teamUser.accountId);
    });

    const count = async (ownerType: 'account' | 'domain', uuidOrId: string | number, type = 'user_vm') => {
      const id = typeof uuidOrId === 'number' ? uuidOrId : (await resolveId(h.db, 'domains', uuidOrId))!;
      const r = await h.db.selectFrom('resource_counts').select('count').where('owner_type', '=', ownerType).where('owner_id', '=', id)
        .where('type', '=', type).executeTakeFirst();
      return Number(r?.count ?? 0);
    };
    const kindOf = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'ok';
      } catch (e) {
        return e instanceof DomainError ? e.kind : String(e);
      }
    };

    it('takes up to the account limit, then refuses with ResourceLimitExceeded (535) and takes nothing', async () => {
      await s.admin.ok('updateResourceLimit', { domainid: dept, account: deptUser.name, resourcetype: 8, max: 4 });
      await limits.reserve(acct, 'cpu', 3);
      assert.equal(await kindOf(limits.reserve(acct, 'cpu', 2)), 'ResourceLimitExceeded');
      assert.equal(await kindOf(limits.check(acct, 'cpu', 2)), 'ResourceLimitExceeded');
      await limits.check(acct, 'cpu', 1);
      assert.equal(await count('account', acct, 'cpu'), 3);
      assert.equal(await count('domain', dept, 'cpu'), 3, 'the domain counts its accounts');
      assert.equal(await count('domain', rootDomain, 'cpu'), 3, 'up to ROOT');
      assert.deepEqual((await limits.usage('account', acct)).get('cpu'), { limit: 4, count: 3 }, 'what account views show');
      assert.deepEqual((await limits.usage('domain', (await resolveId(h.db, 'domains', dept))!)).get('cpu'), { limit: 80, count: 3 });
      await limits.reserve(acct, 'cpu', 1);
      await limits.release(acct, 'cpu', 4);
      assert.equal(await count('account', acct, 'cpu'), 0);
      assert.equal(await count('domain', dept, 'cpu'), 0);
      await limits.release(acct, 'cpu', 5);
      assert.equal(await count('account', acct, 'cpu'), 0, 'never below zero');
    });

    it('enforces every domain on the chain, across accounts', async () => {
      // team is limited to 9 VMs (above), dept to 10; teamUser itself is unlimited.
      await limits.reserve(teamAcct, 'user_vm', 9);
      assert.equal(await kindOf(limits.reserve(teamAcct, 'user_vm', 1)), 'ResourceLimitExceeded');
      await limits.reserve(acct, 'user_vm', 1);
      assert.equal(await kindOf(limits.reserve(acct, 'user_vm', 1)), 'ResourceLimitExceeded', 'dept is full: 9 + 1');
      assert.equal(await count('domain', dept), 10);
      assert.equal(await count('domain', team), 9);
      assert.equal(await count('account', acct), 1);
      await limits.release(teamAcct, 'user_vm', 9);
      await limits.release(acct, 'user_vm', 1);
      assert.equal(await count('domain', dept), 0);
      assert.equal(await count('domain', rootDomain), 0);
    });

    it('grants exactly 10 of 20 concurrent reservations against a limit of 10', async () => {
      const id = await internalId(otherUser.accountId);
      await s.admin.ok('updateResourceLimit', { domainid: other, account: otherUser.name, resourcetype: 2, max: 10 });
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => limits.reserve(id, 'volume', 1)));
      const granted = results.filter((r) => r.status === 'fulfilled').length;
      const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof DomainError && r.reason.kind === 'ResourceLimitExceeded').length;
      assert.equal(granted, 10);
      assert.equal(refused, 10);
      assert.equal(await count('account', id, 'volume'), 10);
      assert.equal(await count('domain', other, 'volume'), 10);
      await limits.release(id, 'volume', 10);
    });

    it('holds a domain limit shared by two accounts under concurrent reservations', async () => {
      const ids = [await internalId(otherUser.accountId), await internalId(otherUser2.accountId)];
      await s.admin.ok('updateResourceLimit', { domainid: other, resourcetype: 6, max: 6 });
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => limits.reserve(ids[i % 2]!, 'network', 1)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 6);
      assert.equal(await count('domain', other, 'network'), 6);
      assert.equal((await count('account', ids[0]!, 'network')) + (await count('account', ids[1]!, 'network')), 6);
      for (const id of ids) await limits.release(id, 'network', await count('account', id, 'network'));
      assert.equal(await count('domain', other, 'network'), 0);
    });

    it('counts storage in bytes against limits given in GiB', async () => {
      await limits.reserve(acct, 'primary_storage', 50 * GiB);
      assert.equal(await kindOf(limits.reserve(acct, 'primary_storage', 1)), 'ResourceLimitExceeded');
      await limits.release(acct, 'primary_storage', 50 * GiB);
    });

    it('never limits root admin accounts', async () => {
      const admin = (await resolveId(h.db, 'accounts', String(items(await s.admin.ok('listAccounts', { name: 'admin' }), 'account')[0]!.id)))!;
      await limits.reserve(admin, 'user_vm', 1000);
      await limits.release(admin, 'user_vm', 1000);
    });

    it('reserves inside a caller\'s transaction, undone with it', async () => {
      await assert.rejects(h.db.transaction().execute(async (tx) => {
        await limits.reserve(acct, 'snapshot', 2, tx);
        throw new Error('the caller fails after reserving');
      }));
      assert.equal(await count('account', acct, 'snapshot'), 0);
      assert.equal(await count('domain', dept, 'snapshot'), 0);
    });

    it('recounts from the rows a family reports, and re-sums the domains', async () => {
      await limits.reserve(acct, 'template', 3);
      await limits.reserve(teamAcct, 'template', 2);
      // Pretend the templates family finds 1 real template for deptUser and none for teamUser.
      limits.registerCounter('template', async (accountId) => (accountId === acct ? 1 : 0));
      const caller = (await loadCaller(h.db, { userId: 2 }))!.caller;
      const counts = await limits.recalculate(caller, { domainId: dept, resourceType: 4 });
      assert.deepEqual(counts.map((c) => [c.ownerType, c.type.name, c.count]), [['domain', 'template', 1]]);
      assert.equal(await count('account', acct, 'template'), 1);
      assert.equal(await count('account', teamAcct, 'template'), 0);
      assert.equal(await count('domain', team, 'template'), 0);
      assert.equal(await count('domain', rootDomain, 'template'), 1);
      // Through the API the server's own templates family recounts the real rows: there are none.
      const api = items(await s.admin.ok('updateResourceCount', { domainid: dept, resourcetype: 4 }), 'resourcecount');
      assert.equal(api[0]!.resourcecount, 0);
    });
  });
});
