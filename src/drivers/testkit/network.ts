// The network driver contract suite: every network driver (simulator, Linux) must pass it.
// A driver's test file calls `networkContract(...)` with a factory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../core/errors.js';
import type { NetworkDriver, RouterConfig } from '../network/types.js';

export interface NetworkFixture {
  readonly driver: NetworkDriver;
  cleanup(): Promise<void>;
}

/** A complete, valid router config of a small isolated network, for drivers' tests. */
export function sampleRouterConfig(over: Partial<RouterConfig> = {}): RouterConfig {
  return {
    schema: 1,
    routerName: 'r-1-VM',
    guest: { networkKey: 'net-1', broadcastUri: 'vlan://1001', ip: '10.1.1.1', mac: '02:00:00:00:00:01', cidr: '10.1.1.0/24', netmask: '255.255.255.0', mtu: 1500 },
    public: { ip: '198.51.100.10', mac: '02:00:00:00:01:01', netmask: '255.255.255.0', gateway: '198.51.100.1', broadcastUri: 'vlan://untagged', aliases: ['198.51.100.11'] },
    dhcp: {
      domain: 'cs1cloud.internal', upstream: ['8.8.8.8'],
      leases: [{ mac: '02:00:00:00:00:02', ip: '10.1.1.2', hostname: 'vm-a', defaultGateway: true }],
      records: [{ name: 'vm-a', ip: '10.1.1.2' }],
    },
    sourceNat: { publicIp: '198.51.100.10', guestCidr: '10.1.1.0/24' },
    staticNat: [],
    portForwards: [{ id: 'pf-1', publicIp: '198.51.100.11', protocol: 'tcp', publicStartPort: 2222, publicEndPort: 2222, guestIp: '10.1.1.2', guestStartPort: 22, guestEndPort: 22, sourceCidrs: ['0.0.0.0/0'] }],
    firewall: {
      ingress: [{ id: 'fw-1', publicIp: '198.51.100.11', protocol: 'tcp', startPort: 2222, endPort: 2222, icmpType: null, icmpCode: null, sourceCidrs: ['0.0.0.0/0'] }],
      egressDefault: 'deny',
      egress: [],
    },
    metadata: [{
      guestIp: '10.1.1.2', mac: '02:00:00:00:00:02', instanceId: 'i-2-3-VM', vmId: 'vm-uuid', localHostname: 'vm-a', serviceOffering: 'Small Instance',
      availabilityZone: 'zone1', publicIp: null, userData: null, publicKeys: [],
    }],
    passwords: [],
    ...over,
  };
}

const kindOf = (e: unknown) => (e instanceof DomainError ? e.kind : String(e));

export function networkContract(name: string, make: () => Promise<NetworkFixture>): void {
  describe(`network driver contract: ${name}`, () => {
    let fx: NetworkFixture;
    before(async () => {
      fx = await make();
    });
    after(async () => fx.cleanup());

    it('starts a router with no config yet, and starting again changes nothing', async () => {
      const r = await fx.driver.startRouter('rk-start', 'r-9-VM');
      assert.equal(r.power, 'Running');
      assert.equal(r.appliedVersion, 0);
      assert.equal(r.appliedConfig, null);
      assert.deepEqual(await fx.driver.startRouter('rk-start', 'r-9-VM'), r);
    });

    it('applies a config, reports it back, and is idempotent per version', async () => {
      await fx.driver.startRouter('rk-apply', 'r-1-VM');
      const c1 = sampleRouterConfig();
      const r1 = await fx.driver.applyRouterConfig('rk-apply', c1, 1);
      assert.equal(r1.appliedVersion, 1);
      assert.deepEqual(r1.appliedConfig, c1);
      assert.deepEqual(await fx.driver.applyRouterConfig('rk-apply', c1, 1), r1, 'same version again: nothing changes');
      const c2 = sampleRouterConfig({ portForwards: [] });
      const r2 = await fx.driver.applyRouterConfig('rk-apply', c2, 2);
      assert.equal(r2.appliedVersion, 2);
      assert.deepEqual(r2.appliedConfig?.portForwards, []);
      const late = await fx.driver.applyRouterConfig('rk-apply', c1, 1);
      assert.equal(late.appliedVersion, 2, 'a late, older version is ignored');
      assert.deepEqual(late.appliedConfig, c2);
      assert.deepEqual(await fx.driver.routerReport('rk-apply'), late);
    });

    it('keeps the config across stop and start', async () => {
      await fx.driver.startRouter('rk-stop', 'r-2-VM');
      const c = sampleRouterConfig({ routerName: 'r-2-VM' });
      await fx.driver.applyRouterConfig('rk-stop', c, 3);
      const stopped = await fx.driver.stopRouter('rk-stop');
      assert.equal(stopped.power, 'Stopped');
      const started = await fx.driver.startRouter('rk-stop', 'r-2-VM');
      assert.equal(started.power, 'Running');
      assert.equal(started.appliedVersion, 3);
      assert.deepEqual(started.appliedConfig, c);
    });

    it('refuses a config a router cannot realise, and keeps the previous one', async () => {
      await fx.driver.startRouter('rk-bad', 'r-3-VM');
      const good = sampleRouterConfig();
      await fx.driver.applyRouterConfig('rk-bad', good, 1);
      const bad = sampleRouterConfig({ portForwards: [{ ...good.portForwards[0]!, publicIp: '203.0.113.99' }] });
      await assert.rejects(fx.driver.applyRouterConfig('rk-bad', bad, 2), (e) => kindOf(e) === 'ResourceUnavailable');
      const outside = sampleRouterConfig({ dhcp: { ...good.dhcp, leases: [{ mac: '02:00:00:00:00:09', ip: '10.9.9.9', hostname: 'x', defaultGateway: true }] } });
      await assert.rejects(fx.driver.applyRouterConfig('rk-bad', outside, 2), (e) => kindOf(e) === 'ResourceUnavailable');
      const r = await fx.driver.routerReport('rk-bad');
      assert.equal(r?.appliedVersion, 1);
      assert.deepEqual(r?.appliedConfig, good);
    });

    it('refuses configs for routers it does not have', async () => {
      await assert.rejects(fx.driver.applyRouterConfig('rk-none', sampleRouterConfig(), 1), (e) => kindOf(e) === 'ResourceUnavailable');
      assert.equal(await fx.driver.routerReport('rk-none'), undefined);
    });

    it('destroys routers (idempotently) and lists the rest', async () => {
      await fx.driver.startRouter('rk-gone', 'r-4-VM');
      assert.ok((await fx.driver.listRouters()).some((r) => r.key === 'rk-gone'));
      await fx.driver.destroyRouter('rk-gone');
      await fx.driver.destroyRouter('rk-gone');
      assert.equal(await fx.driver.routerReport('rk-gone'), undefined);
      assert.ok(!(await fx.driver.listRouters()).some((r) => r.key === 'rk-gone'));
    });
  });
}
