// VM helpers for tests: the seeded zone's template and offerings, deploy-and-wait, and a
// small cluster of small simulator hosts in the seeded zone (its pool is zone-wide).
import assert from 'node:assert/strict';
import { uniqueName } from './accounts.js';
import type { CsClient, Json } from './cs-client.js';
import { first, seededZone } from './infra.js';

export interface Seeded {
  readonly zoneId: string;
  readonly podId: string;
  readonly templateId: string;
  /** Small Instance: 1 vCPU, 500 MHz, 512 MB. */
  readonly small: string;
  /** Medium Instance: 1 vCPU, 1000 MHz, 1024 MB. */
  readonly medium: string;
  readonly diskSmall: string;
  readonly diskCustom: string;
}

export async function seeded(admin: CsClient): Promise<Seeded> {
  const zone = await seededZone(admin);
  const pod = first(await admin.ok('listPods', { zoneid: String(zone.id) }), 'pod');
  const t = first(await admin.ok('listTemplates', { templatefilter: 'executable', zoneid: String(zone.id) }), 'template');
  const offerings = (await admin.ok('listServiceOfferings')).serviceoffering as Json[];
  const disks = (await admin.ok('listDiskOfferings')).diskoffering as Json[];
  const byName = (xs: Json[], n: string) => String(xs.find((x) => x.name === n)?.id);
  return {
    zoneId: String(zone.id), podId: String(pod.id), templateId: String(t.id), small: byName(offerings, 'Small Instance'), medium: byName(offerings, 'Medium Instance'),
    diskSmall: byName(disks, 'Small'), diskCustom: byName(disks, 'Custom'),
  };
}

/** Deploys and waits; returns the finished job (check jobstatus yourself when failure is expected). */
export async function deployJob(c: CsClient, s: Seeded, extra: Record<string, string | number | boolean> = {}): Promise<Json> {
  return c.job('deployVirtualMachine', { zoneid: s.zoneId, templateid: s.templateId, serviceofferingid: s.small, ...extra });
}

/** Deploys a VM that must succeed; returns the `virtualmachine` of the job result. */
export async function deploy(c: CsClient, s: Seeded, extra: Record<string, string | number | boolean> = {}): Promise<Json> {
  const j = await deployJob(c, s, extra);
  assert.equal(j.jobstatus, 1, `deploy failed: ${JSON.stringify(j.jobresult)}`);
  return (j.jobresult as Json).virtualmachine as Json;
}

export async function vm(c: CsClient, id: string): Promise<Json> {
  return first(await c.ok('listVirtualMachines', { id, listall: true }), 'virtualmachine');
}

/** Waits until the VM reaches `state` (the power sync runs in the background). */
export async function waitState(c: CsClient, id: string, state: string, timeoutMs = 20_000): Promise<Json> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await vm(c, id);
    if (v.state === state) return v;
    if (Date.now() > until) throw new Error(`VM ${id} is ${String(v.state)}, not ${state}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A new cluster in the seeded zone's pod with `hosts` simulator hosts of the given size. */
export async function smallCluster(admin: CsClient, s: Seeded, hosts: number, query = '?cpunumber=2&cpuspeed=1000&memory=2147483648'): Promise<{ clusterId: string; hostIds: string[] }> {
  const cluster = first(await admin.ok('addCluster', { zoneid: s.zoneId, podid: s.podId, clustername: uniqueName('c'), hypervisor: 'Simulator', clustertype: 'CloudManaged' }), 'cluster');
  const hostIds: string[] = [];
  for (let i = 0; i < hosts; i++) {
    const h = first(await admin.ok('addHost', {
      zoneid: s.zoneId, podid: s.podId, clusterid: String(cluster.id), hypervisor: 'Simulator', url: `http://sim/${uniqueName('h')}${query}`,
    }), 'host');
    hostIds.push(String(h.id));
  }
  return { clusterId: String(cluster.id), hostIds };
}

export async function host(admin: CsClient, id: string): Promise<Json> {
  return first(await admin.ok('listHosts', { id }), 'host');
}

/** An account's stored count of a resource type (what limits are checked against). */
export async function storedCount(s: { databaseUrl?: string; dataDir: string }, accountUuid: string, type: string): Promise<number> {
  const { openDatabase } = await import('../../src/db/connect.js');
  const h = openDatabase({ url: s.databaseUrl, dataDir: s.dataDir });
  try {
    const a = await h.db.selectFrom('accounts').select('id').where('uuid', '=', accountUuid).executeTakeFirstOrThrow();
    const r = await h.db.selectFrom('resource_counts').select('count').where('owner_type', '=', 'account').where('owner_id', '=', a.id).where('type', '=', type).executeTakeFirst();
    return Number(r?.count ?? 0);
  } finally {
    await h.close();
  }
}

/** The volumes of a VM as listVolumes answers (undefined while the volume family is not served). */
export async function volumesOf(c: CsClient, vmId: string): Promise<Json[] | undefined> {
  const r = await c.call('listVolumes', { virtualmachineid: vmId, listall: true });
  if (r.status === 432) return undefined;
  assert.equal(r.status, 200, r.text);
  return ((Object.values(r.body)[0] as Json).volume as Json[] | undefined) ?? [];
}

/** Every volume row a VM ever had (by the VM's uuid), from the database: type, state, still attached. */
export async function disksOfVm(s: { databaseUrl?: string; dataDir: string }, vmUuid: string): Promise<{ type: string; state: string; attached: boolean; pool: number | null }[]> {
  const { openDatabase } = await import('../../src/db/connect.js');
  const h = openDatabase({ url: s.databaseUrl, dataDir: s.dataDir });
  try {
    const vm = await h.db.selectFrom('vms').select('id').where('uuid', '=', vmUuid).executeTakeFirstOrThrow();
    // Detached disks lose vm_id; their names (ROOT-<id>, DATA-<id>) still tell whose they were.
    const rows = await h.db.selectFrom('volumes').select(['type', 'state', 'vm_id', 'pool_id', 'name'])
      .where((eb) => eb.or([eb('vm_id', '=', vm.id), eb('name', 'in', [`ROOT-${vm.id}`, `DATA-${vm.id}`])])).execute();
    return rows.map((r) => ({ type: r.type, state: r.state, attached: r.vm_id !== null, pool: r.pool_id }));
  } finally {
    await h.close();
  }
}

/**
 * Submits many async calls at once and waits for all their jobs, polling gently (one query
 * at a time, every `intervalMs`) so the polling does not starve the jobs of connections.
 */
export async function jobsAtOnce(c: CsClient, calls: readonly [string, Record<string, string | number | boolean>][], intervalMs = 250, timeoutMs = 180_000): Promise<Json[]> {
  const started = await Promise.all(calls.map(([cmd, params]) => c.ok(cmd, params)));
  const done = new Map<string, Json>();
  const until = Date.now() + timeoutMs;
  while (done.size < started.length) {
    for (const s of started) {
      const id = String(s.jobid);
      if (done.has(id)) continue;
      const j = await c.ok('queryAsyncJobResult', { jobid: id });
      if (j.jobstatus !== 0) done.set(id, j);
    }
    if (done.size < started.length) {
      if (Date.now() > until) throw new Error(`${started.length - done.size} jobs still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  return started.map((s) => done.get(String(s.jobid))!);
}
