// kill -9 of the server while async jobs are in flight: after a restart every job ends
// (none pending forever) and the records agree with the job results.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CsClient, type Json } from '../helpers/cs-client.js';
import { spawnServer } from '../helpers/process.js';
import { freshDatabaseUrl } from '../helpers/server.js';

describe('crash recovery', () => {
  it('finishes or rolls back every job interrupted by kill -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-crash-'));
    const dbUrl = await freshDatabaseUrl();
    try {
      const first = await spawnServer(dir, dbUrl);
      assert.ok(first.admin, 'first start prints admin keys');
      const keys = first.admin;
      let admin = new CsClient(first.url, keys.apiKey, keys.secretKey);
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push(String(((await admin.ok('createDomain', { name: `crash-${i}` })).domain as Json).id));

      // Fire every delete at once and kill the server as soon as a few have been accepted.
      const accepted: string[] = [];
      let settled = 0;
      const inFlight = ids.map((id) =>
        admin.call('deleteDomain', { id }).then((r) => {
          const jobid = (Object.values(r.body)[0] as Json | undefined)?.jobid;
          if (typeof jobid === 'string') accepted.push(jobid);
        }, () => undefined).finally(() => settled++),
      );
      // Bounded: if fewer than three are ever accepted, stop waiting once every call has answered.
      while (accepted.length < 3 && settled < ids.length) await new Promise((r) => setTimeout(r, 1));
      assert.ok(accepted.length >= 1, 'the server accepted deletes before the kill');
      await first.kill9();
      await Promise.allSettled(inFlight);

      const second = await spawnServer(dir, dbUrl);
      admin = new CsClient(second.url, keys.apiKey, keys.secretKey);
      try {
        for (const jobid of accepted) {
          const j = await admin.waitJob(jobid, 30_000);
          assert.notEqual(j.jobstatus, 0);
        }
        // Nothing stays pending, and each domain is gone exactly when a job said so.
        let pending = 1;
        for (let i = 0; i < 300 && pending; i++) {
          const jobs = await admin.ok('listAsyncJobs', { listall: true, pagesize: 500 });
          pending = ((jobs.asyncjobs as Json[] | undefined) ?? []).filter((j) => j.jobstatus === 0).length;
          if (pending) await new Promise((r) => setTimeout(r, 50));
        }
        assert.equal(pending, 0, 'no job left pending after restart');
        const jobs = ((await admin.ok('listAsyncJobs', { listall: true, pagesize: 500 })).asyncjobs as Json[]) ?? [];
        const remaining = new Set((((await admin.ok('listDomains', { listall: true, keyword: 'crash-' })).domain as Json[] | undefined) ?? []).map((d) => d.id));
        for (const j of jobs) {
          if (j.jobinstancetype !== 'Domain') continue;
          if (j.jobstatus === 1) assert.ok(!remaining.has(j.jobinstanceid), `domain ${String(j.jobinstanceid)} deleted by a successful job is gone`);
        }
        assert.ok(remaining.size < ids.length, 'some deletes took effect');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
