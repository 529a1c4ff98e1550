// Pure IPAM and rule logic: guest addressing, free-address picking, requested IPs, MACs,
// VLAN ranges, protocols, ports, CIDR lists and rule conflicts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import {
  checkRequestedIp, formatVlanRanges, guestAddressing, hostRange, lowestFree, lowestFreeVnet, normalizeMac, parseVlanRanges, randomMac, rangeInSubnet,
  subnetsOverlap,
} from '../../src/core/ipam.js';
import { parseCidr, parseIpv4 } from '../../src/core/ipv4.js';
import { findConflict, icmpField, parseCidrList, parseProtocol, portRange } from '../../src/core/network-rules.js';

const ip = (s: string) => parseIpv4(s)!;
const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e) => e instanceof DomainError && e.kind === 'InvalidParameter' && re.test(e.message));

describe('guest addressing', () => {
  it('derives the subnet from a gateway and netmask, or the gateway from a CIDR', () => {
    const a = guestAddressing({ gateway: '10.3.0.1', netmask: '255.255.255.0' });
    assert.deepEqual([a.cidr, a.gateway, a.netmask], ['10.3.0.0/24', '10.3.0.1', '255.255.255.0']);
    assert.deepEqual(a.range, { start: ip('10.3.0.1'), end: ip('10.3.0.254') });
    const b = guestAddressing({ cidr: '192.168.8.0/22' });
    assert.equal(b.gateway, '192.168.8.1');
    assert.equal(b.netmask, '255.255.252.0');
  });

  it('refuses half a pair, bad masks, tiny networks and gateways on the edges', () => {
    bad(() => guestAddressing({ gateway: '10.0.0.1' }), /together/);
    bad(() => guestAddressing({ gateway: '10.0.0.1', netmask: '255.0.255.0' }), /netmask/);
    bad(() => guestAddressing({ gateway: '10.0.0.1', netmask: '255.255.255.252' }), /too small/);
    bad(() => guestAddressing({ gateway: '10.0.0.0', netmask: '255.255.255.0' }), /network or broadcast/);
    bad(() => guestAddressing({ gateway: '10.0.0.255', netmask: '255.255.255.0' }), /network or broadcast/);
    bad(() => guestAddressing({ cidr: '10.0.0.1/24' }), /Invalid CIDR/);
  });

  it('checks ranges inside a subnet and overlap between subnets', () => {
    const s = parseCidr('10.9.0.0/24')!;
    assert.deepEqual(rangeInSubnet(s, '10.9.0.10', '10.9.0.20'), { start: ip('10.9.0.10'), end: ip('10.9.0.20') });
    assert.deepEqual(rangeInSubnet(s, '10.9.0.10', undefined), { start: ip('10.9.0.10'), end: ip('10.9.0.10') });
    bad(() => rangeInSubnet(s, '10.9.0.20', '10.9.0.10'), /greater/);
    bad(() => rangeInSubnet(s, '10.9.0.10', '10.9.1.5'), /not inside/);
    bad(() => rangeInSubnet(s, '10.9.0.0', '10.9.0.5'), /not inside/);
    assert.equal(subnetsOverlap(parseCidr('10.0.0.0/16')!, parseCidr('10.0.5.0/24')!), true);
    assert.equal(subnetsOverlap(parseCidr('10.0.0.0/24')!, parseCidr('10.0.1.0/24')!), false);
  });

  it('host ranges exclude the network and broadcast addresses', () => {
    assert.deepEqual(hostRange(parseCidr('10.0.0.0/29')!), { start: ip('10.0.0.1'), end: ip('10.0.0.6') });
  });
});

describe('address allocation', () => {
  const range = { start: ip('10.1.1.1'), end: ip('10.1.1.6') };
  it('picks the lowest free address and says when none is left', () => {
    assert.equal(lowestFree(range, new Set([ip('10.1.1.1')])), ip('10.1.1.2'));
    assert.equal(lowestFree(range, new Set([ip('10.1.1.1'), ip('10.1.1.2'), ip('10.1.1.4')])), ip('10.1.1.3'));
    const all = new Set(Array.from({ length: 6 }, (_, i) => range.start + i));
    assert.equal(lowestFree(range, all), undefined);
  });

  it('honours a requested address or names why it cannot', () => {
    assert.equal(checkRequestedIp('10.1.1.5', range, new Set(), 'net'), ip('10.1.1.5'));
    bad(() => checkRequestedIp('10.1.2.5', range, new Set(), 'net'), /outside the range 10\.1\.1\.1-10\.1\.1\.6/);
    bad(() => checkRequestedIp('10.1.1.5', range, new Set([ip('10.1.1.5')]), 'net'), /already in use/);
    bad(() => checkRequestedIp('10.1.1.x', range, new Set(), 'net'), /Invalid IP/);
  });
});

describe('MAC addresses', () => {
  it('draws CloudStack-style locally administered unicast MACs', () => {
    const m = randomMac(() => new Uint8Array([0xab, 0x01, 0x00, 0xff]));
    assert.equal(m, '02:00:ab:01:00:ff');
    assert.match(randomMac((n) => new Uint8Array(n).map(() => Math.floor(Math.random() * 256))), /^02:00(:[0-9a-f]{2}){4}$/);
  });

  it('normalises given MACs and refuses multicast or malformed ones', () => {
    assert.equal(normalizeMac('02-00-AB-CD-EF-01'), '02:00:ab:cd:ef:01');
    bad(() => normalizeMac('01:00:5e:00:00:01'), /multicast/);
    bad(() => normalizeMac('02:00:zz:00:00:01'), /Invalid MAC/);
    bad(() => normalizeMac('00:00:00:00:00:00'), /Invalid MAC/);
  });
});

describe('guest VLAN ranges', () => {
  it('parses, sorts and prints CloudStack range syntax', () => {
    const r = parseVlanRanges('300, 100-199');
    assert.deepEqual(r, [{ start: 100, end: 199 }, { start: 300, end: 300 }]);
    assert.equal(formatVlanRanges(r), '100-199,300');
  });

  it('refuses overlaps, reversed ranges and ids beyond the maximum', () => {
    bad(() => parseVlanRanges('100-200,150-160'), /overlap/);
    bad(() => parseVlanRanges('200-100'), /start not above end/);
    bad(() => parseVlanRanges('4095'), /1 to 4094/);
    bad(() => parseVlanRanges('abc'), /Invalid VLAN range/);
    assert.deepEqual(parseVlanRanges('5000-5001', 16777215), [{ start: 5000, end: 5001 }]);
  });

  it('hands out the lowest free VNI across ranges', () => {
    const r = parseVlanRanges('100-101,300');
    assert.equal(lowestFreeVnet(r, new Set([100])), 101);
    assert.equal(lowestFreeVnet(r, new Set([100, 101])), 300);
    assert.equal(lowestFreeVnet(r, new Set([100, 101, 300])), undefined);
  });
});

describe('rules', () => {
  it('takes protocols in any case and keeps them lowercase', () => {
    assert.equal(parseProtocol('TCP', ['tcp', 'udp']), 'tcp');
    bad(() => parseProtocol('icmp', ['tcp', 'udp']), /supported protocols are tcp, udp/);
  });

  it('checks port ranges', () => {
    assert.deepEqual(portRange(22, undefined, 'public'), { start: 22, end: 22 });
    bad(() => portRange(0, 10, 'public'), /1 to 65535/);
    bad(() => portRange(10, 70000, 'public'), /1 to 65535/);
    bad(() => portRange(30, 20, 'public'), /start port/);
  });

  it('parses CIDR lists with a default', () => {
    assert.deepEqual(parseCidrList(undefined, ['0.0.0.0/0']), ['0.0.0.0/0']);
    assert.deepEqual(parseCidrList('10.0.0.0/8, 192.168.1.0/24', []), ['10.0.0.0/8', '192.168.1.0/24']);
    bad(() => parseCidrList(['10.0.0.0/33'], []), /Invalid CIDR/);
    bad(() => parseCidrList(['nonsense'], []), /Invalid CIDR/);
    assert.equal(icmpField(undefined, 'type'), -1);
    bad(() => icmpField(300, 'type'), /ICMP type/);
  });

  it('detects conflicting forwards and duplicate firewall rules, not firewall-vs-forward', () => {
    const pf = { id: 1, purpose: 'PortForwarding' as const, protocol: 'tcp' as const, ports: { start: 20, end: 30 }, sourceCidrs: ['0.0.0.0/0'] };
    const fw = { id: 2, purpose: 'Firewall' as const, protocol: 'tcp' as const, ports: { start: 22, end: 22 }, sourceCidrs: ['0.0.0.0/0'], icmpType: -1, icmpCode: -1 };
    assert.equal(findConflict({ ...pf, id: undefined, ports: { start: 25, end: 25 } }, [pf, fw])?.id, 1);
    assert.equal(findConflict({ ...pf, id: undefined, protocol: 'udp' }, [pf, fw]), undefined);
    assert.equal(findConflict({ ...pf, id: undefined, ports: { start: 31, end: 40 } }, [pf, fw]), undefined);
    assert.equal(findConflict({ ...fw, id: undefined }, [pf, fw])?.id, 2);
    assert.equal(findConflict({ ...fw, id: undefined, sourceCidrs: ['10.0.0.0/8'] }, [pf, fw]), undefined, 'other sources: a separate rule');
    const icmp = { ...fw, id: 3, protocol: 'icmp' as const, ports: null, icmpType: 8, icmpCode: 0 };
    assert.equal(findConflict({ ...icmp, id: undefined, icmpType: 0 }, [icmp]), undefined);
    assert.equal(findConflict({ ...icmp, id: undefined, icmpType: -1 }, [icmp])?.id, 3);
    const nat = { id: 4, purpose: 'StaticNat' as const, protocol: 'all' as const, ports: null, sourceCidrs: [] };
    assert.equal(findConflict({ ...pf, id: undefined }, [nat])?.id, 4, 'static NAT takes the whole address');
  });
});
