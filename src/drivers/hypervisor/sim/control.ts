// configureSimulator for the simulator hypervisor: CloudStack command mocks (kept by SimMocks)
// plus two Nubo effects, `HostDown` (the host stops answering and its guests die, until the
// mock is cleaned up) and `VmDies` (one guest powers off, as if it crashed).
import { invalidParam } from '../../../core/errors.js';
import type { MockInfo, MockRequest, SimulatorControl } from '../types.js';
import { type SimGuests, hostKey } from './guests.js';
import { type SimMocks, opsOfMock, parseMockValue } from './mocks.js';

export class SimControl implements SimulatorControl {
  /** Mock id → host keys it took down. */
  private readonly downs = new Map<number, string[]>();

  constructor(
    private readonly guests: SimGuests,
    private readonly mocks: SimMocks,
  ) {}

  configure(m: MockRequest): MockInfo {
    const hosts = m.hostUrls?.map(hostKey);
    switch (m.name.toLowerCase()) {
      case 'hostdown': {
        if (!hosts?.length) throw invalidParam('HostDown needs hostid (or a pod, cluster or zone with hosts)');
        for (const h of hosts) this.guests.setDown(h, true);
        const info = this.mocks.add({ name: m.name, ops: [], fail: false, waitMs: 0, scope: m.scope });
        this.downs.set(info.id, hosts);
        return info;
      }
      case 'vmdies': {
        const name = m.value.replace(/^instancename:/i, '').trim();
        const on = hosts ?? this.guests.hostsRunning(name);
        const killed = on.filter((h) => this.guests.kill(h, name));
        if (!killed.length) throw invalidParam(`No running simulated VM ${name}${hosts ? ' on the given hosts' : ''}`);
        return this.mocks.add({ name: m.name, ops: [], fail: false, waitMs: 0, count: 0, scope: m.scope });
      }
      default: {
        const ops = opsOfMock(m.name);
        if (!ops.length) throw invalidParam(`Unknown simulator command ${m.name}`);
        if (m.count !== undefined && m.count < 1) throw invalidParam('count must be at least 1');
        const v = parseMockValue(m.value);
        return this.mocks.add({ name: m.name, ops, hosts, fail: v.fail, waitMs: v.waitMs, count: m.count, scope: m.scope });
      }
    }
  }

  query(id: number): MockInfo | undefined {
    return this.mocks.query(id);
  }

  cleanup(id?: number): boolean {
    if (id === undefined) {
      for (const h of this.guests.downHosts()) this.guests.setDown(h, false);
      this.downs.clear();
      this.mocks.clear();
      return true;
    }
    for (const h of this.downs.get(id) ?? []) this.guests.setDown(h, false);
    this.downs.delete(id);
    return this.mocks.remove(id);
  }
}
