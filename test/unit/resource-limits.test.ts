// The pure arithmetic of resource limits: units, effective limits along the domain chain,
// whether an amount fits, and which owner it would overflow first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BYTES_PER_GIB, RESOURCE_TYPES, UNLIMITED, accountLimit, domainLimit, firstExceeded, fits, limitFromWire, limitToWire, newLimitProblem,
  resourceType, resourceTypeById, resourceTypeByName,
} from '../../src/core/resource-limits.js';
import { checkSettingValue } from '../../src/core/setting-values.js';
import { settingByName } from '../../src/core/settings.js';

describe('resource limit arithmetic', () => {
  it('knows CloudStack resource types 0..11 by number and name', () => {
    assert.deepEqual(RESOURCE_TYPES.map((t) => t.id), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(resourceTypeById(0)?.name, 'user_vm');
    assert.equal(resourceTypeById(11)?.name, 'secondary_storage');
    assert.equal(resourceTypeById(12), undefined);
    assert.equal(resourceTypeByName('PRIMARY_STORAGE')?.id, 10);
    assert.equal(resourceTypeByName('gpu'), undefined);
    for (const t of RESOURCE_TYPES) {
      assert.ok(settingByName.has(`max.account.${t.setting}`), `max.account.${t.setting} is defined`);
      assert.ok(settingByName.has(`max.domain.${t.setting}`), `max.domain.${t.setting} is defined`);
    }
  });

  it('converts storage limits between GiB on the wire and bytes in counts', () => {
    const ps = resourceType('primary_storage');
    assert.equal(limitFromWire(ps, 200), 200 * BYTES_PER_GIB);
    assert.equal(limitToWire(ps, 200 * BYTES_PER_GIB), 200);
    assert.equal(limitFromWire(ps, UNLIMITED), UNLIMITED);
    assert.equal(limitToWire(ps, UNLIMITED), UNLIMITED);
    assert.equal(limitFromWire(resourceType('memory'), 512), 512);
  });

  it('fits an amount under a limit, and anything under -1', () => {
    assert.ok(fits(10, 9, 1));
    assert.ok(!fits(10, 10, 1));
    assert.ok(!fits(10, 0, 11));
    assert.ok(fits(0, 0, 0));
    assert.ok(!fits(0, 0, 1));
    assert.ok(fits(UNLIMITED, 1e12, 1e12));
  });

  it('gives an account its explicit limit, else the default; root admins none', () => {
    assert.equal(accountLimit(5, 20, false), 5);
    assert.equal(accountLimit(undefined, 20, false), 20);
    assert.equal(accountLimit(-1, 20, false), UNLIMITED);
    assert.equal(accountLimit(undefined, -5, false), UNLIMITED);
    assert.equal(accountLimit(5, 20, true), UNLIMITED);
  });

  it('gives a domain the first explicit limit up the chain, never ROOT\'s, else the default', () => {
    // [domain, parent, ROOT]
    assert.equal(domainLimit([undefined, undefined, 3], 40), 40, 'ROOT rows are ignored');
    assert.equal(domainLimit([undefined, 7, undefined], 40), 7, 'inherits the parent row');
    assert.equal(domainLimit([9, 7, undefined], 40), 9, 'own row wins');
    assert.equal(domainLimit([-1, 7, undefined], 40), UNLIMITED);
    assert.equal(domainLimit([undefined], 40), UNLIMITED, 'ROOT itself is unlimited');
  });

  it('refuses limits below -1 and above the parent\'s limit', () => {
    assert.equal(newLimitProblem(5, UNLIMITED), undefined);
    assert.equal(newLimitProblem(-1, 10), undefined, 'unlimited under a limited parent is allowed, the parent still applies');
    assert.equal(newLimitProblem(10, 10), undefined);
    assert.match(newLimitProblem(11, 10)!, /less than or equal to 10/);
    assert.match(newLimitProblem(-2, UNLIMITED)!, /-1/);
    assert.match(newLimitProblem(1.5, UNLIMITED)!, /-1/);
  });

  it('names the first owner on the chain an amount would overflow', () => {
    const chain = [
      { key: 'account', limit: 10, count: 8 },
      { key: 'child', limit: 5, count: 4 },
      { key: 'root', limit: UNLIMITED, count: 100 },
    ];
    assert.equal(firstExceeded(chain, 1), undefined);
    assert.equal(firstExceeded(chain, 2)?.key, 'child');
    assert.equal(firstExceeded(chain, 3)?.key, 'account');
  });
});

describe('setting values', () => {
  const def = (n: string) => settingByName.get(n)!;
  it('type-checks and normalises', () => {
    assert.deepEqual(checkSettingValue(def('vm.destroy.forcestop'), 'TRUE'), { value: 'true' });
    assert.ok('problem' in checkSettingValue(def('vm.destroy.forcestop'), 'yes'));
    assert.deepEqual(checkSettingValue(def('expunge.delay'), ' 120 '), { value: '120' });
    assert.ok('problem' in checkSettingValue(def('expunge.delay'), '12x'));
    assert.ok('problem' in checkSettingValue(def('expunge.delay'), '0'), 'positive');
    assert.ok('problem' in checkSettingValue(def('default.page.size'), '0'), 'page size must be positive');
    assert.deepEqual(checkSettingValue(def('cpu.overprovisioning.factor'), '2.5'), { value: '2.5' });
    assert.ok('problem' in checkSettingValue(def('cpu.overprovisioning.factor'), '0'));
    assert.ok('problem' in checkSettingValue(def('cluster.cpu.allocated.capacity.disablethreshold'), '1.5'));
    assert.ok('problem' in checkSettingValue(def('vm.allocation.algorithm'), 'bestfit'));
    assert.deepEqual(checkSettingValue(def('vm.allocation.algorithm'), 'firstfit'), { value: 'firstfit' });
    assert.deepEqual(checkSettingValue(def('hypervisor.list'), 'kvm, simulator'), { value: 'KVM,Simulator' });
    assert.ok('problem' in checkSettingValue(def('hypervisor.list'), 'KVM,XenServer'));
    assert.deepEqual(checkSettingValue(def('max.account.user.vms'), '-1'), { value: '-1' });
    assert.ok('problem' in checkSettingValue(def('max.account.user.vms'), '-2'));
  });
});
