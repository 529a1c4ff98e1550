// IPv4 address, netmask and range arithmetic for pods, public IP ranges and zones.
// Addresses are unsigned 32-bit integers held in plain numbers (bitwise results are
// brought back to unsigned with `>>> 0`).
import { invalidParam } from './errors.js';

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Parses a dotted quad ("10.0.0.1"); leading zeros are refused, as they read as octal elsewhere. */
export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export const isIpv4 = (s: string): boolean => parseIpv4(s) !== undefined;

export function prefixToMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The prefix length of a netmask ("255.255.255.0" → 24), or undefined if not contiguous. */
export function netmaskToPrefix(mask: string): number | undefined {
  const m = parseIpv4(mask);
  if (m === undefined) return undefined;
  for (let prefix = 0; prefix <= 32; prefix++) if (prefixToMask(prefix) === m) return prefix;
  return undefined;
}

export function prefixToNetmask(prefix: number): string {
  return formatIpv4(prefixToMask(prefix));
}

export interface Ipv4Subnet {
  readonly network: number;
  readonly prefix: number;
}

export function subnetOf(ip: number, prefix: number): Ipv4Subnet {
  return { network: (ip & prefixToMask(prefix)) >>> 0, prefix };
}

export function inSubnet(ip: number, s: Ipv4Subnet): boolean {
  return ((ip & prefixToMask(s.prefix)) >>> 0) === s.network;
}

export function subnetBounds(s: Ipv4Subnet): { first: number; last: number } {
  return { first: s.network, last: s.network + 2 ** (32 - s.prefix) - 1 };
}

export const formatCidr = (s: Ipv4Subnet): string => `${formatIpv4(s.network)}/${s.prefix}`;

/** Parses "10.1.1.0/24"; the address must be the network address itself. */
export function parseCidr(s: string): Ipv4Subnet | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const ip = parseIpv4(m[1]!);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const sub = subnetOf(ip, prefix);
  return sub.network === ip ? sub : undefined;
}

export function rangesOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export interface Ipv4Range {
  readonly gateway: number;
  readonly subnet: Ipv4Subnet;
  readonly start: number;
  readonly end: number;
}

/**
 * Checks a gateway/netmask/start/end quadruple as CloudStack does for public and pod
 * ranges: all valid IPv4, start ≤ end, both inside the gateway's subnet, and the gateway
 * not inside the range. `end` defaults to `start`. Throws InvalidParameter naming the fault.
 */
export function checkIpv4Range(a: { gateway: string; netmask: string; startIp: string; endIp?: string }): Ipv4Range {
  const gateway = parseIpv4(a.gateway);
  if (gateway === undefined) throw invalidParam(`Please specify a valid gateway: ${a.gateway} is not an IPv4 address`);
  const prefix = netmaskToPrefix(a.netmask);
  if (prefix === undefined || prefix > 30) throw invalidParam(`Please specify a valid netmask: ${a.netmask}`);
  const start = parseIpv4(a.startIp);
  if (start === undefined) throw invalidParam(`Please specify a valid start IP: ${a.startIp} is not an IPv4 address`);
  const endText = a.endIp ?? a.startIp;
  const end = parseIpv4(endText);
  if (end === undefined) throw invalidParam(`Please specify a valid end IP: ${endText} is not an IPv4 address`);
  if (start > end) throw invalidParam(`The start IP ${a.startIp} must not be greater than the end IP ${endText}`);
  const subnet = subnetOf(gateway, prefix);
  const { first, last } = subnetBounds(subnet);
  if (!inSubnet(start, subnet) || !inSubnet(end, subnet)) {
    throw invalidParam(`The IP range ${a.startIp}-${endText} is not in the subnet ${formatCidr(subnet)} of gateway ${a.gateway} and netmask ${a.netmask}`);
  }
  if (start === first || end === last) throw invalidParam(`The IP range ${a.startIp}-${endText} must not include the network or broadcast address of ${formatCidr(subnet)}`);
  if (gateway === first || gateway === last) throw invalidParam(`The gateway ${a.gateway} is the network or broadcast address of ${formatCidr(subnet)}`);
  if (gateway >= start && gateway <= end) throw invalidParam(`The gateway ${a.gateway} must not be part of the IP range ${a.startIp}-${endText}`);
  return { gateway, subnet, start, end };
}

/** IPv6 text form (RFC 4291, with an optional trailing dotted quad). */
export function isIpv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(groups);
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIpv4(g)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

const PRIVATE_BLOCKS: readonly Ipv4Subnet[] = [
  { network: 0x0a000000, prefix: 8 }, // 10.0.0.0/8
  { network: 0xac100000, prefix: 12 }, // 172.16.0.0/12
  { network: 0xc0a80000, prefix: 16 }, // 192.168.0.0/16
];

/** A subnet entirely inside RFC 1918 space (CloudStack's guest CIDR rule). */
export function isPrivateSubnet(s: Ipv4Subnet): boolean {
  return PRIVATE_BLOCKS.some((b) => s.prefix >= b.prefix && inSubnet(s.network, b));
}
