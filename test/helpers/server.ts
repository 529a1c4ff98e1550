// Starts a real Nubo server for a test: its own temp data dir (SQLite) or, when the test
// script provides PostgreSQL (NUBO_TEST_PG_URL), its own fresh database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer } from '../../src/server/start.js';
import { CsClient } from './cs-client.js';

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly admin: CsClient;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'password';

/** A fresh database URL on the test PostgreSQL, or undefined when the run is on SQLite. */
export async function freshDatabaseUrl(): Promise<string | undefined> {
  const base = process.env.NUBO_TEST_PG_URL;
  if (!base) return undefined;
  const name = `nubo_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function startTestServer(opts: { dataDir?: string; databaseUrl?: string } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'nubo-test-'));
  const databaseUrl = opts.databaseUrl ?? (opts.dataDir ? undefined : await freshDatabaseUrl());
  const s = await startServer({ dataDir, databaseUrl, port: 0, host: '127.0.0.1', adminPassword: ADMIN_PASSWORD, logLevel: 'silent' });
  let keys: { apiKey: string; secretKey: string };
  if (s.seed.admin) keys = s.seed.admin;
  else keys = await (await CsClient.login(s.url, 'admin', ADMIN_PASSWORD)).registerOwnKeys();
  const admin = new CsClient(s.url, keys.apiKey, keys.secretKey);
  return {
    url: s.url,
    dataDir,
    databaseUrl,
    admin,
    close: async () => {
      await s.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
