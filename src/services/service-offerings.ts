import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import {
  type IoLimits, cleanupTags, parseCacheMode, parseOfferingState, parseProvisioningType, parseStorageType, validateComputeSize, validateIoLimits, validateIops,
} from '../core/offering-rules.js';
import type { Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import {
  type OfferingScope, checkCreateScope, checkDeleteScope, domainFilterIds, inZone, keywordMatch, limitedTo, publicOrIn, resolveDomains,
  resolveZones, resolveScopeUpdate, scopeOf, scopesOf, visibleDomainIds, writeScope, zoneFilterId,
} from './offering-scope.js';
import type { Page } from './query.js';

const TYPE = 'ServiceOffering';
const SYSTEM_VM_TYPES = ['domainrouter', 'consoleproxy', 'secondarystoragevm', 'internalloadbalancervm'] as const;
/** Planners listDeploymentPlanners reports in a default CloudStack. */
const PLANNERS = ['FirstFitPlanner', 'UserDispersingPlanner', 'UserConcentratedPodPlanner', 'ImplicitDedicationPlanner'];
/** VmDetailConstants.EXTERNAL_DETAIL_PREFIX. */
const EXTERNAL = 'External:';

export interface ServiceOfferingView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly cpuNumber: number | null;
  readonly cpuSpeed: number | null;
  readonly memory: number | null;
  readonly customized: boolean;
  readonly offerHa: boolean;
  readonly limitCpuUse: boolean;
  readonly isVolatile: boolean;
  readonly hostTags: string | null;
  readonly storageTags: string | null;
  readonly storageType: string;
  readonly provisioningType: string;
  readonly cacheMode: string;
  readonly isSystem: boolean;
  readonly systemVmType: string | null;
  readonly defaultUse: boolean;
  readonly networkRate: number | null;
  readonly deploymentPlanner: string | null;
  readonly rootDiskSize: number | null;
  readonly dynamicScalingEnabled: boolean;
  readonly diskOffering: { readonly uuid: string; readonly name: string; readonly displayText: string } | null;
  readonly diskOfferingStrictness: boolean;
  readonly customizedIops: boolean | null;
  readonly minIops: number | null;
  readonly maxIops: number | null;
  readonly ioLimits: IoLimits;
  readonly hypervisorSnapshotReserve: number | null;
  readonly encryptRoot: boolean;
  readonly purgeResources: boolean;
  /** serviceofferingdetails, including the custom bounds (mincpunumber, maxcpunumber, minmemory, maxmemory). */
  readonly details: Readonly<Record<string, string>>;
  readonly state: string;
  readonly created: string;
  readonly scope: OfferingScope;
}

export interface CreateServiceOffering {
  readonly name: string;
  readonly displayText?: string;
  readonly customized?: boolean;
  readonly cpuNumber?: number;
  readonly cpuSpeed?: number;
  readonly memory?: number;
  readonly minCpu?: number;
  readonly maxCpu?: number;
  readonly minMemory?: number;
  readonly maxMemory?: number;
  readonly offerHa?: boolean;
  readonly limitCpuUse?: boolean;
  readonly isVolatile?: boolean;
  readonly storageType?: string;
  readonly provisioningType?: string;
  readonly cacheMode?: string;
  readonly storageTags?: string;
  readonly hostTags?: string;
  readonly domainIds?: readonly string[];
  readonly zoneIds?: readonly string[];
  readonly isSystem?: boolean;
  readonly systemVmType?: string;
  readonly networkRate?: number;
  readonly deploymentPlanner?: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly rootDiskSize?: number;
  readonly customizedIops?: boolean;
  readonly minIops?: number;
  readonly maxIops?: number;
  readonly ioLimits?: IoLimits;
  readonly hypervisorSnapshotReserve?: number;
  readonly dynamicScalingEnabled?: boolean;
  readonly diskOfferingId?: string;
  readonly diskOfferingStrictness?: boolean;
  readonly encryptRoot?: boolean;
  readonly purgeResources?: boolean;
  readonly storagePolicy?: string;
  readonly vgpuProfileId?: string;
  readonly externalDetails?: Readonly<Record<string, string>>;
}

export interface UpdateServiceOffering {
  readonly name?: string;
  readonly displayText?: string;
  readonly sortKey?: number;
  readonly hostTags?: string;
  readonly storageTags?: string;
  /** Comma-separated domain ids, or `public`. */
  readonly domainIds?: string;
  /** Comma-separated zone ids, or `all`. */
  readonly zoneIds?: string;
  readonly state?: string;
  readonly purgeResources?: boolean;
  readonly externalDetails?: Readonly<Record<string, string>>;
  readonly cleanupExternalDetails?: boolean;
}

export interface ServiceOfferingFilter {
  readonly id?: string;
  readonly name?: string;
  readonly keyword?: string;
  readonly isSystem?: boolean;
  readonly systemVmType?: string;
  readonly zoneId?: string;
  readonly domainId?: string;
  readonly isRecursive?: boolean;
  readonly cpuNumber?: number;
  readonly cpuSpeed?: number;
  readonly memory?: number;
  readonly encryptRoot?: boolean;
  readonly storageType?: string;
  readonly state?: string;
  readonly gpuEnabled?: boolean;
}

const bool = (n: number) => n === 1;
const flag = (b: boolean | undefined, dflt: boolean) => ((b ?? dflt) ? 1 : 0);
const CUSTOM_BOUNDS = ['mincpunumber', 'maxcpunumber', 'minmemory', 'maxmemory'] as const;

function intDetail(details: Readonly<Record<string, string>>, key: string): number | undefined {
  const v = details[key];
  if (v === undefined) return undefined;
  if (!/^\d{1,10}$/.test(v.trim())) throw invalidParam(`Invalid value ${v} for detail ${key}: a whole number is expected`);
  return Number(v);
}

export class ServiceOfferingService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: CreateServiceOffering): Promise<ServiceOfferingView> {
    const name = a.name.trim();
    if (!name) throw invalidParam('Failed to create service offering: specify the name that has non-zero length');
    const displayText = a.displayText?.trim() || name;
    const userDetails = { ...(a.details ?? {}) };
    const size = validateComputeSize({
      name, customized: a.customized, cpuNumber: a.cpuNumber, cpuSpeed: a.cpuSpeed, memory: a.memory,
      minCpu: a.minCpu ?? intDetail(userDetails, 'mincpunumber'), maxCpu: a.maxCpu ?? intDetail(userDetails, 'maxcpunumber'),
      minMemory: a.minMemory ?? intDetail(userDetails, 'minmemory'), maxMemory: a.maxMemory ?? intDetail(userDetails, 'maxmemory'),
    });
    for (const k of CUSTOM_BOUNDS) delete userDetails[k];
    const domains = await resolveDomains(this.db, a.domainIds ?? []);
    const zones = await resolveZones(this.db, a.zoneIds ?? []);
    const cacheMode = parseCacheMode(a.cacheMode);
    const storageType = parseStorageType(a.storageType);
    const offerHa = a.offerHa ?? false;
    if (storageType === 'local' && offerHa) throw invalidParam('HA offering with local storage is not supported. ');
    const provisioningType = parseProvisioningType(a.provisioningType);

    const isSystem = a.isSystem ?? false;
    let systemVmType: string | null = null;
    if (isSystem) {
      const t = (a.systemVmType ?? 'domainrouter').toLowerCase();
      if (!(SYSTEM_VM_TYPES as readonly string[]).includes(t)) throw invalidParam('Invalid systemVmType. Supported types are: DomainRouter, ConsoleProxy, SecondaryStorageVm');
      systemVmType = t;
      if (a.customizedIops !== undefined) throw invalidParam('Customized IOPS is not a valid parameter for a system VM.');
      if (a.hypervisorSnapshotReserve !== undefined) throw invalidParam('Hypervisor Snapshot reserve is not a valid parameter for a system VM.');
    }
    if (a.networkRate !== undefined) {
      if (isSystem && systemVmType !== 'domainrouter') throw invalidParam('Network rate can be specified only for non-System offering and system offerings having "domainrouter" systemvmtype');
      if (a.networkRate < 0) throw invalidParam(`Failed to create service offering ${name}: specify the network rate value more than 0`);
    }
    if (a.deploymentPlanner !== undefined && !PLANNERS.includes(a.deploymentPlanner)) {
      throw invalidParam('Invalid name for Deployment Planner specified, please use listDeploymentPlanners to get the valid set');
    }
    if (a.storagePolicy !== undefined) throw invalidParam('Please specify a valid vSphere storage policy id');
    if (a.vgpuProfileId !== undefined) throw invalidParam(`Unable to find vGPU profile with id ${a.vgpuProfileId}`);
    if (a.rootDiskSize !== undefined && a.rootDiskSize <= 0) throw invalidParam(`The Root disk size is of ${a.rootDiskSize} GB but it must be greater than 0.`);
    let diskOfferingId: number | null = null;
    if (a.diskOfferingId !== undefined) {
      const id = await resolveId(this.db, 'disk_offerings', a.diskOfferingId);
      const d = id === undefined ? undefined
        : await this.db.selectFrom('disk_offerings').select('id').where('id', '=', id).where('state', '=', 'Active').where('removed', 'is', null).executeTakeFirst();
      if (!d) throw invalidParam('Please specify a valid disk offering.');
      diskOfferingId = d.id;
    }
    const iops = validateIops(isSystem ? false : a.customizedIops, a.minIops, a.maxIops);
    const ioLimits = validateIoLimits(a.ioLimits ?? {});
    const storageTags = cleanupTags(a.storageTags);
    const hostTags = cleanupTags(a.hostTags);
    checkCreateScope(caller, 'service offering', domains, storageTags !== null || hostTags !== null);

    const details: Record<string, string> = { ...userDetails };
    if (size.minCpu !== null) Object.assign(details, { mincpunumber: String(size.minCpu), maxcpunumber: String(size.maxCpu), minmemory: String(size.minMemory), maxmemory: String(size.maxMemory) });
    for (const [k, v] of Object.entries(a.externalDetails ?? {})) details[EXTERNAL + k] = v;
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('service_offerings').values({
        uuid, name, display_text: displayText, unique_name: null, cpu_number: size.cpuNumber, cpu_speed: size.cpuSpeed, memory: size.memory,
        customized: size.customized ? 1 : 0, min_cpu: size.minCpu, max_cpu: size.maxCpu, min_memory: size.minMemory, max_memory: size.maxMemory,
        offer_ha: offerHa ? 1 : 0, limit_cpu_use: flag(a.limitCpuUse, false), is_volatile: flag(a.isVolatile, false), host_tags: hostTags,
        storage_tags: storageTags, storage_type: storageType, provisioning_type: provisioningType, cache_mode: cacheMode, is_system: isSystem ? 1 : 0,
        system_vm_type: systemVmType, default_use: 0, network_rate: a.networkRate ?? null, deployment_planner: a.deploymentPlanner ?? null,
        root_disk_size: a.rootDiskSize ?? null, dynamic_scaling_enabled: flag(a.dynamicScalingEnabled, true), disk_offering_id: diskOfferingId,
        disk_offering_strictness: flag(a.diskOfferingStrictness, false),
        customized_iops: isSystem ? 0 : a.customizedIops === undefined ? null : a.customizedIops ? 1 : 0,
        min_iops: iops.min, max_iops: iops.max, io_limits: JSON.stringify(ioLimits), hypervisor_snapshot_reserve: a.hypervisorSnapshotReserve ?? null,
        encrypt_root: flag(a.encryptRoot, false), purge_resources: flag(a.purgeResources, false), details: JSON.stringify(details), sort_key: 0,
        state: 'Active', created: new Date().toISOString(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      await writeScope(tx, TYPE, row.id, domains, zones);
      return row.id;
    });
    await this.events.record(caller, { type: 'SERVICE.OFFERING.CREATE', description: `Creating service offering. Name: ${name}, ID: ${uuid}`, resourceType: TYPE, resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  /** The offering row, or a 431 as CloudStack words it. */
  private async find(idOrUuid: string): Promise<{ id: number; uuid: string; name: string; default_use: number; details: string }> {
    const id = await resolveId(this.db, 'service_offerings', idOrUuid);
    const row = id === undefined ? undefined
      : await this.db.selectFrom('service_offerings').select(['id', 'uuid', 'name', 'default_use', 'details']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!row) throw invalidParam(`unable to find service offering ${idOrUuid}`);
    return row;
  }

  async update(caller: Caller, idOrUuid: string, a: UpdateServiceOffering): Promise<ServiceOfferingView> {
    const o = await this.find(idOrUuid);
    if (a.name !== undefined && !a.name.trim()) throw invalidParam('The name of a service offering must not be empty');
    const state = a.state === undefined ? undefined : parseOfferingState(a.state);
    const { domains: newDomains, zones } = await resolveScopeUpdate(this.db, caller, TYPE, 'service offering', o.id, {
      domainIds: a.domainIds, zoneIds: a.zoneIds, renames: a.name !== undefined || a.displayText !== undefined || a.sortKey !== undefined,
      tagged: a.hostTags !== undefined || a.storageTags !== undefined,
    });
    const details = JSON.parse(o.details) as Record<string, string>;
    if (a.cleanupExternalDetails || a.externalDetails) {
      for (const k of Object.keys(details)) if (k.startsWith(EXTERNAL)) delete details[k];
      if (!a.cleanupExternalDetails) for (const [k, v] of Object.entries(a.externalDetails ?? {})) details[EXTERNAL + k] = v;
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('service_offerings').set({
        ...(a.name !== undefined ? { name: a.name.trim() } : {}),
        ...(a.displayText !== undefined ? { display_text: a.displayText } : {}),
        ...(a.sortKey !== undefined ? { sort_key: a.sortKey } : {}),
        ...(a.hostTags !== undefined ? { host_tags: cleanupTags(a.hostTags) } : {}),
        ...(a.storageTags !== undefined ? { storage_tags: cleanupTags(a.storageTags) } : {}),
        ...(state !== undefined ? { state } : {}),
        ...(a.purgeResources !== undefined ? { purge_resources: a.purgeResources ? 1 : 0 } : {}),
        details: JSON.stringify(details),
      }).where('id', '=', o.id).execute();
      await writeScope(tx, TYPE, o.id, newDomains, zones);
    });
    await this.events.record(caller, { type: 'SERVICE.OFFERING.EDIT', description: `Updating service offering. ID: ${o.uuid}`, resourceType: TYPE, resourceId: o.uuid, resourceName: a.name ?? o.name });
    return this.view(o.id);
  }

  /** CloudStack never drops the row: the offering turns Inactive and stays referenced by its VMs. */
  async remove(caller: Caller, idOrUuid: string): Promise<void> {
    const o = await this.find(idOrUuid);
    if (o.default_use === 1) throw invalidParam(`The system service offering [${o.name}] is marked for default use and cannot be deleted`);
    checkDeleteScope(caller, 'service offering', await scopeOf(this.db, TYPE, o.id));
    await this.db.updateTable('service_offerings').set({ state: 'Inactive' }).where('id', '=', o.id).execute();
    await this.events.record(caller, { type: 'SERVICE.OFFERING.DELETE', description: `Deleting service offering. ID: ${o.uuid}`, resourceType: TYPE, resourceId: o.uuid, resourceName: o.name });
  }

  async list(caller: Caller, f: ServiceOfferingFilter, page: Page): Promise<{ count: number; items: ServiceOfferingView[] }> {
    const isSystem = f.isSystem ?? false;
    if (isSystem && !isRootAdmin(caller)) throw invalidParam('Only ROOT admins can access system\'s offering');
    let q = this.db.selectFrom('service_offerings as so').where('so.removed', 'is', null).where('so.is_system', '=', isSystem ? 1 : 0);
    const visible = await visibleDomainIds(this.db, caller, f.isRecursive === true);
    if (visible) q = q.where(publicOrIn(TYPE, 'so.id', visible));
    if (f.domainId !== undefined) q = q.where(limitedTo(TYPE, 'so.id', await domainFilterIds(this.db, caller, f.domainId, f.isRecursive === true)));
    if (f.zoneId !== undefined) q = q.where(inZone(TYPE, 'so.id', await zoneFilterId(this.db, f.zoneId)));
    if (f.id !== undefined) q = q.where('so.id', '=', (await resolveId(this.db, 'service_offerings', f.id)) ?? -1);
    if (f.name !== undefined) q = q.where('so.name', '=', f.name);
    if (f.keyword !== undefined) q = q.where(keywordMatch('so', f.keyword));
    if (f.systemVmType !== undefined) q = q.where('so.system_vm_type', '=', f.systemVmType.toLowerCase());
    if (f.encryptRoot !== undefined) q = q.where('so.encrypt_root', '=', f.encryptRoot ? 1 : 0);
    if (f.storageType !== undefined) q = q.where('so.storage_type', '=', parseStorageType(f.storageType));
    if (f.gpuEnabled === true) q = q.where('so.id', '=', -1); // no GPU offerings exist here
    const state = f.state?.toLowerCase() === 'all' ? undefined : parseOfferingState(f.state ?? 'Active');
    if (state) q = q.where('so.state', '=', state);
    // "Offerings that must support N": fixed ones of exactly N, custom ones whose bounds admit N (or that have none).
    const supports = (fixed: 'so.cpu_number' | 'so.memory', min: 'so.min_cpu' | 'so.min_memory', max: 'so.max_cpu' | 'so.max_memory', n: number) =>
      q.where((eb) => eb.or([
        eb(fixed, '=', n),
        eb.and([eb(fixed, 'is', null), eb(min, 'is', null)]),
        eb.and([eb(fixed, 'is', null), eb(min, '<=', n), eb(max, '>=', n)]),
      ]));
    if (f.cpuNumber !== undefined) q = supports('so.cpu_number', 'so.min_cpu', 'so.max_cpu', f.cpuNumber);
    if (f.memory !== undefined) q = supports('so.memory', 'so.min_memory', 'so.max_memory', f.memory);
    if (f.cpuSpeed !== undefined) { const n = f.cpuSpeed; q = q.where((eb) => eb.or([eb('so.cpu_speed', 'is', null), eb('so.cpu_speed', '=', n)])); }
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = await q.select('so.id').orderBy('so.sort_key').orderBy('so.id').limit(page.limit).offset(page.offset).execute();
    const scopes = await scopesOf(this.db, TYPE, ids.map((r) => r.id));
    const items: ServiceOfferingView[] = [];
    for (const r of ids) items.push(await this.view(r.id, scopes.get(r.id)));
    return { count: Number(count), items };
  }

  async view(id: number, scope?: OfferingScope): Promise<ServiceOfferingView> {
    const o = await this.db.selectFrom('service_offerings as so').leftJoin('disk_offerings as d', 'd.id', 'so.disk_offering_id')
      .selectAll('so').select(['d.uuid as diskUuid', 'd.name as diskName', 'd.display_text as diskDisplayText'])
      .where('so.id', '=', id).executeTakeFirstOrThrow();
    return {
      id: o.id, uuid: o.uuid, name: o.name, displayText: o.display_text, cpuNumber: o.cpu_number, cpuSpeed: o.cpu_speed, memory: o.memory,
      customized: bool(o.customized), offerHa: bool(o.offer_ha), limitCpuUse: bool(o.limit_cpu_use), isVolatile: bool(o.is_volatile),
      hostTags: o.host_tags, storageTags: o.storage_tags, storageType: o.storage_type, provisioningType: o.provisioning_type, cacheMode: o.cache_mode,
      isSystem: bool(o.is_system), systemVmType: o.system_vm_type, defaultUse: bool(o.default_use), networkRate: o.network_rate,
      deploymentPlanner: o.deployment_planner, rootDiskSize: o.root_disk_size, dynamicScalingEnabled: bool(o.dynamic_scaling_enabled),
      diskOffering: o.diskUuid ? { uuid: o.diskUuid, name: o.diskName ?? '', displayText: o.diskDisplayText ?? '' } : null,
      diskOfferingStrictness: bool(o.disk_offering_strictness), customizedIops: o.customized_iops === null ? null : bool(o.customized_iops),
      minIops: o.min_iops, maxIops: o.max_iops, ioLimits: JSON.parse(o.io_limits) as IoLimits, hypervisorSnapshotReserve: o.hypervisor_snapshot_reserve,
      encryptRoot: bool(o.encrypt_root), purgeResources: bool(o.purge_resources), details: JSON.parse(o.details) as Record<string, string>,
      state: o.state, created: o.created, scope: scope ?? (await scopeOf(this.db, TYPE, id)),
    };
  }
}
