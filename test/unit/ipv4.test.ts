import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import {
  checkIpv4Range, formatIpv4, isIpv6, isPrivateSubnet, netmaskToPrefix, parseCidr, parseIpv4, rangesOverlap, subnetBounds, subnetOf,
} from '../../src/core/ipv4.js';

describe('IPv4 arithmetic', () => {
  it('parses and formats dotted quads, refusing malformed ones', () => {
    assert.equal(parseIpv4('0.0.0.0'), 0);
    assert.equal(parseIpv4('255.255.255.255'), 0xffffffff);
    assert.equal(formatIpv4(parseIpv4('192.168.1.20')!), '192.168.1.20');
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', 'a.b.c.d', '', '1..2.3', ' 1.2.3.4']) assert.equal(parseIpv4(bad), undefined, bad);
  });

  it('knows netmasks, subnets and CIDRs', () => {
    assert.equal(netmaskToPrefix('255.255.255.0'), 24);
    assert.equal(netmaskToPrefix('255.255.254.0'), 23);
    assert.equal(netmaskToPrefix('0.0.0.0'), 0);
    assert.equal(netmaskToPrefix('255.0.255.0'), undefined);
    const s = subnetOf(parseIpv4('10.1.2.3')!, 16);
    assert.deepEqual(subnetBounds(s), { first: parseIpv4('10.1.0.0'), last: parseIpv4('10.1.255.255') });
    assert.deepEqual(parseCidr('10.1.1.0/24'), { network: parseIpv4('10.1.1.0'), prefix: 24 });
    assert.equal(parseCidr('10.1.1.1/24'), undefined, 'not a network address');
    assert.equal(parseCidr('10.1.1.0/33'), undefined);
    assert.ok(isPrivateSubnet(parseCidr('10.1.1.0/24')!));
    assert.ok(isPrivateSubnet(parseCidr('172.20.0.0/16')!));
    assert.ok(!isPrivateSubnet(parseCidr('8.8.8.0/24')!));
    assert.ok(!isPrivateSubnet(parseCidr('10.0.0.0/7')!), 'wider than 10/8');
  });

  it('checks ranges against their gateway and netmask', () => {
    const r = checkIpv4Range({ gateway: '198.51.100.1', netmask: '255.255.255.0', startIp: '198.51.100.10', endIp: '198.51.100.20' });
    assert.equal(r.end - r.start, 10);
    assert.equal(checkIpv4Range({ gateway: '10.0.0.1', netmask: '255.255.255.0', startIp: '10.0.0.5' }).end, parseIpv4('10.0.0.5'), 'end defaults to start');
    const bad: [Record<string, string>, RegExp][] = [
      [{ gateway: 'x', netmask: '255.255.255.0', startIp: '10.0.0.2' }, /gateway/],
      [{ gateway: '10.0.0.1', netmask: '255.0.255.0', startIp: '10.0.0.2' }, /netmask/],
      [{ gateway: '10.0.0.1', netmask: '255.255.255.0', startIp: '10.0.0.9', endIp: '10.0.0.3' }, /greater/],
      [{ gateway: '10.0.0.1', netmask: '255.255.255.0', startIp: '10.0.0.2', endIp: '10.0.1.3' }, /not in the subnet/],
      [{ gateway: '10.0.0.5', netmask: '255.255.255.0', startIp: '10.0.0.2', endIp: '10.0.0.9' }, /gateway .* part of/],
      [{ gateway: '10.0.0.1', netmask: '255.255.255.0', startIp: '10.0.0.2', endIp: '10.0.0.255' }, /broadcast/],
    ];
    for (const [a, why] of bad) {
      assert.throws(() => checkIpv4Range(a as Parameters<typeof checkIpv4Range>[0]), (e: unknown) => e instanceof DomainError && e.kind === 'InvalidParameter' && why.test(e.message), JSON.stringify(a));
    }
  });

  it('detects overlapping ranges', () => {
    assert.ok(rangesOverlap({ start: 1, end: 5 }, { start: 5, end: 9 }));
    assert.ok(rangesOverlap({ start: 1, end: 9 }, { start: 3, end: 4 }));
    assert.ok(!rangesOverlap({ start: 1, end: 4 }, { start: 5, end: 9 }));
  });

  it('recognises IPv6 text', () => {
    for (const ok of ['::1', '2001:db8::1', 'fe80::', '2001:db8:0:0:0:0:0:1', '::ffff:192.0.2.1']) assert.ok(isIpv6(ok), ok);
    for (const bad of ['1.2.3.4', '2001:db8:::1', '2001:db8::1::2', 'gggg::1', '1:2:3:4:5:6:7:8:9', '']) assert.ok(!isIpv6(bad), bad);
  });
});
