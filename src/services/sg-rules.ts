// Security group rules: authorizeSecurityGroupIngress / authorizeSecurityGroupEgress (protocol,
// ports or ICMP type/code, a CIDR list and/or other groups by account and name; one rule per
// CIDR and per group, as CloudStack stores them) and revokeSecurityGroupIngress / Egress. The
// rules are written when the command is accepted (a request that adds nothing new is a 537
// conflict); the job brings the members' rule sets up to date and records the event.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { DomainError, invalidParam } from '../core/errors.js';
import { ruleMatch } from '../core/acl-rules.js';
import { parseCidrList } from '../core/network-rules.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';
import { type OwnerArgs, checkOwnerWritable } from './owner.js';
import type { SecurityGroupService } from './security-groups.js';
import { membersOf, syncVmRules } from './sg-state.js';
import { sgViews } from './sg-views.js';

export type SgRuleType = 'ingress' | 'egress';

export interface AuthorizeInput extends OwnerArgs {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly protocol?: string;
  readonly startPort?: number;
  readonly endPort?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly cidrList?: readonly string[];
  /** usersecuritygrouplist: `{account, group}` entries. */
  readonly groups?: readonly Readonly<Record<string, string>>[];
}

/**
 * The worker names are not command names on purpose: CloudStack answers authorize with the
 * whole group under `securitygroup` (createSecurityGroupResponseFromSecurityGroupRule), not
 * under the annotation's `ingressrule`, and a job's result is keyed by its command's object
 * name when the worker is one; Ansible's cs_securitygroup_rule reads `securitygroup`.
 */
const AUTHORIZE_WORKER: Record<SgRuleType, string> = { ingress: 'securityGroupIngressAuthorize', egress: 'securityGroupEgressAuthorize' };
const REVOKE_CMD: Record<SgRuleType, string> = { ingress: 'revokeSecurityGroupIngress', egress: 'revokeSecurityGroupEgress' };
const EVENT = { ingress: { auth: 'SG.AUTH.INGRESS', revoke: 'SG.REVOKE.INGRESS' }, egress: { auth: 'SG.AUTH.EGRESS', revoke: 'SG.REVOKE.EGRESS' } } as const;

export class SgRuleService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly groups: SecurityGroupService,
  ) {
    for (const type of ['ingress', 'egress'] as const) {
      jobs.register({
        cmd: AUTHORIZE_WORKER[type],
        onRestart: 'resume',
        run: async (ctx, p): Promise<JobResult> => {
          const groupId = Number(p.groupId);
          await ctx.step('sync', async () => syncVmRules(this.db, await membersOf(this.db, [groupId])));
          await ctx.step('event', async () => {
            await this.events.record(ctx.owner, { type: EVENT[type].auth, description: String(p.description), resourceType: 'SecurityGroup', resourceId: String(p.groupUuid), resourceName: String(p.groupName) });
          });
          return { type: 'entity', entity: 'SecurityGroup', data: (await sgViews(this.db, [groupId], (p.ruleIds as number[]).map(Number)))[0] };
        },
      });
      jobs.register({
        cmd: REVOKE_CMD[type],
        onRestart: 'resume',
        run: async (ctx, p): Promise<JobResult> => {
          const groupId = Number(p.groupId);
          await ctx.step('revoke', async () => {
            await this.db.deleteFrom('security_group_rules').where('id', '=', Number(p.ruleId)).execute();
          });
          await ctx.step('sync', async () => syncVmRules(this.db, await membersOf(this.db, [groupId])));
          await ctx.step('event', async () => {
            await this.events.record(ctx.owner, { type: EVENT[type].revoke, description: `Revoked ${type} rule ${String(p.ruleUuid)} of security group ${String(p.groupName)}`, resourceType: 'SecurityGroup', resourceId: String(p.groupUuid), resourceName: String(p.groupName) });
          });
          return { type: 'success' };
        },
      });
    }
  }

  async submitAuthorize(caller: Caller, type: SgRuleType, a: AuthorizeInput, javaClass: string): Promise<{ jobUuid: string }> {
    if (a.groupId === undefined && a.groupName === undefined) throw invalidParam('Either securitygroupid or securitygroupname must be given');
    if (a.groupId !== undefined && a.groupName !== undefined) throw invalidParam('securitygroupid and securitygroupname are mutually exclusive');
    const g = await this.groups.findFor(caller, { id: a.groupId, name: a.groupName, account: a.account, domainid: a.domainid, projectid: a.projectid });
    await checkOwnerWritable(this.db, g.account_id);
    const protocol = a.protocol ?? 'tcp';
    if (protocol.trim().toLowerCase() === 'icmp' && (a.icmpType === undefined || a.icmpCode === undefined)) {
      throw invalidParam(`Invalid ICMP type/code specified, icmpType = ${a.icmpType ?? 'null'}, icmpCode = ${a.icmpCode ?? 'null'}`);
    }
    const m = ruleMatch({ protocol, startPort: a.startPort, endPort: a.endPort, icmpType: a.icmpType, icmpCode: a.icmpCode }, true);
    const cidrs = parseCidrList(a.cidrList, []);
    const refs: { id: number; label: string }[] = [];
    for (const e of a.groups ?? []) {
      const lower = Object.fromEntries(Object.entries(e).map(([k, v]) => [k.toLowerCase(), v.trim()]));
      if (!lower.group) throw invalidParam('Each usersecuritygrouplist entry needs a group (and the account owning it)');
      // The account is looked up in the group's owner's domain, as CloudStack does.
      const acct = lower.account === undefined ? { id: g.account_id, name: '' }
        : await this.db.selectFrom('accounts').select(['id', 'name']).where('name', '=', lower.account).where('domain_id', '=', g.domain_id).where('removed', 'is', null).executeTakeFirst();
      if (!acct) throw invalidParam(`Unable to find account ${lower.account ?? ''} in the domain of security group ${g.name}`);
      const other = await this.groups.byName(acct.id, lower.group);
      if (!refs.some((r) => r.id === other.id)) refs.push({ id: other.id, label: `${lower.account ?? ''}/${other.name}` });
    }
    if (!cidrs.length && !refs.length) throw invalidParam('At least one cidr or at least one security group needs to be specified');

    const existing = await this.db.selectFrom('security_group_rules').selectAll().where('group_id', '=', g.id).where('type', '=', type).execute();
    const same = (r: (typeof existing)[number]) => r.protocol === m.protocol && r.start_port === m.startPort && r.end_port === m.endPort
      && r.icmp_type === m.icmpType && r.icmp_code === m.icmpCode;
    const newCidrs = cidrs.filter((c) => !existing.some((r) => same(r) && r.cidr === c));
    const newRefs = refs.filter((x) => !existing.some((r) => same(r) && r.allowed_group_id === x.id));
    if (!newCidrs.length && !newRefs.length) {
      throw new DomainError('NetworkRuleConflict', `The ${type} rule (${m.protocol}${m.startPort !== null ? ` ${m.startPort}-${m.endPort ?? ''}` : ''}) already exists in security group ${g.name}`);
    }
    const created = new Date().toISOString();
    const ruleIds = await this.db.transaction().execute(async (tx) => {
      const ids: number[] = [];
      const base = { group_id: g.id, type, protocol: m.protocol, start_port: m.startPort, end_port: m.endPort, icmp_type: m.icmpType, icmp_code: m.icmpCode, created };
      for (const cidr of newCidrs) ids.push((await tx.insertInto('security_group_rules').values({ ...base, uuid: randomUUID(), cidr, allowed_group_id: null }).returning('id').executeTakeFirstOrThrow()).id);
      for (const r of newRefs) ids.push((await tx.insertInto('security_group_rules').values({ ...base, uuid: randomUUID(), cidr: null, allowed_group_id: r.id }).returning('id').executeTakeFirstOrThrow()).id);
      return ids;
    });
    const what = [...newCidrs, ...newRefs.map((r) => `group ${r.label}`)].join(', ');
    const job = await this.jobs.submit({
      cmd: AUTHORIZE_WORKER[type], javaClass, owner: caller,
      params: { groupId: g.id, groupUuid: g.uuid, groupName: g.name, ruleIds, description: `Authorized ${type} ${m.protocol} from ${what} in security group ${g.name}` },
      instanceType: 'SecurityGroup', instanceId: g.uuid, lockKey: `securitygroup:${g.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitRevoke(caller: Caller, type: SgRuleType, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const id = await resolveId(this.db, 'security_group_rules', idOrUuid);
    const r = id === undefined ? undefined : await this.db.selectFrom('security_group_rules as r').innerJoin('security_groups as g', 'g.id', 'r.group_id')
      .select(['r.id', 'r.uuid', 'r.type', 'g.id as groupId', 'g.uuid as groupUuid', 'g.name as groupName', 'g.account_id']).where('r.id', '=', id).executeTakeFirst();
    if (!r || r.type !== type) throw invalidParam(`Unable to find ${type} rule with id ${idOrUuid}`);
    await checkOwnedAccess(this.db, caller, r.account_id, `security group ${r.groupName} (${r.groupUuid})`);
    await checkOwnerWritable(this.db, r.account_id);
    const job = await this.jobs.submit({
      cmd: REVOKE_CMD[type], javaClass, owner: caller, params: { ruleId: r.id, ruleUuid: r.uuid, groupId: r.groupId, groupUuid: r.groupUuid, groupName: r.groupName },
      instanceType: 'SecurityGroup', instanceId: r.groupUuid, lockKey: `securitygroup:${r.groupId}`,
    });
    return { jobUuid: job.uuid };
  }
}
