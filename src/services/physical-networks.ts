// Physical networks of a zone, enough for advanced zones: the guest VLAN range that isolated
// networks take their VLAN/VNI from, isolation methods, and the traffic types carried
// (createPhysicalNetwork, listPhysicalNetworks, updatePhysicalNetwork, deletePhysicalNetwork,
// addTrafficType, listTrafficTypes).
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam, resourceInUse } from '../core/errors.js';
import { type GuestRange, MAX_VLAN, MAX_VNI, formatVlanRanges, inRanges, parseVlanRanges } from '../core/ipam.js';
import type { Db, PhysicalNetworkTable, PhysicalNetworkTrafficTypeTable } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { findZone } from './infra-refs.js';
import { resolveId } from './lookup.js';
import { nowIso } from './network-refs.js';
import type { Page } from './query.js';

type PhysicalRow = Selectable<PhysicalNetworkTable>;
type TrafficRow = Selectable<PhysicalNetworkTrafficTypeTable>;

export interface PhysicalNetworkView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly state: string;
  readonly vlan: string | null;
  readonly broadcastDomainRange: string;
  readonly isolationMethods: string | null;
  readonly tags: string | null;
  readonly networkSpeed: string | null;
  readonly domainUuid: string | null;
}

export interface TrafficTypeView {
  readonly uuid: string;
  readonly trafficType: string;
  readonly physicalNetworkUuid: string;
  readonly kvmLabel: string | null;
  readonly xenLabel: string | null;
  readonly vmwareLabel: string | null;
  readonly hypervLabel: string | null;
  readonly ovm3Label: string | null;
}

export interface CreatePhysicalNetworkInput {
  readonly zoneId: string;
  readonly name: string;
  readonly vlan?: string;
  readonly networkSpeed?: string;
  readonly domainId?: string;
  readonly broadcastDomainRange?: string;
  readonly tags?: readonly string[];
  readonly isolationMethods?: readonly string[];
}

export interface UpdatePhysicalNetworkInput {
  readonly networkSpeed?: string;
  readonly tags?: readonly string[];
  readonly state?: string;
  readonly vlan?: string;
}

export interface AddTrafficTypeInput {
  readonly trafficType: string;
  readonly kvmLabel?: string;
  readonly xenLabel?: string;
  readonly vmwareLabel?: string;
  readonly hypervLabel?: string;
  readonly ovm3Label?: string;
  readonly vlan?: string;
  readonly isolationMethod?: string;
}

const ISOLATION_METHODS = ['VLAN', 'VXLAN', 'L3', 'GRE', 'STT', 'BCF_SEGMENT', 'SSP', 'ODL', 'L3VPN', 'VCS', 'NSX', 'NETRIS'];
const TRAFFIC_TYPES = ['Guest', 'Public', 'Management', 'Storage'];
const CMD = { create: 'createPhysicalNetwork', update: 'updatePhysicalNetwork', delete: 'deletePhysicalNetwork', addTraffic: 'addTrafficType' } as const;

function isolation(list: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const m of list ?? []) {
    const v = ISOLATION_METHODS.find((x) => x === m.trim().toUpperCase());
    if (!v) throw invalidParam(`Invalid isolation method ${m}: supported methods are ${ISOLATION_METHODS.join(', ')}`);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

const maxVnet = (methods: readonly string[]) => (methods.includes('VXLAN') ? MAX_VNI : MAX_VLAN);

export class PhysicalNetworkService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
  ) {
    jobs.register({
      cmd: CMD.create, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.id);
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'PHYSICAL.NETWORK.CREATE', description: `Created physical network ${String(p.name)}`, resourceType: 'PhysicalNetwork', resourceId: String(p.uuid), resourceName: String(p.name) });
        });
        return { type: 'entity', entity: 'PhysicalNetwork', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: CMD.update, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.id);
        await ctx.step('update', async () => {
          await this.db.updateTable('physical_networks').set(p.set as Partial<PhysicalRow>).where('id', '=', id).execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'PHYSICAL.NETWORK.UPDATE', description: `Updated physical network ${String(p.uuid)}`, resourceType: 'PhysicalNetwork', resourceId: String(p.uuid) });
        });
        return { type: 'entity', entity: 'PhysicalNetwork', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: CMD.delete, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.id);
        await ctx.step('delete', async () => {
          await this.db.transaction().execute(async (tx) => {
            const used = await tx.selectFrom('networks').select('name').where('physical_network_id', '=', id).where('removed', 'is', null).executeTakeFirst();
            if (used) throw resourceInUse(`The physical network is used by network ${used.name}`);
            await tx.deleteFrom('physical_network_traffic_types').where('physical_network_id', '=', id).execute();
            await tx.updateTable('physical_networks').set({ removed: nowIso(), state: 'Disabled' }).where('id', '=', id).where('removed', 'is', null).execute();
          });
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'PHYSICAL.NETWORK.DELETE', description: `Deleted physical network ${String(p.uuid)}`, resourceType: 'PhysicalNetwork', resourceId: String(p.uuid) });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.addTraffic, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'TRAFFIC.TYPE.CREATE', description: `Added traffic type ${String(p.trafficType)} to physical network ${String(p.pnUuid)}`, resourceType: 'TrafficType', resourceId: String(p.uuid) });
        });
        return { type: 'entity', entity: 'TrafficType', data: await this.trafficView(Number(p.id)) };
      },
    });
  }

  /** Validates and writes the physical network (Disabled, as CloudStack creates it); the job reports it. */
  async submitCreate(caller: Caller, a: CreatePhysicalNetworkInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const zone = await findZone(this.db, a.zoneId);
    const name = a.name.trim();
    if (!name) throw invalidParam('The physical network name must not be empty');
    const methods = isolation(a.isolationMethods);
    if (methods.length > 1) throw invalidParam('Only one isolation method can be given for a physical network');
    const range = (a.broadcastDomainRange ?? (zone.network_type === 'Basic' ? 'POD' : 'ZONE')).toUpperCase();
    if (!['ZONE', 'POD'].includes(range)) throw invalidParam(`Invalid broadcastdomainrange ${a.broadcastDomainRange}: it must be ZONE or POD`);
    if (zone.network_type === 'Basic' && range !== 'POD') throw invalidParam('A Basic zone supports broadcastdomainrange POD only');
    const others = await this.db.selectFrom('physical_networks').selectAll().where('zone_id', '=', zone.id).where('removed', 'is', null).execute();
    if (zone.network_type === 'Basic' && others.length) throw invalidParam(`Zone ${zone.name} is a Basic zone and already has a physical network`);
    const tags = (a.tags ?? []).map((t) => t.trim()).filter(Boolean);
    if (tags.length > 1) throw invalidParam('Only one tag can be given for a physical network');
    if (others.length && !tags.length && others.some((o) => !o.tags)) throw invalidParam('A zone with several physical networks needs a tag on each of them');
    const vlan = a.vlan === undefined || a.vlan === '' ? null : await this.checkVlan(zone.id, a.vlan, maxVnet(methods));
    let domainId: number | null = null;
    if (a.domainId !== undefined) {
      const id = await resolveId(this.db, 'domains', a.domainId);
      if (id === undefined) throw invalidParam(`Unable to find domain by id ${a.domainId}`);
      domainId = id;
    }
    const uuid = randomUUID();
    const id = (await this.db.insertInto('physical_networks').values({
      uuid, name, zone_id: zone.id, vlan, network_speed: a.networkSpeed ?? null, broadcast_domain_range: range, isolation_methods: methods.length ? methods.join(',') : null,
      tags: tags.length ? tags.join(',') : null, domain_id: domainId, state: 'Disabled', created: nowIso(), removed: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    const job = await this.jobs.submit({ cmd: CMD.create, javaClass, owner: caller, params: { id, uuid, name }, instanceType: 'PhysicalNetwork', instanceId: uuid, lockKey: `physicalnetwork:${id}` });
    return { jobUuid: job.uuid, uuid };
  }

  /** A guest VLAN range must be valid and must not overlap another physical network's in the zone. */
  private async checkVlan(zoneId: number, vlan: string, max: number, exceptId?: number): Promise<string> {
    const ranges = parseVlanRanges(vlan, max);
    let q = this.db.selectFrom('physical_networks').select(['name', 'vlan']).where('zone_id', '=', zoneId).where('removed', 'is', null).where('vlan', 'is not', null);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    for (const o of await q.execute()) {
      const theirs = parseVlanRanges(o.vlan!, MAX_VNI);
      if (ranges.some((r) => theirs.some((t) => r.start <= t.end && t.start <= r.end))) throw invalidParam(`The VLAN range ${vlan} overlaps the range ${o.vlan} of physical network ${o.name}`);
    }
    return formatVlanRanges(ranges);
  }

  async find(idOrUuid: string): Promise<PhysicalRow> {
    const id = await resolveId(this.db, 'physical_networks', idOrUuid);
    const row = id === undefined ? undefined : await this.db.selectFrom('physical_networks').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!row) throw invalidParam(`Unable to find physical network with id ${idOrUuid}`);
    return row;
  }

  async submitUpdate(caller: Caller, idOrUuid: string, a: UpdatePhysicalNetworkInput, javaClass: string): Promise<{ jobUuid: string }> {
    const pn = await this.find(idOrUuid);
    const set: Partial<PhysicalRow> = {};
    if (a.state !== undefined) {
      const s = ['Enabled', 'Disabled'].find((x) => x.toLowerCase() === a.state!.toLowerCase());
      if (!s) throw invalidParam(`Invalid state ${a.state}: it must be Enabled or Disabled`);
      set.state = s;
    }
    if (a.networkSpeed !== undefined) set.network_speed = a.networkSpeed;
    if (a.tags !== undefined) {
      const tags = a.tags.map((t) => t.trim()).filter(Boolean);
      if (tags.length > 1) throw invalidParam('Only one tag can be given for a physical network');
      set.tags = tags.length ? tags[0]! : null;
    }
    if (a.vlan !== undefined) {
      const methods = (pn.isolation_methods ?? '').split(',').filter(Boolean);
      const next = a.vlan === '' ? null : await this.checkVlan(pn.zone_id, a.vlan, maxVnet(methods), pn.id);
      await this.checkVlansKept(pn, next === null ? [] : parseVlanRanges(next, MAX_VNI));
      set.vlan = next;
    }
    const job = await this.jobs.submit({ cmd: CMD.update, javaClass, owner: caller, params: { id: pn.id, uuid: pn.uuid, set }, instanceType: 'PhysicalNetwork', instanceId: pn.uuid, lockKey: `physicalnetwork:${pn.id}` });
    return { jobUuid: job.uuid };
  }

  /** A VLAN handed out from the old range must stay in the new one. */
  private async checkVlansKept(pn: PhysicalRow, next: readonly GuestRange[]): Promise<void> {
    if (!pn.vlan) return;
    const old = parseVlanRanges(pn.vlan, MAX_VNI);
    const used = await this.db.selectFrom('guest_vlans').select('vnet').where('zone_id', '=', pn.zone_id).execute();
    const lost = used.find((u) => inRanges(old, u.vnet) && !inRanges(next, u.vnet));
    if (lost) throw invalidParam(`The VLAN ${lost.vnet} of the current range is in use: the new range must keep it`);
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const pn = await this.find(idOrUuid);
    const used = await this.db.selectFrom('networks').select('name').where('physical_network_id', '=', pn.id).where('removed', 'is', null).executeTakeFirst();
    if (used) throw resourceInUse(`Unable to delete physical network ${pn.name}: network ${used.name} uses it`);
    const job = await this.jobs.submit({ cmd: CMD.delete, javaClass, owner: caller, params: { id: pn.id, uuid: pn.uuid }, instanceType: 'PhysicalNetwork', instanceId: pn.uuid, lockKey: `physicalnetwork:${pn.id}` });
    return { jobUuid: job.uuid };
  }

  async list(f: { id?: string; zoneId?: string; name?: string; keyword?: string }, page: Page): Promise<{ count: number; items: PhysicalNetworkView[] }> {
    let q = this.db.selectFrom('physical_networks').where('removed', 'is', null);
    if (f.id !== undefined) q = q.where('id', '=', (await resolveId(this.db, 'physical_networks', f.id)) ?? -1);
    if (f.zoneId !== undefined) q = q.where('zone_id', '=', (await findZone(this.db, f.zoneId)).id);
    if (f.name !== undefined) q = q.where('name', '=', f.name);
    if (f.keyword !== undefined) q = q.where('name', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('id').orderBy('id').limit(page.limit).offset(page.offset).execute();
    const items: PhysicalNetworkView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<PhysicalNetworkView> {
    const p = await this.db.selectFrom('physical_networks as p').innerJoin('zones as z', 'z.id', 'p.zone_id').leftJoin('domains as d', 'd.id', 'p.domain_id')
      .selectAll('p').select(['z.uuid as zoneUuid', 'z.name as zoneName', 'd.uuid as domainUuid']).where('p.id', '=', id).executeTakeFirstOrThrow();
    return {
      id: p.id, uuid: p.uuid, name: p.name, zoneUuid: p.zoneUuid, zoneName: p.zoneName, state: p.state, vlan: p.vlan, broadcastDomainRange: p.broadcast_domain_range,
      isolationMethods: p.isolation_methods, tags: p.tags, networkSpeed: p.network_speed, domainUuid: p.domainUuid,
    };
  }

  async submitAddTrafficType(caller: Caller, physicalNetworkId: string, a: AddTrafficTypeInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const pn = await this.find(physicalNetworkId);
    const type = TRAFFIC_TYPES.find((t) => t.toLowerCase() === a.trafficType.trim().toLowerCase());
    if (!type) throw invalidParam(`Invalid traffic type ${a.trafficType}: it must be one of ${TRAFFIC_TYPES.join(', ')}`);
    if (a.isolationMethod !== undefined) isolation([a.isolationMethod]);
    const exists = await this.db.selectFrom('physical_network_traffic_types').select('id').where('physical_network_id', '=', pn.id).where('traffic_type', '=', type).executeTakeFirst();
    if (exists) throw invalidParam(`The physical network ${pn.name} already carries ${type} traffic`);
    const uuid = randomUUID();
    let id: number;
    try {
      id = (await this.db.insertInto('physical_network_traffic_types').values({
        uuid, physical_network_id: pn.id, traffic_type: type, kvm_label: a.kvmLabel ?? null, xen_label: a.xenLabel ?? null, vmware_label: a.vmwareLabel ?? null,
        hyperv_label: a.hypervLabel ?? null, ovm3_label: a.ovm3Label ?? null, vlan: a.vlan ?? null, isolation_method: a.isolationMethod ?? null,
      }).returning('id').executeTakeFirstOrThrow()).id;
    } catch {
      throw invalidParam(`The physical network ${pn.name} already carries ${type} traffic`);
    }
    const job = await this.jobs.submit({ cmd: CMD.addTraffic, javaClass, owner: caller, params: { id, uuid, trafficType: type, pnUuid: pn.uuid }, instanceType: 'TrafficType', instanceId: uuid });
    return { jobUuid: job.uuid, uuid };
  }

  async listTrafficTypes(physicalNetworkId: string, page: Page): Promise<{ count: number; items: TrafficTypeView[] }> {
    const pn = await this.find(physicalNetworkId);
    const rows = await this.db.selectFrom('physical_network_traffic_types').select('id').where('physical_network_id', '=', pn.id).orderBy('id').execute();
    const items: TrafficTypeView[] = [];
    for (const r of rows.slice(page.offset, page.offset + page.limit)) items.push(await this.trafficView(r.id));
    return { count: rows.length, items };
  }

  async trafficView(id: number): Promise<TrafficTypeView> {
    const t: TrafficRow & { pnUuid: string } = await this.db.selectFrom('physical_network_traffic_types as t').innerJoin('physical_networks as p', 'p.id', 't.physical_network_id')
      .selectAll('t').select('p.uuid as pnUuid').where('t.id', '=', id).executeTakeFirstOrThrow();
    return {
      uuid: t.uuid, trafficType: t.traffic_type, physicalNetworkUuid: t.pnUuid, kvmLabel: t.kvm_label, xenLabel: t.xen_label, vmwareLabel: t.vmware_label,
      hypervLabel: t.hyperv_label, ovm3Label: t.ovm3_label,
    };
  }
}
