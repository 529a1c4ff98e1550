// Network ACL lists and their rules: createNetworkACLList, updateNetworkACLList,
// deleteNetworkACLList (refused for the defaults and while tiers or gateways use it),
// replaceNetworkACLList (a tier's or a private gateway's list), createNetworkACL,
// updateNetworkACLItem, deleteNetworkACL and the two list commands. Rules are numbered; the
// router evaluates a list by number, first match deciding. A change re-syncs the VPC's router.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { aclCidrs, aclNumber, parseAclAction, parseTrafficType, ruleMatch } from '../core/acl-rules.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import {
  type AclItemFilter, type AclItemView, type AclListFilter, type AclListView, aclItemViews, aclListViews, listAclItems, listAclLists,
} from './acl-views.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import { checkOwnerAccess, findNetworkFor, isUniqueViolation, nowIso } from './network-refs.js';
import { checkOwnerWritable } from './owner.js';
import type { Page } from './query.js';
import { type AclListRow, findAclList, findAclListFor, findVpcFor, isDefaultAcl, vpcById } from './vpc-refs.js';
import type { VpcRouterService } from './vpc-router.js';

export interface AclItemInput {
  readonly protocol?: string;
  readonly startPort?: number;
  readonly endPort?: number;
  readonly cidrList?: readonly string[];
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly trafficType?: string;
  readonly number?: number;
  readonly action?: string;
  readonly forDisplay?: boolean;
  readonly reason?: string;
}

const CMD = {
  createList: 'createNetworkACLList', deleteList: 'deleteNetworkACLList', updateList: 'updateNetworkACLList', replace: 'replaceNetworkACLList',
  createItem: 'createNetworkACL', updateItem: 'updateNetworkACLItem', deleteItem: 'deleteNetworkACL',
} as const;

interface ResolvedItem {
  readonly protocol: string;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  readonly cidrs: string;
  readonly trafficType: string;
  readonly number?: number;
  readonly action: string;
  readonly forDisplay: boolean;
  readonly reason: string | null;
}

export class NetworkAclService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly router: VpcRouterService,
  ) {
    jobs.register({
      cmd: CMD.createList,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = await ctx.step('insert', async () => {
          const have = await this.db.selectFrom('network_acl_lists').select('id').where('uuid', '=', String(p.uuid)).executeTakeFirst();
          if (have) return have.id;
          return (await this.db.insertInto('network_acl_lists').values({
            uuid: String(p.uuid), name: String(p.name), description: (p.description as string | null) ?? null, vpc_id: Number(p.vpcId),
            for_display: p.forDisplay === false ? 0 : 1, created: nowIso(),
          }).returning('id').executeTakeFirstOrThrow()).id;
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.ACL.CREATE', description: `Created network ACL list ${String(p.name)}`, resourceType: 'NetworkAcl', resourceId: String(p.uuid), resourceName: String(p.name) });
        });
        return { type: 'entity', entity: 'NetworkACLList', data: (await aclListViews(this.db, [id]))[0] };
      },
    });
    jobs.register({
      cmd: CMD.deleteList,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('delete', () => this.db.transaction().execute(async (tx) => {
          await tx.deleteFrom('network_acl_items').where('acl_id', '=', Number(p.aclId)).execute();
          await tx.deleteFrom('network_acl_lists').where('id', '=', Number(p.aclId)).execute();
        }));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.ACL.DELETE', description: `Deleted network ACL list ${String(p.name)}`, resourceType: 'NetworkAcl', resourceId: String(p.uuid), resourceName: String(p.name) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.updateList,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('update', async () => {
          const u = p.update as { name?: string; description?: string; forDisplay?: boolean };
          const set = {
            ...(u.name !== undefined ? { name: u.name } : {}), ...(u.description !== undefined ? { description: u.description } : {}),
            ...(u.forDisplay !== undefined ? { for_display: u.forDisplay ? 1 : 0 } : {}),
          };
          if (Object.keys(set).length) await this.db.updateTable('network_acl_lists').set(set).where('id', '=', Number(p.aclId)).execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.ACL.UPDATE', description: `Updated network ACL list ${String(p.uuid)}`, resourceType: 'NetworkAcl', resourceId: String(p.uuid) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.replace,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const aclId = Number(p.aclId);
        await ctx.step('replace', async () => {
          if (p.networkId !== null) await this.db.updateTable('networks').set({ acl_id: aclId }).where('id', '=', Number(p.networkId)).execute();
          if (p.gatewayId !== null) await this.db.updateTable('private_gateways').set({ acl_id: aclId }).where('id', '=', Number(p.gatewayId)).execute();
        });
        await ctx.step('apply', () => this.router.sync(Number(p.vpcId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.ACL.REPLACE', description: String(p.description), resourceType: 'NetworkAcl', resourceId: String(p.aclUuid) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.createItem,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.itemId);
        try {
          await ctx.step('apply', () => this.syncList(Number(p.aclId)));
        } catch (e) {
          await this.db.deleteFrom('network_acl_items').where('id', '=', id).execute();
          await this.syncList(Number(p.aclId)).catch(() => undefined);
          throw e;
        }
        await ctx.step('activate', async () => {
          await this.db.updateTable('network_acl_items').set({ state: 'Active' }).where('id', '=', id).execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.ACL.ITEM.CREATE', description: String(p.description), resourceType: 'NetworkAclItem', resourceId: String(p.itemUuid) });
        });
        return { type: 'entity', entity: 'NetworkACLItem', data: (await aclItemViews(this.db, [id]))[0] };
      },
    });
    jobs.register({
      cmd: CMD.updateItem,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.itemId);
        await ctx.step('update', () => this.applyItem(id, p.item as ResolvedItem));
        await ctx.step('apply', () => this.syncList(Number(p.aclId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.ACL.ITEM.UPDATE', description: `Updated network ACL rule ${String(p.itemUuid)}`, resourceType: 'NetworkAclItem', resourceId: String(p.itemUuid) });
        });
        return { type: 'entity', entity: 'NetworkACLItem', data: (await aclItemViews(this.db, [id]))[0] };
      },
    });
    jobs.register({
      cmd: CMD.deleteItem,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('delete', async () => {
          await this.db.deleteFrom('network_acl_items').where('id', '=', Number(p.itemId)).execute();
        });
        await ctx.step('apply', () => this.syncList(Number(p.aclId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'NETWORK.ACL.ITEM.DELETE', description: `Deleted network ACL rule ${String(p.itemUuid)}`, resourceType: 'NetworkAclItem', resourceId: String(p.itemUuid) });
        });
        return { type: 'success' };
      },
    });
  }

  /** The router of the list's VPC takes the change (the default lists never change). */
  private async syncList(aclId: number): Promise<void> {
    const acl = await this.db.selectFrom('network_acl_lists').select('vpc_id').where('id', '=', aclId).executeTakeFirst();
    if (acl?.vpc_id != null) await this.router.sync(acl.vpc_id);
  }

  /** A list whose rules the caller may change: its VPC's, never a default one. */
  private async writableList(caller: Caller, acl: AclListRow): Promise<void> {
    if (isDefaultAcl(acl)) throw invalidParam(`Default network ACL list ${acl.name} can not be modified`);
    const vpc = await vpcById(this.db, acl.vpc_id!);
    await checkOwnerAccess(this.db, caller, vpc.account_id, `network ACL list ${acl.uuid}`);
    await checkOwnerWritable(this.db, vpc.account_id);
  }

  private async submit(caller: Caller, cmd: string, javaClass: string, params: Record<string, unknown>, instance: { type: string; uuid: string }, vpcId: number | null): Promise<string> {
    const job = await this.jobs.submit({
      cmd, javaClass, owner: caller, params, instanceType: instance.type, instanceId: instance.uuid, lockKey: vpcId === null ? `acl:${instance.uuid}` : `vpc:${vpcId}`,
    });
    return job.uuid;
  }

  // --- lists --------------------------------------------------------------------------------

  async submitCreateList(caller: Caller, a: { name: string; description?: string; vpcId?: string; forDisplay?: boolean }, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const name = a.name.trim();
    if (!name) throw invalidParam('The network ACL list name must not be empty');
    if (a.vpcId === undefined) throw invalidParam('vpcid is required: a network ACL list belongs to a VPC');
    const vpc = await findVpcFor(this.db, caller, a.vpcId);
    await checkOwnerWritable(this.db, vpc.account_id);
    const uuid = randomUUID();
    const jobUuid = await this.submit(caller, CMD.createList, javaClass, { uuid, name, description: a.description ?? null, vpcId: vpc.id, forDisplay: a.forDisplay ?? true },
      { type: 'NetworkAcl', uuid }, vpc.id);
    return { jobUuid, uuid };
  }

  async submitDeleteList(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const acl = await findAclList(this.db, idOrUuid);
    await this.writableList(caller, acl);
    const tier = await this.db.selectFrom('networks').select('name').where('acl_id', '=', acl.id).where('removed', 'is', null).executeTakeFirst();
    if (tier) throw invalidParam(`Can't delete network ACL list ${acl.name}: it is still associated with tier ${tier.name}`);
    const gw = await this.db.selectFrom('private_gateways').select('ip_address').where('acl_id', '=', acl.id).executeTakeFirst();
    if (gw) throw invalidParam(`Can't delete network ACL list ${acl.name}: it is still associated with private gateway ${gw.ip_address}`);
    return { jobUuid: await this.submit(caller, CMD.deleteList, javaClass, { aclId: acl.id, uuid: acl.uuid, name: acl.name }, { type: 'NetworkAcl', uuid: acl.uuid }, acl.vpc_id) };
  }

  async submitUpdateList(caller: Caller, idOrUuid: string, a: { name?: string; description?: string; forDisplay?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const acl = await findAclList(this.db, idOrUuid);
    await this.writableList(caller, acl);
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The network ACL list name must not be empty');
    return { jobUuid: await this.submit(caller, CMD.updateList, javaClass, { aclId: acl.id, uuid: acl.uuid, update: { ...a, name: a.name?.trim() } }, { type: 'NetworkAcl', uuid: acl.uuid }, acl.vpc_id) };
  }

  /** Gives a tier or a private gateway another list: a default one or one of the same VPC. */
  async submitReplace(caller: Caller, a: { aclId: string; networkId?: string; gatewayId?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    if ((a.networkId === undefined) === (a.gatewayId === undefined)) throw invalidParam('Exactly one of networkid and gatewayid must be given');
    const acl = await findAclListFor(this.db, caller, a.aclId);
    let vpcId: number;
    let networkId: number | null = null;
    let gatewayId: number | null = null;
    let target: string;
    if (a.networkId !== undefined) {
      const n = await findNetworkFor(this.db, caller, a.networkId);
      if (n.vpc_id === null) throw invalidParam(`Network ${n.name} is not a VPC tier: network ACLs apply to VPC tiers only`);
      vpcId = n.vpc_id;
      networkId = n.id;
      target = `tier ${n.name}`;
    } else {
      const id = await resolveId(this.db, 'private_gateways', a.gatewayId!);
      const g = id === undefined ? undefined : await this.db.selectFrom('private_gateways').selectAll().where('id', '=', id).executeTakeFirst();
      if (!g) throw invalidParam(`Unable to find private gateway with id ${a.gatewayId!}`);
      await checkOwnerAccess(this.db, caller, g.account_id, `private gateway ${g.uuid}`);
      vpcId = g.vpc_id;
      gatewayId = g.id;
      target = `private gateway ${g.ip_address}`;
    }
    if (acl.vpc_id !== null && acl.vpc_id !== vpcId) throw invalidParam(`Network ACL list ${acl.name} belongs to another VPC than ${target}`);
    const vpc = await vpcById(this.db, vpcId);
    await checkOwnerWritable(this.db, vpc.account_id);
    return {
      jobUuid: await this.submit(caller, CMD.replace, javaClass, { aclId: acl.id, aclUuid: acl.uuid, networkId, gatewayId, vpcId, description: `Gave ${target} network ACL list ${acl.name}` },
        { type: 'NetworkAcl', uuid: acl.uuid }, vpcId),
    };
  }

  // --- rules --------------------------------------------------------------------------------

  /** The list a new rule goes to: aclid, or the list of the tier named by networkid. */
  private async targetList(caller: Caller, a: { aclId?: string; networkId?: string }): Promise<AclListRow> {
    if (a.aclId !== undefined) return findAclListFor(this.db, caller, a.aclId);
    if (a.networkId === undefined) throw invalidParam('Either aclid or networkid must be given');
    const n = await findNetworkFor(this.db, caller, a.networkId);
    if (n.vpc_id === null) throw invalidParam(`Network ${n.name} is not a VPC tier: network ACLs apply to VPC tiers only`);
    if (n.acl_id === null) throw invalidParam(`Network ${n.name} has no network ACL list: create one (createNetworkACLList) and give it to the tier (replaceNetworkACLList)`);
    return findAclList(this.db, String(n.acl_id));
  }

  private resolve(a: AclItemInput, current?: ResolvedItem): ResolvedItem {
    const protocol = a.protocol ?? current?.protocol;
    if (protocol === undefined) throw invalidParam('Unable to execute API command createnetworkacl due to missing parameter protocol');
    // Changing the protocol resets the fields that belong to the old one.
    const keep = current !== undefined && a.protocol === undefined;
    const m = ruleMatch({
      protocol, startPort: a.startPort ?? (keep ? current.startPort ?? undefined : undefined), endPort: a.endPort ?? (keep ? current.endPort ?? undefined : undefined),
      icmpType: a.icmpType ?? (keep ? current.icmpType ?? undefined : undefined), icmpCode: a.icmpCode ?? (keep ? current.icmpCode ?? undefined : undefined),
    }, false);
    return {
      ...m, cidrs: a.cidrList !== undefined ? aclCidrs(a.cidrList).join(',') : current?.cidrs ?? aclCidrs(undefined).join(','),
      trafficType: a.trafficType !== undefined ? parseTrafficType(a.trafficType) : current?.trafficType ?? 'Ingress',
      number: aclNumber(a.number) ?? current?.number, action: a.action !== undefined ? parseAclAction(a.action) : current?.action ?? 'Allow',
      forDisplay: a.forDisplay ?? current?.forDisplay ?? true, reason: a.reason ?? current?.reason ?? null,
    };
  }

  async submitCreateItem(caller: Caller, a: AclItemInput & { aclId?: string; networkId?: string }, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const acl = await this.targetList(caller, a);
    await this.writableList(caller, acl);
    const item = this.resolve(a);
    const uuid = randomUUID();
    let id: number | undefined;
    for (let attempt = 0; id === undefined; attempt++) {
      const number = item.number ?? ((await this.db.selectFrom('network_acl_items').select((eb) => eb.fn.max('number').as('n')).where('acl_id', '=', acl.id).executeTakeFirst())?.n ?? 0) + 1;
      try {
        id = (await this.db.insertInto('network_acl_items').values({
          uuid, acl_id: acl.id, number, action: item.action, traffic_type: item.trafficType, protocol: item.protocol, start_port: item.startPort, end_port: item.endPort,
          icmp_type: item.icmpType, icmp_code: item.icmpCode, cidrs: item.cidrs, state: 'Add', for_display: item.forDisplay ? 1 : 0, reason: item.reason, created: nowIso(),
        }).returning('id').executeTakeFirstOrThrow()).id;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // A chosen number is a clear conflict; a computed one lost a race and is computed again.
        if (item.number !== undefined || attempt > 10) throw invalidParam(`ACL item with number ${number} already exists in network ACL list ${acl.name}`);
      }
    }
    const description = `Created network ACL rule ${uuid} in ${acl.name}: ${item.action} ${item.trafficType} ${item.protocol}`;
    return { jobUuid: await this.submit(caller, CMD.createItem, javaClass, { itemId: id, itemUuid: uuid, aclId: acl.id, description }, { type: 'NetworkAclItem', uuid }, acl.vpc_id), uuid };
  }

  private async findItem(caller: Caller, idOrUuid: string): Promise<{ id: number; uuid: string; acl: AclListRow; current: ResolvedItem }> {
    const id = await resolveId(this.db, 'network_acl_items', idOrUuid);
    const r = id === undefined ? undefined : await this.db.selectFrom('network_acl_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw invalidParam(`Unable to find network ACL rule with id ${idOrUuid}`);
    const acl = await findAclList(this.db, String(r.acl_id));
    await this.writableList(caller, acl);
    return {
      id: r.id, uuid: r.uuid, acl,
      current: {
        protocol: r.protocol, startPort: r.start_port, endPort: r.end_port, icmpType: r.icmp_type, icmpCode: r.icmp_code, cidrs: r.cidrs, trafficType: r.traffic_type,
        number: r.number, action: r.action, forDisplay: r.for_display === 1, reason: r.reason,
      },
    };
  }

  async submitUpdateItem(caller: Caller, idOrUuid: string, a: AclItemInput, javaClass: string): Promise<{ jobUuid: string }> {
    const it = await this.findItem(caller, idOrUuid);
    const item = this.resolve(a, it.current);
    if (item.number !== it.current.number) {
      const taken = await this.db.selectFrom('network_acl_items').select('id').where('acl_id', '=', it.acl.id).where('number', '=', item.number!).executeTakeFirst();
      if (taken) throw invalidParam(`ACL item with number ${item.number!} already exists in network ACL list ${it.acl.name}`);
    }
    return { jobUuid: await this.submit(caller, CMD.updateItem, javaClass, { itemId: it.id, itemUuid: it.uuid, aclId: it.acl.id, item }, { type: 'NetworkAclItem', uuid: it.uuid }, it.acl.vpc_id) };
  }

  private async applyItem(id: number, item: ResolvedItem): Promise<void> {
    try {
      await this.db.updateTable('network_acl_items').set({
        number: item.number, action: item.action, traffic_type: item.trafficType, protocol: item.protocol, start_port: item.startPort, end_port: item.endPort,
        icmp_type: item.icmpType, icmp_code: item.icmpCode, cidrs: item.cidrs, for_display: item.forDisplay ? 1 : 0, reason: item.reason,
      }).where('id', '=', id).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw invalidParam(`ACL item with number ${item.number ?? ''} already exists in the network ACL list`);
      throw e;
    }
  }

  async submitDeleteItem(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const it = await this.findItem(caller, idOrUuid);
    return { jobUuid: await this.submit(caller, CMD.deleteItem, javaClass, { itemId: it.id, itemUuid: it.uuid, aclId: it.acl.id }, { type: 'NetworkAclItem', uuid: it.uuid }, it.acl.vpc_id) };
  }

  listLists(caller: Caller, f: AclListFilter, page: Page): Promise<{ count: number; items: AclListView[] }> {
    return listAclLists(this.db, caller, f, page);
  }

  listItems(caller: Caller, f: AclItemFilter, page: Page): Promise<{ count: number; items: AclItemView[] }> {
    return listAclItems(this.db, caller, f, page);
  }
}
