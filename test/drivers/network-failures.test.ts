// What happens when the network driver cannot apply a router's config (the simulator's fault
// injection, reached here through the services because configureSimulator names host and
// storage operations only): the rule job fails with 530 and the rule is taken back out, so
// the database says what the router does; once the driver recovers, the next push lands.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Caller } from '../../src/core/caller.js';
import { openDatabase, type DbHandle } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';
import { SimNetworkDriver } from '../../src/drivers/network/sim/index.js';
import { Faults } from '../../src/drivers/sim-state/faults.js';
import { SimStore } from '../../src/drivers/sim-state/store.js';
import { loadCaller } from '../../src/services/caller-loader.js';
import { type Services, createServices } from '../../src/services/index.js';
import { seedDefaults } from '../../src/services/seed.js';

let dir: string;
let h: DbHandle;
let store: SimStore;
let faults: Faults;
let services: Services;
let admin: Caller;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nubo-netfail-'));
  h = openDatabase({ dataDir: dir });
  await migrate(h);
  await seedDefaults(h.db, { adminPassword: 'password' });
  store = new SimStore(join(dir, 'sim.db'));
  faults = new Faults();
  services = createServices(h.db, { serverId: 'test', networkDriver: new SimNetworkDriver(store, faults) });
  const user = await h.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  admin = (await loadCaller(h.db, { userId: user.id }))!.caller;
});

after(async () => {
  services.jobs.stop();
  await services.jobs.drain();
  await h.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function waitJob(uuid: string): Promise<{ status: number; result: string | null }> {
  for (;;) {
    const j = await h.db.selectFrom('async_jobs').select(['status', 'result']).where('uuid', '=', uuid).executeTakeFirstOrThrow();
    if (j.status !== 0) return j;
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('a rule the router cannot take fails its job (530) and is removed; the next push after recovery lands', async () => {
  const zone = await h.db.selectFrom('zones').select(['id', 'uuid']).executeTakeFirstOrThrow();
  const offering = await h.db.selectFrom('network_offerings').select('uuid').where('name', '=', 'DefaultIsolatedNetworkOfferingWithSourceNatService').executeTakeFirstOrThrow();
  const net = await services.networks.create(admin, { name: 'fail-net', networkOfferingId: offering.uuid, zoneId: zone.uuid });
  await services.networks.implement(net.id, admin);
  const router = await services.routers.ofNetwork(net.id);
  assert.equal(router?.state, 'Running');
  const ip = await services.publicIps.submitAssociate(admin, { networkId: net.uuid }, 'x');
  assert.equal((await waitJob(ip.jobUuid)).status, 1);
  const before = await services.routers.configOf(router!.id);

  faults.failNext('applyRouterConfig', 1, router!.uuid);
  const r = await services.firewallRules.submitCreate(admin, ip.ipUuid, { protocol: 'tcp', startPort: 22 }, 'x');
  const j = await waitJob(r.jobUuid);
  assert.equal(j.status, 2, 'the job failed');
  assert.match(String(j.result), /ResourceUnavailable|simulated failure/);
  assert.equal(await h.db.selectFrom('firewall_rules').select('id').where('uuid', '=', r.ruleUuid).executeTakeFirst(), undefined, 'the rule was taken back out');
  const now = await services.routers.configOf(router!.id);
  assert.deepEqual(now.applied, before.applied, 'the router still has what it had');
  assert.ok(!now.config!.firewall.ingress.length, 'and the desired config says so too');

  const again = await services.firewallRules.submitCreate(admin, ip.ipUuid, { protocol: 'tcp', startPort: 22 }, 'x');
  assert.equal((await waitJob(again.jobUuid)).status, 1);
  const applied = await services.routers.configOf(router!.id);
  assert.equal(applied.appliedVersion, applied.version);
  assert.deepEqual(applied.applied?.firewall.ingress.map((x) => x.id), [again.ruleUuid]);
});
