import { hostname } from 'node:os';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { createServices } from '../services/index.js';
import { type SeedResult, seedDefaults } from '../services/seed.js';
import { buildApp } from './app.js';
import { createMetrics } from './metrics.js';

export interface StartOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly port: number;
  readonly host: string;
  readonly adminPassword?: string;
  readonly logLevel?: string;
}

export interface Running {
  readonly url: string;
  readonly port: number;
  readonly seed: SeedResult;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds, recovers interrupted jobs and serves. */
export async function startServer(o: StartOptions): Promise<Running> {
  const handle = openDatabase({ url: o.databaseUrl, dataDir: o.dataDir });
  await migrate(handle);
  const seed = await seedDefaults(handle.db, { adminPassword: o.adminPassword });
  const metrics = createMetrics(handle.db);
  const serverId = `${hostname()}:${process.pid}`;
  let log: (msg: string, extra?: Record<string, unknown>) => void = () => {};
  const services = createServices(handle.db, {
    serverId,
    log: (m, e) => log(m, e),
    onJobFinish: (cmd, ok) => metrics.jobFinished(cmd, ok),
  });
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
