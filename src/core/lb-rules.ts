// Load-balancing rule logic, pure: algorithms, LB protocols, and CloudStack's HAProxy
// stickiness methods with their parameters (VirtualRouterElement's stickiness capability) and
// health-check policy bounds and defaults.
import { invalidParam } from './errors.js';

export const LB_ALGORITHMS = ['roundrobin', 'leastconn', 'source'] as const;
export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

/** CloudStack compares algorithm names ignoring case; they are kept lowercase. */
export function parseAlgorithm(s: string): LbAlgorithm {
  const v = s.trim().toLowerCase();
  const a = LB_ALGORITHMS.find((x) => x === v);
  if (!a) throw invalidParam(`Invalid algorithm: ${s}. Supported algorithms are ${LB_ALGORITHMS.join(', ')}`);
  return a;
}

export const LB_PROTOCOLS = ['tcp', 'udp', 'tcp-proxy'] as const;
export type LbProtocol = (typeof LB_PROTOCOLS)[number];

export function parseLbProtocol(s: string | undefined): LbProtocol {
  if (s === undefined || s.trim() === '') return 'tcp';
  const v = s.trim().toLowerCase();
  if (v === 'ssl') throw invalidParam('The ssl protocol needs a certificate (assignCertToLoadBalancer), which Nubo does not offer: use tcp, udp or tcp-proxy');
  const p = LB_PROTOCOLS.find((x) => x === v);
  if (!p) throw invalidParam(`Invalid protocol ${s} for a load balancer rule: supported protocols are ${LB_PROTOCOLS.join(', ')}`);
  return p;
}

export type StickinessMethod = 'LbCookie' | 'AppCookie' | 'SourceBased';

interface ParamSpec {
  /** A flag takes no value of its own (CloudStack sends true). */
  readonly flag?: boolean;
  readonly check?: (v: string) => boolean;
  readonly hint?: string;
}

const TIME = /^\d+[smhd]?$/;
const SIZE = /^\d+[kmg]?$/;

/** CloudStack's three HAProxy stickiness methods and the parameters each accepts. */
const METHODS: Record<StickinessMethod, Record<string, ParamSpec>> = {
  LbCookie: {
    'cookie-name': {},
    mode: { check: (v) => ['insert', 'rewrite', 'prefix'].includes(v), hint: 'insert, rewrite or prefix' },
    nocache: { flag: true },
    indirect: { flag: true },
    postonly: { flag: true },
    domain: {},
  },
  AppCookie: {
    'cookie-name': {},
    length: { check: (v) => /^\d+$/.test(v) && Number(v) > 0, hint: 'a positive integer' },
    holdtime: { check: (v) => TIME.test(v), hint: 'a time such as 3h, 30m, 20s or 4d' },
    'request-learn': { flag: true },
    prefix: { flag: true },
    mode: { check: (v) => ['path-parameters', 'query-string'].includes(v), hint: 'path-parameters or query-string' },
  },
  SourceBased: {
    tablesize: { check: (v) => SIZE.test(v), hint: 'a size such as 200k, 300m or 400g' },
    expire: { check: (v) => TIME.test(v), hint: 'a time such as 3h, 30m, 20s or 4d' },
  },
};

export function parseStickinessMethod(s: string): StickinessMethod {
  const m = (Object.keys(METHODS) as StickinessMethod[]).find((x) => x.toLowerCase() === s.trim().toLowerCase());
  if (!m) throw invalidParam(`Invalid stickiness method name ${s}: supported methods are ${Object.keys(METHODS).join(', ')}`);
  return m;
}

/**
 * The method's parameters from CloudStack's `param[i].name/value` map entries: names are the
 * method's own (case-insensitive), flags default to true, values are checked.
 */
export function stickinessParams(method: StickinessMethod, entries: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const specs = METHODS[method];
  const out: Record<string, string> = {};
  for (const e of entries) {
    const lower = Object.fromEntries(Object.entries(e).map(([k, v]) => [k.toLowerCase(), v]));
    const name = lower.name?.trim().toLowerCase();
    if (!name) throw invalidParam('Each stickiness policy parameter needs a name (param[i].name)');
    const spec = specs[name];
    if (!spec) throw invalidParam(`Failed to create Stickiness policy: parameter ${name} is not supported by method ${method} (supported: ${Object.keys(specs).join(', ')})`);
    const value = (lower.value ?? '').trim();
    if (spec.flag) {
      if (value !== '' && !/^(true|false)$/i.test(value)) throw invalidParam(`Stickiness policy parameter ${name} is a flag: its value must be true or false`);
      if (value.toLowerCase() !== 'false') out[name] = 'true';
      continue;
    }
    if (value === '') throw invalidParam(`Stickiness policy parameter ${name} needs a value`);
    if (spec.check && !spec.check(value)) throw invalidParam(`Failed LB in validation: stickiness policy parameter ${name}=${value} must be ${spec.hint}`);
    out[name] = value;
  }
  return out;
}

export interface HealthCheckInput {
  readonly pingPath?: string;
  readonly responseTimeout?: number;
  readonly interval?: number;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
}

export interface HealthCheck {
  readonly pingPath: string;
  readonly responseTimeout: number;
  readonly interval: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

function bounded(v: number | undefined, fallback: number, lo: number, hi: number, what: string): number {
  // CloudStack treats 0 (the unset int) as "use the default".
  if (v === undefined || v === 0) return fallback;
  if (!Number.isInteger(v) || v < lo || v > hi) throw invalidParam(`Invalid ${what} ${v}: it must be between ${lo} and ${hi}`);
  return v;
}

/** CloudStack's defaults (LBHealthCheckPolicyVO) and documented bounds; the interval must exceed the timeout. */
export function healthCheck(a: HealthCheckInput): HealthCheck {
  const pingPath = a.pingPath?.trim() || '/';
  if (!pingPath.startsWith('/') || /\s/.test(pingPath)) throw invalidParam(`Invalid pingpath ${pingPath}: it must be an absolute HTTP path`);
  const responseTimeout = bounded(a.responseTimeout, 2, 2, 60, 'responsetimeout');
  const interval = bounded(a.interval, 5, 1, 20940, 'intervaltime');
  if (interval <= responseTimeout) throw invalidParam('Interval time should be greater than the response time out');
  return {
    pingPath, responseTimeout, interval,
    healthyThreshold: bounded(a.healthyThreshold, 2, 1, 10, 'healthythreshold'),
    unhealthyThreshold: bounded(a.unhealthyThreshold, 1, 1, 10, 'unhealthythreshold'),
  };
}
