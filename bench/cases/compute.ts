// Compute on the simulator with zero driver latency, one process, embedded SQLite:
// deploy overhead per job, N VMs from nothing to Running, listVirtualMachines paging, RSS.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsClient, type Json } from '../../test/helpers/cs-client.js';
import { spawnServer } from '../../test/helpers/process.js';
import type { BenchCase } from './types.js';

const env = (n: string, d: number) => Number(process.env[n] ?? d);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

export const compute: BenchCase = {
  name: 'compute',
  description: 'deploy overhead p50/p99, VMs to Running, listVirtualMachines page of 500, RSS (NUBO_BENCH_VMS, NUBO_BENCH_HOSTS)',
  async run() {
    const vms = env('NUBO_BENCH_VMS', 10_000);
    const hosts = env('NUBO_BENCH_HOSTS', Math.max(10, Math.ceil(vms / 50)));
    const perAccount = 200;
    const dir = mkdtempSync(join(tmpdir(), 'nubo-bench-'));
    const t0 = Date.now();
    const server = await spawnServer(dir, undefined, { NUBO_SIM_HOSTS: String(hosts) });
    const startupSeconds = (Date.now() - t0) / 1000;
    try {
      if (!server.admin) throw new Error('no admin keys');
      const admin = new CsClient(server.url, server.admin.apiKey, server.admin.secretKey);
      for (const [name, value] of [['max.account.user.vms', '-1'], ['max.account.cpus', '-1'], ['max.account.memory', '-1'], ['max.account.volumes', '-1'],
        ['max.account.primary.storage', '-1'], ['max.account.networks', '-1'], ['max.account.public.ips', '-1']] as const) {
        await admin.call('updateConfiguration', { name, value });
      }
      const zone = ((await admin.ok('listZones')).zone as Json[])[0]!;
      const offering = ((await admin.ok('listServiceOfferings', { name: 'Small Instance' })).serviceoffering as Json[])[0]!;
      const template = ((await admin.ok('listTemplates', { templatefilter: 'featured', zoneid: String(zone.id) })).template as Json[])[0]!;
      const accounts: { account: string; domainid: string }[] = [];
      for (let a = 0; a < Math.ceil(vms / perAccount); a++) {
        const acct = (await admin.ok('createAccount', { accounttype: 0, account: `bench${a}`, username: `bench${a}`, password: 'Bench-pw-1', email: `b${a}@x.test`, firstname: 'b', lastname: 'b' })).account as Json;
        accounts.push({ account: String(acct.name), domainid: String(acct.domainid) });
      }
      const deploy = async (i: number): Promise<number> => {
        const owner = accounts[Math.floor(i / perAccount)]!;
        const started = performance.now();
        const job = await admin.job('deployVirtualMachine', {
          zoneid: String(zone.id), serviceofferingid: String(offering.id), templateid: String(template.id), name: `vm-${i}`, ...owner,
        });
        if (job.jobstatus !== 1) throw new Error(`deploy ${i} failed: ${JSON.stringify(job.jobresult)}`);
        return performance.now() - started;
      };
      // 1. Overhead per deploy, one at a time (API + job + placement + volumes + NICs).
      const single: number[] = [];
      for (let i = 0; i < 200; i++) single.push(await deploy(i));
      // 2. The rest concurrently, from nothing to Running.
      const rest = Array.from({ length: vms - 200 }, (_, k) => k + 200);
      const tBulk = Date.now();
      await pool(rest, 64, async (i) => void (await deploy(i)));
      const bulkSeconds = (Date.now() - tBulk) / 1000;
      // 3. Paging the full list as the admin.
      const pages: number[] = [];
      // Only full pages count: an empty page past the end would flatter the figure.
      for (let p = 1; p <= Math.min(20, Math.floor(vms / 500)); p++) {
        const t = performance.now();
        const r = await admin.ok('listVirtualMachines', { listall: true, page: p, pagesize: 500 });
        pages.push(performance.now() - t);
        if (p === 1 && Number(r.count) < vms) throw new Error(`listed ${String(r.count)} of ${vms}`);
      }
      return {
        vms, hosts, startupSeconds,
        deployP50ms: percentile(single, 50), deployP99ms: percentile(single, 99),
        vmsToRunningSeconds: bulkSeconds, vmsToRunningPerSecond: Math.round((vms - 200) / bulkSeconds),
        listPage500P50ms: percentile(pages, 50), listPage500P99ms: percentile(pages, 99),
        serverRssBytes: rssBytes(server.pid),
        targets: 'deploy p50<=5ms p99<=25ms; 10k VMs<=10s; 100k<=120s; list p50<=20ms; RSS<=1GiB at 100k VMs/10k hosts',
      };
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
