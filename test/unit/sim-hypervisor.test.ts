import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimHypervisorDriver } from '../../src/drivers/hypervisor/sim/index.js';
import { SIM_DEFAULTS } from '../../src/drivers/hypervisor/sim/url.js';
import { checkHypervisorContract } from '../../src/drivers/testkit/hypervisor-contract.js';

describe('simulator hypervisor driver', () => {
  const d = new SimHypervisorDriver();

  it('passes the hypervisor driver contract', async () => {
    await checkHypervisorContract(d, 'http://sim/c0/h0', 'ftp://elsewhere/h0', { username: '', password: '' });
  });

  it('reports the defaults: 16 cores × 2000 MHz, 64 GiB', async () => {
    const f = await d.probeHost('sim://host-a', 'root', 'x');
    assert.equal(f.cpuCores, 16);
    assert.equal(f.cpuSpeedMhz, 2000);
    assert.equal(f.memoryBytes, 64 * 1024 ** 3);
    assert.equal(f.cpuSockets, SIM_DEFAULTS.cpuSockets);
    assert.equal(f.name, 'SimulatedAgent.host-a');
    assert.equal(f.hypervisorType, 'Simulator');
  });

  it('takes cpunumber, cpuspeed and memory from the query', async () => {
    const f = await d.probeHost('http://sim/c1/h7?cpunumber=4&cpuspeed=3000&memory=8589934592', '', '');
    assert.deepEqual([f.cpuCores, f.cpuSpeedMhz, f.memoryBytes], [4, 3000, 8589934592]);
    assert.equal(f.name, 'SimulatedAgent.c1-h7');
    assert.equal((await d.probeHost('http://sim/c1/h7', '', '')).guid, f.guid, 'the query does not change which host it is');
    assert.notEqual((await d.probeHost('http://sim/c1/h8', '', '')).guid, f.guid);
  });

  it('refuses malformed URLs and silly sizes', async () => {
    for (const bad of ['http://sim/', 'http://other/c0/h0', 'sim://h?cpunumber=0', 'sim://h?memory=-1', 'sim://h?cpuspeed=abc', 'not a url', 'sim://h/bad%20name']) {
      await assert.rejects(d.probeHost(bad, '', ''), /Invalid simulator host URL/, bad);
    }
  });
});
