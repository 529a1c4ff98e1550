// kill -9 of the server while deploys are booting (slowed down by a simulator mock): after a
// restart every deploy job ends, each VM is Running or in Error, and what the hosts hold is
// exactly what the running VMs claim (nothing stranded, nothing counted twice).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CsClient, type Json } from '../helpers/cs-client.js';
import { spawnServer } from '../helpers/process.js';
import { freshDatabaseUrl } from '../helpers/server.js';
import { seeded } from '../helpers/vms.js';

describe('VM jobs after kill -9', () => {
  it('resumes interrupted deploys and leaves host capacity consistent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-vm-crash-'));
    const dbUrl = await freshDatabaseUrl();
    try {
      const first = await spawnServer(dir, dbUrl);
      const keys = first.admin!;
      let admin = new CsClient(first.url, keys.apiKey, keys.secretKey);
      const z = await seeded(admin);
      await admin.ok('configureSimulator', { name: 'StartCommand', value: 'wait:800' });
      const accepted: { id: string; jobid: string }[] = [];
      const inFlight = Array.from({ length: 6 }, () =>
        admin.call('deployVirtualMachine', { zoneid: z.zoneId, templateid: z.templateId, serviceofferingid: z.small }).then((r) => {
          const b = Object.values(r.body)[0] as Json | undefined;
          if (typeof b?.jobid === 'string') accepted.push({ id: String(b.id), jobid: b.jobid });
        }, () => undefined),
      );
      await Promise.allSettled(inFlight);
      await new Promise((r) => setTimeout(r, 300));
      await first.kill9();

      const second = await spawnServer(dir, dbUrl);
      admin = new CsClient(second.url, keys.apiKey, keys.secretKey);
      try {
        assert.ok(accepted.length > 0);
        for (const a of accepted) {
          const j = await admin.waitJob(a.jobid, 60_000);
          // Deploys resume after a restart: they finish the boot the crash interrupted.
          assert.equal(j.jobstatus, 1, JSON.stringify(j.jobresult));
        }
        const vms = ((await admin.ok('listVirtualMachines', { listall: true, pagesize: 500 })).virtualmachine as Json[]) ?? [];
        for (const a of accepted) {
          const v = vms.find((x) => x.id === a.id);
          assert.ok(v, `VM ${a.id} exists`);
          assert.ok(['Running', 'Error'].includes(String(v.state)), `VM ${a.id} is ${String(v.state)}`);
        }
        const hosts = (await admin.ok('listHosts', { zoneid: z.zoneId, type: 'Routing' })).host as Json[];
        for (const h of hosts) {
          const running = vms.filter((v) => v.hostid === h.id && v.state === 'Running').length;
          assert.equal(h.cpuallocatedvalue, running * 500, `host ${String(h.name)} holds exactly its running VMs`);
        }
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
