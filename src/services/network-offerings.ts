import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { type NetworkOfferingSpec, type ResolvedNetworkOffering, resolveNetworkOffering } from '../core/network-offering-rules.js';
import { NETWORK_SERVICES, type NetworkService, findService } from '../core/network-services.js';
import { cleanupTags } from '../core/offering-rules.js';
import type { Database, Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import {
  type DomainRef, type OfferingScope, type ZoneRef, inZone, keywordMatch, parseIdList, publicOrIn, resolveDomains, resolveZones, scopeOf, scopesOf,
  visibleDomainIds, writeScope, zoneFilterId,
} from './offering-scope.js';
import type { Page } from './query.js';

const TYPE = 'NetworkOffering';
/** Default of CloudStack's network.throttling.rate (Mbps), reported when an offering sets none. */
const DEFAULT_NETWORK_RATE = 200;

export interface NetworkOfferingView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly trafficType: string;
  readonly guestIpType: string | null;
  readonly tags: string | null;
  readonly availability: string;
  readonly state: string;
  readonly isDefault: boolean;
  readonly specifyVlan: boolean;
  readonly specifyIpRanges: boolean;
  readonly conserveMode: boolean;
  readonly isPersistent: boolean;
  readonly egressDefaultPolicy: boolean;
  readonly forVpc: boolean;
  readonly networkRate: number;
  /** The router's offering: the offering's own, else the default virtual router system offering. */
  readonly serviceOfferingUuid: string | null;
  readonly dedicatedLb: boolean;
  readonly sharedSourceNat: boolean;
  readonly redundantRouter: boolean;
  readonly elasticIp: boolean;
  readonly elasticLb: boolean;
  readonly associatePublicIp: boolean;
  readonly inline: boolean;
  readonly internalLb: boolean;
  readonly supportsStrechedL2: boolean;
  readonly supportsPublicAccess: boolean;
  readonly maxConnections: number | null;
  readonly networkMode: string | null;
  readonly routingMode: string | null;
  readonly internetProtocol: string | null;
  readonly details: Readonly<Record<string, string>>;
  /** In CloudStack's service order; Gateway included (the views hide it, as CloudStack does). */
  readonly services: readonly { readonly name: NetworkService; readonly providers: readonly string[] }[];
  readonly created: string;
  readonly scope: OfferingScope;
}

export interface CreateNetworkOffering extends NetworkOfferingSpec {
  readonly name: string;
  readonly displayText?: string;
  readonly tags?: string;
  readonly serviceOfferingId?: string;
  readonly domainIds?: readonly string[];
  readonly zoneIds?: readonly string[];
  readonly enable?: boolean;
}

export interface UpdateNetworkOffering {
  readonly name?: string;
  readonly displayText?: string;
  readonly availability?: string;
  readonly sortKey?: number;
  readonly state?: string;
  readonly keepAliveEnabled?: boolean;
  readonly maxConnections?: number;
  readonly tags?: string;
  readonly domainIds?: string;
  readonly zoneIds?: string;
}

export interface NetworkOfferingFilter {
  readonly id?: string;
  readonly name?: string;
  readonly displayText?: string;
  readonly keyword?: string;
  readonly trafficType?: string;
  readonly isDefault?: boolean;
  readonly specifyVlan?: boolean;
  readonly availability?: string;
  readonly domainId?: string;
  readonly zoneId?: string;
  readonly state?: string;
  readonly guestIpType?: string;
  readonly supportedServices?: readonly string[];
  readonly sourceNatSupported?: boolean;
  readonly specifyIpRanges?: boolean;
  readonly tags?: string;
  readonly isTagged?: boolean;
  readonly forVpc?: boolean;
  readonly routingMode?: string;
}

/** Row values for a new network offering, everything but its id. */
export type NetworkOfferingRow = Omit<Database['network_offerings'], 'id'>;

/** The row CloudStack would store for a resolved offering (NetworkOfferingVO). */
function offeringRow(r: ResolvedNetworkOffering, o: {
  uuid: string; name: string; displayText: string; tags: string | null; state: 'Enabled' | 'Disabled'; isDefault: boolean; serviceOfferingId: number | null;
}): NetworkOfferingRow {
  const b = (v: boolean) => (v ? 1 : 0);
  return {
    uuid: o.uuid, name: o.name, display_text: o.displayText, unique_name: o.name, traffic_type: r.trafficType, guest_ip_type: r.guestIpType,
    tags: o.tags, availability: r.availability, state: o.state, is_default: b(o.isDefault), system_only: 0, specify_vlan: b(r.specifyVlan),
    specify_ip_ranges: b(r.specifyIpRanges), conserve_mode: b(r.conserveMode), is_persistent: b(r.isPersistent),
    egress_default_policy: b(r.egressDefaultPolicy), for_vpc: b(r.forVpc), network_rate: r.networkRate, service_offering_id: o.serviceOfferingId,
    dedicated_lb: b(r.dedicatedLb), shared_source_nat: b(r.sharedSourceNat), redundant_router: b(r.redundantRouter), elastic_ip: b(r.elasticIp),
    elastic_lb: b(r.elasticLb), associate_public_ip: b(r.associatePublicIp), inline: b(r.inline), public_lb: b(r.publicLb),
    internal_lb: b(r.internalLb), supports_streched_l2: b(r.supportsStrechedL2), supports_public_access: b(r.supportsPublicAccess),
    supports_vm_autoscaling: b(r.supportsVmAutoScaling), max_connections: r.maxConnections, keep_alive_enabled: b(r.keepAliveEnabled),
    network_mode: r.networkMode, routing_mode: r.routingMode, internet_protocol: r.internetProtocol, details: JSON.stringify(r.details),
    sort_key: 0, created: new Date().toISOString(), removed: null,
  };
}

/** Inserts an offering with its services; used by createNetworkOffering and the seeds. */
export async function insertNetworkOffering(db: Db, row: NetworkOfferingRow, services: ReadonlyMap<NetworkService, readonly string[]>): Promise<number> {
  const { id } = await db.insertInto('network_offerings').values(row).returning('id').executeTakeFirstOrThrow();
  for (const [service, providers] of services) {
    if (!providers.length) await db.insertInto('network_offering_services').values({ network_offering_id: id, service, provider: null }).execute();
    for (const provider of providers) await db.insertInto('network_offering_services').values({ network_offering_id: id, service, provider }).execute();
  }
  return id;
}

const bool = (n: number) => n === 1;

function parseState(v: string): 'Enabled' | 'Disabled' {
  const s = ['Enabled', 'Disabled'].find((x) => x.toLowerCase() === v.toLowerCase());
  if (!s) throw invalidParam(`Incorrect state value: ${v}`);
  return s as 'Enabled' | 'Disabled';
}

function parseAvailability(v: string): 'Required' | 'Optional' {
  const s = ['Required', 'Optional'].find((x) => x.toLowerCase() === v.toLowerCase());
  if (!s) throw invalidParam('Invalid value for Availability. Supported types: Required, Optional');
  return s as 'Required' | 'Optional';
}

export class NetworkOfferingService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: CreateNetworkOffering): Promise<NetworkOfferingView> {
    const name = a.name.trim();
    if (!name) throw invalidParam('Failed to create network offering: specify the name that has non-zero length');
    const domains = await resolveDomains(this.db, a.domainIds ?? []);
    const zones = await resolveZones(this.db, a.zoneIds ?? []);
    const resolved = resolveNetworkOffering(a);
    const serviceOfferingId = a.serviceOfferingId === undefined ? null : await this.routerOffering(a.serviceOfferingId);
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      await this.assertUniqueName(tx, name);
      if (resolved.availability === 'Required') await this.assertNoOtherRequired(tx);
      const row = offeringRow(resolved, {
        uuid, name, displayText: a.displayText?.trim() || name, tags: cleanupTags(a.tags), state: a.enable ? 'Enabled' : 'Disabled',
        isDefault: false, serviceOfferingId,
      });
      const newId = await insertNetworkOffering(tx, row, resolved.services);
      await writeScope(tx, TYPE, newId, domains, zones);
      return newId;
    });
    await this.events.record(caller, { type: 'NETWORK.OFFERING.CREATE', description: `Creating network offering. ID: ${uuid} Name: ${name}`, resourceType: TYPE, resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  /** validateIfServiceOfferingIsActiveAndSystemVmTypeIsDomainRouter. */
  private async routerOffering(idOrUuid: string): Promise<number> {
    const id = await resolveId(this.db, 'service_offerings', idOrUuid);
    const so = id === undefined ? undefined
      : await this.db.selectFrom('service_offerings').select(['id', 'state', 'is_system', 'system_vm_type']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!so) throw invalidParam(`Could not find specified service offering: ${idOrUuid}`);
    if (so.state !== 'Active') throw invalidParam(`The specified service offering ${idOrUuid} is not active`);
    if (so.is_system !== 1 || so.system_vm_type !== 'domainrouter') throw invalidParam(`The specified service offering ${idOrUuid} is not a system offering of the domainrouter type`);
    return so.id;
  }

  private async assertUniqueName(db: Db, name: string, exceptId?: number): Promise<void> {
    let q = db.selectFrom('network_offerings').select('id').where('unique_name', '=', name).where('removed', 'is', null);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) throw invalidParam(`Network offering with name ${name} already exists`);
  }

  /** Only one network offering in the system can be Required. */
  private async assertNoOtherRequired(db: Db, exceptId?: number): Promise<void> {
    let q = db.selectFrom('network_offerings').select('uuid').where('availability', '=', 'Required').where('removed', 'is', null);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    const other = await q.executeTakeFirst();
    if (other) throw invalidParam(`System already has network offering id=${other.uuid} with availability Required`);
  }

  private async find(idOrUuid: string | undefined): Promise<{ id: number; uuid: string; name: string; is_default: number; system_only: number; guest_ip_type: string | null }> {
    const id = idOrUuid === undefined ? undefined : await resolveId(this.db, 'network_offerings', idOrUuid);
    const row = id === undefined ? undefined
      : await this.db.selectFrom('network_offerings').select(['id', 'uuid', 'name', 'is_default', 'system_only', 'guest_ip_type'])
        .where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!row) throw invalidParam(`unable to find network offering ${idOrUuid ?? ''}`.trim());
    return row;
  }

  async update(caller: Caller, idOrUuid: string | undefined, a: UpdateNetworkOffering): Promise<NetworkOfferingView> {
    const o = await this.find(idOrUuid);
    if (o.system_only === 1) throw invalidParam('Can\'t update system network offerings');
    const domainIds = parseIdList(a.domainIds, 'public');
    const zoneIds = parseIdList(a.zoneIds, 'all');
    const domains: DomainRef[] | undefined = domainIds === undefined ? undefined : await resolveDomains(this.db, domainIds);
    const zones: ZoneRef[] | undefined = zoneIds === undefined ? undefined : await resolveZones(this.db, zoneIds);
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The name of a network offering must not be empty');
    const state = a.state === undefined ? undefined : parseState(a.state);
    const availability = a.availability === undefined ? undefined : parseAvailability(a.availability);
    const services = await this.servicesOf(o.id);
    if (availability === 'Required' && !(o.guest_ip_type === 'Isolated' && services.some((s) => s.name === 'SourceNat'))) {
      throw invalidParam('Availability can be Required only for networkOfferings of type Isolated and with SourceNat enabled');
    }
    await this.db.transaction().execute(async (tx) => {
      if (a.name !== undefined) await this.assertUniqueName(tx, a.name.trim(), o.id);
      if (availability === 'Required') await this.assertNoOtherRequired(tx, o.id);
      const changes = {
        ...(a.name !== undefined ? { name: a.name.trim(), unique_name: a.name.trim() } : {}),
        ...(a.displayText !== undefined ? { display_text: a.displayText } : {}),
        ...(a.sortKey !== undefined ? { sort_key: a.sortKey } : {}),
        ...(state !== undefined ? { state } : {}),
        ...(availability !== undefined ? { availability } : {}),
        ...(a.tags !== undefined ? { tags: cleanupTags(a.tags) } : {}),
        ...(a.keepAliveEnabled !== undefined ? { keep_alive_enabled: a.keepAliveEnabled ? 1 : 0 } : {}),
        // As in CloudStack, the connection limit only applies to offerings with a load balancer.
        ...(a.maxConnections !== undefined && services.some((s) => s.name === 'Lb') ? { max_connections: a.maxConnections } : {}),
      };
      // An update may touch only the domain/zone lists; an empty SET is not valid SQL.
      if (Object.keys(changes).length) await tx.updateTable('network_offerings').set(changes).where('id', '=', o.id).execute();
      await writeScope(tx, TYPE, o.id, domains, zones);
    });
    await this.events.record(caller, { type: 'NETWORK.OFFERING.EDIT', description: `Updating network offering. ID: ${o.uuid}`, resourceType: TYPE, resourceId: o.uuid, resourceName: a.name ?? o.name });
    return this.view(o.id);
  }

  /** Soft delete, as CloudStack's NetworkOfferingDao.remove; the offerings it ships cannot go. */
  async remove(caller: Caller, idOrUuid: string): Promise<void> {
    const o = await this.find(idOrUuid);
    if (o.is_default === 1) throw invalidParam('Default network offering can\'t be deleted');
    const inUse = await this.db.selectFrom('networks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('network_offering_id', '=', o.id).where('removed', 'is', null).executeTakeFirstOrThrow();
    if (Number(inUse.n) > 0) {
      throw invalidParam(`Can't delete network offering ${o.uuid} as its used by ${Number(inUse.n)} networks. To make the network offering unavailable, disable it`);
    }
    const done = await this.db.updateTable('network_offerings').set({ removed: new Date().toISOString() }).where('id', '=', o.id).where('removed', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw invalidParam(`unable to find network offering ${idOrUuid}`);
    await this.events.record(caller, { type: 'NETWORK.OFFERING.DELETE', description: `Deleting network offering. ID: ${o.uuid}`, resourceType: TYPE, resourceId: o.uuid, resourceName: o.name });
  }

  async list(caller: Caller, f: NetworkOfferingFilter, page: Page): Promise<{ count: number; items: NetworkOfferingView[] }> {
    let q = this.db.selectFrom('network_offerings as n').where('n.removed', 'is', null).where('n.system_only', '=', 0);
    const visible = await visibleDomainIds(this.db, caller, false);
    if (visible) q = q.where(publicOrIn(TYPE, 'n.id', visible));
    if (f.domainId !== undefined) q = q.where(publicOrIn(TYPE, 'n.id', await this.domainAndAncestors(caller, f.domainId)));
    if (f.zoneId !== undefined) q = q.where(inZone(TYPE, 'n.id', await zoneFilterId(this.db, f.zoneId)));
    if (f.id !== undefined) q = q.where('n.id', '=', (await resolveId(this.db, 'network_offerings', f.id)) ?? -1);
    if (f.name !== undefined) q = q.where('n.name', '=', f.name);
    if (f.displayText !== undefined) q = q.where('n.display_text', '=', f.displayText);
    if (f.keyword !== undefined) q = q.where(keywordMatch('n', f.keyword));
    if (f.trafficType !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['n.traffic_type']), '=', f.trafficType!.toLowerCase()));
    if (f.guestIpType !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['n.guest_ip_type']), '=', f.guestIpType!.toLowerCase()));
    if (f.state !== undefined) q = q.where('n.state', '=', parseState(f.state));
    if (f.availability !== undefined) q = q.where('n.availability', '=', parseAvailability(f.availability));
    if (f.isDefault !== undefined) q = q.where('n.is_default', '=', f.isDefault ? 1 : 0);
    if (f.specifyVlan !== undefined) q = q.where('n.specify_vlan', '=', f.specifyVlan ? 1 : 0);
    if (f.specifyIpRanges !== undefined) q = q.where('n.specify_ip_ranges', '=', f.specifyIpRanges ? 1 : 0);
    if (f.forVpc !== undefined) q = q.where('n.for_vpc', '=', f.forVpc ? 1 : 0);
    if (f.tags !== undefined) q = q.where('n.tags', '=', f.tags);
    if (f.isTagged !== undefined) q = q.where('n.tags', f.isTagged ? 'is not' : 'is', null);
    if (f.routingMode !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['n.routing_mode']), '=', f.routingMode!.toLowerCase()));
    const withService = (service: string) =>
      sql<boolean>`exists (select 1 from network_offering_services s where s.network_offering_id = n.id and s.service = ${service})`;
    for (const name of f.supportedServices ?? []) {
      const service = findService(name);
      if (!service) throw invalidParam(`Invalid service specified ${name}`);
      q = q.where(withService(service));
    }
    if (f.sourceNatSupported !== undefined) q = q.where(f.sourceNatSupported ? withService('SourceNat') : sql<boolean>`not ${withService('SourceNat')}`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = await q.select('n.id').orderBy('n.sort_key').orderBy('n.id').limit(page.limit).offset(page.offset).execute();
    const scopes = await scopesOf(this.db, TYPE, ids.map((r) => r.id));
    const items: NetworkOfferingView[] = [];
    for (const r of ids) items.push(await this.view(r.id, scopes.get(r.id)));
    return { count: Number(count), items };
  }

  /** listNetworkOfferings domainid: offerings usable for networks in that domain (its own and those of domains above). */
  private async domainAndAncestors(caller: Caller, domainId: string): Promise<number[]> {
    const [d] = await resolveDomains(this.db, [domainId]);
    if (!isRootAdmin(caller) && !d!.path.startsWith(caller.domainPath) && !caller.domainPath.startsWith(d!.path)) {
      throw invalidParam(`Domain ${domainId} is not accessible by the caller`);
    }
    const rows = await this.db.selectFrom('domains').select(['id', 'path']).execute();
    return rows.filter((r) => d!.path.startsWith(r.path)).map((r) => r.id);
  }

  private async servicesOf(id: number): Promise<{ name: NetworkService; providers: string[] }[]> {
    const rows = await this.db.selectFrom('network_offering_services').select(['service', 'provider']).where('network_offering_id', '=', id).execute();
    const out: { name: NetworkService; providers: string[] }[] = [];
    for (const name of NETWORK_SERVICES) {
      const mine = rows.filter((r) => r.service === name);
      if (mine.length) out.push({ name, providers: mine.flatMap((r) => (r.provider ? [r.provider] : [])) });
    }
    return out;
  }

  async view(id: number, scope?: OfferingScope): Promise<NetworkOfferingView> {
    const n = await this.db.selectFrom('network_offerings as n').leftJoin('service_offerings as so', 'so.id', 'n.service_offering_id')
      .selectAll('n').select('so.uuid as soUuid').where('n.id', '=', id).executeTakeFirstOrThrow();
    const router = n.soUuid ?? (await this.db.selectFrom('service_offerings').select('uuid').where('is_system', '=', 1)
      .where('system_vm_type', '=', 'domainrouter').where('default_use', '=', 1).where('removed', 'is', null).orderBy('id').executeTakeFirst())?.uuid ?? null;
    return {
      id: n.id, uuid: n.uuid, name: n.name, displayText: n.display_text, trafficType: n.traffic_type, guestIpType: n.guest_ip_type, tags: n.tags,
      availability: n.availability, state: n.state, isDefault: bool(n.is_default), specifyVlan: bool(n.specify_vlan),
      specifyIpRanges: bool(n.specify_ip_ranges), conserveMode: bool(n.conserve_mode), isPersistent: bool(n.is_persistent),
      egressDefaultPolicy: bool(n.egress_default_policy), forVpc: bool(n.for_vpc), networkRate: n.network_rate ?? DEFAULT_NETWORK_RATE,
      serviceOfferingUuid: router, dedicatedLb: bool(n.dedicated_lb), sharedSourceNat: bool(n.shared_source_nat), redundantRouter: bool(n.redundant_router),
      elasticIp: bool(n.elastic_ip), elasticLb: bool(n.elastic_lb), associatePublicIp: bool(n.associate_public_ip), inline: bool(n.inline), internalLb: bool(n.internal_lb),
      supportsStrechedL2: bool(n.supports_streched_l2), supportsPublicAccess: bool(n.supports_public_access), maxConnections: n.max_connections,
      networkMode: n.network_mode, routingMode: n.routing_mode, internetProtocol: n.internet_protocol,
      details: JSON.parse(n.details) as Record<string, string>, services: await this.servicesOf(id), created: n.created,
      scope: scope ?? (await scopeOf(this.db, TYPE, id)),
    };
  }
}
