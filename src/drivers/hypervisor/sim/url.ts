// The simulator's host URLs: `http://sim/<path>` (CloudStack's Marvin style) or
// `sim://<name>`, with optional query `cpunumber`, `cpuspeed` (MHz), `memory` (bytes)
// and `cpusockets` describing the imaginary machine.
import { invalidParam } from '../../../core/errors.js';

export const SIM_DEFAULTS = { cpuSockets: 1, cpuCores: 16, cpuSpeedMhz: 2000, memoryBytes: 64 * 1024 ** 3 } as const;

export interface SimHostSpec {
  /** The URL without its query, lower-cased scheme and host: the host's identity. */
  readonly key: string;
  readonly name: string;
  readonly cpuSockets: number;
  readonly cpuCores: number;
  readonly cpuSpeedMhz: number;
  readonly memoryBytes: number;
}

function positive(q: URLSearchParams, name: string, fallback: number, max: number): number {
  const v = q.get(name);
  if (v === null) return fallback;
  if (!/^\d{1,16}$/.test(v) || Number(v) < 1 || Number(v) > max) throw invalidParam(`Invalid simulator host URL: ${name}=${v} must be a whole number between 1 and ${max}`);
  return Number(v);
}

export function parseSimUrl(url: string): SimHostSpec {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw invalidParam(`Invalid simulator host URL ${url}: expected http://sim/<path> or sim://<name>`);
  }
  const scheme = u.protocol.toLowerCase();
  let segments: string[];
  if (scheme === 'sim:') {
    segments = [u.hostname, ...u.pathname.split('/')].filter(Boolean);
  } else if ((scheme === 'http:' || scheme === 'https:') && u.hostname.toLowerCase() === 'sim') {
    segments = u.pathname.split('/').filter(Boolean);
  } else {
    throw invalidParam(`Invalid simulator host URL ${url}: expected http://sim/<path> or sim://<name>`);
  }
  if (segments.length === 0) throw invalidParam(`Invalid simulator host URL ${url}: it must name the host, e.g. http://sim/c0/h0`);
  if (segments.some((s) => !/^[A-Za-z0-9._-]+$/.test(decodeURIComponent(s)))) {
    throw invalidParam(`Invalid simulator host URL ${url}: path segments may hold letters, digits, dot, dash and underscore only`);
  }
  const q = u.searchParams;
  const cpuCores = positive(q, 'cpunumber', SIM_DEFAULTS.cpuCores, 4096);
  return {
    key: `${scheme}//${u.hostname.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`,
    name: `SimulatedAgent.${segments.map(decodeURIComponent).join('-')}`,
    cpuSockets: Math.min(positive(q, 'cpusockets', SIM_DEFAULTS.cpuSockets, 64), cpuCores),
    cpuCores,
    cpuSpeedMhz: positive(q, 'cpuspeed', SIM_DEFAULTS.cpuSpeedMhz, 100_000),
    memoryBytes: positive(q, 'memory', SIM_DEFAULTS.memoryBytes, 2 ** 50),
  };
}
