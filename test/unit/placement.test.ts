import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HostCandidate, type PlacementRequest, rankHosts } from '../../src/core/placement.js';

const GiB = 1024 ** 3;
const host = (id: number, over: Partial<HostCandidate> = {}): HostCandidate => ({
  id, zoneId: 1, podId: 1, clusterId: 1, up: true, enabled: true, cpuTotal: 8 * 2000, cpuUsed: 0, memTotal: 16 * GiB, memUsed: 0,
  cores: 8, tags: [], cpuOverprovisioning: 1, memOverprovisioning: 1, ...over,
});
const req = (over: Partial<PlacementRequest> = {}): PlacementRequest => ({
  cpuNumber: 1, cpuSpeed: 500, memory: 512 * 1024 ** 2, zoneId: 1, hostTags: [], avoidHosts: new Set(), ...over,
});

describe('placement', () => {
  it('prefers the host with the most free memory and rejects full ones with a reason', () => {
    const r = rankHosts([host(1, { memUsed: 15.9 * GiB }), host(2, { memUsed: 4 * GiB }), host(3, { memUsed: 1 * GiB })], req({ memory: 1 * GiB }));
    assert.deepEqual(r.ranked.map((h) => h.id), [3, 2]);
    assert.deepEqual(r.rejected, [{ hostId: 1, reason: 'not enough free memory' }]);
  });
  it('applies over-provisioning factors', () => {
    const full = host(1, { cpuUsed: 16000 });
    assert.equal(rankHosts([full], req()).ranked.length, 0);
    assert.equal(rankHosts([{ ...full, cpuOverprovisioning: 2 }], req()).ranked.length, 1);
  });
  it('honours host tags, avoid sets, affinity, scope and host state', () => {
    const hosts = [host(1, { tags: ['ssd'] }), host(2), host(3, { up: false }), host(4, { enabled: false }), host(5, { clusterId: 2 })];
    assert.deepEqual(rankHosts(hosts, req({ hostTags: ['SSD'] })).ranked.map((h) => h.id), [1]);
    assert.deepEqual(rankHosts(hosts, req({ avoidHosts: new Set([1, 2]) })).ranked.map((h) => h.id), [5]);
    assert.deepEqual(rankHosts(hosts, req({ onlyHosts: new Set([2]) })).ranked.map((h) => h.id), [2]);
    assert.deepEqual(rankHosts(hosts, req({ clusterId: 2 })).ranked.map((h) => h.id), [5]);
    assert.deepEqual(rankHosts(hosts, req({ cpuNumber: 9 })).ranked, []);
  });
});
