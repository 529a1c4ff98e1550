// The VM state machine of CloudStack (VirtualMachine.State), written as a table.
// Services apply a transition with compare-and-set in SQL: UPDATE … SET state=next
// WHERE id=? AND state=current, so concurrent requests cannot both win.

export const VM_STATES = ['Starting', 'Running', 'Stopping', 'Stopped', 'Destroyed', 'Expunging', 'Migrating', 'Error', 'Unknown'] as const;
export type VmState = (typeof VM_STATES)[number];

export type VmEvent =
  | 'StartRequested'
  | 'StopRequested'
  | 'RebootRequested'
  | 'OperationSucceeded'
  | 'OperationFailed'
  | 'MigrationRequested'
  | 'DestroyRequested'
  | 'RecoveryRequested'
  | 'ExpungeOperation'
  | 'HostDown'
  | 'ReportedRunning'
  | 'ReportedStopped';

type Table = Readonly<Record<VmState, Partial<Readonly<Record<VmEvent, VmState>>>>>;

const table: Table = {
  Stopped: { StartRequested: 'Starting', DestroyRequested: 'Destroyed', ExpungeOperation: 'Expunging', ReportedRunning: 'Running', StopRequested: 'Stopped', HostDown: 'Stopped' },
  Starting: { OperationSucceeded: 'Running', OperationFailed: 'Stopped', ReportedRunning: 'Running', HostDown: 'Stopped', ReportedStopped: 'Stopped' },
  Running: { StopRequested: 'Stopping', RebootRequested: 'Running', MigrationRequested: 'Migrating', HostDown: 'Stopped', ReportedStopped: 'Stopped', ReportedRunning: 'Running' },
  Stopping: { OperationSucceeded: 'Stopped', OperationFailed: 'Running', ReportedStopped: 'Stopped', HostDown: 'Stopped' },
  Migrating: { OperationSucceeded: 'Running', OperationFailed: 'Running', HostDown: 'Stopped', ReportedStopped: 'Stopped' },
  Destroyed: { RecoveryRequested: 'Stopped', ExpungeOperation: 'Expunging' },
  Expunging: { OperationSucceeded: 'Expunging', OperationFailed: 'Expunging', ExpungeOperation: 'Expunging' },
  Error: { DestroyRequested: 'Destroyed', ExpungeOperation: 'Expunging', StartRequested: 'Starting' },
  Unknown: { ReportedRunning: 'Running', ReportedStopped: 'Stopped', HostDown: 'Stopped', DestroyRequested: 'Destroyed', StopRequested: 'Stopping' },
};

/** The state after `event`, or undefined when the event is not allowed in `from`. */
export function nextVmState(from: VmState, event: VmEvent): VmState | undefined {
  return table[from][event];
}

/** The states in which `event` is allowed: used to write the compare-and-set WHERE clause. */
export function statesAllowing(event: VmEvent): VmState[] {
  return VM_STATES.filter((s) => table[s][event] !== undefined);
}

export function isVmState(s: string): s is VmState {
  return (VM_STATES as readonly string[]).includes(s);
}
