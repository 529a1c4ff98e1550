import { randomUUID } from 'node:crypto';
import { DomainError } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { KeyedLock } from './keyed-lock.js';
import type { JobContext, JobFailure, JobResult, JobSpec, JobWorker } from './types.js';

export interface JobHooks {
  /** Called when a job ends either way (events, metrics). */
  onFinish?(job: { id: number; uuid: string; cmd: string; spec: JobSpec | null }, ok: boolean, failure?: JobFailure): Promise<void>;
}

/** Thrown inside a replay to stop at the first step that had not completed. */
class RollbackSignal extends Error {}

interface Progress {
  done: Record<string, unknown>;
}

/**
 * Persisted async jobs. A job row is written (status 0) before any work starts; work runs
 * under the job's resource lock; the row ends as 1 (success) or 2 (failure). `recover()`
 * at start resumes or rolls back whatever a crash interrupted.
 */
export class JobRunner {
  private readonly workers = new Map<string, JobWorker>();
  private readonly lock = new KeyedLock();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly serverId: string,
    private readonly hooks: JobHooks = {},
    private readonly log: (msg: string, extra?: Record<string, unknown>) => void = () => {},
  ) {}

  register(w: JobWorker): void {
    if (this.workers.has(w.cmd)) throw new Error(`job worker ${w.cmd} registered twice`);
    this.workers.set(w.cmd, w);
  }

  /** Persists the job, starts it in the background, returns its ids at once. */
  async submit(spec: JobSpec): Promise<{ id: number; uuid: string }> {
    if (!this.workers.has(spec.cmd)) throw new Error(`no job worker for ${spec.cmd}`);
    const uuid = randomUUID();
    const row = await this.db
      .insertInto('async_jobs')
      .values({
        uuid,
        user_id: spec.owner.userId,
        account_id: spec.owner.accountId,
        domain_id: spec.owner.domainId,
        cmd: spec.cmd,
        java_class: spec.javaClass,
        instance_type: spec.instanceType ?? null,
        instance_id: spec.instanceId ?? null,
        lock_key: spec.lockKey ?? null,
        params: JSON.stringify(spec.params),
        status: 0,
        result_code: 0,
        result_type: 'object',
        result: null,
        progress: JSON.stringify({ done: {} } satisfies Progress),
        owner: this.serverId,
        created: new Date().toISOString(),
        completed: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.launch(row.id, 'run');
    return { id: row.id, uuid };
  }

  /** Resumes or rolls back every job a previous process left unfinished. */
  async recover(): Promise<number> {
    const pending = await this.db.selectFrom('async_jobs').select(['id', 'cmd']).where('status', '=', 0).orderBy('id').execute();
    for (const j of pending) {
      const w = this.workers.get(j.cmd);
      this.log('recovering interrupted job', { jobId: j.id, cmd: j.cmd, policy: w?.onRestart ?? 'none' });
      this.launch(j.id, w?.onRestart === 'resume' ? 'run' : 'rollback');
    }
    return pending.length;
  }

  /** Waits for every job started by this process (used on shutdown and in tests). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  stop(): void {
    this.stopped = true;
  }

  private launch(id: number, mode: 'run' | 'rollback'): void {
    const p = this.execute(id, mode).catch((e: unknown) => this.log('job crashed', { jobId: id, error: String(e) }));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  private async execute(id: number, mode: 'run' | 'rollback'): Promise<void> {
    const job = await this.db.selectFrom('async_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!job || job.status !== 0) return;
    const worker = this.workers.get(job.cmd);
    const owner = { userId: job.user_id, accountId: job.account_id, domainId: job.domain_id };
    const spec: JobSpec = { cmd: job.cmd, javaClass: job.java_class, owner, params: JSON.parse(job.params) as Record<string, unknown> };
    if (!worker) {
      await this.finish(id, job.uuid, job.cmd, spec, { kind: 'Internal', message: `no worker for ${job.cmd}` });
      return;
    }
    await this.lock.run(job.lock_key, async () => {
      if (this.stopped) return;
      const progress = JSON.parse(job.progress) as Progress;
      const undos: (() => Promise<void>)[] = [];
      const ctx: JobContext = {
        jobId: id,
        jobUuid: job.uuid,
        owner,
        step: async <T>(name: string, run: () => Promise<T>, undo?: (v: T) => Promise<void>): Promise<T> => {
          if (name in progress.done) {
            const v = progress.done[name] as T;
            if (undo) undos.push(() => undo(v));
            return v;
          }
          if (mode === 'rollback') throw new RollbackSignal();
          const v = await run();
          progress.done[name] = v === undefined ? null : v;
          await this.db.updateTable('async_jobs').set({ progress: JSON.stringify(progress) }).where('id', '=', id).execute();
          if (undo) undos.push(() => undo(v));
          return v;
        },
      };
      try {
        if (mode === 'rollback' && Object.keys(progress.done).length === 0) throw new RollbackSignal();
        const result = await worker.run(ctx, spec.params);
        if (mode === 'rollback') throw new RollbackSignal();
        await this.finish(id, job.uuid, job.cmd, spec, null, result);
      } catch (e) {
        for (const u of undos.reverse()) {
          try {
            await u();
          } catch (ue) {
            this.log('job undo step failed', { jobId: id, error: String(ue) });
          }
        }
        const failure: JobFailure =
          e instanceof RollbackSignal
            ? { kind: 'Internal', message: 'Job was interrupted by a management server restart and has been rolled back' }
            : e instanceof DomainError
              ? { kind: e.kind, message: e.message }
              : { kind: 'Internal', message: e instanceof Error ? e.message : String(e) };
        if (!(e instanceof DomainError) && !(e instanceof RollbackSignal)) this.log('job failed unexpectedly', { jobId: id, error: String(e) });
        await this.finish(id, job.uuid, job.cmd, spec, failure);
      }
    });
  }

  private async finish(id: number, uuid: string, cmd: string, spec: JobSpec, failure: JobFailure | null, result?: JobResult): Promise<void> {
    await this.db
      .updateTable('async_jobs')
      .set({
        status: failure ? 2 : 1,
        result_code: failure ? 530 : 0,
        result: JSON.stringify(failure ? { error: failure } : result),
        completed: new Date().toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 0)
      .execute();
    await this.hooks.onFinish?.({ id, uuid, cmd, spec }, !failure, failure ?? undefined);
  }
}
