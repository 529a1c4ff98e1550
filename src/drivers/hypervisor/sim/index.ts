// The simulator hypervisor: hosts that exist only as the facts their URL describes, and guests
// that exist as records in the simulator's durable store. It is a real driver (the services
// cannot tell it from QEMU), just without machines; faults come from the shared SimMocks.
import { createHash } from 'node:crypto';
import { DomainError } from '../../../core/errors.js';
import { SimStore } from '../../sim-state/store.js';
import type { HostFacts, HypervisorDriver, PowerReport, SimulatorControl, VmResources, VmSpec } from '../types.js';
import { SimGuests, hostKey } from './guests.js';
import { SimMocks } from './mocks.js';
import { SimControl } from './control.js';
import { parseSimUrl } from './url.js';

export { SimMocks } from './mocks.js';

export const SIM_HYPERVISOR_VERSION = '4.22.0.0';

/** A stable private address per host URL, in 172.16.0.0/12 like CloudStack's simulated agents. */
function simAddress(key: string): string {
  const h = createHash('sha256').update(key).digest();
  return `172.${16 + (h[0]! & 15)}.${h[1]!}.${1 + (h[2]! % 254)}`;
}

const notRunning = (name: string, host: string) => new DomainError('ResourceUnavailable', `VM ${name} is not running on host ${host}`);

export class SimHypervisorDriver implements HypervisorDriver {
  readonly type = 'Simulator' as const;
  readonly simulator: SimulatorControl;
  private readonly guests: SimGuests;

  /** Without a store the world lives in memory; `mocks` is shared with the simulator storage driver. */
  constructor(store: SimStore = new SimStore(), private readonly mocks: SimMocks = new SimMocks()) {
    this.guests = new SimGuests(store);
    this.simulator = new SimControl(this.guests, mocks);
  }

  async probeHost(url: string, _username: string, _password: string): Promise<HostFacts> {
    const spec = parseSimUrl(url);
    return {
      guid: `sim:${createHash('sha256').update(spec.key).digest('hex').slice(0, 32)}`,
      name: spec.name,
      ipAddress: simAddress(spec.key),
      cpuSockets: spec.cpuSockets,
      cpuCores: spec.cpuCores,
      cpuSpeedMhz: spec.cpuSpeedMhz,
      memoryBytes: spec.memoryBytes,
      hypervisorType: 'Simulator',
      hypervisorVersion: SIM_HYPERVISOR_VERSION,
      capabilities: ['hvm', 'snapshot'],
      arch: 'x86_64',
    };
  }

  /** Checks the host is up and runs the mocks of `op`; returns the host key. */
  private async enter(op: string, hostUrl: string): Promise<string> {
    const host = hostKey(hostUrl);
    this.guests.assertUp(host);
    await this.mocks.enter(op, host);
    return host;
  }

  async pingHost(hostUrl: string): Promise<void> {
    await this.enter('pingHost', hostUrl);
  }

  async listVms(hostUrl: string): Promise<PowerReport> {
    return this.guests.report(await this.enter('listVms', hostUrl));
  }

  async startVm(hostUrl: string, spec: VmSpec): Promise<void> {
    const host = await this.enter('startVm', hostUrl);
    const g = this.guests.get(host, spec.instanceName);
    if (g?.power === 'PowerOn') return;
    this.guests.put(host, { spec, power: 'PowerOn', since: new Date().toISOString(), boots: (g?.boots ?? 0) + 1 });
  }

  async stopVm(hostUrl: string, instanceName: string, _force: boolean): Promise<void> {
    const host = await this.enter('stopVm', hostUrl);
    // Like a transient libvirt domain: once shut down the host no longer reports it.
    this.guests.remove(host, instanceName);
  }

  async rebootVm(hostUrl: string, instanceName: string): Promise<void> {
    const host = await this.enter('rebootVm', hostUrl);
    const g = this.guests.get(host, instanceName);
    if (g?.power !== 'PowerOn') throw notRunning(instanceName, host);
    this.guests.put(host, { ...g, since: new Date().toISOString(), boots: g.boots + 1 });
  }

  async migrateVm(fromHostUrl: string, toHostUrl: string, spec: VmSpec): Promise<void> {
    const to = hostKey(toHostUrl);
    this.guests.assertUp(to);
    const from = await this.enter('migrateVm', fromHostUrl);
    const src = this.guests.get(from, spec.instanceName);
    const dst = this.guests.get(to, spec.instanceName);
    if (dst?.power === 'PowerOn' && src?.power !== 'PowerOn') return;
    if (src?.power !== 'PowerOn') throw notRunning(spec.instanceName, from);
    this.guests.put(to, { spec, power: 'PowerOn', since: src.since, boots: src.boots });
    this.guests.remove(from, spec.instanceName);
  }

  async scaleVm(hostUrl: string, instanceName: string, to: VmResources): Promise<void> {
    this.guests.resize(await this.enter('scaleVm', hostUrl), instanceName, to);
  }
}
