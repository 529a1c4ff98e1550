// A test server whose snapshot scheduler runs on a clock the test controls, with a handle on
// that scheduler so a test can run a pass (tick) after moving the clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/start.js';
import { CsClient } from './cs-client.js';
import { ADMIN_PASSWORD, type TestServer, freshDatabaseUrl } from './server.js';

export interface ClockServer extends TestServer {
  /** One scheduler pass now (by the test's clock); answers the job ids of the snapshots it took. */
  tick(): Promise<string[]>;
}

export async function startClockServer(clock: () => Date): Promise<ClockServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nubo-clock-'));
  const databaseUrl = await freshDatabaseUrl();
  const r = await startServer({ dataDir, databaseUrl, port: 0, host: '127.0.0.1', adminPassword: ADMIN_PASSWORD, logLevel: 'silent', clock });
  const keys = r.seed.admin ?? (await (await CsClient.login(r.url, 'admin', ADMIN_PASSWORD)).registerOwnKeys());
  return {
    url: r.url, dataDir, databaseUrl, admin: new CsClient(r.url, keys.apiKey, keys.secretKey),
    tick: () => r.snapshotScheduler.tick(),
    close: async () => {
      await r.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
