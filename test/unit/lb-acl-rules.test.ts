// Pure rule logic of load balancing, network ACLs and security groups: algorithms, LB protocols,
// stickiness methods and their parameters, health-check bounds, and ACL/SG rule matches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import { aclNumber, byNumber, parseAclAction, parseIpProtocol, parseTrafficType, ruleMatch } from '../../src/core/acl-rules.js';
import { healthCheck, parseAlgorithm, parseLbProtocol, parseStickinessMethod, stickinessParams } from '../../src/core/lb-rules.js';

const invalid = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof DomainError && e.kind === 'InvalidParameter' && re.test(e.message));

describe('load-balancing rule logic', () => {
  it('parses algorithms and protocols in any case', () => {
    assert.equal(parseAlgorithm('LeastConn'), 'leastconn');
    invalid(() => parseAlgorithm('random'), /Invalid algorithm/);
    assert.equal(parseLbProtocol(undefined), 'tcp');
    assert.equal(parseLbProtocol('TCP-Proxy'), 'tcp-proxy');
    invalid(() => parseLbProtocol('ssl'), /certificate/);
  });

  it('checks stickiness parameters per method', () => {
    assert.equal(parseStickinessMethod('lbcookie'), 'LbCookie');
    assert.deepEqual(stickinessParams('LbCookie', [{ name: 'mode', value: 'insert' }, { name: 'indirect' }]), { mode: 'insert', indirect: 'true' });
    assert.deepEqual(stickinessParams('AppCookie', [{ Name: 'length', Value: '64' }, { name: 'holdtime', value: '3h' }]), { length: '64', holdtime: '3h' });
    assert.deepEqual(stickinessParams('SourceBased', []), {});
    invalid(() => stickinessParams('SourceBased', [{ name: 'tablesize', value: 'big' }]), /tablesize/);
    invalid(() => stickinessParams('LbCookie', [{ name: 'mode', value: 'steal' }]), /mode/);
    invalid(() => stickinessParams('LbCookie', [{ name: 'expire', value: '1h' }]), /not supported/);
    invalid(() => stickinessParams('LbCookie', [{ name: 'nocache', value: 'maybe' }]), /flag/);
    invalid(() => stickinessParams('AppCookie', [{ value: 'x' }]), /needs a name/);
  });

  it('fills health-check defaults and enforces bounds', () => {
    assert.deepEqual(healthCheck({}), { pingPath: '/', responseTimeout: 2, interval: 5, healthyThreshold: 2, unhealthyThreshold: 1 });
    assert.equal(healthCheck({ responseTimeout: 0 }).responseTimeout, 2, '0 is the unset value');
    invalid(() => healthCheck({ responseTimeout: 10, interval: 10 }), /greater than the response time out/);
    invalid(() => healthCheck({ responseTimeout: 61 }), /responsetimeout/);
    invalid(() => healthCheck({ pingPath: 'health' }), /absolute/);
  });
});

describe('ACL and security group rule logic', () => {
  it('parses protocols by name or number', () => {
    assert.equal(parseIpProtocol('TCP'), 'tcp');
    assert.equal(parseIpProtocol('047'), '47');
    invalid(() => parseIpProtocol('256'), /Invalid protocol/);
  });

  it('binds ports to tcp/udp and ICMP fields to icmp', () => {
    assert.deepEqual(ruleMatch({ protocol: 'udp', startPort: 53 }, false), { protocol: 'udp', startPort: 53, endPort: 53, icmpType: null, icmpCode: null });
    assert.deepEqual(ruleMatch({ protocol: 'tcp' }, false), { protocol: 'tcp', startPort: null, endPort: null, icmpType: null, icmpCode: null });
    invalid(() => ruleMatch({ protocol: 'tcp' }, true), /port range/);
    assert.deepEqual(ruleMatch({ protocol: 'icmp' }, false), { protocol: 'icmp', startPort: null, endPort: null, icmpType: -1, icmpCode: -1 });
    invalid(() => ruleMatch({ protocol: 'icmp', icmpType: -1, icmpCode: 3 }, false), /code must be -1/);
    invalid(() => ruleMatch({ protocol: 'all', startPort: 1 }, false), /Ports apply/);
    invalid(() => ruleMatch({ protocol: '47', icmpType: 1 }, false), /ICMP/);
    invalid(() => ruleMatch({ protocol: 'tcp', startPort: 10, endPort: 5 }, false), /start port/);
  });

  it('reads actions, traffic types and numbers, and orders a list by number', () => {
    assert.equal(parseAclAction(undefined), 'Allow');
    assert.equal(parseAclAction('DENY'), 'Deny');
    assert.equal(parseTrafficType('egress'), 'Egress');
    invalid(() => parseTrafficType('up'), /traffic type/);
    invalid(() => aclNumber(0), /positive/);
    assert.deepEqual(byNumber([{ number: 20 }, { number: 5 }, { number: 10 }]).map((x) => x.number), [5, 10, 20]);
  });
});
