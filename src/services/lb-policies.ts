// Stickiness and health-check policies of load-balancing rules (create, update, delete, list).
// A rule has at most one of each (CloudStack refuses a second). Like the rules themselves, a
// policy is written (state Add) when the command is accepted and activated by the job that
// pushes the router's config; the router refusing it takes it back out.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { healthCheck, parseStickinessMethod, stickinessParams } from '../core/lb-rules.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import {
  type HealthCheckPolicyView, type LbPoliciesView, type LbRule, type StickinessPolicyView, findLbRule, findLbRuleFor, healthCheckView, policiesView,
  stickinessView,
} from './lb-views.js';
import { resolveId } from './lookup.js';
import { checkOwnerAccess, isUniqueViolation, nowIso } from './network-refs.js';
import type { Page } from './query.js';
import type { RouterService } from './routers.js';

type Kind = 'stickiness' | 'healthcheck';

const TABLE = { stickiness: 'lb_stickiness_policies', healthcheck: 'lb_healthcheck_policies' } as const;
const ENTITY = { stickiness: 'LBStickinessPolicies', healthcheck: 'LBHealthCheckPolicies' } as const;
const WHAT = { stickiness: 'stickiness policy', healthcheck: 'health check policy' } as const;
const EVENT = {
  stickiness: { create: 'LB.STICKINESSPOLICY.CREATE', delete: 'LB.STICKINESSPOLICY.DELETE', update: 'LB.STICKINESSPOLICY.UPDATE' },
  healthcheck: { create: 'LB.HEALTHCHECKPOLICY.CREATE', delete: 'LB.HEALTHCHECKPOLICY.DELETE', update: 'LB.HEALTHCHECKPOLICY.UPDATE' },
} as const;
const CMD = {
  stickiness: { create: 'createLBStickinessPolicy', delete: 'deleteLBStickinessPolicy', update: 'updateLBStickinessPolicy' },
  healthcheck: { create: 'createLBHealthCheckPolicy', delete: 'deleteLBHealthCheckPolicy', update: 'updateLBHealthCheckPolicy' },
} as const;

export interface StickinessInput {
  readonly ruleId: string;
  readonly name: string;
  readonly method: string;
  readonly description?: string;
  readonly params?: readonly Readonly<Record<string, string>>[];
  readonly forDisplay?: boolean;
}

export interface HealthCheckPolicyInput {
  readonly ruleId: string;
  readonly description?: string;
  readonly pingPath?: string;
  readonly responseTimeout?: number;
  readonly interval?: number;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
  readonly forDisplay?: boolean;
}

export class LbPolicyService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly routers: RouterService,
  ) {
    for (const kind of ['stickiness', 'healthcheck'] as const) {
      jobs.register({
        cmd: CMD[kind].create,
        onRestart: 'resume',
        run: async (ctx, p): Promise<JobResult> => {
          const id = Number(p.policyId);
          try {
            await ctx.step('apply', () => this.routers.sync(Number(p.networkId)));
          } catch (e) {
            await this.db.deleteFrom(TABLE[kind]).where('id', '=', id).execute();
            await this.routers.sync(Number(p.networkId)).catch(() => undefined);
            throw e;
          }
          await ctx.step('activate', async () => {
            await this.db.updateTable(TABLE[kind]).set({ state: 'Active' }).where('id', '=', id).execute();
          });
          await ctx.step('event', async () => {
            await this.events.record(ctx.owner, { type: EVENT[kind].create, description: `Created ${WHAT[kind]} ${String(p.policyUuid)} of load balancer rule ${String(p.ruleUuid)}`, resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid) });
          });
          return { type: 'entity', entity: ENTITY[kind], data: await this.viewOf(kind, Number(p.ruleId), id) };
        },
      });
      jobs.register({
        cmd: CMD[kind].delete,
        onRestart: 'resume',
        run: async (ctx, p): Promise<JobResult> => {
          await ctx.step('delete', async () => {
            await this.db.deleteFrom(TABLE[kind]).where('id', '=', Number(p.policyId)).execute();
          });
          await ctx.step('apply', () => this.routers.sync(Number(p.networkId)));
          await ctx.step('event', async () => {
            await this.events.record(ctx.owner, { type: EVENT[kind].delete, description: `Deleted ${WHAT[kind]} ${String(p.policyUuid)} of load balancer rule ${String(p.ruleUuid)}`, resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid) });
          });
          return { type: 'success' };
        },
      });
      jobs.register({
        cmd: CMD[kind].update,
        onRestart: 'resume',
        run: async (ctx, p): Promise<JobResult> => {
          const id = Number(p.policyId);
          await ctx.step('update', async () => {
            if (typeof p.forDisplay === 'boolean') await this.db.updateTable(TABLE[kind]).set({ for_display: p.forDisplay ? 1 : 0 }).where('id', '=', id).execute();
          });
          await ctx.step('event', async () => {
            await this.events.record(ctx.owner, { type: EVENT[kind].update, description: `Updated ${WHAT[kind]} ${String(p.policyUuid)}`, resourceType: 'LoadBalancer', resourceId: String(p.ruleUuid) });
          });
          return { type: 'entity', entity: ENTITY[kind], data: await this.viewOf(kind, Number(p.ruleId), id) };
        },
      });
    }
  }

  async submitCreateStickiness(caller: Caller, a: StickinessInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const lb = await findLbRuleFor(this.db, caller, a.ruleId);
    const name = a.name.trim();
    if (!name) throw invalidParam('The stickiness policy name must not be empty');
    const method = parseStickinessMethod(a.method);
    const params = stickinessParams(method, a.params ?? []);
    if (method === 'SourceBased' && lb.lbProtocol === 'udp') {
      // Source stickiness needs a stick table; haproxy has none for UDP, nor cookies.
      throw invalidParam('Stickiness policies are not supported on udp load balancer rules');
    }
    if (method !== 'SourceBased' && lb.lbProtocol !== 'tcp') throw invalidParam(`Cookie based stickiness (${method}) needs an HTTP (tcp) load balancer rule`);
    const uuid = randomUUID();
    const id = await this.insertOnce('stickiness', lb, () => this.db.insertInto('lb_stickiness_policies').values({
      uuid, rule_id: lb.rule.id, name, description: a.description ?? null, method, params: JSON.stringify(params), state: 'Add',
      for_display: a.forDisplay === false ? 0 : 1, created: nowIso(),
    }).returning('id').executeTakeFirstOrThrow());
    return { jobUuid: await this.submit('stickiness', 'create', caller, lb, id, uuid, javaClass), uuid };
  }

  async submitCreateHealthCheck(caller: Caller, a: HealthCheckPolicyInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const lb = await findLbRuleFor(this.db, caller, a.ruleId);
    if (lb.lbProtocol === 'udp') throw invalidParam('Health check policies need a tcp load balancer rule: an HTTP check can not probe a udp service');
    const hc = healthCheck(a);
    const uuid = randomUUID();
    const id = await this.insertOnce('healthcheck', lb, () => this.db.insertInto('lb_healthcheck_policies').values({
      uuid, rule_id: lb.rule.id, ping_path: hc.pingPath, description: a.description ?? null, response_time: hc.responseTimeout, interval_time: hc.interval,
      healthy_threshold: hc.healthyThreshold, unhealthy_threshold: hc.unhealthyThreshold, state: 'Add', for_display: a.forDisplay === false ? 0 : 1, created: nowIso(),
    }).returning('id').executeTakeFirstOrThrow());
    return { jobUuid: await this.submit('healthcheck', 'create', caller, lb, id, uuid, javaClass), uuid };
  }

  /** One policy of each kind per rule: the unique key settles two racing creates. */
  private async insertOnce(kind: Kind, lb: LbRule, insert: () => Promise<{ id: number }>): Promise<number> {
    const refuse = () => invalidParam(`Failed to create ${WHAT[kind]}: load balancer rule ${lb.name} already has one (delete it first)`);
    if (await this.db.selectFrom(TABLE[kind]).select('id').where('rule_id', '=', lb.rule.id).executeTakeFirst()) throw refuse();
    try {
      return (await insert()).id;
    } catch (e) {
      if (isUniqueViolation(e)) throw refuse();
      throw e;
    }
  }

  private async submit(kind: Kind, op: 'create' | 'delete' | 'update', caller: Caller, lb: LbRule, policyId: number, policyUuid: string, javaClass: string, extra: Record<string, unknown> = {}): Promise<string> {
    const job = await this.jobs.submit({
      cmd: CMD[kind][op], javaClass, owner: caller,
      params: { policyId, policyUuid, ruleId: lb.rule.id, ruleUuid: lb.rule.uuid, networkId: lb.rule.network_id, ...extra },
      instanceType: 'LoadBalancerRule', instanceId: lb.rule.uuid, lockKey: `network:${lb.rule.network_id}`,
    });
    return job.uuid;
  }

  /** A policy by id with its rule, access-checked. */
  private async findPolicy(kind: Kind, caller: Caller, idOrUuid: string): Promise<{ id: number; uuid: string; lb: LbRule }> {
    const id = await resolveId(this.db, TABLE[kind], idOrUuid);
    const row = id === undefined ? undefined : await this.db.selectFrom(TABLE[kind]).select(['id', 'uuid', 'rule_id']).where('id', '=', id).executeTakeFirst();
    if (!row) throw invalidParam(`Unable to find ${WHAT[kind]} with id ${idOrUuid}`);
    const lb = await findLbRule(this.db, String(row.rule_id));
    await checkOwnerAccess(this.db, caller, lb.rule.account_id, `${WHAT[kind]} ${row.uuid}`);
    return { id: row.id, uuid: row.uuid, lb };
  }

  async submitDelete(kind: Kind, caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await this.findPolicy(kind, caller, idOrUuid);
    return { jobUuid: await this.submit(kind, 'delete', caller, p.lb, p.id, p.uuid, javaClass) };
  }

  async submitUpdate(kind: Kind, caller: Caller, idOrUuid: string, a: { forDisplay?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const p = await this.findPolicy(kind, caller, idOrUuid);
    return { jobUuid: await this.submit(kind, 'update', caller, p.lb, p.id, p.uuid, javaClass, { forDisplay: a.forDisplay ?? null }) };
  }

  /** listLBStickinessPolicies / listLBHealthCheckPolicies: one entry, the rule with its policy (or none). */
  async list(kind: Kind, caller: Caller, f: { ruleId?: string; id?: string; forDisplay?: boolean }, page: Page): Promise<{ count: number; items: LbPoliciesView<StickinessPolicyView | HealthCheckPolicyView>[] }> {
    let ruleRef = f.ruleId;
    let policyId: number | undefined;
    if (f.id !== undefined) {
      const p = await this.findPolicy(kind, caller, f.id);
      if (ruleRef !== undefined && (await findLbRule(this.db, ruleRef)).rule.id !== p.lb.rule.id) return { count: 0, items: [] };
      ruleRef = p.lb.rule.uuid;
      policyId = p.id;
    }
    if (ruleRef === undefined) throw invalidParam(`Either lbruleid or id must be given to list ${WHAT[kind]} policies`);
    const lb = await findLbRuleFor(this.db, caller, ruleRef);
    const view = await this.viewOf(kind, lb.rule.id, policyId, f.forDisplay);
    const items = [view].slice(page.offset, page.offset + page.limit);
    return { count: 1, items };
  }

  private async viewOf(kind: Kind, ruleId: number, policyId?: number, forDisplay?: boolean): Promise<LbPoliciesView<StickinessPolicyView | HealthCheckPolicyView>> {
    const lb = await findLbRule(this.db, String(ruleId));
    if (kind === 'stickiness') {
      let q = this.db.selectFrom('lb_stickiness_policies').selectAll().where('rule_id', '=', ruleId);
      if (policyId !== undefined) q = q.where('id', '=', policyId);
      if (forDisplay !== undefined) q = q.where('for_display', '=', forDisplay ? 1 : 0);
      return policiesView(this.db, lb, (await q.execute()).map(stickinessView));
    }
    let q = this.db.selectFrom('lb_healthcheck_policies').selectAll().where('rule_id', '=', ruleId);
    if (policyId !== undefined) q = q.where('id', '=', policyId);
    if (forDisplay !== undefined) q = q.where('for_display', '=', forDisplay ? 1 : 0);
    return policiesView(this.db, lb, (await q.execute()).map(healthCheckView));
  }
}
