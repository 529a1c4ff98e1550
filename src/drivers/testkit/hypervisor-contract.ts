// The contract every hypervisor driver passes (DESIGN.md §2 testkit): run it from a test with
// a URL the driver should accept and one it must refuse.
import assert from 'node:assert/strict';
import { DomainError } from '../../core/errors.js';
import type { HypervisorDriver } from '../hypervisor/types.js';

export async function checkHypervisorContract(d: HypervisorDriver, goodUrl: string, badUrl: string, creds: { username: string; password: string }): Promise<void> {
  const facts = await d.probeHost(goodUrl, creds.username, creds.password);
  assert.equal(facts.hypervisorType, d.type, 'facts name the driver type');
  assert.ok(facts.guid.length > 0, 'a guid');
  assert.ok(facts.name.length > 0, 'a name');
  assert.match(facts.ipAddress, /^\d+\.\d+\.\d+\.\d+$/, 'an IPv4 address');
  for (const k of ['cpuSockets', 'cpuCores', 'cpuSpeedMhz', 'memoryBytes'] as const) {
    assert.ok(Number.isInteger(facts[k]) && facts[k] > 0, `${k} is a positive integer`);
  }
  assert.ok(facts.cpuSockets <= facts.cpuCores, 'no more sockets than cores');
  assert.ok(['x86_64', 'aarch64'].includes(facts.arch), 'a known arch');
  const again = await d.probeHost(goodUrl, creds.username, creds.password);
  assert.equal(again.guid, facts.guid, 'the same host probes to the same guid');
  await assert.rejects(d.probeHost(badUrl, creds.username, creds.password), (e) => e instanceof DomainError, 'a bad URL is a typed error');
}
