// The simulator hypervisor: hosts that exist only as the facts their URL describes.
// It is a real driver (the services cannot tell it from QEMU), just without machines.
import { createHash } from 'node:crypto';
import type { HostFacts, HypervisorDriver } from '../types.js';
import { parseSimUrl } from './url.js';

export const SIM_HYPERVISOR_VERSION = '4.22.0.0';

/** A stable private address per host URL, in 172.16.0.0/12 like CloudStack's simulated agents. */
function simAddress(key: string): string {
  const h = createHash('sha256').update(key).digest();
  return `172.${16 + (h[0]! & 15)}.${h[1]!}.${1 + (h[2]! % 254)}`;
}

export class SimHypervisorDriver implements HypervisorDriver {
  readonly type = 'Simulator' as const;

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
}
