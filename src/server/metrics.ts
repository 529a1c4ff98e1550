import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/schema.js';

export interface Metrics {
  readonly registry: Registry;
  apiRequest(command: string, code: number, seconds: number): void;
  jobFinished(cmd: string, ok: boolean): void;
}

/** Prometheus metrics for one app instance (own registry, so tests may run several apps). */
export function createMetrics(db: Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'nubo_api_requests_total', help: 'API requests by command and HTTP status', labelNames: ['api', 'command', 'code'] as const, registers: [registry],
  });
  const latency = new Histogram({
    name: 'nubo_api_request_duration_seconds', help: 'API request latency by command', labelNames: ['api', 'command'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  const finished = new Counter({
    name: 'nubo_jobs_finished_total', help: 'Async jobs finished, by command and outcome', labelNames: ['cmd', 'outcome'] as const, registers: [registry],
  });
  new Gauge({
    name: 'nubo_jobs', help: 'Async jobs in the database by state', labelNames: ['state'] as const, registers: [registry],
    async collect() {
      const rows = await db.selectFrom('async_jobs').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      const names = ['pending', 'succeeded', 'failed'] as const;
      for (const s of names) this.set({ state: s }, 0);
      for (const r of rows) this.set({ state: names[r.status] ?? 'unknown' }, Number(r.n));
    },
  });
  return {
    registry,
    apiRequest(command, code, seconds) {
      requests.inc({ api: 'cloudstack', command, code: String(code) });
      latency.observe({ api: 'cloudstack', command }, seconds);
    },
    jobFinished(cmd, ok) {
      finished.inc({ cmd, outcome: ok ? 'succeeded' : 'failed' });
    },
  };
}
