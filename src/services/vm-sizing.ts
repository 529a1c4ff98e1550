// What a VM gets from its offerings: vCPUs, speed and memory (custom offerings take them from
// `details`), whether the owner may use the offering in the zone, and disk sizes in bytes.
import { invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import type { SettingsService } from './settings.js';

const GiB = 1024 ** 3;

export interface ComputeSize {
  readonly offeringId: number;
  readonly offeringUuid: string;
  readonly cpuNumber: number;
  readonly cpuSpeed: number;
  readonly memoryMb: number;
  readonly hostTags: string | null;
  readonly storageTags: string | null;
  readonly rootDiskSizeGb: number | null;
  readonly dynamicScaling: boolean;
  readonly offerHa: boolean;
}

/** Reads a detail whatever its letter case (clients send cpuNumber, cpunumber, CPUNUMBER). */
export function detail(details: Readonly<Record<string, string>>, name: string): string | undefined {
  const k = Object.keys(details).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : details[k];
}

function positiveInt(details: Readonly<Record<string, string>>, name: string): number | undefined {
  const v = detail(details, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v.trim()) || Number(v) < 1) throw invalidParam(`Invalid value ${v} for ${name}: a positive whole number is expected`);
  return Number(v);
}

/** Is an offering (service or disk) usable by an owner in a zone: public or for one of its ancestor domains, in that zone. */
async function checkOfferingScope(db: Db, type: 'ServiceOffering' | 'DiskOffering', offeringId: number, owner: { domainPath: string }, zoneId: number | undefined, what: string): Promise<void> {
  const domains = await db.selectFrom('offering_domains as od').innerJoin('domains as d', 'd.id', 'od.domain_id').select('d.path')
    .where('od.offering_type', '=', type).where('od.offering_id', '=', offeringId).execute();
  if (domains.length && !domains.some((d) => owner.domainPath.startsWith(d.path))) throw permissionDenied(`The ${what} is not available to the VM's domain`);
  if (zoneId === undefined) return;
  const zones = await db.selectFrom('offering_zones').select('zone_id').where('offering_type', '=', type).where('offering_id', '=', offeringId).execute();
  if (zones.length && !zones.some((z) => z.zone_id === zoneId)) throw invalidParam(`The ${what} is not available in the zone of the VM`);
}

/** The compute size a VM gets from a service offering (+ details for custom offerings). */
export async function computeSize(
  db: Db, ref: string, owner: { domainPath: string }, zoneId: number | undefined, details: Readonly<Record<string, string>>,
): Promise<ComputeSize> {
  const id = await resolveId(db, 'service_offerings', ref);
  const o = id === undefined ? undefined : await db.selectFrom('service_offerings').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!o || o.is_system === 1) throw invalidParam(`Unable to find service offering: ${ref}`);
  if (o.state !== 'Active') throw invalidParam(`Service offering ${o.name} is not active`);
  await checkOfferingScope(db, 'ServiceOffering', o.id, owner, zoneId, `service offering ${o.name}`);
  const cpuNumber = o.cpu_number ?? positiveInt(details, 'cpuNumber');
  const cpuSpeed = o.cpu_speed ?? positiveInt(details, 'cpuSpeed');
  const memory = o.memory ?? positiveInt(details, 'memory');
  if (cpuNumber === undefined || cpuSpeed === undefined || memory === undefined) {
    throw invalidParam(`Service offering ${o.name} is customized: details[0].cpuNumber, details[0].cpuSpeed and details[0].memory are required`);
  }
  if (o.cpu_number === null && ((o.min_cpu !== null && cpuNumber < o.min_cpu) || (o.max_cpu !== null && cpuNumber > o.max_cpu))) {
    throw invalidParam(`Invalid cpu cores value, specify a value between ${o.min_cpu ?? 1} and ${o.max_cpu ?? cpuNumber}`);
  }
  if (o.memory === null && ((o.min_memory !== null && memory < o.min_memory) || (o.max_memory !== null && memory > o.max_memory))) {
    throw invalidParam(`Invalid memory value, specify a value between ${o.min_memory ?? 1} and ${o.max_memory ?? memory}`);
  }
  return {
    offeringId: o.id, offeringUuid: o.uuid, cpuNumber, cpuSpeed, memoryMb: memory, hostTags: o.host_tags, storageTags: o.storage_tags,
    rootDiskSizeGb: o.root_disk_size, dynamicScaling: o.dynamic_scaling_enabled === 1, offerHa: o.offer_ha === 1,
  };
}

export interface DataDisk {
  readonly offeringId: number;
  readonly sizeBytes: number;
  readonly provisioningType: string;
  readonly minIops: number | null;
  readonly maxIops: number | null;
}

/** The data disk of a deploy (diskofferingid, + size in GB for a custom offering). */
export async function dataDisk(db: Db, settings: SettingsService, ref: string, sizeGb: number | undefined, owner: { domainPath: string }, zoneId: number): Promise<DataDisk> {
  const id = await resolveId(db, 'disk_offerings', ref);
  const o = id === undefined ? undefined : await db.selectFrom('disk_offerings').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!o) throw invalidParam(`Unable to find disk offering ${ref}`);
  if (o.state !== 'Active') throw invalidParam(`Disk offering ${o.name} is not active`);
  await checkOfferingScope(db, 'DiskOffering', o.id, owner, zoneId, `disk offering ${o.name}`);
  let bytes = Number(o.disk_size);
  if (o.customized === 1) {
    if (sizeGb === undefined) throw invalidParam(`Disk offering ${o.name} is customized: the size (in GB) is required`);
    const min = await settings.getNumber('custom.diskoffering.size.min');
    const max = await settings.getNumber('custom.diskoffering.size.max');
    if (sizeGb < min || sizeGb > max) throw invalidParam(`Invalid disk size ${sizeGb} GB: it must be between ${min} and ${max}`);
    bytes = sizeGb * GiB;
  }
  if (bytes <= 0) throw invalidParam(`Disk offering ${o.name} has no size`);
  return { offeringId: o.id, sizeBytes: bytes, provisioningType: o.provisioning_type, minIops: o.min_iops, maxIops: o.max_iops };
}

/** The root disk's size: the template's, or more when rootdisksize (GB) asks (never less). */
export function rootDiskBytes(templateBytes: number, rootDiskSizeGb: number | undefined): number {
  if (rootDiskSizeGb === undefined) return templateBytes;
  const want = rootDiskSizeGb * GiB;
  if (rootDiskSizeGb < 1 || want < templateBytes) {
    throw invalidParam(`Root disk size ${rootDiskSizeGb} GB is smaller than the template size ${Math.ceil(templateBytes / GiB)} GB`);
  }
  return want;
}

/** CloudStack's VM host name rule (NetUtils.verifyDomainNameLabel with hostname checks). */
export function checkVmName(name: string): void {
  if (!/^[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(name)) {
    throw invalidParam(`Invalid name ${name}. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'), must be between 1 and 63 characters long, and can't start or end with "-" and can't start with digit`);
  }
}
