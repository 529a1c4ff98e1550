// Input rules shared by compute and disk offerings (ConfigurationManagerImpl in CloudStack):
// storage/provisioning/cache types, IOPS, I/O rate limits, tags and compute sizing. Pure.
import { invalidParam } from './errors.js';

export type StorageType = 'shared' | 'local';
export type ProvisioningType = 'thin' | 'sparse' | 'fat';
export type CacheMode = 'none' | 'writeback' | 'writethrough' | 'hypervisor_default';

/** ServiceOffering.State / DiskOffering.State, as updates and the list filter spell them. */
export function parseOfferingState(v: string): 'Active' | 'Inactive' {
  const s = v.toLowerCase() === 'active' ? 'Active' : v.toLowerCase() === 'inactive' ? 'Inactive' : undefined;
  if (!s) throw invalidParam(`Invalid state value: ${v}. Valid values are Active and Inactive`);
  return s;
}

export function parseStorageType(v: string | undefined): StorageType {
  if (v === undefined) return 'shared';
  const t = v.toLowerCase();
  if (t !== 'shared' && t !== 'local') throw invalidParam(`Invalid storage type ${v} specified, valid types are: 'local' and 'shared'`);
  return t;
}

export function parseProvisioningType(v: string | undefined): ProvisioningType {
  if (v === undefined) return 'thin';
  const t = v.toLowerCase();
  if (t !== 'thin' && t !== 'sparse' && t !== 'fat') throw invalidParam(`Invalid provisioning type specified: ${v}. Valid values are thin, sparse, fat`);
  return t;
}

export function parseCacheMode(v: string | undefined): CacheMode {
  if (v === undefined) return 'none';
  const t = v.toLowerCase();
  if (t !== 'none' && t !== 'writeback' && t !== 'writethrough' && t !== 'hypervisor_default') {
    throw invalidParam(`Invalid cache mode (${v}). Please specify one of the following valid cache mode parameters: none, writeback, writethrough, hypervisor_default`);
  }
  return t;
}

/** com.cloud.utils.StringUtils.cleanupTags: trimmed, comma-joined; empty means none. */
export function cleanupTags(tags: string | undefined): string | null {
  if (tags === undefined) return null;
  const t = tags.split(',').map((s) => s.trim()).filter((s) => s.length);
  return t.length ? t.join(',') : null;
}

/** The twelve I/O limits: request parameter → response field. */
export const IO_LIMITS = [
  ['bytesreadrate', 'diskBytesReadRate'], ['bytesreadratemax', 'diskBytesReadRateMax'], ['bytesreadratemaxlength', 'diskBytesReadRateMaxLength'],
  ['byteswriterate', 'diskBytesWriteRate'], ['byteswriteratemax', 'diskBytesWriteRateMax'], ['byteswriteratemaxlength', 'diskBytesWriteRateMaxLength'],
  ['iopsreadrate', 'diskIopsReadRate'], ['iopsreadratemax', 'diskIopsReadRateMax'], ['iopsreadratemaxlength', 'diskIopsReadRateMaxLength'],
  ['iopswriterate', 'diskIopsWriteRate'], ['iopswriteratemax', 'diskIopsWriteRateMax'], ['iopswriteratemaxlength', 'diskIopsWriteRateMaxLength'],
] as const;
export type IoLimitParam = (typeof IO_LIMITS)[number][0];
export type IoLimits = Partial<Record<IoLimitParam, number>>;

/** Negative limits are refused, a burst below its rate too; zero means "no limit" and is dropped, as CloudStack does. */
export function validateIoLimits(given: IoLimits): IoLimits {
  const out: IoLimits = {};
  for (const [param] of IO_LIMITS) {
    const v = given[param];
    if (v === undefined) continue;
    if (v < 0) throw invalidParam(`${param} must not be negative`);
    if (v > 0) out[param] = v;
  }
  for (const kind of ['bytesread', 'byteswrite', 'iopsread', 'iopswrite'] as const) {
    const rate = out[`${kind}rate`];
    const max = out[`${kind}ratemax`];
    if (rate !== undefined && max !== undefined && max < rate) {
      throw invalidParam(`${kind}ratemax (${max}) must be greater than or equal to ${kind}rate (${rate})`);
    }
  }
  return out;
}

/**
 * IOPS: customized (or unset) means the volume's IOPS are chosen later and min/max are not
 * kept; fixed IOPS need a positive minimum not above the maximum.
 */
export function validateIops(customizedIops: boolean | undefined, minIops: number | undefined, maxIops: number | undefined): { min: number | null; max: number | null } {
  if (customizedIops !== false) return { min: null, max: null };
  if (minIops === undefined && maxIops === undefined) return { min: 0, max: 0 };
  if (minIops === undefined || minIops <= 0) throw invalidParam('The min IOPS must be greater than 0.');
  const max = maxIops ?? 0;
  if (minIops > max) throw invalidParam('The min IOPS must be less than or equal to the max IOPS.');
  return { min: minIops, max };
}

export interface ComputeSizeInput {
  readonly name: string;
  readonly customized?: boolean;
  readonly cpuNumber?: number;
  readonly cpuSpeed?: number;
  readonly memory?: number;
  readonly minCpu?: number;
  readonly maxCpu?: number;
  readonly minMemory?: number;
  readonly maxMemory?: number;
}

export interface ComputeSize {
  readonly customized: boolean;
  readonly cpuNumber: number | null;
  readonly cpuSpeed: number | null;
  readonly memory: number | null;
  readonly minCpu: number | null;
  readonly maxCpu: number | null;
  readonly minMemory: number | null;
  readonly maxMemory: number | null;
}

const INT_MAX = 2147483647;

/**
 * CloudStack 4.22's sizing rules: a fixed offering names cpu number, speed and memory; a
 * custom one names none of cpu/memory and either no bounds at all (unconstrained) or all of
 * min/max cpu, min/max memory and the cpu speed (constrained). Bounds must be ordered.
 */
export function validateComputeSize(a: ComputeSizeInput): ComputeSize {
  const fail = (why: string) => invalidParam(`Failed to create service offering ${a.name}: ${why}`);
  const customized = a.customized ?? (a.cpuNumber === undefined || a.memory === undefined);
  if (customized) {
    if (a.cpuNumber !== undefined || a.memory !== undefined) throw invalidParam('For creating a custom compute offering cpu and memory all should be null');
    const bounds = [a.minCpu, a.maxCpu, a.minMemory, a.maxMemory, a.cpuSpeed];
    if (bounds.every((b) => b === undefined)) {
      return { customized, cpuNumber: null, cpuSpeed: null, memory: null, minCpu: null, maxCpu: null, minMemory: null, maxMemory: null };
    }
    if (bounds.some((b) => b === undefined)) {
      throw invalidParam('For creating a custom compute offering min/max cpu and min/max memory/cpu speed should all be null or all specified');
    }
    const [minCpu, maxCpu, minMemory, maxMemory, cpuSpeed] = bounds as number[];
    if (cpuSpeed! < 0) throw fail(`specify the cpu speed value between 0 and ${INT_MAX}`);
    if (minCpu! <= 0 || maxCpu! <= 0) throw fail(`specify the minimum or maximum cpu number value between 1 and ${INT_MAX}`);
    if (minMemory! < 32 || maxMemory! < 32) throw fail(`specify the memory value between 32 and ${INT_MAX} MB`);
    if (minCpu! > maxCpu!) throw fail(`the minimum cpu number (${minCpu}) must not be greater than the maximum (${maxCpu})`);
    if (minMemory! > maxMemory!) throw fail(`the minimum memory (${minMemory} MB) must not be greater than the maximum (${maxMemory} MB)`);
    return { customized, cpuNumber: null, cpuSpeed: cpuSpeed!, memory: null, minCpu: minCpu!, maxCpu: maxCpu!, minMemory: minMemory!, maxMemory: maxMemory! };
  }
  if (a.cpuNumber === undefined || a.memory === undefined) throw fail('a fixed offering needs cpunumber, cpuspeed and memory');
  if (a.cpuNumber <= 0) throw fail(`specify the cpu number value between 1 and ${INT_MAX}`);
  if (a.cpuSpeed === undefined || a.cpuSpeed < 0) throw fail(`specify the cpu speed value between 0 and ${INT_MAX}`);
  if (a.memory < 32) throw fail(`specify the memory value between 32 and ${INT_MAX} MB`);
  if ([a.minCpu, a.maxCpu, a.minMemory, a.maxMemory].some((b) => b !== undefined)) {
    throw fail('min/max cpu and memory apply to custom offerings only (customized=true)');
  }
  return { customized, cpuNumber: a.cpuNumber, cpuSpeed: a.cpuSpeed, memory: a.memory, minCpu: null, maxCpu: null, minMemory: null, maxMemory: null };
}
