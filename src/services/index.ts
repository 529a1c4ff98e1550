import type { Db } from '../db/schema.js';
import { JobRunner } from '../jobs/runner.js';
import { AuthService } from './auth.js';
import { DomainService } from './domains.js';
import { EventService } from './events.js';
import { JobQueryService } from './jobs.js';
import { RoleService } from './roles.js';
import { SettingsService } from './settings.js';

export interface Services {
  readonly db: Db;
  readonly jobs: JobRunner;
  readonly jobQuery: JobQueryService;
  readonly events: EventService;
  readonly settings: SettingsService;
  readonly roles: RoleService;
  readonly auth: AuthService;
  readonly domains: DomainService;
}

export interface ServiceOptions {
  readonly serverId: string;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  readonly onJobFinish?: (cmd: string, ok: boolean) => void;
}

/** Builds every service over one database; the job runner gets every worker registered. */
export function createServices(db: Db, opts: ServiceOptions): Services {
  const events = new EventService(db);
  const jobs = new JobRunner(db, opts.serverId, {
    onFinish: async (job, ok) => {
      opts.onJobFinish?.(job.cmd, ok);
    },
  }, opts.log);
  const settings = new SettingsService(db);
  return {
    db,
    jobs,
    jobQuery: new JobQueryService(db),
    events,
    settings,
    roles: new RoleService(db),
    auth: new AuthService(db, events, settings),
    domains: new DomainService(db, events, jobs),
  };
}
