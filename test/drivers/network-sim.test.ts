import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { SimNetworkDriver } from '../../src/drivers/network/sim/index.js';
import { Faults } from '../../src/drivers/sim-state/faults.js';
import { SimStore } from '../../src/drivers/sim-state/store.js';
import { networkContract, sampleRouterConfig } from '../../src/drivers/testkit/network.js';

networkContract('simulator', async () => {
  const store = new SimStore();
  return { driver: new SimNetworkDriver(store, new Faults()), cleanup: async () => store.close() };
});

it('simulator network driver injects failures per operation and counts real changes', async () => {
  const faults = new Faults();
  const d = new SimNetworkDriver(new SimStore(), faults);
  faults.failNext('startRouter', 1, 'rk');
  await assert.rejects(d.startRouter('rk', 'r-1-VM'), /simulated failure/);
  await d.startRouter('rk', 'r-1-VM');
  await d.applyRouterConfig('rk', sampleRouterConfig(), 1);
  await d.applyRouterConfig('rk', sampleRouterConfig(), 2);
  assert.equal(d.changesOf('rk'), 1, 'a new version with the same content changes nothing on the router');
});

it('simulator routers survive a management restart (durable store)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-simnet-'));
  const a = new SimStore(join(dir, 'sim.db'));
  const d1 = new SimNetworkDriver(a, new Faults());
  await d1.startRouter('kept', 'r-1-VM');
  await d1.applyRouterConfig('kept', sampleRouterConfig(), 4);
  a.close();
  const b = new SimStore(join(dir, 'sim.db'));
  const r = await new SimNetworkDriver(b, new Faults()).routerReport('kept');
  assert.equal(r?.appliedVersion, 4);
  assert.equal(r?.power, 'Running');
  b.close();
  rmSync(dir, { recursive: true, force: true });
});
