// The simulator network driver: routers exist as records in the simulator's durable store.
// It checks what it is given as a real router would have to (versions, interfaces, NAT
// targets inside the guest network) and records it, so tests can read back what was applied.
import { createHash } from 'node:crypto';
import { DomainError } from '../../../core/errors.js';
import { inSubnet, parseCidr, parseIpv4 } from '../../../core/ipv4.js';
import type { Faults } from '../../sim-state/faults.js';
import type { SimStore } from '../../sim-state/store.js';
import type { NetworkDriver, RouterConfig, RouterKey, RouterReport } from '../types.js';

const KIND = 'router';
/** Configs are kept apart from the small router record, so a status read does not parse them. */
const CONFIG = 'router-config';

interface SimRouter {
  readonly name: string;
  readonly power: 'Running' | 'Stopped';
  readonly appliedVersion: number;
  /** Hash of the applied config's JSON (its text lives under CONFIG). */
  readonly appliedHash: string | null;
  /** How many pushes actually changed something (tests check idempotence with it). */
  readonly changes: number;
}

const unavailable = (msg: string) => new DomainError('ResourceUnavailable', msg);

/** A config a real router could not apply is refused, as the Linux driver would fail on it. */
function checkConfig(c: RouterConfig): void {
  const guest = parseCidr(c.guest.cidr);
  if (!guest) throw unavailable(`router ${c.routerName}: guest CIDR ${c.guest.cidr} is invalid`);
  const inGuest = (ip: string) => {
    const n = parseIpv4(ip);
    return n !== undefined && inSubnet(n, guest);
  };
  if (!inGuest(c.guest.ip)) throw unavailable(`router ${c.routerName}: its guest address ${c.guest.ip} is outside ${c.guest.cidr}`);
  for (const l of c.dhcp.leases) if (!inGuest(l.ip)) throw unavailable(`router ${c.routerName}: DHCP lease ${l.ip} is outside ${c.guest.cidr}`);
  const publicIps = new Set(c.public ? [c.public.ip, ...c.public.aliases] : []);
  for (const f of c.portForwards) {
    if (!publicIps.has(f.publicIp)) throw unavailable(`router ${c.routerName}: forward ${f.id} uses ${f.publicIp}, which the router does not hold`);
    if (!inGuest(f.guestIp)) throw unavailable(`router ${c.routerName}: forward ${f.id} targets ${f.guestIp} outside ${c.guest.cidr}`);
  }
  for (const s of c.staticNat) {
    if (!publicIps.has(s.publicIp)) throw unavailable(`router ${c.routerName}: static NAT uses ${s.publicIp}, which the router does not hold`);
  }
  if (c.sourceNat && !publicIps.has(c.sourceNat.publicIp)) throw unavailable(`router ${c.routerName}: source NAT address ${c.sourceNat.publicIp} is not on its public side`);
}

export class SimNetworkDriver implements NetworkDriver {
  constructor(
    private readonly store: SimStore,
    readonly faults: Faults,
  ) {}

  private get(key: RouterKey): SimRouter | undefined {
    return this.store.get<SimRouter>(KIND, key);
  }

  private report(key: RouterKey, r: SimRouter): RouterReport {
    const text = r.appliedHash === null ? undefined : this.store.get<string>(CONFIG, key);
    return { key, power: r.power, appliedVersion: r.appliedVersion, appliedConfig: text === undefined ? null : (JSON.parse(text) as RouterConfig) };
  }

  async startRouter(key: RouterKey, name: string): Promise<RouterReport> {
    await this.faults.enter('startRouter', key);
    const r: SimRouter = { ...(this.get(key) ?? { name, appliedVersion: 0, appliedHash: null, changes: 0 }), power: 'Running' };
    this.store.put(KIND, key, r);
    return this.report(key, r);
  }

  async stopRouter(key: RouterKey): Promise<RouterReport> {
    await this.faults.enter('stopRouter', key);
    const cur = this.get(key);
    if (!cur) throw unavailable(`router ${key} does not exist`);
    const r: SimRouter = { ...cur, power: 'Stopped' };
    this.store.put(KIND, key, r);
    return this.report(key, r);
  }

  async destroyRouter(key: RouterKey): Promise<void> {
    await this.faults.enter('destroyRouter', key);
    this.store.delete(KIND, key);
    this.store.delete(CONFIG, key);
  }

  async applyRouterConfig(key: RouterKey, config: RouterConfig, version: number): Promise<RouterReport> {
    await this.faults.enter('applyRouterConfig', key);
    const cur = this.get(key);
    if (!cur) throw unavailable(`router ${key} does not exist`);
    if (!Number.isInteger(version) || version < 1) throw unavailable(`router ${key}: invalid config version ${version}`);
    // Older or equal versions are late duplicates of what is already there: nothing to do.
    if (version <= cur.appliedVersion) return this.report(key, cur);
    checkConfig(config);
    const text = JSON.stringify(config);
    const hash = createHash('sha1').update(text).digest('hex');
    const changed = hash !== cur.appliedHash;
    const r: SimRouter = { ...cur, appliedVersion: version, appliedHash: hash, changes: cur.changes + (changed ? 1 : 0) };
    if (changed) this.store.put(CONFIG, key, text);
    this.store.put(KIND, key, r);
    return { key, power: r.power, appliedVersion: version, appliedConfig: config };
  }

  async routerReport(key: RouterKey): Promise<RouterReport | undefined> {
    const r = this.get(key);
    return r ? this.report(key, r) : undefined;
  }

  async listRouters(): Promise<RouterReport[]> {
    return this.store.list<SimRouter>(KIND).map((e) => this.report(e.key, e.value));
  }

  /** How many applied versions changed the router's config (for idempotence checks). */
  changesOf(key: RouterKey): number {
    return this.get(key)?.changes ?? 0;
  }
}
