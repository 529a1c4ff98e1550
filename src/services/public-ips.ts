// Public IPs of accounts: associateIpAddress (from the zone's public ranges into an isolated
// network, the network's first address becoming its source NAT), disassociateIpAddress,
// listPublicIpAddresses, and static NAT (enableStaticNat / disableStaticNat).
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import {
  type NetworkRow, type PublicIpRow, findNetworkFor, findPublicIpFor, findVmFor, isUniqueViolation, networkById,
} from './network-refs.js';
import { resolveOwner } from './owner.js';
import { allocatePublicIp, releasePublicIp } from './public-ip-alloc.js';
import { type IpAddressView, type IpFilter, ipViews, listPublicIps } from './public-ip-views.js';
import type { Page } from './query.js';
import type { ResourceLimitService } from './resource-limits.js';
import type { RouterService } from './routers.js';

const ASSOCIATE = 'associateIpAddress';
const DISASSOCIATE = 'disassociateIpAddress';
const DISABLE_NAT = 'disableStaticNat';

export interface AssociateInput {
  readonly zoneId?: string;
  readonly networkId?: string;
  readonly vpcId?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly projectId?: string;
  readonly ipAddress?: string;
  readonly isPortable?: boolean;
  readonly forDisplay?: boolean;
}

async function services(db: Db, offeringId: number): Promise<Set<string>> {
  return new Set((await db.selectFrom('network_offering_services').select('service').where('network_offering_id', '=', offeringId).execute()).map((r) => r.service));
}

export class PublicIpService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly limits: ResourceLimitService,
    private readonly routers: RouterService,
  ) {
    jobs.register({
      cmd: ASSOCIATE,
      // The address is taken when the command is accepted; the job only programs the router.
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.ipId);
        const ip = await this.db.selectFrom('public_ip_addresses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        try {
          if (ip.network_id !== null) await ctx.step('sync', () => this.routers.sync(ip.network_id!));
        } catch (e) {
          await this.release(ip, ctx.owner, false);
          throw e;
        }
        return { type: 'entity', entity: 'IpAddress', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: DISASSOCIATE,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const ip = await this.db.selectFrom('public_ip_addresses').selectAll().where('id', '=', Number(p.ipId)).executeTakeFirstOrThrow();
        await ctx.step('release', () => this.release(ip, ctx.owner, true));
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: DISABLE_NAT,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.ipId);
        await ctx.step('disable', async () => {
          await this.db.updateTable('public_ip_addresses').set({ static_nat_vm_id: null, static_nat_vm_ip: null }).where('id', '=', id).execute();
        });
        if (p.networkId !== null && p.networkId !== undefined) await ctx.step('sync', () => this.routers.sync(Number(p.networkId)));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'STATICNAT.DISABLE', description: `Disabled static NAT on ${String(p.address)}`, resourceType: 'IpAddress', resourceId: String(p.ipUuid), resourceName: String(p.address) });
        });
        return { type: 'success' };
      },
    });
  }

  /** Takes the address now (so the answer carries its id) and programs the router in a job. */
  async submitAssociate(caller: Caller, a: AssociateInput, javaClass: string): Promise<{ jobUuid: string; ipUuid: string }> {
    if (a.isPortable) throw invalidParam('Portable IP addresses are not available');
    if (a.vpcId !== undefined) throw invalidParam(`Unable to find VPC by id ${a.vpcId}`);
    const ownerId = await resolveOwner(this.db, caller, { account: a.account, domainid: a.domainId, projectid: a.projectId });
    const network = await this.targetNetwork(caller, ownerId, a);
    const svc = await services(this.db, network.network_offering_id);
    if (network.guest_type !== 'Isolated') throw invalidParam(`Public IP addresses can only be associated with isolated networks; network ${network.name} is ${network.guest_type}`);
    if (!['SourceNat', 'StaticNat', 'PortForwarding', 'Firewall', 'Lb'].some((s) => svc.has(s))) {
      throw invalidParam(`Network ${network.name} has no service that uses public IP addresses`);
    }
    if (network.account_id !== ownerId) throw permissionDenied(`Network ${network.name} does not belong to the IP address's owner`);
    const owner = await this.db.selectFrom('accounts').select(['id', 'domain_id']).where('id', '=', ownerId).executeTakeFirstOrThrow();
    const ip = await allocatePublicIp(this.db, this.limits, {
      zoneId: network.zone_id, accountId: ownerId, domainId: owner.domain_id, networkId: network.id, address: a.ipAddress, sourceNat: svc.has('SourceNat'),
    });
    if (a.forDisplay === false) await this.db.updateTable('public_ip_addresses').set({ for_display: 0 }).where('id', '=', ip.id).execute();
    await this.events.record(caller, { type: 'NET.IPASSIGN', description: `Associated IP address ${ip.address} with network ${network.name}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
    const job = await this.jobs.submit({
      cmd: ASSOCIATE, javaClass, owner: caller, params: { ipId: ip.id }, instanceType: 'IpAddress', instanceId: ip.uuid, lockKey: `network:${network.id}`,
    });
    return { jobUuid: job.uuid, ipUuid: ip.uuid };
  }

  /**
   * The network an address goes to: the one named, else (libcloud and Ansible send only a zone)
   * the owner's single isolated network in the zone, as CloudStack's AssociateIPAddrCmd does.
   */
  private async targetNetwork(caller: Caller, ownerId: number, a: AssociateInput): Promise<NetworkRow> {
    if (a.networkId !== undefined) {
      const n = await findNetworkFor(this.db, caller, a.networkId);
      if (a.zoneId !== undefined) {
        const z = await resolveId(this.db, 'zones', a.zoneId);
        if (z !== n.zone_id) throw invalidParam(`Network ${n.name} is not in zone ${a.zoneId}`);
      }
      return n;
    }
    if (a.zoneId === undefined) throw invalidParam('Either networkid or zoneid must be given to associate an IP address');
    const zoneId = await resolveId(this.db, 'zones', a.zoneId);
    const zone = zoneId === undefined ? undefined : await this.db.selectFrom('zones').select(['id', 'name', 'network_type']).where('id', '=', zoneId).where('removed', 'is', null).executeTakeFirst();
    if (!zone) throw invalidParam(`Unable to find zone with id ${a.zoneId}`);
    if (zone.network_type === 'Basic') throw invalidParam(`Zone ${zone.name} is a Basic zone: it has no public IP addresses to associate`);
    const nets = await this.db.selectFrom('networks').selectAll().where('zone_id', '=', zone.id).where('account_id', '=', ownerId).where('guest_type', '=', 'Isolated')
      .where('vpc_id', 'is', null).where('removed', 'is', null).orderBy('id').execute();
    const owner = await this.db.selectFrom('accounts').select('name').where('id', '=', ownerId).executeTakeFirstOrThrow();
    if (nets.length === 0) throw invalidParam(`Account ${owner.name} doesn't have virtual networks in zone ${zone.name}`);
    if (nets.length > 1) throw invalidParam(`Account ${owner.name} has more than one isolated network in zone ${zone.name}: pass networkid`);
    return nets[0]!;
  }

  async submitDisassociate(caller: Caller, a: { id?: string; ipAddress?: string }, javaClass: string): Promise<{ jobUuid: string }> {
    let ref = a.id;
    if (ref === undefined) {
      if (a.ipAddress === undefined) throw invalidParam('Either id or ipaddress must be given');
      const row = await this.db.selectFrom('public_ip_addresses').select('uuid').where('address', '=', a.ipAddress).where('state', '=', 'Allocated').executeTakeFirst();
      if (!row) throw invalidParam(`Unable to find IP address ${a.ipAddress}`);
      ref = row.uuid;
    }
    const ip = await findPublicIpFor(this.db, caller, ref);
    if (ip.source_nat === 1) {
      throw invalidParam(`IP address id=${ip.uuid} is the source NAT address of its network and can not be released: delete the network instead`);
    }
    const job = await this.jobs.submit({
      cmd: DISASSOCIATE, javaClass, owner: caller, params: { ipId: ip.id }, instanceType: 'IpAddress', instanceId: ip.uuid,
      lockKey: ip.network_id !== null ? `network:${ip.network_id}` : `ip:${ip.id}`,
    });
    return { jobUuid: job.uuid };
  }

  /** Revokes every rule on the address, ends its static NAT, and frees it (idempotent). */
  private async release(ip: PublicIpRow, owner: JobOwner, event: boolean): Promise<void> {
    await this.db.deleteFrom('firewall_rules').where('ip_address_id', '=', ip.id).execute();
    const freed = await releasePublicIp(this.db, this.limits, ip);
    if (ip.network_id !== null) await this.routers.sync(ip.network_id);
    if (freed && event) {
      await this.events.record(owner, { type: 'NET.IPRELEASE', description: `Released IP address ${ip.address}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
    }
  }

  /** enableStaticNat (synchronous in CloudStack): the address forwards everything to one guest IP of a VM. */
  async enableStaticNat(caller: Caller, a: { ipAddressId: string; vmId: string; networkId?: string; vmGuestIp?: string }): Promise<void> {
    const ip = await findPublicIpFor(this.db, caller, a.ipAddressId);
    const vm = await findVmFor(this.db, caller, a.vmId);
    if (vm.accountId !== ip.account_id) throw invalidParam(`Virtual machine ${vm.name} and IP address ${ip.address} belong to different accounts`);
    if (ip.source_nat === 1) throw invalidParam(`Can't enable static NAT: IP address ${ip.address} is a source NAT address`);
    let networkId = ip.network_id;
    if (a.networkId !== undefined) {
      const n = await findNetworkFor(this.db, caller, a.networkId);
      if (networkId !== null && n.id !== networkId) throw invalidParam(`IP address ${ip.address} is associated with another network`);
      networkId = n.id;
    }
    if (networkId === null) throw invalidParam(`IP address ${ip.address} is not associated with any network: pass networkid`);
    const n = await networkById(this.db, networkId);
    if (!(await services(this.db, n.network_offering_id)).has('StaticNat')) throw invalidParam(`Network ${n.name} has no StaticNat service`);
    const nic = await this.db.selectFrom('nics').select(['id', 'ip4_address']).where('vm_type', '=', 'User').where('vm_id', '=', vm.id).where('network_id', '=', n.id).executeTakeFirst();
    if (!nic || nic.ip4_address === null) throw invalidParam(`Virtual machine ${vm.name} has no NIC in network ${n.name}`);
    const guestIp = a.vmGuestIp ?? nic.ip4_address;
    if (a.vmGuestIp !== undefined && a.vmGuestIp !== nic.ip4_address) {
      const sec = await this.db.selectFrom('guest_ips').select('id').where('nic_id', '=', nic.id).where('kind', '=', 'Secondary').where('address', '=', a.vmGuestIp).executeTakeFirst();
      if (!sec) throw invalidParam(`The guest IP ${a.vmGuestIp} is not an address of the VM's NIC in network ${n.name}`);
    }
    if (ip.static_nat_vm_id !== null) {
      if (ip.static_nat_vm_id === vm.id && ip.static_nat_vm_ip === guestIp) throw invalidParam(`Static NAT is already enabled on ${ip.address} for this VM`);
      throw invalidParam(`Static NAT is already enabled on ${ip.address} for another VM: disable it first`);
    }
    const rules = await this.db.selectFrom('firewall_rules').select(['uuid', 'purpose']).where('ip_address_id', '=', ip.id).where('purpose', '!=', 'Firewall').executeTakeFirst();
    if (rules) throw invalidParam(`Can't enable static NAT on ${ip.address}: it has ${rules.purpose} rule ${rules.uuid}`);
    try {
      const done = await this.db.updateTable('public_ip_addresses').set({ static_nat_vm_id: vm.id, static_nat_vm_ip: guestIp, network_id: n.id })
        .where('id', '=', ip.id).where('static_nat_vm_id', 'is', null).where('state', '=', 'Allocated').executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw invalidState(`Static NAT on ${ip.address} was changed concurrently`);
    } catch (e) {
      if (isUniqueViolation(e)) throw invalidParam(`The guest IP ${guestIp} of VM ${vm.name} already has a static NAT address`);
      throw e;
    }
    try {
      await this.routers.sync(n.id);
    } catch (e) {
      await this.db.updateTable('public_ip_addresses').set({ static_nat_vm_id: null, static_nat_vm_ip: null }).where('id', '=', ip.id).execute();
      throw e;
    }
    await this.events.record(caller, { type: 'STATICNAT.ENABLE', description: `Enabled static NAT from ${ip.address} to ${guestIp}`, resourceType: 'IpAddress', resourceId: ip.uuid, resourceName: ip.address });
  }

  async submitDisableStaticNat(caller: Caller, ipAddressId: string, javaClass: string): Promise<{ jobUuid: string }> {
    const ip = await findPublicIpFor(this.db, caller, ipAddressId);
    if (ip.static_nat_vm_id === null) throw invalidParam(`Static NAT is not enabled on IP address ${ip.address}`);
    const job = await this.jobs.submit({
      cmd: DISABLE_NAT, javaClass, owner: caller, params: { ipId: ip.id, ipUuid: ip.uuid, address: ip.address, networkId: ip.network_id },
      instanceType: 'IpAddress', instanceId: ip.uuid, lockKey: ip.network_id !== null ? `network:${ip.network_id}` : `ip:${ip.id}`,
    });
    return { jobUuid: job.uuid };
  }

  async list(caller: Caller, f: IpFilter, page: Page): Promise<{ count: number; items: IpAddressView[] }> {
    return listPublicIps(this.db, caller, f, page);
  }

  async view(id: number): Promise<IpAddressView> {
    const row = await this.db.selectFrom('public_ip_addresses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return (await ipViews(this.db, [row]))[0]!;
  }

  /** Account deletion: every address the account holds goes back (its networks release theirs). */
  async removeAccount(accountId: number, owner: JobOwner): Promise<void> {
    const ips = await this.db.selectFrom('public_ip_addresses').selectAll().where('account_id', '=', accountId).where('state', '=', 'Allocated').execute();
    for (const ip of ips) await this.release(ip, owner, true);
  }
}
