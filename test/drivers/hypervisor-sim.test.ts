// The simulator hypervisor passes the hypervisor contract, keeps its guests across restarts
// (durable SimStore) and injects CloudStack-style mocks: failures, latency, host down, VM dies.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SimHypervisorDriver, SimMocks } from '../../src/drivers/hypervisor/sim/index.js';
import type { VmSpec } from '../../src/drivers/hypervisor/types.js';
import { SimStore } from '../../src/drivers/sim-state/store.js';
import { SimStorageDriver } from '../../src/drivers/storage/sim/index.js';
import { hypervisorContract } from '../../src/drivers/testkit/hypervisor.js';

const spec = (instanceName: string): VmSpec => ({
  instanceName, uuid: `uuid-${instanceName}`, cpus: 1, cpuMhz: 500, memoryBytes: 512 * 1024 ** 2,
  disks: [{ poolUrl: 'sim://pool', path: `${instanceName}-root`, deviceId: 0, type: 'ROOT' }],
  nics: [{ mac: '02:00:00:00:00:01', ip: '10.1.1.10', networkKey: 'vlan://100', deviceId: 0, isDefault: true }],
  configDrive: { hostname: instanceName, publicKeys: [], metaData: {} },
});

hypervisorContract('simulator', async () => {
  const store = new SimStore();
  const mocks = new SimMocks();
  const storage = new SimStorageDriver(store, mocks);
  return {
    driver: new SimHypervisorDriver(store, mocks),
    hostUrl: 'http://sim/c0/h0', otherHostUrl: 'http://sim/c0/h1', badUrl: 'ftp://elsewhere/h0',
    spec: async (name) => {
      await storage.createVolume('sim://pool', { name: `${name}-root`, sizeBytes: 1024 ** 3 });
      return spec(name);
    },
    cleanup: async () => store.close(),
  };
});

describe('simulator hypervisor specifics', () => {
  it('fails the next N starts on one host (configureSimulator StartCommand enabled:false)', async () => {
    const d = new SimHypervisorDriver();
    const m = d.simulator.configure({ name: 'StartCommand', value: 'enabled:false', count: 2, scope: { hostId: 7 }, hostUrls: ['http://sim/c0/h0?memory=1024'] });
    assert.equal(m.count, 2);
    await d.startVm('http://sim/c0/h1', spec('other-host'));
    for (let i = 0; i < 2; i++) await assert.rejects(d.startVm('http://sim/c0/h0', spec('a')), /Simulated failure of StartCommand/);
    assert.equal(d.simulator.query(m.id)?.count, 0);
    await d.startVm('http://sim/c0/h0', spec('a'));
    assert.equal((await d.listVms('http://sim/c0/h0')).a, 'PowerOn');
    assert.ok(d.simulator.cleanup(m.id));
    assert.equal(d.simulator.query(m.id), undefined);
  });

  it('delays an operation (wait:ms) and refuses unknown commands or values', async () => {
    const d = new SimHypervisorDriver();
    d.simulator.configure({ name: 'StopCommand', value: 'wait:40', scope: {} });
    await d.startVm('sim://h', spec('slow'));
    const t = Date.now();
    await d.stopVm('sim://h', 'slow', false);
    assert.ok(Date.now() - t >= 35);
    assert.throws(() => d.simulator.configure({ name: 'FrobnicateCommand', value: 'enabled:false', scope: {} }), /Unknown simulator command/);
    assert.throws(() => d.simulator.configure({ name: 'StartCommand', value: 'colour:blue', scope: {} }), /Invalid simulator value/);
  });

  it('shares mocks with the storage driver (CreateCommand fails volume creation)', async () => {
    const store = new SimStore();
    const mocks = new SimMocks();
    const d = new SimHypervisorDriver(store, mocks);
    const s = new SimStorageDriver(store, mocks);
    d.simulator.configure({ name: 'CreateCommand', value: 'enabled:false', count: 1, scope: {} });
    await assert.rejects(s.createVolume('sim://p', { name: 'v', sizeBytes: 1 }), /Simulated failure/);
    await s.createVolume('sim://p', { name: 'v', sizeBytes: 1 });
  });

  it('a host that goes down stops answering and loses its guests until the mock is cleaned up', async () => {
    const d = new SimHypervisorDriver();
    await d.startVm('http://sim/c0/h0', spec('victim'));
    const m = d.simulator.configure({ name: 'HostDown', value: '', scope: { hostId: 1 }, hostUrls: ['http://sim/c0/h0'] });
    await assert.rejects(d.pingHost('http://sim/c0/h0'), /not responding/);
    await assert.rejects(d.listVms('http://sim/c0/h0'), /not responding/);
    await assert.rejects(d.startVm('http://sim/c0/h0', spec('x')), /not responding/);
    await d.pingHost('http://sim/c0/h1');
    d.simulator.cleanup(m.id);
    await d.pingHost('http://sim/c0/h0');
    assert.equal((await d.listVms('http://sim/c0/h0')).victim, 'PowerOff', 'the guest died with its host');
  });

  it('a VM dies: it stays defined but powered off', async () => {
    const d = new SimHypervisorDriver();
    await d.startVm('http://sim/c0/h3', spec('i-9-9-VM'));
    d.simulator.configure({ name: 'VmDies', value: 'i-9-9-VM', scope: {} });
    assert.equal((await d.listVms('http://sim/c0/h3'))['i-9-9-VM'], 'PowerOff');
    assert.throws(() => d.simulator.configure({ name: 'VmDies', value: 'i-9-9-VM', scope: {} }), /No running simulated VM/);
    await d.startVm('http://sim/c0/h3', spec('i-9-9-VM'));
    assert.equal((await d.listVms('http://sim/c0/h3'))['i-9-9-VM'], 'PowerOn');
  });

  it('keeps its guests across a management server restart (durable store)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-simhv-'));
    const a = new SimStore(join(dir, 'sim.db'));
    await new SimHypervisorDriver(a).startVm('http://sim/c0/h0', spec('kept'));
    a.close();
    const b = new SimStore(join(dir, 'sim.db'));
    assert.deepEqual(await new SimHypervisorDriver(b).listVms('http://sim/c0/h0'), { kept: 'PowerOn' });
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
