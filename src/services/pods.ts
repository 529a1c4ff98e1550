import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { type AllocationState, parseAllocationState } from '../core/infra-states.js';
import { type Ipv4Subnet, checkIpv4Range, formatIpv4, isIpv4, netmaskToPrefix, parseIpv4, rangesOverlap, subnetBounds, subnetOf } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import { DeleteGuards, refuseIfAny } from './delete-guards.js';
import type { EventService } from './events.js';
import { type PodRow, findPod, findZone, idOf, nowIso } from './infra-refs.js';
import type { Page } from './query.js';

export interface PodView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly zoneId: number;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly gateway: string;
  readonly netmask: string;
  readonly cidr: string;
  readonly startIp: string | null;
  readonly endIp: string | null;
  readonly allocationState: AllocationState;
}

export interface PodFilter {
  readonly id?: string;
  readonly name?: string;
  readonly zoneId?: string;
  readonly allocationState?: string;
  readonly keyword?: string;
}

interface PodNet {
  readonly gateway: string;
  readonly netmask: string;
  readonly startIp: string | null;
  readonly endIp: string | null;
}

/**
 * A pod's management network: gateway and netmask define the subnet; the optional
 * start/end range must sit inside it and avoid the gateway. `endIp` defaults to the last
 * usable address of the subnet, as CloudStack does.
 */
function checkPodNet(n: { gateway: string; netmask: string; startIp?: string | null; endIp?: string | null }): PodNet & { subnet: Ipv4Subnet } {
  const gw = parseIpv4(n.gateway);
  if (gw === undefined) throw invalidParam(`Please specify a valid gateway: ${n.gateway} is not an IPv4 address`);
  const prefix = netmaskToPrefix(n.netmask);
  if (prefix === undefined || prefix > 30) throw invalidParam(`Please specify a valid netmask: ${n.netmask}`);
  const subnet = subnetOf(gw, prefix);
  if (n.startIp === undefined || n.startIp === null) {
    if (n.endIp !== undefined && n.endIp !== null) throw invalidParam('endip needs startip');
    return { gateway: n.gateway, netmask: n.netmask, startIp: null, endIp: null, subnet };
  }
  if (!isIpv4(n.startIp)) throw invalidParam(`Please specify a valid start IP: ${n.startIp} is not an IPv4 address`);
  const endIp = n.endIp ?? formatIpv4(subnetBounds(subnet).last - 1);
  checkIpv4Range({ gateway: n.gateway, netmask: n.netmask, startIp: n.startIp, endIp });
  return { gateway: n.gateway, netmask: n.netmask, startIp: n.startIp, endIp, subnet };
}

export class PodService {
  readonly deleteGuards = new DeleteGuards();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: { name: string; zoneId: string; gateway?: string; netmask?: string; startIp?: string; endIp?: string; allocationState?: string }): Promise<PodView> {
    const zone = await findZone(this.db, a.zoneId);
    const name = a.name.trim();
    if (!name) throw invalidParam('The pod name must not be empty');
    if (a.gateway === undefined || a.netmask === undefined) throw invalidParam('A pod needs a gateway and a netmask');
    const net = checkPodNet({ gateway: a.gateway, netmask: a.netmask, startIp: a.startIp, endIp: a.endIp });
    const allocationState = a.allocationState !== undefined ? parseAllocationState(a.allocationState) : 'Enabled';
    if (!allocationState) throw invalidParam(`Invalid allocation state ${String(a.allocationState)}: it must be Enabled or Disabled`);
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      await this.assertFits(tx, zone.id, undefined, name, net.subnet);
      const row = await tx.insertInto('pods').values({
        uuid, name, zone_id: zone.id, gateway: net.gateway, netmask: net.netmask, start_ip: net.startIp, end_ip: net.endIp,
        allocation_state: allocationState, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    await this.events.record(caller, { type: 'POD.CREATE', description: `Created pod ${name} in zone ${zone.name}`, resourceType: 'Pod', resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  async update(caller: Caller, idOrUuid: string, a: { name?: string; gateway?: string; netmask?: string; startIp?: string; endIp?: string; allocationState?: string }): Promise<PodView> {
    const pod = await findPod(this.db, idOrUuid);
    const name = a.name?.trim();
    if (name === '') throw invalidParam('The pod name must not be empty');
    const net = checkPodNet({
      gateway: a.gateway ?? pod.gateway, netmask: a.netmask ?? pod.netmask,
      startIp: a.startIp ?? pod.start_ip,
      // A new start without a new end re-derives the end, unless the old end still fits.
      endIp: a.endIp ?? (a.startIp !== undefined || a.netmask !== undefined ? undefined : pod.end_ip),
    });
    const allocationState = a.allocationState !== undefined ? parseAllocationState(a.allocationState) : undefined;
    if (a.allocationState !== undefined && !allocationState) throw invalidParam(`Invalid allocation state ${a.allocationState}: it must be Enabled or Disabled`);
    await this.db.transaction().execute(async (tx) => {
      await this.assertFits(tx, pod.zone_id, pod.id, name ?? pod.name, net.subnet);
      await tx.updateTable('pods').set({
        name: name ?? pod.name, gateway: net.gateway, netmask: net.netmask, start_ip: net.startIp, end_ip: net.endIp,
        ...(allocationState ? { allocation_state: allocationState } : {}),
      }).where('id', '=', pod.id).execute();
    });
    await this.events.record(caller, { type: 'POD.EDIT', description: `Updated pod ${name ?? pod.name}`, resourceType: 'Pod', resourceId: pod.uuid, resourceName: name ?? pod.name });
    return this.view(pod.id);
  }

  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const pod = await findPod(this.db, idOrUuid);
    await this.db.transaction().execute(async (tx) => {
      await this.deleteGuards.assertFree(tx, pod.id, [
        refuseIfAny(`The pod ${pod.name} is not deletable because there are clusters in it`, (db, id) =>
          db.selectFrom('clusters').select('id').where('pod_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`The pod ${pod.name} is not deletable because there are hosts in it`, (db, id) =>
          db.selectFrom('hosts').select('id').where('pod_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`The pod ${pod.name} is not deletable because there are primary storage pools in it`, (db, id) =>
          db.selectFrom('storage_pools').select('id').where('pod_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`The pod ${pod.name} is not deletable because there are IP ranges in it`, (db, id) =>
          db.selectFrom('vlan_ranges').select('id').where('pod_id', '=', id).executeTakeFirst()),
      ]);
      await tx.updateTable('pods').set({ removed: nowIso() }).where('id', '=', pod.id).where('removed', 'is', null).execute();
    });
    await this.events.record(caller, { type: 'POD.DELETE', description: `Deleted pod ${pod.name}`, resourceType: 'Pod', resourceId: pod.uuid, resourceName: pod.name });
  }

  async list(f: PodFilter, page: Page): Promise<{ count: number; items: PodView[] }> {
    let q = this.db.selectFrom('pods as p').where('p.removed', 'is', null);
    if (f.id !== undefined) q = q.where('p.id', '=', await idOf(this.db, 'pods', f.id));
    if (f.zoneId !== undefined) q = q.where('p.zone_id', '=', await idOf(this.db, 'zones', f.zoneId));
    if (f.name !== undefined) q = q.where('p.name', '=', f.name);
    if (f.allocationState !== undefined) q = q.where('p.allocation_state', '=', parseAllocationState(f.allocationState) ?? f.allocationState);
    if (f.keyword !== undefined) q = q.where('p.name', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('p.id').orderBy('p.id').limit(page.limit).offset(page.offset).execute();
    const items: PodView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<PodView> {
    const p = await this.db.selectFrom('pods as p').innerJoin('zones as z', 'z.id', 'p.zone_id')
      .selectAll('p').select(['z.uuid as zoneUuid', 'z.name as zoneName']).where('p.id', '=', id).executeTakeFirstOrThrow();
    return toView(p, p.zoneUuid, p.zoneName);
  }

  /** Pod names are unique in a zone and pod subnets must not overlap (CloudStack's checkPodCidrSubnets). */
  private async assertFits(db: Db, zoneId: number, selfId: number | undefined, name: string, subnet: Ipv4Subnet): Promise<void> {
    let q = db.selectFrom('pods').select(['id', 'name', 'gateway', 'netmask']).where('zone_id', '=', zoneId).where('removed', 'is', null);
    if (selfId !== undefined) q = q.where('id', '!=', selfId);
    const mine = subnetBounds(subnet);
    for (const o of await q.execute()) {
      if (o.name.toLowerCase() === name.toLowerCase()) throw invalidParam(`A pod with name ${name} already exists in this zone`);
      const b = subnetBounds(subnetOf(parseIpv4(o.gateway)!, netmaskToPrefix(o.netmask)!));
      if (rangesOverlap({ start: mine.first, end: mine.last }, { start: b.first, end: b.last })) {
        throw invalidParam(`The pod subnet ${formatIpv4(subnet.network)}/${subnet.prefix} overlaps the subnet of pod ${o.name}`);
      }
    }
  }
}

function toView(p: PodRow, zoneUuid: string, zoneName: string): PodView {
  const sub = subnetOf(parseIpv4(p.gateway)!, netmaskToPrefix(p.netmask)!);
  return {
    id: p.id, uuid: p.uuid, name: p.name, zoneId: p.zone_id, zoneUuid, zoneName, gateway: p.gateway, netmask: p.netmask,
    cidr: `${formatIpv4(sub.network)}/${sub.prefix}`, startIp: p.start_ip, endIp: p.end_ip, allocationState: p.allocation_state as AllocationState,
  };
}
