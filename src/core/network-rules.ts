// Firewall, egress and port-forwarding rule logic, pure: protocol and port validation, CIDR
// lists, and CloudStack's conflict detection between rules on one public IP
// (FirewallManagerImpl.detectRulesConflict).
import { invalidParam } from './errors.js';
import { isIpv4 } from './ipv4.js';

export type RuleProtocol = 'tcp' | 'udp' | 'icmp' | 'all';
export type RulePurpose = 'Firewall' | 'PortForwarding' | 'StaticNat' | 'LoadBalancing';

/** Protocols are accepted in any case (libcloud sends TCP) and kept lowercase (Ansible compares). */
export function parseProtocol(s: string, allowed: readonly RuleProtocol[]): RuleProtocol {
  const v = s.trim().toLowerCase();
  const p = allowed.find((x) => x === v);
  if (!p) throw invalidParam(`Invalid protocol ${s}: supported protocols are ${allowed.join(', ')}`);
  return p;
}

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

/** A port range, end defaulting to start; each end 1..65535, start not above end. */
export function portRange(start: number, end: number | undefined, what: string): PortRange {
  const e = end ?? start;
  for (const p of [start, e]) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw invalidParam(`Invalid ${what} port ${p}: ports run from 1 to 65535`);
  }
  if (start > e) throw invalidParam(`Invalid ${what} port range ${start}-${e}: the start port must not be greater than the end port`);
  return { start, end: e };
}

export const rangesOverlap = (a: PortRange, b: PortRange): boolean => a.start <= b.end && b.start <= a.end;

/** Parses a CIDR list (already split by the edge or comma-separated); empty means the default. */
export function parseCidrList(items: readonly string[] | string | undefined, fallback: readonly string[]): string[] {
  const list = items === undefined ? [] : typeof items === 'string' ? items.split(',') : items;
  const out: string[] = [];
  for (const raw of list.map((x) => x.trim()).filter(Boolean)) {
    const m = /^([0-9.]+)\/(\d{1,2})$/.exec(raw);
    if (!m || !isIpv4(m[1]!) || Number(m[2]) > 32) throw invalidParam(`Invalid CIDR ${raw} in the cidr list`);
    if (!out.includes(raw)) out.push(raw);
  }
  return out.length ? out : [...fallback];
}

/** ICMP type and code: -1 (any) or 0..255; CloudStack stores -1 when omitted. */
export function icmpField(v: number | undefined, what: string): number {
  if (v === undefined) return -1;
  if (!Number.isInteger(v) || v < -1 || v > 255) throw invalidParam(`Invalid ICMP ${what} ${v}: it must be -1 or 0..255`);
  return v;
}

/** The part of a rule on one public IP that conflict detection looks at. */
export interface RuleShape {
  readonly id?: number;
  readonly uuid?: string;
  readonly purpose: RulePurpose;
  readonly protocol: RuleProtocol;
  /** Null: every port of the protocol. */
  readonly ports: PortRange | null;
  readonly sourceCidrs: readonly string[];
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** A firewall rule opened on behalf of this other rule (openfirewall). */
  readonly relatedRuleId?: number | null;
}

/**
 * The existing rule the new one conflicts with, or undefined. Mirrors CloudStack: static NAT
 * owns the whole IP against port forwarding and load balancing; two forwarding rules of a
 * protocol must not share a port; two firewall rules conflict only for the same CIDRs.
 */
export function findConflict(rule: RuleShape, existing: readonly RuleShape[]): RuleShape | undefined {
  for (const r of existing) {
    if (r.id !== undefined && r.id === rule.id) continue;
    const firewallPair = r.purpose === 'Firewall' && rule.purpose === 'Firewall';
    const oneFirewall = (r.purpose === 'Firewall') !== (rule.purpose === 'Firewall');
    // Firewall rules sit in front of the forwarding rules; they never conflict with them.
    if (oneFirewall) continue;
    if (!firewallPair && (r.purpose === 'StaticNat') !== (rule.purpose === 'StaticNat')) return r;
    if (r.protocol !== rule.protocol && r.protocol !== 'all' && rule.protocol !== 'all') continue;
    if (firewallPair) {
      if (!r.sourceCidrs.some((c) => rule.sourceCidrs.includes(c))) continue;
      if (rule.protocol === 'icmp' && r.protocol === 'icmp') {
        const anyType = r.icmpType === -1 || rule.icmpType === -1;
        const anyCode = r.icmpCode === -1 || rule.icmpCode === -1;
        if ((anyType || r.icmpType === rule.icmpType) && (anyCode || r.icmpCode === rule.icmpCode)) return r;
        continue;
      }
    }
    if (r.ports === null || rule.ports === null || rangesOverlap(r.ports, rule.ports)) return r;
  }
  return undefined;
}

export function describeRule(r: RuleShape): string {
  const ports = r.ports === null ? 'all ports' : r.ports.start === r.ports.end ? `port ${r.ports.start}` : `ports ${r.ports.start}-${r.ports.end}`;
  return `${r.purpose} rule ${r.uuid ?? ''} (${r.protocol} ${ports})`.replace('  ', ' ');
}
