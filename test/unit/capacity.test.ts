import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAPACITY_TYPES, byUsageDesc, percentUsed, sumCapacities } from '../../src/core/capacity.js';

describe('capacity arithmetic', () => {
  it('formats percentages as CloudStack does', () => {
    assert.equal(percentUsed(0, 100), '0');
    assert.equal(percentUsed(1, 8), '12.5');
    assert.equal(percentUsed(1, 3), '33.33');
    assert.equal(percentUsed(5, 0), '0', 'no capacity is 0% used');
    assert.equal(percentUsed(100, 100), '100');
  });

  it('sums hosts, pools, stores and IPs into typed figures', () => {
    const figs = sumCapacities({
      hosts: [
        { cpuCores: 16, cpuSpeedMhz: 2000, memoryBytes: 64, cpuUsedMhz: 1000, memoryUsedBytes: 8 },
        { cpuCores: 4, cpuSpeedMhz: 1000, memoryBytes: 16, cpuUsedMhz: 0, memoryUsedBytes: 0 },
      ],
      pools: [{ capacityBytes: 1000, usedBytes: 10, allocatedBytes: 100 }],
      imageStores: [{ total: 500, used: 0 }],
      virtualPublicIps: { total: 10, used: 2 },
      directPublicIps: { total: 0, used: 0 },
      privateIps: { total: 199, used: 0 },
    });
    const by = Object.fromEntries(figs.map((f) => [f.name, f]));
    assert.deepEqual(by.CPU, { name: 'CPU', type: CAPACITY_TYPES.CPU, total: 36000, used: 1000 });
    assert.deepEqual(by.MEMORY, { name: 'MEMORY', type: 0, total: 80, used: 8 });
    assert.equal(by.CPU_CORE!.total, 20);
    assert.equal(by.STORAGE!.used, 10);
    assert.equal(by.STORAGE_ALLOCATED!.used, 100);
    assert.equal(by.SECONDARY_STORAGE!.total, 500);
    assert.equal(by.VIRTUAL_NETWORK_PUBLIC_IP!.used, 2);
    assert.equal(by.PRIVATE_IP!.total, 199);
    assert.deepEqual(figs.map((f) => f.type), [0, 1, 2, 3, 4, 5, 6, 8, 90], 'CloudStack type order');
  });

  it('reports only the groups a level has, and sorts by usage', () => {
    assert.deepEqual(sumCapacities({ hosts: [] }).map((f) => f.name), ['MEMORY', 'CPU', 'CPU_CORE']);
    assert.deepEqual(sumCapacities({}), []);
    const sorted = [{ total: 10, used: 1 }, { total: 0, used: 0 }, { total: 10, used: 9 }].sort(byUsageDesc);
    assert.deepEqual(sorted.map((x) => x.used), [9, 1, 0]);
  });
});
