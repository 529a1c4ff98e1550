// The simulator's guests: one record per (host, instance name) in the durable SimStore, so a
// restarted management server finds the guests still running, as on a real host. Reads go to
// an in-memory index by host (loaded once from the store), so a power report of one host
// costs nothing even with 100,000 guests; every change is written through to the store.
import { DomainError } from '../../../core/errors.js';
import type { SimStore } from '../../sim-state/store.js';
import type { PowerReport, PowerState, VmResources, VmSpec } from '../types.js';
import { parseSimUrl } from './url.js';

export interface SimGuest {
  readonly spec: VmSpec;
  readonly power: PowerState;
  readonly since: string;
  readonly boots: number;
}

const GUEST = 'guest';
const DOWN = 'hostdown';
const gkey = (host: string, name: string) => `${host}|${name}`;

/** The identity of a simulated host: its URL without the query (see parseSimUrl). */
export const hostKey = (url: string): string => parseSimUrl(url).key;

export class SimGuests {
  private index: Map<string, Map<string, SimGuest>> | undefined;
  private downs: Set<string> | undefined;

  constructor(private readonly store: SimStore) {}

  private byHost(): Map<string, Map<string, SimGuest>> {
    if (!this.index) {
      this.index = new Map();
      for (const e of this.store.list<SimGuest>(GUEST)) {
        const host = e.key.slice(0, e.key.length - e.value.spec.instanceName.length - 1);
        this.guestsOf(host).set(e.value.spec.instanceName, e.value);
      }
    }
    return this.index;
  }

  private guestsOf(host: string): Map<string, SimGuest> {
    const idx = this.index!;
    let m = idx.get(host);
    if (!m) idx.set(host, (m = new Map()));
    return m;
  }

  private downSet(): Set<string> {
    if (!this.downs) this.downs = new Set(this.store.list<{ since: string }>(DOWN).map((e) => e.key));
    return this.downs;
  }

  isDown(host: string): boolean {
    return this.downSet().has(host);
  }

  /** A host that is down answers nothing: every operation on it fails. */
  assertUp(host: string): void {
    if (this.isDown(host)) throw new DomainError('ResourceUnavailable', `Host ${host} is not responding (simulated host down)`);
  }

  get(host: string, name: string): SimGuest | undefined {
    return this.byHost().get(host)?.get(name);
  }

  put(host: string, g: SimGuest): void {
    this.store.put(GUEST, gkey(host, g.spec.instanceName), g);
    this.byHost();
    this.guestsOf(host).set(g.spec.instanceName, g);
  }

  remove(host: string, name: string): void {
    this.store.delete(GUEST, gkey(host, name));
    this.byHost().get(host)?.delete(name);
  }

  report(host: string): PowerReport {
    const out: Record<string, PowerState> = {};
    for (const [name, g] of this.byHost().get(host) ?? []) out[name] = g.power;
    return out;
  }

  /** A crash: the guest is still defined on the host but powered off. */
  kill(host: string, name: string): boolean {
    const g = this.get(host, name);
    if (!g || g.power === 'PowerOff') return false;
    this.put(host, { ...g, power: 'PowerOff', since: new Date().toISOString() });
    return true;
  }

  /** Hosts (keys) on which a running guest of this name exists. */
  hostsRunning(name: string): string[] {
    return [...this.byHost()].filter(([, m]) => m.get(name)?.power === 'PowerOn').map(([host]) => host);
  }

  /** The host loses power: it stops answering and every guest on it is off. */
  setDown(host: string, down: boolean): void {
    if (!down) {
      this.store.delete(DOWN, host);
      this.downSet().delete(host);
      return;
    }
    this.store.put(DOWN, host, { since: new Date().toISOString() });
    this.downSet().add(host);
    for (const name of Object.keys(this.report(host))) this.kill(host, name);
  }

  downHosts(): string[] {
    return [...this.downSet()];
  }

  resize(host: string, name: string, to: VmResources): void {
    const g = this.get(host, name);
    if (!g || g.power !== 'PowerOn') throw new DomainError('ResourceUnavailable', `VM ${name} is not running on host ${host}`);
    this.put(host, { ...g, spec: { ...g.spec, cpus: to.cpus, cpuMhz: to.cpuMhz, memoryBytes: to.memoryBytes } });
  }
}
