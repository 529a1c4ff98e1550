// Signed read throughput: many concurrent signed GETs of a small list (listZones-sized
// answers) against a server in its own process, load generated from this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { signParams, toQuery } from '../../test/helpers/cs-client.js';
import { spawnServer } from '../../test/helpers/process.js';
import type { BenchCase } from './types.js';

export const signedRead: BenchCase = {
  name: 'signed-read',
  description: 'signed GET throughput on a listZones-sized answer (target ≥ 10,000 req/s)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-bench-'));
    const server = await spawnServer(dir);
    try {
      if (!server.admin) throw new Error('no admin keys');
      const probe = await fetch(`${server.url}/client/api?${toQuery(signed('listZones', server.admin))}`);
      const command = probe.status === 200 ? 'listZones' : 'listDomains';
      const path = `/client/api?${toQuery(signed(command, server.admin))}`;
      const bytes = (await (await fetch(server.url + path)).text()).length;
      const r = await autocannon({ url: server.url + path, connections: 64, duration: 10, pipelining: 1 });
      return {
        command, responseBytes: bytes, requestsPerSecond: Math.round(r.requests.average), latencyP50ms: r.latency.p50,
        latencyP99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, targetRequestsPerSecond: 10000,
      };
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function signed(command: string, keys: { apiKey: string; secretKey: string }): Record<string, string> {
  const p: Record<string, string> = { command, apikey: keys.apiKey, response: 'json' };
  return { ...p, signature: signParams(p, keys.secretKey) };
}
