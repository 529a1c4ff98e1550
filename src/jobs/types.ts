import type { ErrorKind } from '../api/errors.js';

export interface JobOwner {
  readonly userId: number;
  readonly accountId: number;
  readonly domainId: number;
}

/** What a finished job holds: a typed entity snapshot for the frontends to render, or an error. */
export type JobResult =
  | { readonly type: 'success' }
  | { readonly type: 'entity'; readonly entity: string; readonly data: unknown };

export interface JobFailure {
  readonly kind: ErrorKind;
  readonly message: string;
}

export interface JobContext {
  readonly jobId: number;
  readonly jobUuid: string;
  readonly owner: JobOwner;
  /**
   * One idempotent step. Completed steps are recorded; after a restart they are not run
   * again, their recorded value is returned and their undo is registered, so a resumed job
   * continues where it stopped and a rolled-back job undoes exactly what was done.
   */
  step<T>(name: string, run: () => Promise<T>, undo?: (value: T) => Promise<void>): Promise<T>;
}

export interface JobWorker {
  readonly cmd: string;
  /** After a crash: carry on (every step idempotent) or undo the completed steps. */
  readonly onRestart: 'resume' | 'rollback';
  run(ctx: JobContext, params: Record<string, unknown>): Promise<JobResult>;
}

export interface JobSpec {
  readonly cmd: string;
  readonly javaClass: string;
  readonly owner: JobOwner;
  readonly params: Record<string, unknown>;
  readonly instanceType?: string;
  readonly instanceId?: string;
  /** Resource lock key, e.g. `domain:12`; jobs with one key run one after another. */
  readonly lockKey?: string;
}
