// State machines of the infrastructure inventory, written as tables. Services apply a
// transition with compare-and-set: UPDATE … SET state = to WHERE id = ? AND state IN (from).

/** CloudStack's ResourceState: the admin's view of a host (allocation and maintenance). */
export type HostResourceState =
  | 'Creating' | 'Enabled' | 'Disabled' | 'PrepareForMaintenance' | 'ErrorInPrepareForMaintenance'
  | 'Maintenance' | 'ErrorInMaintenance' | 'Error' | 'Degraded';

export type HostResourceEvent =
  | 'Enable' | 'Disable' | 'AdminAskMaintenance' | 'InternalEnterMaintenance' | 'UnableToMigrate' | 'AdminCancelMaintenance';

export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
}

export const HOST_RESOURCE_TRANSITIONS: Readonly<Record<HostResourceEvent, Transition<HostResourceState>>> = {
  Enable: { from: ['Creating', 'Enabled', 'Disabled'], to: 'Enabled' },
  Disable: { from: ['Creating', 'Enabled', 'Disabled'], to: 'Disabled' },
  AdminAskMaintenance: { from: ['Enabled', 'Disabled', 'ErrorInMaintenance', 'ErrorInPrepareForMaintenance'], to: 'PrepareForMaintenance' },
  InternalEnterMaintenance: { from: ['PrepareForMaintenance'], to: 'Maintenance' },
  UnableToMigrate: { from: ['PrepareForMaintenance'], to: 'ErrorInPrepareForMaintenance' },
  AdminCancelMaintenance: { from: ['PrepareForMaintenance', 'Maintenance', 'ErrorInMaintenance', 'ErrorInPrepareForMaintenance'], to: 'Enabled' },
};

/** Resource states in which a host may be deleted without `forced`. */
export const HOST_DELETABLE_STATES: readonly HostResourceState[] = ['Maintenance', 'Disabled'];

/** Resource states in which the management server leaves a host alone (no reconnect). */
export const HOST_MAINTENANCE_STATES: readonly HostResourceState[] = ['PrepareForMaintenance', 'Maintenance'];

/** CloudStack's host Status: the agent connection as the management server sees it. */
export type HostStatus = 'Creating' | 'Connecting' | 'Up' | 'Down' | 'Disconnected' | 'Alert' | 'Removed' | 'Error';

/** CloudStack's StoragePoolStatus. */
export type PoolStatus =
  | 'Initial' | 'Up' | 'PrepareForMaintenance' | 'ErrorInMaintenance' | 'CancelMaintenance' | 'Maintenance' | 'Disabled' | 'Removed';

export type PoolEvent = 'Enable' | 'Disable' | 'PrepareMaintenance' | 'EnterMaintenance' | 'MaintenanceFailed' | 'CancelMaintenance' | 'CancelDone';

export const POOL_TRANSITIONS: Readonly<Record<PoolEvent, Transition<PoolStatus>>> = {
  Enable: { from: ['Disabled', 'Up'], to: 'Up' },
  Disable: { from: ['Up', 'Disabled'], to: 'Disabled' },
  PrepareMaintenance: { from: ['Up', 'Disabled', 'ErrorInMaintenance'], to: 'PrepareForMaintenance' },
  EnterMaintenance: { from: ['PrepareForMaintenance'], to: 'Maintenance' },
  MaintenanceFailed: { from: ['PrepareForMaintenance'], to: 'ErrorInMaintenance' },
  CancelMaintenance: { from: ['Maintenance', 'ErrorInMaintenance', 'PrepareForMaintenance'], to: 'CancelMaintenance' },
  CancelDone: { from: ['CancelMaintenance'], to: 'Up' },
};

/** Where an event leads from a state, or undefined when the table has no such transition. */
export function nextState<S extends string, E extends string>(table: Readonly<Record<E, Transition<S>>>, event: E, from: S): S | undefined {
  const t = table[event];
  return t.from.includes(from) ? t.to : undefined;
}

/** Grouping.AllocationState of zones, pods and clusters. */
export type AllocationState = 'Enabled' | 'Disabled';

/** Case-insensitive parse of an allocation state; CloudStack also accepts the verbs for hosts. */
export function parseAllocationState(s: string): AllocationState | undefined {
  const v = s.trim().toLowerCase();
  if (v === 'enabled' || v === 'enable') return 'Enabled';
  if (v === 'disabled' || v === 'disable') return 'Disabled';
  return undefined;
}
