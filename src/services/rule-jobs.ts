// How rule commands apply and revoke: as CloudStack's BaseAsyncCreateCmd, a rule is written
// (state Add, conflicts refused with 537) when the command is accepted, and a job pushes the
// router's new config and marks it Active; if the router cannot take it, the rule is removed.
// Deleting rules is the same in reverse. Both jobs resume after a restart.
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { DomainError } from '../core/errors.js';
import { type RuleShape, describeRule, findConflict } from '../core/network-rules.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import type { RuleRow } from './network-refs.js';
import type { RouterService } from './routers.js';
import { ruleViews } from './rule-views.js';

export type RuleEntity = 'FirewallRule' | 'PortForwardingRule';

/** Rows of firewall_rules as conflict detection sees them. */
export function shapeOf(r: RuleRow): RuleShape {
  return {
    id: r.id, uuid: r.uuid, purpose: r.purpose as RuleShape['purpose'], protocol: r.protocol as RuleShape['protocol'],
    ports: r.start_port === null ? null : { start: r.start_port, end: r.end_port ?? r.start_port },
    sourceCidrs: r.source_cidrs ? r.source_cidrs.split(',') : [], icmpType: r.icmp_type ?? -1, icmpCode: r.icmp_code ?? -1, relatedRuleId: r.related_rule_id,
  };
}

export const conflict = (msg: string) => new DomainError('NetworkRuleConflict', msg);

/** Refuses a new rule that conflicts with the given existing ones (537). */
export function assertNoConflict(rule: RuleShape, existing: readonly RuleRow[], where: string): void {
  const hit = findConflict(rule, existing.map(shapeOf));
  if (hit) throw conflict(`The ${describeRule(rule)} conflicts with the existing ${describeRule(hit)} on ${where}`);
}

/** Locks a public IP's row (or a network's) for the rest of the transaction, so conflict checks serialise. */
export async function lockIp(tx: Db, ipId: number): Promise<void> {
  await tx.updateTable('public_ip_addresses').set({ for_display: sql<number>`for_display` }).where('id', '=', ipId).execute();
}

export async function lockNetwork(tx: Db, networkId: number): Promise<void> {
  await tx.updateTable('networks').set({ display_network: sql<number>`display_network` }).where('id', '=', networkId).execute();
}

export class RuleJobs {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly routers: RouterService,
  ) {}

  registerApply(cmd: string, entity: RuleEntity, eventType: string): void {
    this.jobs.register({
      cmd,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const ids = (p.ruleIds as number[]).map(Number);
        const networkId = Number(p.networkId);
        try {
          await ctx.step('apply', () => this.routers.sync(networkId));
        } catch (e) {
          // The router refused the rule: take it back out so the database says what the router does.
          await this.db.deleteFrom('firewall_rules').where('id', 'in', ids).execute();
          await this.routers.sync(networkId).catch(() => undefined);
          throw e;
        }
        await ctx.step('activate', async () => {
          await this.db.updateTable('firewall_rules').set({ state: 'Active' }).where('id', 'in', ids).where('state', '=', 'Add').execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: eventType, description: String(p.description), resourceType: entity, resourceId: String(p.ruleUuid) });
        });
        const row = await this.db.selectFrom('firewall_rules').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
        return { type: 'entity', entity, data: (await ruleViews(this.db, [row]))[0] };
      },
    });
  }

  registerRevoke(cmd: string, entity: RuleEntity, eventType: string): void {
    this.jobs.register({
      cmd,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const ids = (p.ruleIds as number[]).map(Number);
        await ctx.step('revoke', async () => {
          await this.db.deleteFrom('firewall_rules').where('id', 'in', ids).execute();
          await this.db.deleteFrom('resource_tags').where('resource_type', 'in', ['FirewallRule', 'PortForwardingRule']).where('resource_id', 'in', ids).execute();
        });
        await ctx.step('apply', () => this.routers.sync(Number(p.networkId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: eventType, description: String(p.description), resourceType: entity, resourceId: String(p.ruleUuid) });
        });
        return { type: 'success' };
      },
    });
  }

  async submit(caller: Caller, cmd: string, javaClass: string, rule: { uuid: string; networkId: number }, ruleIds: readonly number[], description: string, instanceType: RuleEntity): Promise<string> {
    const job = await this.jobs.submit({
      cmd, javaClass, owner: caller, params: { ruleIds: [...ruleIds], networkId: rule.networkId, ruleUuid: rule.uuid, description },
      instanceType, instanceId: rule.uuid, lockKey: `network:${rule.networkId}`,
    });
    return job.uuid;
  }
}
