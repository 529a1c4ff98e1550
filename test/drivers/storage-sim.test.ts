import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Faults } from '../../src/drivers/sim-state/faults.js';
import { SimStore } from '../../src/drivers/sim-state/store.js';
import { SimStorageDriver } from '../../src/drivers/storage/sim/index.js';
import { qcow2Header, storageContract } from '../../src/drivers/testkit/storage.js';

storageContract('simulator', async () => {
  const store = new SimStore();
  return {
    driver: new SimStorageDriver(store, new Faults()),
    poolUrl: 'sim://pool-a', storeUrl: 'sim://store-a', otherPoolUrl: 'sim://pool-b', otherStoreUrl: 'sim://store-b',
    image: qcow2Header(2 * 1024 ** 3), imageVirtualSize: 2 * 1024 ** 3,
    cleanup: async () => store.close(),
  };
});

it('simulator storage injects latency and failures per operation', async () => {
  const faults = new Faults();
  const d = new SimStorageDriver(new SimStore(), faults);
  faults.failNext('createVolume', 1, 'sim://p');
  await assert.rejects(d.createVolume('sim://p', { name: 'v', sizeBytes: 1 }), /simulated failure/);
  await d.createVolume('sim://p', { name: 'v', sizeBytes: 1 });
  faults.setLatency('probePool', 30);
  const t = Date.now();
  await d.probePool('sim://p');
  assert.ok(Date.now() - t >= 25);
});

it('simulator storage keeps its world across restarts (durable store)', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'nubo-sim-'));
  const a = new SimStore(join(dir, 'sim.db'));
  await new SimStorageDriver(a, new Faults()).createVolume('sim://p', { name: 'kept', sizeBytes: 1 });
  a.close();
  const b = new SimStore(join(dir, 'sim.db'));
  assert.deepEqual(await new SimStorageDriver(b, new Faults()).listVolumes('sim://p'), ['kept']);
  b.close();
  rmSync(dir, { recursive: true, force: true });
});
