// Request pieces shared by the offering commands: map parameters and the I/O limits.
import { invalidParam } from '../../../../core/errors.js';
import { IO_LIMITS, type IoLimits } from '../../../../core/offering-rules.js';
import type { Args, MapEntry } from '../args.js';

const field = (e: MapEntry, name: string): string | undefined => Object.entries(e).find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * A details map as CloudStack reads it: `details[0].key=k&details[0].value=v` pairs, or
 * `details[0].k=v` entries; all groups are merged.
 */
export function detailsMap(args: Args, name: string): Record<string, string> | undefined {
  const groups = args.map(name);
  if (!groups) return undefined;
  const out: Record<string, string> = {};
  for (const g of groups) {
    const key = field(g, 'key');
    const value = field(g, 'value');
    if (key && value !== undefined) out[key] = value;
    else Object.assign(out, g);
  }
  return out;
}

/** `serviceproviderlist[0].service=Dhcp&serviceproviderlist[0].provider=VirtualRouter`. */
export function serviceProviders(args: Args): { service: string; provider: string }[] {
  return (args.map('serviceproviderlist') ?? []).map((g) => {
    const service = field(g, 'service');
    const provider = field(g, 'provider');
    if (!service || !provider) throw invalidParam('Each serviceproviderlist entry needs a service and a provider');
    return { service, provider };
  });
}

/** `servicecapabilitylist[0].service=Lb&…capabilitytype=SupportedLBIsolation&…capabilityvalue=dedicated`. */
export function serviceCapabilities(args: Args): { service: string; capability: string; value: string }[] {
  return (args.map('servicecapabilitylist') ?? []).map((g) => {
    const service = field(g, 'service');
    const capability = field(g, 'capabilitytype');
    const value = field(g, 'capabilityvalue');
    if (!service || !capability || value === undefined) throw invalidParam(`Invalid capability:${capability ?? ''} capability value:${value ?? ''}`);
    return { service, capability, value };
  });
}

export function ioLimits(args: Args): IoLimits {
  const out: IoLimits = {};
  for (const [param] of IO_LIMITS) {
    const v = args.number(param);
    if (v !== undefined) out[param] = v;
  }
  return out;
}
