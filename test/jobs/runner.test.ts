// The job runner on a real database: persisted before work, per-resource locks, and
// recovery after a crash (resume or roll back), exercised with a worker built for the test.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DbHandle } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';
import { JobRunner } from '../../src/jobs/runner.js';
import type { JobWorker } from '../../src/jobs/types.js';
import { seedDefaults } from '../../src/services/seed.js';
import { freshDatabaseUrl } from '../helpers/server.js';

const owner = { userId: 2, accountId: 2, domainId: 1 };
const never = () => new Promise<never>(() => {});

describe('job runner', () => {
  let h: DbHandle;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nubo-jobs-'));
    h = openDatabase({ url: await freshDatabaseUrl(), dataDir: dir });
    await migrate(h);
    await seedDefaults(h.db, { adminPassword: 'x' });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async (id: number) => (await h.db.selectFrom('async_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const waitDone = async (id: number) => {
    for (let i = 0; i < 500; i++) {
      const j = await status(id);
      if (j.status !== 0) return j;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`job ${id} never finished`);
  };

  it('persists the job before running it and records the result', async () => {
    const r = new JobRunner(h.db, 'test');
    let seenPending = false;
    r.register({
      cmd: 'probe', onRestart: 'resume',
      run: async (ctx) => {
        seenPending = (await status(ctx.jobId)).status === 0;
        return { type: 'entity', entity: 'Thing', data: { n: 42 } };
      },
    });
    const j = await r.submit({ cmd: 'probe', javaClass: 'x.Probe', owner, params: {} });
    const done = await waitDone(j.id);
    assert.equal(seenPending, true);
    assert.equal(done.status, 1);
    assert.deepEqual(JSON.parse(done.result ?? 'null'), { type: 'entity', entity: 'Thing', data: { n: 42 } });
    assert.ok(done.completed);
  });

  it('runs jobs on one resource one at a time, and others in parallel', async () => {
    const r = new JobRunner(h.db, 'test');
    let active = 0, maxActive = 0;
    r.register({
      cmd: 'slow', onRestart: 'resume',
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((res) => setTimeout(res, 20));
        active--;
        return { type: 'success' };
      },
    });
    const ids = await Promise.all([1, 2, 3, 4].map(() => r.submit({ cmd: 'slow', javaClass: 'x', owner, params: {}, lockKey: 'vm:1' })));
    for (const j of ids) assert.equal((await waitDone(j.id)).status, 1);
    assert.equal(maxActive, 1);
  });

  it('undoes completed steps when a job fails, and reports the typed error', async () => {
    const r = new JobRunner(h.db, 'test');
    const log: string[] = [];
    r.register({
      cmd: 'fails', onRestart: 'rollback',
      run: async (ctx) => {
        await ctx.step('a', async () => log.push('do a'), async () => void log.push('undo a'));
        await ctx.step('b', async () => log.push('do b'), async () => void log.push('undo b'));
        const { DomainError } = await import('../../src/core/errors.js');
        throw new DomainError('InsufficientCapacity', 'no host has room');
      },
    });
    const j = await r.submit({ cmd: 'fails', javaClass: 'x', owner, params: {} });
    const done = await waitDone(j.id);
    assert.equal(done.status, 2);
    assert.deepEqual(JSON.parse(done.result ?? '{}'), { error: { kind: 'InsufficientCapacity', message: 'no host has room' } });
    assert.deepEqual(log, ['do a', 'do b', 'undo b', 'undo a']);
  });

  it('after a crash, rolls back a rollback-policy job: exactly the completed steps are undone', async () => {
    const log: string[] = [];
    const worker = (hang: boolean): JobWorker => ({
      cmd: 'create-thing', onRestart: 'rollback',
      run: async (ctx) => {
        await ctx.step('reserve', async () => { log.push('reserve'); return { slot: 7 }; }, async (v) => void log.push(`release ${v.slot}`));
        await ctx.step('provision', async () => { log.push('provision'); if (hang) await never(); return 1; }, async () => void log.push('deprovision'));
        return { type: 'success' };
      },
    });
    const crashed = new JobRunner(h.db, 'dead-server');
    crashed.register(worker(true));
    const j = await crashed.submit({ cmd: 'create-thing', javaClass: 'x', owner, params: {} });
    while (!log.includes('provision')) await new Promise((r) => setTimeout(r, 5));
    crashed.stop(); // the process "dies" here: the job row says pending, step 'reserve' recorded
    assert.equal((await status(j.id)).status, 0);

    const restarted = new JobRunner(h.db, 'new-server');
    restarted.register(worker(false));
    assert.ok((await restarted.recover()) >= 1);
    const done = await waitDone(j.id);
    assert.equal(done.status, 2);
    assert.match(String(JSON.parse(done.result ?? '{}').error.message), /rolled back/);
    assert.deepEqual(log, ['reserve', 'provision', 'release 7']);
  });

  it('after a crash, resumes a resume-policy job without repeating completed steps', async () => {
    const log: string[] = [];
    const worker = (hang: boolean): JobWorker => ({
      cmd: 'resumable', onRestart: 'resume',
      run: async (ctx) => {
        const a = await ctx.step('first', async () => { log.push('first'); return 'A'; });
        await ctx.step('second', async () => { log.push(`second(${a})`); if (hang) await never(); });
        await ctx.step('third', async () => void log.push('third'));
        return { type: 'success' };
      },
    });
    const crashed = new JobRunner(h.db, 'dead-server');
    crashed.register(worker(true));
    const j = await crashed.submit({ cmd: 'resumable', javaClass: 'x', owner, params: {} });
    while (!log.includes('second(A)')) await new Promise((r) => setTimeout(r, 5));
    crashed.stop();

    const restarted = new JobRunner(h.db, 'new-server');
    restarted.register(worker(false));
    await restarted.recover();
    assert.equal((await waitDone(j.id)).status, 1);
    // 'first' ran once; 'second' had not completed, so it runs again (steps are idempotent).
    assert.deepEqual(log, ['first', 'second(A)', 'second(A)', 'third']);
  });

  it('fails, rather than leaves pending, a job whose worker no longer exists', async () => {
    const old = new JobRunner(h.db, 'old');
    old.register({ cmd: 'gone', onRestart: 'resume', run: async () => never() });
    const j = await old.submit({ cmd: 'gone', javaClass: 'x', owner, params: {} });
    old.stop();
    const fresh = new JobRunner(h.db, 'new');
    await fresh.recover();
    assert.equal((await waitDone(j.id)).status, 2);
  });
});
