// Networking helpers for tests: offerings by name, guest networks, public IPs, and the virtual
// router's desired and applied configuration read from the server's database.
import { join } from 'node:path';
import { SimNetworkDriver } from '../../src/drivers/network/sim/index.js';
import type { RouterConfig, RouterReport } from '../../src/drivers/network/types.js';
import { Faults } from '../../src/drivers/sim-state/faults.js';
import { SimStore } from '../../src/drivers/sim-state/store.js';
import type { CsClient, Json } from './cs-client.js';
import { uniqueName } from './accounts.js';
import { openTestDb } from './infra.js';
import type { TestServer } from './server.js';

export const ISOLATED_OFFERING = 'DefaultIsolatedNetworkOfferingWithSourceNatService';

export async function offeringId(c: CsClient, name: string): Promise<string> {
  const r = await c.ok('listNetworkOfferings', { name });
  const o = (r.networkoffering as Json[] | undefined)?.[0];
  if (!o) throw new Error(`no network offering ${name}`);
  return String(o.id);
}

/** An isolated network (source NAT offering) in the zone for the client's account. */
export async function isolatedNetwork(c: CsClient, zoneid: string, extra: Record<string, string | number | boolean> = {}): Promise<Json> {
  const name = uniqueName('net');
  const r = await c.ok('createNetwork', { name, displaytext: name, zoneid, networkofferingid: await offeringId(c, ISOLATED_OFFERING), ...extra });
  return r.network as Json;
}

/** associateIpAddress and wait; returns the `ipaddress` of the job result. */
export async function associate(c: CsClient, params: Record<string, string>): Promise<Json> {
  const j = await c.job('associateIpAddress', params);
  if (j.jobstatus !== 1) throw new Error(`associateIpAddress failed: ${JSON.stringify(j.jobresult)}`);
  return (j.jobresult as Json).ipaddress as Json;
}

export interface RouterState {
  readonly uuid: string;
  readonly state: string;
  readonly version: number;
  readonly config: RouterConfig | null;
  /** The version the router reported applied, and its config as the network driver holds it. */
  readonly appliedVersion: number;
  readonly applied: RouterConfig | null;
  /** The hash the server recorded for what the driver reported (equal to config_hash once in step). */
  readonly appliedHash: string | null;
  readonly configHash: string | null;
}

/** What the simulator network driver holds for a router, read from its durable store as a real host would be asked. */
export async function driverReport(s: TestServer, routerUuid: string): Promise<RouterReport | undefined> {
  const store = new SimStore(join(s.dataDir, 'sim.db'));
  try {
    return await new SimNetworkDriver(store, new Faults()).routerReport(routerUuid);
  } finally {
    store.close();
  }
}

/** The live router of a network: desired config from the database, applied config from the network driver. */
export async function routerOf(s: TestServer, networkUuid: string): Promise<RouterState | undefined> {
  const h = openTestDb(s);
  try {
    const r = await h.db.selectFrom('routers as r').innerJoin('networks as n', 'n.id', 'r.network_id')
      .select(['r.uuid', 'r.state', 'r.config_version', 'r.config', 'r.config_hash', 'r.applied_version', 'r.applied'])
      .where('n.uuid', '=', networkUuid).where('r.removed', 'is', null).executeTakeFirst();
    if (!r) return undefined;
    const rep = await driverReport(s, r.uuid);
    return {
      uuid: r.uuid, state: r.state, version: r.config_version, config: r.config ? (JSON.parse(r.config) as RouterConfig) : null,
      appliedVersion: r.applied_version, applied: rep?.appliedConfig ?? null, appliedHash: r.applied, configHash: r.config_hash,
    };
  } finally {
    await h.close();
  }
}

/** The router's config as the driver applied it; the router must exist and be in step with the desired config. */
export async function appliedConfig(s: TestServer, networkUuid: string): Promise<RouterConfig> {
  const r = await routerOf(s, networkUuid);
  if (!r?.config || !r.applied) throw new Error(`network ${networkUuid} has no router with a config`);
  if (r.appliedVersion !== r.version || r.appliedHash !== r.configHash) throw new Error(`router ${r.uuid} applied version ${r.appliedVersion}, desired ${r.version}`);
  return r.applied;
}
