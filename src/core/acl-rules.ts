// Network ACL and security group rule logic, pure: protocols (names or IP protocol numbers),
// ports and ICMP fields, actions and traffic types, and the order an ACL list is evaluated in.
import { invalidParam } from './errors.js';
import { icmpField, parseCidrList } from './network-rules.js';

/** tcp, udp, icmp, all, or an IP protocol number 0..255 (kept as text). */
export function parseIpProtocol(s: string): string {
  const v = s.trim().toLowerCase();
  if (['tcp', 'udp', 'icmp', 'all'].includes(v)) return v;
  if (/^\d{1,3}$/.test(v) && Number(v) <= 255) return String(Number(v));
  throw invalidParam(`Invalid protocol ${s}: use tcp, udp, icmp, all or an IP protocol number (0-255)`);
}

export interface RuleMatch {
  readonly protocol: string;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
}

/**
 * Ports belong to tcp/udp (0..65535, start not above end; none: every port), ICMP type and
 * code to icmp (-1 = any; a type of -1 takes a code of -1); other protocols take neither.
 */
export function ruleMatch(a: { protocol: string; startPort?: number; endPort?: number; icmpType?: number; icmpCode?: number }, portsRequired: boolean): RuleMatch {
  const protocol = parseIpProtocol(a.protocol);
  const hasPorts = a.startPort !== undefined || a.endPort !== undefined;
  const hasIcmp = a.icmpType !== undefined || a.icmpCode !== undefined;
  if (protocol === 'tcp' || protocol === 'udp') {
    if (hasIcmp) throw invalidParam('ICMP type and code apply to the icmp protocol only');
    if (!hasPorts) {
      if (portsRequired) throw invalidParam(`Invalid port range: start and end ports are required for protocol ${protocol}`);
      return { protocol, startPort: null, endPort: null, icmpType: null, icmpCode: null };
    }
    const start = a.startPort ?? a.endPort!;
    const end = a.endPort ?? start;
    for (const p of [start, end]) if (!Number.isInteger(p) || p < 0 || p > 65535) throw invalidParam(`Invalid port ${p}: ports run from 0 to 65535`);
    if (start > end) throw invalidParam(`Invalid port range ${start}-${end}: the start port must not be greater than the end port`);
    return { protocol, startPort: start, endPort: end, icmpType: null, icmpCode: null };
  }
  if (hasPorts) throw invalidParam(`Ports apply to tcp and udp only, not to protocol ${protocol}`);
  if (protocol === 'icmp') {
    const icmpType = icmpField(a.icmpType, 'type');
    const icmpCode = icmpField(a.icmpCode, 'code');
    if (icmpType === -1 && icmpCode !== -1) throw invalidParam('Invalid ICMP code: with ICMP type -1 (any) the code must be -1 too');
    return { protocol, startPort: null, endPort: null, icmpType, icmpCode };
  }
  if (hasIcmp) throw invalidParam('ICMP type and code apply to the icmp protocol only');
  return { protocol, startPort: null, endPort: null, icmpType: null, icmpCode: null };
}

export type AclAction = 'Allow' | 'Deny';
export type TrafficType = 'Ingress' | 'Egress';

export function parseAclAction(s: string | undefined): AclAction {
  if (s === undefined) return 'Allow';
  const v = s.trim().toLowerCase();
  if (v === 'allow') return 'Allow';
  if (v === 'deny') return 'Deny';
  throw invalidParam(`Invalid action ${s}: it must be Allow or Deny`);
}

export function parseTrafficType(s: string | undefined): TrafficType {
  if (s === undefined) return 'Ingress';
  const v = s.trim().toLowerCase();
  if (v === 'ingress') return 'Ingress';
  if (v === 'egress') return 'Egress';
  throw invalidParam(`Invalid traffic type ${s}: it must be Ingress or Egress`);
}

/** ACL rule numbers are positive; CloudStack's UI steps them, any free number works. */
export function aclNumber(n: number | undefined): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1 || n > 2147483647) throw invalidParam(`Invalid rule number ${n}: it must be a positive integer`);
  return n;
}

export const aclCidrs = (list: readonly string[] | undefined): string[] => parseCidrList(list, ['0.0.0.0/0']);

/** Evaluation order of an ACL list: by number, lowest first (the first matching rule decides). */
export function byNumber<T extends { readonly number: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.number - b.number);
}
