// VPC offerings: listVPCOfferings, and for root admins createVPCOffering, updateVPCOffering and
// deleteVPCOffering. An offering names the services a VPC's router delivers and their providers
// (VpcVirtualRouter; InternalLbVm for internal LB); its zone and domain limits live in
// offering_zones / offering_domains under the type VpcOffering.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { type NetworkService, NETWORK_SERVICES, findService } from '../core/network-services.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';

export const VPC_OFFERING = 'VpcOffering';

/** The services a VPC offering may hold, and the providers each may use. */
const VPC_SERVICE_PROVIDERS: Partial<Record<NetworkService, readonly string[]>> = {
  Dhcp: ['VpcVirtualRouter'], Dns: ['VpcVirtualRouter'], UserData: ['VpcVirtualRouter', 'ConfigDrive'], SourceNat: ['VpcVirtualRouter'],
  StaticNat: ['VpcVirtualRouter'], PortForwarding: ['VpcVirtualRouter'], Lb: ['VpcVirtualRouter', 'InternalLbVm'], NetworkACL: ['VpcVirtualRouter'],
  Gateway: ['VpcVirtualRouter'], Vpn: ['VpcVirtualRouter'],
};

export interface VpcOfferingView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly state: string;
  readonly isDefault: boolean;
  readonly created: string;
  readonly services: readonly { readonly name: string; readonly providers: readonly string[] }[];
  readonly redundantRouter: boolean;
  readonly distributedRouter: boolean;
  readonly regionLevel: boolean;
  readonly internetProtocol: string;
  readonly networkMode: string;
  readonly domains: readonly { readonly uuid: string; readonly name: string }[];
  readonly zones: readonly { readonly uuid: string; readonly name: string }[];
}

export interface CreateVpcOfferingInput {
  readonly name: string;
  readonly displayText?: string;
  readonly supportedServices?: readonly string[];
  readonly serviceProviders?: readonly Readonly<Record<string, string>>[];
  readonly internetProtocol?: string;
  readonly serviceOfferingId?: string;
  readonly domainIds?: readonly string[];
  readonly zoneIds?: readonly string[];
  readonly enable?: boolean;
  readonly networkMode?: string;
  readonly unsupported?: readonly string[];
}

export interface VpcOfferingFilter {
  readonly id?: string;
  readonly name?: string;
  readonly displayText?: string;
  readonly isDefault?: boolean;
  readonly supportedServices?: readonly string[];
  readonly state?: string;
  readonly domainId?: string;
  readonly zoneId?: string;
  readonly keyword?: string;
}

const CMD = { create: 'createVPCOffering', update: 'updateVPCOffering', delete: 'deleteVPCOffering' } as const;

export class VpcOfferingService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
  ) {
    jobs.register({
      cmd: CMD.create,
      // The uuid is chosen at submit, so inserting again after a restart finds the row.
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = await ctx.step('insert', () => this.insert(p as unknown as PlannedOffering));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'VPC.OFFERING.CREATE', description: `Created VPC offering ${String(p.name)}`, resourceType: 'VpcOffering', resourceId: String(p.uuid), resourceName: String(p.name) });
        });
        return { type: 'entity', entity: 'VpcOffering', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: CMD.update,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.offeringId);
        await ctx.step('update', () => this.applyUpdate(id, p.update as PlannedUpdate));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'VPC.OFFERING.UPDATE', description: `Updated VPC offering ${String(p.uuid)}`, resourceType: 'VpcOffering', resourceId: String(p.uuid) });
        });
        return { type: 'entity', entity: 'VpcOffering', data: await this.view(id) };
      },
    });
    jobs.register({
      cmd: CMD.delete,
      onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('delete', async () => {
          await this.db.updateTable('vpc_offerings').set({ removed: new Date().toISOString(), state: 'Disabled' }).where('id', '=', Number(p.offeringId)).execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'VPC.OFFERING.DELETE', description: `Deleted VPC offering ${String(p.name)}`, resourceType: 'VpcOffering', resourceId: String(p.uuid), resourceName: String(p.name) });
        });
        return { type: 'success' };
      },
    });
  }

  async find(idOrUuid: string): Promise<{ id: number; uuid: string; name: string; state: string; is_default: number; service_offering_id: number | null }> {
    const id = await resolveId(this.db, 'vpc_offerings', idOrUuid);
    const o = id === undefined ? undefined
      : await this.db.selectFrom('vpc_offerings').select(['id', 'uuid', 'name', 'state', 'is_default', 'service_offering_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!o) throw invalidParam(`Unable to find VPC offering by id ${idOrUuid}`);
    return o;
  }

  /** Whether the offering may be used in the zone by an owner of the domain path (its limits). */
  async assertUsable(offeringId: number, zoneId: number, domainPath: string): Promise<void> {
    const zones = await this.db.selectFrom('offering_zones').select('zone_id').where('offering_type', '=', VPC_OFFERING).where('offering_id', '=', offeringId).execute();
    if (zones.length && !zones.some((z) => z.zone_id === zoneId)) throw invalidParam('The VPC offering is not available in the zone');
    const domains = await this.db.selectFrom('offering_domains as od').innerJoin('domains as d', 'd.id', 'od.domain_id').select('d.path')
      .where('od.offering_type', '=', VPC_OFFERING).where('od.offering_id', '=', offeringId).execute();
    if (domains.length && !domains.some((d) => domainPath.startsWith(d.path))) throw invalidParam('The VPC offering is not available to the owner\'s domain');
  }

  async servicesOf(offeringId: number): Promise<Map<string, string[]>> {
    const rows = await this.db.selectFrom('vpc_offering_services').select(['service', 'provider']).where('vpc_offering_id', '=', offeringId).execute();
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.service, [...(out.get(r.service) ?? []), r.provider]);
    return out;
  }

  // --- commands -----------------------------------------------------------------------------

  async submitCreate(caller: Caller, a: CreateVpcOfferingInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
    const name = a.name.trim();
    if (!name) throw invalidParam('The VPC offering name must not be empty');
    if (a.unsupported?.length) throw invalidParam(`Unsupported parameter ${a.unsupported.join(', ')}: NSX, routed VPCs and BGP are not available`);
    if (a.internetProtocol !== undefined && a.internetProtocol.toLowerCase() !== 'ipv4') throw invalidParam('Only IPv4 VPC offerings are supported (internetprotocol=ipv4)');
    if (a.networkMode !== undefined && a.networkMode.toUpperCase() !== 'NATTED') throw invalidParam('Only NATTED VPC offerings are supported (networkmode)');
    const dup = await this.db.selectFrom('vpc_offerings').select('id').where('name', '=', name).where('removed', 'is', null).executeTakeFirst();
    if (dup) throw invalidParam(`A VPC offering with name ${name} already exists`);
    const services = this.planServices(a);
    let serviceOfferingId: number | null = null;
    if (a.serviceOfferingId !== undefined) {
      const id = await resolveId(this.db, 'service_offerings', a.serviceOfferingId);
      const so = id === undefined ? undefined : await this.db.selectFrom('service_offerings').select(['id', 'is_system', 'system_vm_type']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
      if (!so || so.is_system !== 1 || so.system_vm_type !== 'domainrouter') throw invalidParam(`Service offering ${a.serviceOfferingId} is not a system offering for virtual routers`);
      serviceOfferingId = so.id;
    }
    const domainIds: number[] = [];
    for (const d of a.domainIds ?? []) {
      const id = await resolveId(this.db, 'domains', d);
      if (id === undefined) throw invalidParam(`Please specify a valid domain id: ${d}`);
      domainIds.push(id);
    }
    const zoneIds: number[] = [];
    for (const z of a.zoneIds ?? []) {
      const id = await resolveId(this.db, 'zones', z);
      if (id === undefined) throw invalidParam(`Please specify a valid zone id: ${z}`);
      zoneIds.push(id);
    }
    const uuid = randomUUID();
    const plan: PlannedOffering = { uuid, name, displayText: a.displayText?.trim() || name, services, serviceOfferingId, domainIds, zoneIds, enabled: a.enable === true };
    const job = await this.jobs.submit({ cmd: CMD.create, javaClass, owner: caller, params: { ...plan }, instanceType: 'VpcOffering', instanceId: uuid });
    return { jobUuid: job.uuid, uuid };
  }

  /** Services and providers: supportedservices (default providers) narrowed by serviceproviderlist. */
  private planServices(a: CreateVpcOfferingInput): [string, string][] {
    const names = a.supportedServices?.length ? a.supportedServices : ['Dhcp', 'Dns', 'UserData', 'SourceNat', 'StaticNat', 'PortForwarding', 'Lb', 'NetworkACL', 'Gateway', 'Vpn'];
    const chosen = new Map<NetworkService, string[]>();
    for (const n of names) {
      const s = findService(n);
      if (!s) throw invalidParam(`Invalid service ${n}`);
      if (!VPC_SERVICE_PROVIDERS[s]) throw invalidParam(`Service ${s} is not supported in VPC offerings`);
      chosen.set(s, [VPC_SERVICE_PROVIDERS[s]![0]!]);
    }
    if (!chosen.has('SourceNat')) throw invalidParam('A VPC offering needs the SourceNat service');
    if (!chosen.has('NetworkACL')) chosen.set('NetworkACL', ['VpcVirtualRouter']);
    // CloudStack's VPC offerings always carry the Gateway service (private gateways, static routes).
    if (!chosen.has('Gateway')) chosen.set('Gateway', ['VpcVirtualRouter']);
    const byService = new Map<NetworkService, string[]>();
    for (const e of a.serviceProviders ?? []) {
      const lower = Object.fromEntries(Object.entries(e).map(([k, v]) => [k.toLowerCase(), v]));
      const s = lower.service === undefined ? undefined : findService(lower.service);
      if (!s || lower.provider === undefined) throw invalidParam('Each serviceproviderlist entry needs a known service and a provider');
      if (!chosen.has(s)) throw invalidParam(`Provider given for service ${s}, which is not in supportedservices`);
      const allowed = VPC_SERVICE_PROVIDERS[s] ?? [];
      const provider = allowed.find((p) => p.toLowerCase() === lower.provider!.toLowerCase());
      if (!provider) throw invalidParam(`Provider ${lower.provider} is not supported for service ${s} in VPC offerings (supported: ${allowed.join(', ')})`);
      byService.set(s, [...(byService.get(s) ?? []), provider]);
    }
    for (const [s, p] of byService) chosen.set(s, [...new Set(p)]);
    return [...chosen.entries()].flatMap(([s, ps]) => ps.map((p): [string, string] => [s, p]));
  }

  private async insert(p: PlannedOffering): Promise<number> {
    const have = await this.db.selectFrom('vpc_offerings').select('id').where('uuid', '=', p.uuid).executeTakeFirst();
    if (have) return have.id;
    return this.db.transaction().execute(async (tx) => {
      const id = (await tx.insertInto('vpc_offerings').values({
        uuid: p.uuid, name: p.name, unique_name: null, display_text: p.displayText, state: p.enabled ? 'Enabled' : 'Disabled', service_offering_id: p.serviceOfferingId,
        internet_protocol: 'ipv4', network_mode: 'NATTED', created: new Date().toISOString(), removed: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      for (const [service, provider] of p.services) await tx.insertInto('vpc_offering_services').values({ vpc_offering_id: id, service, provider }).execute();
      for (const d of p.domainIds) await tx.insertInto('offering_domains').values({ offering_type: VPC_OFFERING, offering_id: id, domain_id: d }).execute();
      for (const z of p.zoneIds) await tx.insertInto('offering_zones').values({ offering_type: VPC_OFFERING, offering_id: id, zone_id: z }).execute();
      return id;
    });
  }

  async submitUpdate(caller: Caller, idOrUuid: string, a: { name?: string; displayText?: string; state?: string; domainIds?: string; zoneIds?: string; sortKey?: number }, javaClass: string): Promise<{ jobUuid: string }> {
    const o = await this.find(idOrUuid);
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The VPC offering name must not be empty');
    let state: string | undefined;
    if (a.state !== undefined) {
      state = ['Enabled', 'Disabled'].find((s) => s.toLowerCase() === a.state!.toLowerCase());
      if (!state) throw invalidParam(`Invalid state ${a.state}: it must be Enabled or Disabled`);
    }
    const ids = async (value: string | undefined, table: 'domains' | 'zones', word: string): Promise<number[] | undefined> => {
      if (value === undefined) return undefined;
      if (value.trim().toLowerCase() === word) return [];
      const out: number[] = [];
      for (const v of value.split(',').map((x) => x.trim()).filter(Boolean)) {
        const id = await resolveId(this.db, table, v);
        if (id === undefined) throw invalidParam(`Please specify a valid ${table === 'domains' ? 'domain' : 'zone'} id: ${v}`);
        out.push(id);
      }
      return out;
    };
    const update: PlannedUpdate = {
      name: a.name?.trim(), displayText: a.displayText, state, sortKey: a.sortKey,
      domainIds: await ids(a.domainIds, 'domains', 'public'), zoneIds: await ids(a.zoneIds, 'zones', 'all'),
    };
    const job = await this.jobs.submit({ cmd: CMD.update, javaClass, owner: caller, params: { offeringId: o.id, uuid: o.uuid, update }, instanceType: 'VpcOffering', instanceId: o.uuid });
    return { jobUuid: job.uuid };
  }

  private async applyUpdate(id: number, u: PlannedUpdate): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const set = {
        ...(u.name !== undefined ? { name: u.name } : {}), ...(u.displayText !== undefined ? { display_text: u.displayText } : {}),
        ...(u.state !== undefined ? { state: u.state } : {}), ...(u.sortKey !== undefined ? { sort_key: u.sortKey } : {}),
      };
      if (Object.keys(set).length) await tx.updateTable('vpc_offerings').set(set).where('id', '=', id).execute();
      if (u.domainIds !== undefined) {
        await tx.deleteFrom('offering_domains').where('offering_type', '=', VPC_OFFERING).where('offering_id', '=', id).execute();
        for (const d of u.domainIds) await tx.insertInto('offering_domains').values({ offering_type: VPC_OFFERING, offering_id: id, domain_id: d }).execute();
      }
      if (u.zoneIds !== undefined) {
        await tx.deleteFrom('offering_zones').where('offering_type', '=', VPC_OFFERING).where('offering_id', '=', id).execute();
        for (const z of u.zoneIds) await tx.insertInto('offering_zones').values({ offering_type: VPC_OFFERING, offering_id: id, zone_id: z }).execute();
      }
    });
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const o = await this.find(idOrUuid);
    if (o.is_default === 1) throw invalidParam(`Cannot delete default VPC offering ${o.name}`);
    const used = await this.db.selectFrom('vpcs').select('name').where('vpc_offering_id', '=', o.id).where('removed', 'is', null).executeTakeFirst();
    if (used) throw invalidParam(`Cannot delete VPC offering ${o.name}: VPC ${used.name} uses it`);
    const job = await this.jobs.submit({ cmd: CMD.delete, javaClass, owner: caller, params: { offeringId: o.id, uuid: o.uuid, name: o.name }, instanceType: 'VpcOffering', instanceId: o.uuid });
    return { jobUuid: job.uuid };
  }

  /** Non-admins see enabled offerings open to their domain; root admins see all. */
  async list(caller: Caller, f: VpcOfferingFilter, page: Page): Promise<{ count: number; items: VpcOfferingView[] }> {
    let q = this.db.selectFrom('vpc_offerings as o').where('o.removed', 'is', null);
    if (f.id !== undefined) {
      const id = await resolveId(this.db, 'vpc_offerings', f.id);
      if (id === undefined) throw invalidParam(`Unable to find VPC offering by id ${f.id}`);
      q = q.where('o.id', '=', id);
    }
    if (f.name !== undefined) q = q.where('o.name', '=', f.name);
    if (f.displayText !== undefined) q = q.where('o.display_text', '=', f.displayText);
    if (f.isDefault !== undefined) q = q.where('o.is_default', '=', f.isDefault ? 1 : 0);
    if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['o.state']), '=', f.state!.toLowerCase()));
    if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('o.name', 'like', `%${f.keyword}%`), eb('o.display_text', 'like', `%${f.keyword}%`)]));
    for (const n of f.supportedServices ?? []) {
      const s = findService(n);
      if (!s) throw invalidParam(`Invalid service ${n}`);
      q = q.where(sql<boolean>`exists (select 1 from vpc_offering_services s where s.vpc_offering_id = o.id and s.service = ${s})`);
    }
    if (f.zoneId !== undefined) {
      const z = await resolveId(this.db, 'zones', f.zoneId);
      if (z === undefined) throw invalidParam(`Unable to find zone by id ${f.zoneId}`);
      q = q.where(sql<boolean>`(not exists (select 1 from offering_zones z where z.offering_type = ${VPC_OFFERING} and z.offering_id = o.id) or exists (select 1 from offering_zones z where z.offering_type = ${VPC_OFFERING} and z.offering_id = o.id and z.zone_id = ${z}))`);
    }
    if (f.domainId !== undefined) {
      const d = await resolveId(this.db, 'domains', f.domainId);
      if (d === undefined) throw invalidParam(`Unable to find domain by id ${f.domainId}`);
      q = q.where(sql<boolean>`exists (select 1 from offering_domains od where od.offering_type = ${VPC_OFFERING} and od.offering_id = o.id and od.domain_id = ${d})`);
    }
    if (!isRootAdmin(caller)) {
      q = q.where('o.state', '=', 'Enabled').where(sql<boolean>`(not exists (select 1 from offering_domains od where od.offering_type = ${VPC_OFFERING} and od.offering_id = o.id)
        or exists (select 1 from offering_domains od join domains d on d.id = od.domain_id where od.offering_type = ${VPC_OFFERING} and od.offering_id = o.id and ${caller.domainPath} like d.path || '%'))`);
    }
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('o.id').orderBy('o.sort_key').orderBy('o.id').limit(page.limit).offset(page.offset).execute();
    const items: VpcOfferingView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<VpcOfferingView> {
    const o = await this.db.selectFrom('vpc_offerings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const svc = await this.servicesOf(id);
    const domains = await this.db.selectFrom('offering_domains as od').innerJoin('domains as d', 'd.id', 'od.domain_id').select(['d.uuid', 'd.name'])
      .where('od.offering_type', '=', VPC_OFFERING).where('od.offering_id', '=', id).orderBy('d.id').execute();
    const zones = await this.db.selectFrom('offering_zones as oz').innerJoin('zones as z', 'z.id', 'oz.zone_id').select(['z.uuid', 'z.name'])
      .where('oz.offering_type', '=', VPC_OFFERING).where('oz.offering_id', '=', id).orderBy('z.id').execute();
    return {
      id: o.id, uuid: o.uuid, name: o.name, displayText: o.display_text, state: o.state, isDefault: o.is_default === 1, created: o.created,
      services: NETWORK_SERVICES.filter((s) => svc.has(s)).map((s) => ({ name: s, providers: svc.get(s)! })),
      redundantRouter: o.redundant_router === 1, distributedRouter: o.distributed_router === 1, regionLevel: o.region_level === 1,
      internetProtocol: o.internet_protocol, networkMode: o.network_mode, domains, zones,
    };
  }
}

interface PlannedOffering {
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly services: [string, string][];
  readonly serviceOfferingId: number | null;
  readonly domainIds: number[];
  readonly zoneIds: number[];
  readonly enabled: boolean;
}

interface PlannedUpdate {
  readonly name?: string;
  readonly displayText?: string;
  readonly state?: string;
  readonly sortKey?: number;
  readonly domainIds?: number[];
  readonly zoneIds?: number[];
}
