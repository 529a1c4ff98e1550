import { hostname } from 'node:os';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { SimHypervisorDriver } from '../drivers/hypervisor/sim/index.js';
import { createServices } from '../services/index.js';
import { type SeedResult, seedDefaults } from '../services/seed.js';
import { seedSimulatorHosts } from '../services/seeds/infra.js';
import { buildApp } from './app.js';
import { createMetrics } from './metrics.js';

export interface StartOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly port: number;
  readonly host: string;
  readonly adminPassword?: string;
  readonly logLevel?: string;
  /** Simulator hosts seeded into the first-start zone; default NUBO_SIM_HOSTS, else 2. */
  readonly simHosts?: number;
}

export interface Running {
  readonly url: string;
  readonly port: number;
  readonly seed: SeedResult;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds, recovers interrupted jobs and serves. */
export async function startServer(o: StartOptions): Promise<Running> {
  const simHosts = o.simHosts ?? simHostsFromEnv(process.env.NUBO_SIM_HOSTS);
  const handle = openDatabase({ url: o.databaseUrl, dataDir: o.dataDir });
  await migrate(handle);
  const seed = await seedDefaults(handle.db, { adminPassword: o.adminPassword });
  const metrics = createMetrics(handle.db);
  const serverId = `${hostname()}:${process.pid}`;
  let log: (msg: string, extra?: Record<string, unknown>) => void = () => {};
  const services = createServices(handle.db, {
    serverId,
    writes: handle.writes,
    log: (m, e) => log(m, e),
    onJobFinish: (cmd, ok) => metrics.jobFinished(cmd, ok),
    drivers: { hypervisors: { Simulator: new SimHypervisorDriver() } },
  });
  await seedSimulatorHosts(handle.db, services.hosts, simHosts);
  const app = buildApp({ services, metrics, logLevel: o.logLevel });
  log = (m, e) => app.log.info(e ?? {}, m);
  const recovered = await services.jobs.recover();
  if (recovered) app.log.info({ recovered }, 'resumed or rolled back interrupted jobs');
  await app.listen({ port: o.port, host: o.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  return {
    url: `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}`,
    port,
    seed,
    close: async () => {
      services.jobs.stop();
      await app.close();
      await services.jobs.drain();
      await handle.close();
    },
  };
}

/** NUBO_SIM_HOSTS: how many simulator hosts the first start adds (0 to 10000). */
function simHostsFromEnv(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return 2;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new Error(`NUBO_SIM_HOSTS must be a whole number from 0 to 10000, not ${v}`);
  return n;
}
