// CloudStack's simulator mocks (configureSimulator): "the next N StartCommands on host X fail",
// "every StopCommand waits 2 s". The simulator drivers call `enter(op, target)` before each
// operation; this Faults keeps the mocks by id so querySimulatorMock/cleanupSimulatorMock work.
import { DomainError, invalidParam } from '../../../core/errors.js';
import { Faults } from '../../sim-state/faults.js';
import type { MockInfo, MockScope } from '../types.js';

/** Operations of the simulator hypervisor driver; their fault target is the host key. */
export const HYPERVISOR_OPS = ['startVm', 'stopVm', 'rebootVm', 'migrateVm', 'scaleVm', 'listVms', 'pingHost'] as const;
const STORAGE_OPS = ['createVolume', 'deleteVolume', 'resizeVolume', 'copyVolume', 'downloadImage', 'copyImage', 'deleteImage', 'snapshotVolume', 'restoreVolume', 'volumeToImage'];
const hvOps: ReadonlySet<string> = new Set(HYPERVISOR_OPS);

/** CloudStack agent command names (lower case) → the driver operations they stand for. */
const COMMAND_OPS: Readonly<Record<string, readonly string[]>> = {
  startcommand: ['startVm'],
  stopcommand: ['stopVm'],
  rebootcommand: ['rebootVm'],
  migratecommand: ['migrateVm'],
  prepareformigrationcommand: ['migrateVm'],
  scalevmcommand: ['scaleVm'],
  pingcommand: ['pingHost'],
  pingroutingcommand: ['pingHost'],
  checkhealthcommand: ['pingHost'],
  checkvirtualmachinecommand: ['listVms'],
  getvmstatscommand: ['listVms'],
  createcommand: ['createVolume'],
  createobjectcommand: ['createVolume'],
  destroycommand: ['deleteVolume'],
  deletecommand: ['deleteVolume'],
  resizevolumecommand: ['resizeVolume'],
  copycommand: ['copyVolume', 'copyImage'],
  downloadcommand: ['downloadImage'],
  createsnapshotcommand: ['snapshotVolume'],
};

/** The driver operations a mock name stands for: a CloudStack command or an operation's own name. */
export function opsOfMock(name: string): readonly string[] {
  const lower = name.toLowerCase();
  return COMMAND_OPS[lower] ?? [...HYPERVISOR_OPS, ...STORAGE_OPS].filter((op) => op.toLowerCase() === lower);
}

interface Mock {
  readonly id: number;
  readonly name: string;
  readonly ops: ReadonlySet<string>;
  /** Host keys a hypervisor operation must target; undefined: any host. */
  readonly hosts?: ReadonlySet<string>;
  readonly fail: boolean;
  readonly waitMs: number;
  remaining?: number;
  readonly scope: MockScope;
}

export interface MockDefinition {
  readonly name: string;
  readonly ops: readonly string[];
  readonly hosts?: readonly string[];
  readonly fail: boolean;
  readonly waitMs: number;
  readonly count?: number;
  readonly scope: MockScope;
}

/** CloudStack's mock values: `enabled:false` fails the command, `wait:<ms>`/`timeout:<ms>` delays it. */
export function parseMockValue(value: string): { fail: boolean; waitMs: number } {
  let fail = false;
  let waitMs = 0;
  for (const part of value.split(';').map((s) => s.trim()).filter(Boolean)) {
    const i = part.indexOf(':');
    const k = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
    const v = (i < 0 ? '' : part.slice(i + 1)).trim().toLowerCase();
    if (k === 'enabled') fail = v === 'false';
    else if (k === 'result') fail = v === 'fail' || v === 'false' || v === 'failure';
    else if (k === 'wait' || k === 'timeout') {
      if (!/^\d{1,7}$/.test(v)) throw invalidParam(`Invalid simulator value ${part}: ${k} takes milliseconds`);
      waitMs = Number(v);
    } else throw invalidParam(`Invalid simulator value ${part}: expected enabled:false, result:fail, wait:<ms> or timeout:<ms>`);
  }
  return { fail, waitMs };
}

export class SimMocks extends Faults {
  private readonly mocks: Mock[] = [];
  private seq = 0;

  add(d: MockDefinition, id = ++this.seq): MockInfo {
    const m: Mock = {
      id, name: d.name, ops: new Set(d.ops), hosts: d.hosts ? new Set(d.hosts) : undefined, fail: d.fail, waitMs: d.waitMs,
      remaining: d.count, scope: d.scope,
    };
    this.mocks.push(m);
    return info(m);
  }

  query(id: number): MockInfo | undefined {
    const m = this.mocks.find((x) => x.id === id);
    return m ? info(m) : undefined;
  }

  remove(id: number): boolean {
    const i = this.mocks.findIndex((x) => x.id === id);
    if (i < 0) return false;
    this.mocks.splice(i, 1);
    return true;
  }

  override clear(): void {
    this.mocks.length = 0;
    super.clear();
  }

  override async enter(op: string, target?: string): Promise<void> {
    for (const m of this.mocks) {
      if (!m.ops.has(op)) continue;
      if (m.hosts && hvOps.has(op) && (target === undefined || !m.hosts.has(target))) continue;
      if (m.remaining !== undefined) {
        if (m.remaining <= 0) continue;
        m.remaining--;
      }
      if (m.waitMs > 0) await new Promise((r) => setTimeout(r, m.waitMs));
      if (m.fail) throw new DomainError('ResourceUnavailable', `Simulated failure of ${m.name} (simulator mock ${m.id})`);
    }
    await super.enter(op, target);
  }
}

function info(m: Mock): MockInfo {
  return { id: m.id, name: m.name, count: m.remaining, scope: m.scope };
}
