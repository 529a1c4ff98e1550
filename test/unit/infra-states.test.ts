import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOST_RESOURCE_TRANSITIONS, POOL_TRANSITIONS, nextState, parseAllocationState } from '../../src/core/infra-states.js';
import { parseStorageUrl } from '../../src/core/storage-url.js';
import { isValidDomainName } from '../../src/core/dns-name.js';

describe('inventory state tables', () => {
  it('walks a host through maintenance and back', () => {
    const t = HOST_RESOURCE_TRANSITIONS;
    assert.equal(nextState(t, 'AdminAskMaintenance', 'Enabled'), 'PrepareForMaintenance');
    assert.equal(nextState(t, 'InternalEnterMaintenance', 'PrepareForMaintenance'), 'Maintenance');
    assert.equal(nextState(t, 'AdminCancelMaintenance', 'Maintenance'), 'Enabled');
    assert.equal(nextState(t, 'AdminAskMaintenance', 'Maintenance'), undefined, 'already in maintenance');
    assert.equal(nextState(t, 'Enable', 'Maintenance'), undefined, 'enable is not a way out of maintenance');
    assert.equal(nextState(t, 'Disable', 'Enabled'), 'Disabled');
    assert.equal(nextState(t, 'UnableToMigrate', 'PrepareForMaintenance'), 'ErrorInPrepareForMaintenance');
  });

  it('walks a pool through maintenance and back', () => {
    const t = POOL_TRANSITIONS;
    assert.equal(nextState(t, 'PrepareMaintenance', 'Up'), 'PrepareForMaintenance');
    assert.equal(nextState(t, 'EnterMaintenance', 'PrepareForMaintenance'), 'Maintenance');
    assert.equal(nextState(t, 'CancelMaintenance', 'Maintenance'), 'CancelMaintenance');
    assert.equal(nextState(t, 'CancelDone', 'CancelMaintenance'), 'Up');
    assert.equal(nextState(t, 'CancelMaintenance', 'Up'), undefined);
    assert.equal(nextState(t, 'Enable', 'Maintenance'), undefined);
  });

  it('parses allocation states case-insensitively', () => {
    assert.equal(parseAllocationState('enabled'), 'Enabled');
    assert.equal(parseAllocationState('Disable'), 'Disabled');
    assert.equal(parseAllocationState('on'), undefined);
  });
});

describe('storage URLs and domain names', () => {
  it('parses the three schemes', () => {
    assert.deepEqual(parseStorageUrl('sim://sandbox/primary0'), { scheme: 'sim', poolType: 'NetworkFilesystem', host: 'sandbox', path: '/primary0', canonical: 'sim://sandbox/primary0' });
    const nfs = parseStorageUrl('NFS://10.147.28.6:/export/home/sandbox/primary/');
    assert.equal(nfs.host, '10.147.28.6');
    assert.equal(nfs.path, '/export/home/sandbox/primary');
    assert.equal(nfs.canonical, 'nfs://10.147.28.6/export/home/sandbox/primary');
    assert.equal(parseStorageUrl('filesystem://var/lib/nubo').path, '/var/lib/nubo');
    assert.equal(parseStorageUrl('filesystem:///var/lib/nubo').canonical, 'filesystem:///var/lib/nubo');
    assert.equal(parseStorageUrl('sim://pool1').path, '/');
  });

  it('refuses other schemes and malformed URLs', () => {
    for (const bad of ['http://x/y', 'nfs://server', 'nfs:///export', 'filesystem://', 'sim://bad host/x', 'nothing', 'nfs://h/a/../b']) {
      assert.throws(() => parseStorageUrl(bad), /Invalid storage URL/, bad);
    }
  });

  it('checks network domain names', () => {
    assert.ok(isValidDomainName('cloud.example.com'));
    assert.ok(isValidDomainName('a-1'));
    for (const bad of ['', '-a.com', 'a..b', 'a_b.com', 'x'.repeat(64)]) assert.ok(!isValidDomainName(bad), bad);
  });
});
