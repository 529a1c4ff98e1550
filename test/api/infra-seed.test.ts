// The first-start inventory: NUBO_SIM_HOSTS hosts, and idempotence across restarts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Json } from '../helpers/cs-client.js';
import { count, first, seededZone } from '../helpers/infra.js';
import { freshDatabaseUrl, startTestServer } from '../helpers/server.js';
import { startServer } from '../../src/server/start.js';

describe('seeded infrastructure', () => {
  it('adds NUBO_SIM_HOSTS hosts once and seeds nothing twice', async () => {
    const saved = process.env.NUBO_SIM_HOSTS;
    process.env.NUBO_SIM_HOSTS = '3';
    // Our own data dir (and database), so that closing the first server keeps them for the restart.
    const dataDir = mkdtempSync(join(tmpdir(), 'nubo-seed-'));
    const databaseUrl = await freshDatabaseUrl();
    let s = await startTestServer({ dataDir, databaseUrl });
    try {
      const zone = await seededZone(s.admin);
      const zoneid = String(zone.id);
      const hosts = (await s.admin.ok('listHosts', { zoneid })).host as Json[];
      assert.equal(hosts.length, 3);
      await s.admin.ok('deleteHost', { id: String(hosts[0]!.id), forced: true });
      await s.close();

      s = await startTestServer({ dataDir, databaseUrl });
      assert.equal(await count(s.admin, 'listZones', { name: 'Sandbox-simulator' }), 1);
      assert.equal(first(await s.admin.ok('listZones', { name: 'Sandbox-simulator' }), 'zone').id, zoneid);
      assert.equal(await count(s.admin, 'listHosts', { zoneid }), 2, 'a deleted seeded host does not come back');
      for (const cmd of ['listPods', 'listClusters', 'listStoragePools', 'listImageStores', 'listVlanIpRanges']) {
        assert.equal(await count(s.admin, cmd, { zoneid }), 1, cmd);
      }
      const ips = ((await s.admin.ok('listCapacity', { zoneid, type: 4 })).capacity as Json[])[0]!;
      assert.equal(ips.capacitytotal, 241);
    } finally {
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (saved === undefined) delete process.env.NUBO_SIM_HOSTS;
      else process.env.NUBO_SIM_HOSTS = saved;
    }
  });

  it('refuses a malformed NUBO_SIM_HOSTS before touching the database', async () => {
    const saved = process.env.NUBO_SIM_HOSTS;
    const dataDir = join(tmpdir(), `nubo-never-${process.pid}-${Date.now()}`);
    try {
      for (const bad of ['lots', '-1', '2.5', '10001']) {
        process.env.NUBO_SIM_HOSTS = bad;
        await assert.rejects(startServer({ dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent' }), /NUBO_SIM_HOSTS/);
      }
      assert.ok(!existsSync(dataDir), 'nothing was created');
    } finally {
      if (saved === undefined) delete process.env.NUBO_SIM_HOSTS;
      else process.env.NUBO_SIM_HOSTS = saved;
    }
  });
});
