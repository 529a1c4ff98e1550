// The hypervisor driver contract suite (VM operations): every hypervisor driver (simulator,
// QEMU) must pass it. A driver's test file calls `hypervisorContract(...)` with a factory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../core/errors.js';
import type { HypervisorDriver, VmSpec } from '../hypervisor/types.js';
import { checkHypervisorContract } from './hypervisor-contract.js';

export interface HypervisorFixture {
  readonly driver: HypervisorDriver;
  /** Two hosts the driver can run guests on (migration goes from the first to the second). */
  readonly hostUrl: string;
  readonly otherHostUrl: string;
  /** A URL the driver must refuse to probe. */
  readonly badUrl: string;
  /** A bootable spec for instance `name` (its disks already exist on a pool). */
  spec(name: string): Promise<VmSpec>;
  cleanup(): Promise<void>;
}

const kindOf = (e: unknown) => (e instanceof DomainError ? e.kind : String(e));

export function hypervisorContract(name: string, make: () => Promise<HypervisorFixture>): void {
  describe(`hypervisor driver contract: ${name}`, () => {
    let fx: HypervisorFixture;
    before(async () => {
      fx = await make();
    });
    after(async () => fx.cleanup());

    it('probes hosts and answers pings', async () => {
      await checkHypervisorContract(fx.driver, fx.hostUrl, fx.badUrl, { username: 'root', password: 'password' });
      await fx.driver.pingHost(fx.hostUrl);
    });

    it('starts a guest idempotently and reports it powered on', async () => {
      const spec = await fx.spec('i-2-1-VM');
      await fx.driver.startVm(fx.hostUrl, spec);
      await fx.driver.startVm(fx.hostUrl, spec);
      assert.equal((await fx.driver.listVms(fx.hostUrl))['i-2-1-VM'], 'PowerOn');
      assert.equal((await fx.driver.listVms(fx.otherHostUrl))['i-2-1-VM'], undefined, 'only on its own host');
      await fx.driver.stopVm(fx.hostUrl, 'i-2-1-VM', false);
    });

    it('stops a guest (gracefully or forced), idempotently', async () => {
      for (const force of [false, true]) {
        const spec = await fx.spec(`i-2-2${force ? 1 : 0}-VM`);
        await fx.driver.startVm(fx.hostUrl, spec);
        await fx.driver.stopVm(fx.hostUrl, spec.instanceName, force);
        await fx.driver.stopVm(fx.hostUrl, spec.instanceName, force);
        assert.notEqual((await fx.driver.listVms(fx.hostUrl))[spec.instanceName], 'PowerOn');
      }
    });

    it('reboots only a running guest', async () => {
      const spec = await fx.spec('i-2-3-VM');
      await assert.rejects(fx.driver.rebootVm(fx.hostUrl, spec.instanceName), (e) => kindOf(e) === 'ResourceUnavailable');
      await fx.driver.startVm(fx.hostUrl, spec);
      await fx.driver.rebootVm(fx.hostUrl, spec.instanceName);
      assert.equal((await fx.driver.listVms(fx.hostUrl))[spec.instanceName], 'PowerOn');
      await fx.driver.stopVm(fx.hostUrl, spec.instanceName, true);
    });

    it('live-migrates a running guest, idempotently', async () => {
      const spec = await fx.spec('i-2-4-VM');
      await fx.driver.startVm(fx.hostUrl, spec);
      await fx.driver.migrateVm(fx.hostUrl, fx.otherHostUrl, spec);
      await fx.driver.migrateVm(fx.hostUrl, fx.otherHostUrl, spec);
      assert.equal((await fx.driver.listVms(fx.otherHostUrl))[spec.instanceName], 'PowerOn');
      assert.notEqual((await fx.driver.listVms(fx.hostUrl))[spec.instanceName], 'PowerOn');
      await fx.driver.stopVm(fx.otherHostUrl, spec.instanceName, true);
      await assert.rejects(fx.driver.migrateVm(fx.hostUrl, fx.otherHostUrl, spec), (e) => kindOf(e) === 'ResourceUnavailable', 'a stopped guest cannot move');
    });

    it('scales a running guest', async () => {
      const spec = await fx.spec('i-2-5-VM');
      await fx.driver.startVm(fx.hostUrl, spec);
      await fx.driver.scaleVm(fx.hostUrl, spec.instanceName, { cpus: spec.cpus + 1, cpuMhz: spec.cpuMhz, memoryBytes: spec.memoryBytes * 2 });
      await fx.driver.stopVm(fx.hostUrl, spec.instanceName, true);
      await assert.rejects(fx.driver.scaleVm(fx.hostUrl, spec.instanceName, spec), (e) => kindOf(e) === 'ResourceUnavailable');
    });
  });
}
