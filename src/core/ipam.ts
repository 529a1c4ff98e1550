// Guest IP address management, pure: which addresses of a guest network VMs may take, picking
// a free one or checking a requested one, MAC addresses, and guest VLAN (VNI) ranges. The
// services add the database half: an insert under a unique key, retried on conflict.
import { invalidParam } from './errors.js';
import {
  type Ipv4Subnet, formatCidr, formatIpv4, inSubnet, netmaskToPrefix, parseCidr, parseIpv4, prefixToNetmask, subnetBounds, subnetOf,
} from './ipv4.js';

/** The addresses a network hands out: an inclusive range, minus the reserved ones. */
export interface GuestRange {
  readonly start: number;
  readonly end: number;
}

/** Hosts of a subnet: everything but the network and broadcast addresses. */
export function hostRange(s: Ipv4Subnet): GuestRange {
  const { first, last } = subnetBounds(s);
  return s.prefix >= 31 ? { start: first, end: last } : { start: first + 1, end: last - 1 };
}

export const rangeSize = (r: GuestRange): number => Math.max(0, r.end - r.start + 1);

/** A guest network's addressing: the subnet, its gateway, and where VM addresses come from. */
export interface GuestAddressing {
  readonly subnet: Ipv4Subnet;
  readonly cidr: string;
  readonly gateway: string;
  readonly netmask: string;
  readonly range: GuestRange;
}

/** Smallest guest network CloudStack accepts (a /29 leaves room for the router and a few VMs). */
const MAX_GUEST_PREFIX = 29;

/**
 * The addressing of a guest network from a gateway and a netmask (the network is the
 * gateway's subnet), or from a CIDR alone (the gateway is its first host).
 */
export function guestAddressing(a: { gateway?: string; netmask?: string; cidr?: string }): GuestAddressing {
  let subnet: Ipv4Subnet;
  let gateway: number;
  if (a.gateway !== undefined || a.netmask !== undefined) {
    if (a.gateway === undefined || a.netmask === undefined) throw invalidParam('gateway and netmask must be given together');
    const gw = parseIpv4(a.gateway);
    if (gw === undefined) throw invalidParam(`Invalid gateway ${a.gateway}: it is not an IPv4 address`);
    const prefix = netmaskToPrefix(a.netmask);
    if (prefix === undefined || prefix === 0) throw invalidParam(`Invalid netmask ${a.netmask}`);
    subnet = subnetOf(gw, prefix);
    gateway = gw;
  } else {
    const c = a.cidr === undefined ? undefined : parseCidr(a.cidr);
    if (!c) throw invalidParam(`Invalid CIDR ${a.cidr ?? ''}`.trim());
    subnet = c;
    gateway = hostRange(c).start;
  }
  if (subnet.prefix > MAX_GUEST_PREFIX) throw invalidParam(`The network ${formatCidr(subnet)} is too small: a guest network needs a /${MAX_GUEST_PREFIX} or larger`);
  const hosts = hostRange(subnet);
  if (gateway < hosts.start || gateway > hosts.end) throw invalidParam(`The gateway ${formatIpv4(gateway)} is the network or broadcast address of ${formatCidr(subnet)}`);
  return { subnet, cidr: formatCidr(subnet), gateway: formatIpv4(gateway), netmask: prefixToNetmask(subnet.prefix), range: hosts };
}

/** True when two subnets share any address. */
export function subnetsOverlap(a: Ipv4Subnet, b: Ipv4Subnet): boolean {
  const x = subnetBounds(a);
  const y = subnetBounds(b);
  return x.first <= y.last && y.first <= x.last;
}

/** A start/end pair inside a subnet (shared networks' guest ranges), end defaulting to start. */
export function rangeInSubnet(subnet: Ipv4Subnet, startIp: string, endIp: string | undefined): GuestRange {
  const start = parseIpv4(startIp);
  if (start === undefined) throw invalidParam(`Invalid start IP ${startIp}`);
  const end = parseIpv4(endIp ?? startIp);
  if (end === undefined) throw invalidParam(`Invalid end IP ${endIp ?? ''}`);
  if (start > end) throw invalidParam(`The start IP ${startIp} must not be greater than the end IP ${endIp ?? startIp}`);
  const hosts = hostRange(subnet);
  if (start < hosts.start || end > hosts.end || !inSubnet(start, subnet) || !inSubnet(end, subnet)) {
    throw invalidParam(`The IP range ${startIp}-${endIp ?? startIp} is not inside the usable addresses of ${formatCidr(subnet)}`);
  }
  return { start, end };
}

/** The lowest address of the range that is neither used nor reserved, or undefined when full. */
export function lowestFree(range: GuestRange, taken: ReadonlySet<number>): number | undefined {
  for (let n = range.start; n <= range.end; n++) if (!taken.has(n)) return n;
  return undefined;
}

/** Checks an address a caller asked for: in the range, not reserved, not in use. */
export function checkRequestedIp(ip: string, range: GuestRange, taken: ReadonlySet<number>, networkName: string): number {
  const n = parseIpv4(ip);
  if (n === undefined) throw invalidParam(`Invalid IP address ${ip}`);
  if (n < range.start || n > range.end) {
    throw invalidParam(`The IP address ${ip} is outside the range ${formatIpv4(range.start)}-${formatIpv4(range.end)} of network ${networkName}`);
  }
  if (taken.has(n)) throw invalidParam(`The IP address ${ip} is already in use in network ${networkName}`);
  return n;
}

/** CloudStack-style locally administered unicast MAC: 02:00 and four random bytes. */
export function randomMac(randomBytes: (n: number) => Uint8Array): string {
  const b = randomBytes(4);
  return ['02', '00', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

/** A MAC a caller gave, lowercased; multicast and all-zero addresses are refused. */
export function normalizeMac(s: string): string {
  const v = s.trim().toLowerCase().replace(/-/g, ':');
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(v)) throw invalidParam(`Invalid MAC address ${s}: expected six hexadecimal octets like 02:00:4c:8f:00:01`);
  if ((parseInt(v.slice(0, 2), 16) & 1) === 1) throw invalidParam(`Invalid MAC address ${s}: it is a multicast address`);
  if (v === '00:00:00:00:00:00') throw invalidParam(`Invalid MAC address ${s}`);
  return v;
}

/** Highest VNI: 24-bit VXLAN ids; plain VLANs stop at 4094. */
export const MAX_VNI = 16777215;
export const MAX_VLAN = 4094;

/** Parses CloudStack's VLAN range syntax "100-199,300" into sorted, non-overlapping ranges. */
export function parseVlanRanges(s: string, max = MAX_VLAN): GuestRange[] {
  const out: GuestRange[] = [];
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw invalidParam(`Invalid VLAN range ${part}: expected a number or start-end`);
    const start = Number(m[1]);
    const end = Number(m[2] ?? m[1]);
    if (start < 1 || end > max || start > end) throw invalidParam(`Invalid VLAN range ${part}: VLAN ids run from 1 to ${max}, start not above end`);
    out.push({ start, end });
  }
  if (!out.length) throw invalidParam(`Invalid VLAN range ${s}`);
  out.sort((a, b) => a.start - b.start);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.start <= out[i - 1]!.end) throw invalidParam(`Invalid VLAN range ${s}: the ranges overlap`);
  }
  return out;
}

export const formatVlanRanges = (r: readonly GuestRange[]): string => r.map((x) => (x.start === x.end ? `${x.start}` : `${x.start}-${x.end}`)).join(',');

/** The lowest VNI of the ranges not yet taken. */
export function lowestFreeVnet(ranges: readonly GuestRange[], taken: ReadonlySet<number>): number | undefined {
  for (const r of ranges) {
    const n = lowestFree(r, taken);
    if (n !== undefined) return n;
  }
  return undefined;
}

export function inRanges(ranges: readonly GuestRange[], n: number): boolean {
  return ranges.some((r) => n >= r.start && n <= r.end);
}
