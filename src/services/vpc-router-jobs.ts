// The create/delete jobs of VPC router entities (private gateways, static routes): a row is
// written first, then the VPC router is re-synced; a failed apply removes the row again and
// re-syncs, so the router never keeps a half-made entity.
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import type { VpcRouterService } from './vpc-router.js';

export interface RouterEntityJobs {
  readonly table: 'private_gateways' | 'static_routes';
  readonly cmds: { readonly create: string; readonly delete: string };
  /** Job parameter names holding the row id and uuid. */
  readonly idParam: string;
  readonly uuidParam: string;
  readonly entity: string;
  readonly resourceType: string;
  /** The state a created row moves to once the router has it, and the step's name. */
  readonly ready: { readonly step: string; readonly state: string };
  readonly events: { readonly create: string; readonly delete: string };
  deleteDescription(params: Record<string, unknown>): string;
  view(id: number): Promise<unknown>;
}

export function registerRouterEntityJobs(db: Db, events: EventService, jobs: JobRunner, router: VpcRouterService, o: RouterEntityJobs): void {
  // Both tables have id and state; a dynamic table name defeats Kysely's typing.
  const table = o.table as 'static_routes';
  jobs.register({
    cmd: o.cmds.create,
    onRestart: 'resume',
    run: async (ctx, p): Promise<JobResult> => {
      const id = Number(p[o.idParam]);
      try {
        await ctx.step('apply', () => router.sync(Number(p.vpcId)));
      } catch (e) {
        await db.deleteFrom(table).where('id', '=', id).execute();
        await router.sync(Number(p.vpcId)).catch(() => undefined);
        throw e;
      }
      await ctx.step(o.ready.step, async () => {
        await db.updateTable(table).set({ state: o.ready.state }).where('id', '=', id).execute();
      });
      await ctx.step('event', async () => {
        await events.record(ctx.owner, { type: o.events.create, description: String(p.description), resourceType: o.resourceType, resourceId: String(p[o.uuidParam]) });
      });
      return { type: 'entity', entity: o.entity, data: await o.view(id) };
    },
  });
  jobs.register({
    cmd: o.cmds.delete,
    onRestart: 'resume',
    run: async (ctx, p): Promise<JobResult> => {
      await ctx.step('delete', async () => {
        await db.deleteFrom(table).where('id', '=', Number(p[o.idParam])).execute();
      });
      await ctx.step('apply', () => router.sync(Number(p.vpcId)));
      await ctx.step('event', async () => {
        await events.record(ctx.owner, { type: o.events.delete, description: o.deleteDescription(p), resourceType: o.resourceType, resourceId: String(p[o.uuidParam]) });
      });
      return { type: 'success' };
    },
  });
}
