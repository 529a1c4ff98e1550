// Infrastructure inventory for tests: fresh zones/pods/clusters made by the root admin, the
// first-start (seeded) inventory, and direct database access to stand in for families that
// do not exist yet (VM reservations, public IP allocation).
import assert from 'node:assert/strict';
import { type DbHandle, openDatabase } from '../../src/db/connect.js';
import { uniqueName } from './accounts.js';
import type { CsClient, Json } from './cs-client.js';
import type { TestServer } from './server.js';

export const first = (r: Json, key: string): Json => {
  const items = r[key] as Json[] | undefined;
  assert.ok(items && items.length > 0, `expected a ${key} in ${JSON.stringify(r)}`);
  return items[0]!;
};

/** The `count` of a list answer (0 for CloudStack's empty `{}`). */
export async function count(c: CsClient, command: string, params: Record<string, string | number | boolean> = {}): Promise<number> {
  return Number((await c.ok(command, params)).count ?? 0);
}

export async function newZone(c: CsClient, o: Record<string, string | boolean> = {}): Promise<Json> {
  const r = await c.ok('createZone', { name: uniqueName('zone'), networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2', ...o });
  return r.zone as Json;
}

let podSeq = 0;
/** A pod with its own /24 in 10.200.x.0 (unique per test process). */
export async function newPod(c: CsClient, zoneId: string, o: Record<string, string> = {}): Promise<Json> {
  const n = ++podSeq;
  const r = await c.ok('createPod', {
    zoneid: zoneId, name: uniqueName('pod'), gateway: `10.200.${n}.1`, netmask: '255.255.255.0', startip: `10.200.${n}.10`, endip: `10.200.${n}.100`, ...o,
  });
  return r.pod as Json;
}

export async function newCluster(c: CsClient, zoneId: string, podId: string, o: Record<string, string> = {}): Promise<Json> {
  const r = await c.ok('addCluster', { zoneid: zoneId, podid: podId, clustername: uniqueName('cluster'), hypervisor: 'Simulator', clustertype: 'CloudManaged', ...o });
  return first(r, 'cluster');
}

/** Zone (enabled), pod and Simulator cluster in one go. */
export async function newInventory(c: CsClient): Promise<{ zone: Json; pod: Json; cluster: Json }> {
  const zone = await newZone(c, { allocationstate: 'Enabled' });
  const pod = await newPod(c, String(zone.id));
  const cluster = await newCluster(c, String(zone.id), String(pod.id));
  return { zone, pod, cluster };
}

export async function newSimHost(c: CsClient, inv: { zone: Json; pod: Json; cluster: Json }, query = ''): Promise<Json> {
  const r = await c.ok('addHost', {
    zoneid: String(inv.zone.id), podid: String(inv.pod.id), clusterid: String(inv.cluster.id), hypervisor: 'Simulator',
    url: `http://sim/${uniqueName('h')}${query}`,
  });
  return first(r, 'host');
}

/** The first-start zone, "Sandbox-simulator". */
export async function seededZone(c: CsClient): Promise<Json> {
  return first(await c.ok('listZones', { name: 'Sandbox-simulator' }), 'zone');
}

/** The server's own database (tests stand in for later families with it). */
export function openTestDb(s: TestServer): DbHandle {
  return openDatabase({ url: s.databaseUrl, dataDir: s.dataDir });
}
