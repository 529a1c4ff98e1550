// VPCs: createVPC (the VPC is written when the command is accepted, so the answer carries its
// id; the job takes its source NAT address and starts its router), listVPCs, updateVPC,
// restartVPC and deleteVPC (refused while it has tiers). The account's vpc limit is taken at
// create and given back at delete; a VPC whose creation fails leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { isValidDomainName } from '../core/dns-name.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import { isIpv4, isPrivateSubnet, parseCidr } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { findZone } from './infra-refs.js';
import { guestDomainFor } from './network-create.js';
import { nowIso } from './network-refs.js';
import type { NetworkService } from './networks.js';
import { checkOwnerWritable, resolveOwner } from './owner.js';
import { allocatePublicIp, releasePublicIp } from './public-ip-alloc.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { SettingsService } from './settings.js';
import type { VpcOfferingService } from './vpc-offerings.js';
import { type VpcRow, findVpcFor, vpcById } from './vpc-refs.js';
import type { VpcRouterService } from './vpc-router.js';
import { type VpcFilter, type VpcView, listVpcs, vpcViews } from './vpc-views.js';

export interface CreateVpcInput {
  readonly name: string;
  readonly displayText?: string;
  readonly zoneId: string;
  readonly vpcOfferingId: string;
  readonly cidr?: string;
  readonly networkDomain?: string;
  readonly start?: boolean;
  readonly forDisplay?: boolean;
  readonly publicMtu?: number;
  readonly dns1?: string;
  readonly dns2?: string;
  readonly sourceNatIpAddress?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly projectId?: string;
  /** Parameters of features Nubo does not have (IPv6, routed VPCs, BGP): refused by name. */
  readonly unsupported?: readonly string[];
}

export interface UpdateVpcInput {
  readonly name?: string;
  readonly displayText?: string;
  readonly forDisplay?: boolean;
  readonly publicMtu?: number;
  readonly sourceNatIpAddress?: string;
}

const CMD = { create: 'createVPC', update: 'updateVPC', delete: 'deleteVPC', restart: 'restartVPC' } as const;
/** Largest and smallest VPC CIDRs: a /8 is a whole private block, a /28 still holds two /29 tiers. */
const MIN_PREFIX = 8;
const MAX_PREFIX = 28;

export class VpcService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly settings: SettingsService,
    private readonly limits: ResourceLimitService,
    private readonly offerings: VpcOfferingService,
    private readonly router: VpcRouterService,
    private readonly networks: NetworkService,
  ) {
    jobs.register({
      cmd: CMD.create,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.vpcId);
        try {
          await ctx.step('sourcenat', () => this.takeSourceNat(id, p.sourceNatIp as string | null, ctx.owner));
          if (p.start !== false) await ctx.step('router', async () => (await this.router.ensure(id, ctx.owner)).id);
          await ctx.step('event', async () => {
            await this.events.record(ctx.owner, { type: 'VPC.CREATE', description: `Created VPC ${String(p.name)} (${String(p.cidr)})`, resourceType: 'Vpc', resourceId: String(p.vpcUuid), resourceName: String(p.name) });
          });
        } catch (e) {
          // A VPC that can not get its address or router is taken back whole.
          await this.cleanup(id, ctx.owner);
          throw e;
        }
        return { type: 'entity', entity: 'Vpc', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: CMD.update,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.vpcId);
        await ctx.step('update', () => this.applyUpdate(id, p.update as UpdateVpcInput));
        await ctx.step('sync', () => this.router.sync(id));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'VPC.UPDATE', description: `Updated VPC ${String(p.vpcUuid)}`, resourceType: 'Vpc', resourceId: String(p.vpcUuid) });
        });
        return { type: 'entity', entity: 'Vpc', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: CMD.restart,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.vpcId);
        if (p.cleanup === true) await ctx.step('cleanup', () => this.router.destroy(id, ctx.owner));
        await ctx.step('router', async () => {
          await this.db.updateTable('routers').set({ applied_version: 0 }).where('vpc_id', '=', id).where('network_id', 'is', null).where('removed', 'is', null).execute();
          await this.router.ensure(id, ctx.owner);
        });
        await ctx.step('done', async () => {
          await this.db.updateTable('vpcs').set({ restart_required: 0 }).where('id', '=', id).execute();
          await this.events.record(ctx.owner, { type: 'VPC.RESTART', description: `Restarted VPC ${String(p.vpcUuid)}`, resourceType: 'Vpc', resourceId: String(p.vpcUuid) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.delete,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.vpcId);
        await ctx.step('delete', () => this.cleanup(id, ctx.owner));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'VPC.DELETE', description: `Deleted VPC ${String(p.name)}`, resourceType: 'Vpc', resourceId: String(p.vpcUuid), resourceName: String(p.name) });
        });
        return { type: 'success' };
      },
    });
  }

  // --- create -------------------------------------------------------------------------------

  async submitCreate(caller: Caller, a: CreateVpcInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const name = a.name.trim();
    if (!name) throw invalidParam('The VPC name must not be empty');
    if (a.unsupported?.length) throw invalidParam(`Unsupported parameter ${a.unsupported.join(', ')}: IPv6, routed VPCs and BGP are not available`);
    const zone = await findZone(this.db, a.zoneId);
    if (zone.allocation_state !== 'Enabled' && !isRootAdmin(caller)) throw permissionDenied(`Cannot perform this operation, zone ${zone.name} is currently disabled`);
    if (zone.network_type !== 'Advanced') throw invalidParam(`Zone ${zone.name} is a ${zone.network_type} zone: VPCs need an Advanced zone`);
    if (zone.security_group_enabled === 1) throw invalidParam(`Zone ${zone.name} has security groups enabled: VPCs can not be created in it`);
    const offering = await this.offerings.find(a.vpcOfferingId);
    if (offering.state !== 'Enabled') throw invalidParam(`VPC offering ${offering.name} can't be used: it is not in Enabled state`);
    const ownerId = await resolveOwner(this.db, caller, { account: a.account, domainid: a.domainId, projectid: a.projectId, command: 'createVPC' });
    await checkOwnerWritable(this.db, ownerId);
    const owner = await this.db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').select(['a.domain_id', 'd.path', 'd.network_domain'])
      .where('a.id', '=', ownerId).executeTakeFirstOrThrow();
    await this.offerings.assertUsable(offering.id, zone.id, owner.path);
    if (a.cidr === undefined || a.cidr.trim() === '') throw invalidParam('cidr is required to create a VPC (cidrsize is for routed VPCs, which are not available)');
    const cidr = parseCidr(a.cidr);
    if (!cidr) throw invalidParam(`Invalid CIDR ${a.cidr}: give the network address and prefix, e.g. 10.0.0.0/16`);
    if (!isPrivateSubnet(cidr)) throw invalidParam(`The VPC CIDR ${a.cidr} must be a private (RFC 1918) network`);
    if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) throw invalidParam(`The VPC CIDR ${a.cidr} must be between a /${MIN_PREFIX} and a /${MAX_PREFIX}`);
    if (a.networkDomain !== undefined && a.networkDomain !== '' && !isValidDomainName(a.networkDomain)) {
      throw invalidParam(`Invalid network domain ${a.networkDomain}: labels may hold letters, digits and hyphens, at most 63 characters each`);
    }
    for (const [k, v] of [['dns1', a.dns1], ['dns2', a.dns2]] as const) if (v !== undefined && v !== '' && !isIpv4(v)) throw invalidParam(`Invalid ${k} ${v}: it is not an IPv4 address`);
    if (a.publicMtu !== undefined && (a.publicMtu < 68 || a.publicMtu > 9000)) throw invalidParam(`Invalid publicmtu ${a.publicMtu}: the MTU must be between 68 and 9000`);
    if (a.sourceNatIpAddress !== undefined) {
      const ip = await this.db.selectFrom('public_ip_addresses').select('state').where('zone_id', '=', zone.id).where('address', '=', a.sourceNatIpAddress).executeTakeFirst();
      if (!ip) throw invalidParam(`The IP address ${a.sourceNatIpAddress} is not in any public IP range of zone ${zone.name}`);
      if (ip.state !== 'Free') throw invalidParam(`The IP address ${a.sourceNatIpAddress} is already allocated`);
    }
    const suffix = await this.settings.get('guest.domain.suffix', 'zone', zone.id);
    await this.limits.reserve(ownerId, 'vpc', 1);
    const uuid = randomUUID();
    let id: number;
    try {
      id = (await this.db.insertInto('vpcs').values({
        uuid, name, display_text: a.displayText?.trim() || name, zone_id: zone.id, vpc_offering_id: offering.id, cidr: a.cidr.trim(), account_id: ownerId,
        domain_id: owner.domain_id, state: 'Enabled',
        network_domain: a.networkDomain || owner.network_domain || zone.network_domain || guestDomainFor(ownerId, suffix),
        for_display: a.forDisplay === false ? 0 : 1, public_mtu: a.publicMtu ?? null, dns1: a.dns1 || null, dns2: a.dns2 || null, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
    } catch (e) {
      await this.limits.release(ownerId, 'vpc', 1);
      throw e;
    }
    const job = await this.jobs.submit({
      cmd: CMD.create, javaClass, owner: caller,
      params: { vpcId: id, vpcUuid: uuid, name, cidr: a.cidr, start: a.start !== false, sourceNatIp: a.sourceNatIpAddress ?? null },
      instanceType: 'Vpc', instanceId: uuid, lockKey: `vpc:${id}`,
    });
    return { jobUuid: job.uuid, uuid };
  }

  /** The VPC's source NAT address (idempotent): taken from the zone's public ranges. */
  private async takeSourceNat(vpcId: number, address: string | null, owner: JobOwner): Promise<number> {
    const have = await this.db.selectFrom('public_ip_addresses').select('id').where('vpc_id', '=', vpcId).where('source_nat', '=', 1).where('state', '=', 'Allocated').executeTakeFirst();
    if (have) return have.id;
    const vpc = await vpcById(this.db, vpcId);
    const ip = await allocatePublicIp(this.db, this.limits, { zoneId: vpc.zone_id, accountId: vpc.account_id, domainId: vpc.domain_id, networkId: null, address: address ?? undefined });
    await this.db.updateTable('public_ip_addresses').set({ vpc_id: vpcId, source_nat: 1 }).where('id', '=', ip.id).execute();
    await this.events.record(owner, { type: 'NET.IPASSIGN', description: `Assigned source NAT address ${ip.address} to VPC ${vpc.name}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
    return ip.id;
  }

  // --- update, restart, delete --------------------------------------------------------------

  /** A VPC the caller may change: access, and a project's only while it is active. */
  private async writable(caller: Caller, idOrUuid: string): Promise<VpcRow> {
    const v = await findVpcFor(this.db, caller, idOrUuid);
    await checkOwnerWritable(this.db, v.account_id);
    return v;
  }

  async submitUpdate(caller: Caller, idOrUuid: string, a: UpdateVpcInput, javaClass: string): Promise<{ jobUuid: string }> {
    const v = await this.writable(caller, idOrUuid);
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The VPC name must not be empty');
    if (a.publicMtu !== undefined && (a.publicMtu < 68 || a.publicMtu > 9000)) throw invalidParam(`Invalid publicmtu ${a.publicMtu}: the MTU must be between 68 and 9000`);
    if (a.sourceNatIpAddress !== undefined) {
      const ip = await this.db.selectFrom('public_ip_addresses').select('id').where('vpc_id', '=', v.id).where('address', '=', a.sourceNatIpAddress)
        .where('state', '=', 'Allocated').executeTakeFirst();
      if (!ip) throw invalidParam(`The IP address ${a.sourceNatIpAddress} is not an address of VPC ${v.name}`);
    }
    const job = await this.jobs.submit({
      cmd: CMD.update, javaClass, owner: caller, params: { vpcId: v.id, vpcUuid: v.uuid, update: { ...a, name: a.name?.trim() } },
      instanceType: 'Vpc', instanceId: v.uuid, lockKey: `vpc:${v.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async applyUpdate(id: number, a: UpdateVpcInput): Promise<void> {
    const set = {
      ...(a.name !== undefined ? { name: a.name } : {}), ...(a.displayText !== undefined ? { display_text: a.displayText } : {}),
      ...(a.forDisplay !== undefined ? { for_display: a.forDisplay ? 1 : 0 } : {}), ...(a.publicMtu !== undefined ? { public_mtu: a.publicMtu } : {}),
    };
    if (Object.keys(set).length) await this.db.updateTable('vpcs').set(set).where('id', '=', id).execute();
    if (a.sourceNatIpAddress !== undefined) {
      await this.db.transaction().execute(async (tx) => {
        await tx.updateTable('public_ip_addresses').set({ source_nat: 0 }).where('vpc_id', '=', id).execute();
        await tx.updateTable('public_ip_addresses').set({ source_nat: 1 }).where('vpc_id', '=', id).where('address', '=', a.sourceNatIpAddress!).execute();
      });
    }
  }

  async submitRestart(caller: Caller, idOrUuid: string, o: { cleanup?: boolean; makeRedundant?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const v = await this.writable(caller, idOrUuid);
    if (o.makeRedundant) throw invalidParam('Redundant VPC routers are not available: makeredundant is not supported');
    if (v.state !== 'Enabled') throw invalidState(`VPC ${v.name} is not in Enabled state`);
    const job = await this.jobs.submit({
      cmd: CMD.restart, javaClass, owner: caller, params: { vpcId: v.id, vpcUuid: v.uuid, cleanup: o.cleanup === true },
      instanceType: 'Vpc', instanceId: v.uuid, lockKey: `vpc:${v.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const v = await this.writable(caller, idOrUuid);
    const tiers = await this.db.selectFrom('networks').select('name').where('vpc_id', '=', v.id).where('removed', 'is', null).orderBy('id').execute();
    if (tiers.length) {
      throw invalidParam(`Can't delete VPC ${v.name}: it has ${tiers.length} network(s) (${tiers.map((t) => t.name).join(', ')}); delete its tiers first`);
    }
    const job = await this.jobs.submit({
      cmd: CMD.delete, javaClass, owner: caller, params: { vpcId: v.id, vpcUuid: v.uuid, name: v.name }, instanceType: 'Vpc', instanceId: v.uuid, lockKey: `vpc:${v.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /**
   * Removes a VPC and what it holds: router, static routes, private gateways, its ACL lists,
   * its public addresses; then the row and the account's vpc count. Idempotent.
   */
  private async cleanup(id: number, owner: JobOwner): Promise<void> {
    const v = await vpcById(this.db, id);
    if (v.removed !== null) return;
    await this.router.destroy(id, owner);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('static_routes').where('vpc_id', '=', id).execute();
      await tx.deleteFrom('private_gateways').where('vpc_id', '=', id).execute();
      const acls = tx.selectFrom('network_acl_lists').select('id').where('vpc_id', '=', id);
      await tx.deleteFrom('network_acl_items').where('acl_id', 'in', acls).execute();
      await tx.deleteFrom('network_acl_lists').where('vpc_id', '=', id).execute();
      await tx.deleteFrom('resource_tags').where('resource_type', '=', 'Vpc').where('resource_id', '=', id).execute();
    });
    const ips = await this.db.selectFrom('public_ip_addresses').selectAll().where('vpc_id', '=', id).where('state', '=', 'Allocated').execute();
    for (const ip of ips) {
      await this.db.deleteFrom('firewall_rules').where('ip_address_id', '=', ip.id).execute();
      if (await releasePublicIp(this.db, this.limits, ip)) {
        await this.events.record(owner, { type: 'NET.IPRELEASE', description: `Released address ${ip.address} of VPC ${v.name}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
      }
    }
    const done = await this.db.updateTable('vpcs').set({ removed: nowIso(), state: 'Inactive' }).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1) await this.limits.release(v.account_id, 'vpc', 1);
  }

  // --- lists and views ----------------------------------------------------------------------

  list(caller: Caller, f: VpcFilter, page: Page): Promise<{ count: number; items: VpcView[] }> {
    return listVpcs(this.db, caller, f, page);
  }

  async view(id: number): Promise<VpcView> {
    return (await vpcViews(this.db, [await vpcById(this.db, id)]))[0]!;
  }

  /** Account deletion: its VPCs go, tiers first (normally the networks family removed them already). */
  async removeAccount(accountId: number, owner: JobOwner): Promise<void> {
    const vpcs = await this.db.selectFrom('vpcs').select('id').where('account_id', '=', accountId).where('removed', 'is', null).execute();
    for (const v of vpcs) {
      const tiers = await this.db.selectFrom('networks').select('id').where('vpc_id', '=', v.id).where('removed', 'is', null).execute();
      for (const t of tiers) await this.networks.destroy(t.id, owner, true);
      await this.cleanup(v.id, owner);
    }
  }
}
