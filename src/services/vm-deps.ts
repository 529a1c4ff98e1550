// What the VM operations share: the database, events, jobs, settings, limits, the drivers and
// the peer families (bound once every service exists).
import { DomainError } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { HypervisorDriver, HypervisorDrivers, HypervisorType } from '../drivers/hypervisor/types.js';
import type { StorageDriver } from '../drivers/storage/types.js';
import type { KeyedLock } from '../jobs/keyed-lock.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';
import type { VmPeers } from './vm-peers.js';

export interface VmDeps {
  readonly db: Db;
  readonly events: EventService;
  readonly jobs: JobRunner;
  readonly settings: SettingsService;
  readonly limits: ResourceLimitService;
  readonly hypervisors: HypervisorDrivers;
  readonly storage: readonly StorageDriver[];
  /** Serialises placement of VMs sharing an affinity group, so two cannot pick one host together. */
  readonly placementLock: KeyedLock;
  peers(): VmPeers;
}

export function hypervisorFor(d: VmDeps, type: string): HypervisorDriver {
  const drv = d.hypervisors[type as HypervisorType];
  if (!drv) throw new DomainError('ResourceUnavailable', `No ${type} hypervisor driver is configured on this management server`);
  return drv;
}
