import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VM_STATES, nextVmState, statesAllowing } from '../../src/core/vm-state.js';

describe('VM state table', () => {
  it('follows the CloudStack lifecycle', () => {
    assert.equal(nextVmState('Stopped', 'StartRequested'), 'Starting');
    assert.equal(nextVmState('Starting', 'OperationSucceeded'), 'Running');
    assert.equal(nextVmState('Running', 'StopRequested'), 'Stopping');
    assert.equal(nextVmState('Stopping', 'OperationSucceeded'), 'Stopped');
    assert.equal(nextVmState('Stopped', 'DestroyRequested'), 'Destroyed');
    assert.equal(nextVmState('Destroyed', 'RecoveryRequested'), 'Stopped');
    assert.equal(nextVmState('Destroyed', 'ExpungeOperation'), 'Expunging');
    assert.equal(nextVmState('Running', 'MigrationRequested'), 'Migrating');
    assert.equal(nextVmState('Starting', 'OperationFailed'), 'Stopped');
  });
  it('refuses illegal transitions', () => {
    assert.equal(nextVmState('Running', 'StartRequested'), undefined);
    assert.equal(nextVmState('Stopped', 'MigrationRequested'), undefined);
    assert.equal(nextVmState('Expunging', 'RecoveryRequested'), undefined);
    assert.equal(nextVmState('Destroyed', 'StartRequested'), undefined);
  });
  it('lists the states from which an event is allowed', () => {
    assert.deepEqual(statesAllowing('RecoveryRequested'), ['Destroyed']);
    assert.ok(statesAllowing('StartRequested').includes('Stopped'));
    for (const s of VM_STATES) for (const e of ['HostDown'] as const) { const n = nextVmState(s, e); if (n) assert.ok(VM_STATES.includes(n)); }
  });
});
