// The simulator's guests: one record per (host, instance name) in the durable SimStore, so a
// restarted management server finds the guests still running, as on a real host.
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
  constructor(private readonly store: SimStore) {}

  isDown(host: string): boolean {
    return this.store.get<{ since: string }>(DOWN, host) !== undefined;
  }

  /** A host that is down answers nothing: every operation on it fails. */
  assertUp(host: string): void {
    if (this.isDown(host)) throw new DomainError('ResourceUnavailable', `Host ${host} is not responding (simulated host down)`);
  }

  get(host: string, name: string): SimGuest | undefined {
    return this.store.get<SimGuest>(GUEST, gkey(host, name));
  }

  put(host: string, g: SimGuest): void {
    this.store.put(GUEST, gkey(host, g.spec.instanceName), g);
  }

  remove(host: string, name: string): void {
    this.store.delete(GUEST, gkey(host, name));
  }

  report(host: string): PowerReport {
    const out: Record<string, PowerState> = {};
    for (const e of this.store.list<SimGuest>(GUEST, `${host}|`)) out[e.value.spec.instanceName] = e.value.power;
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
    return this.store.list<SimGuest>(GUEST).filter((e) => e.value.spec.instanceName === name && e.value.power === 'PowerOn')
      .map((e) => e.key.slice(0, e.key.length - name.length - 1));
  }

  /** The host loses power: it stops answering and every guest on it is off. */
  setDown(host: string, down: boolean): void {
    if (!down) {
      this.store.delete(DOWN, host);
      return;
    }
    this.store.put(DOWN, host, { since: new Date().toISOString() });
    for (const name of Object.keys(this.report(host))) this.kill(host, name);
  }

  downHosts(): string[] {
    return this.store.list<{ since: string }>(DOWN).map((e) => e.key);
  }

  resize(host: string, name: string, to: VmResources): void {
    const g = this.get(host, name);
    if (!g || g.power !== 'PowerOn') throw new DomainError('ResourceUnavailable', `VM ${name} is not running on host ${host}`);
    this.put(host, { ...g, spec: { ...g.spec, cpus: to.cpus, cpuMhz: to.cpuMhz, memoryBytes: to.memoryBytes } });
  }
}
