import type {
  HealthCheckPolicyView, LbMemberView, LbPoliciesView, LoadBalancerView, StickinessPolicyView,
} from '../../../../services/lb-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';

/** A LoadBalancerResponse: ports as strings and the CIDR list comma-joined, as CloudStack prints them. */
export function loadBalancerResponse(v: LoadBalancerView): Obj {
  return {
    id: v.uuid, name: v.name, description: v.description ?? undefined, publicipid: v.publicIpUuid ?? undefined, publicip: v.publicIp ?? undefined,
    publicport: String(v.publicPort), privateport: String(v.privatePort), algorithm: v.algorithm, networkid: v.networkUuid, cidrlist: v.sourceCidrs.join(','),
    ...ownerFields(v.owner, true), state: v.state, zoneid: v.zoneUuid, zonename: v.zoneName, protocol: v.protocol, tags: [], fordisplay: v.forDisplay,
  };
}

/** A LoadBalancerRuleVmMapResponse: the VM (a UserVmResponse subset) and its balanced addresses. */
export function lbMemberResponse(m: LbMemberView): Obj {
  return {
    loadbalancerruleinstance: {
      id: m.vmUuid, name: m.name, displayname: m.displayName, state: m.state, zoneid: m.zoneUuid, zonename: m.zoneName, ...ownerFields(m.owner, true),
      ipaddress: m.ips[0], tags: [],
    },
    lbvmipaddresses: m.ips,
  };
}

function policiesHead<P>(v: LbPoliciesView<P>): Obj {
  const { account, domainid, domain } = ownerFields(v.owner, false) as { account?: string; domainid: string; domain: string };
  return { lbruleid: v.ruleUuid, account, domainid, domain, zoneid: v.zoneUuid };
}

/** An LBStickinessResponse: the rule and its stickiness policies. */
export function stickinessResponse(v: LbPoliciesView<StickinessPolicyView>): Obj {
  return {
    ...policiesHead(v), name: v.ruleName, description: v.description ?? undefined, state: v.state,
    stickinesspolicy: v.policies.map((p) => ({
      id: p.uuid, name: p.name, methodname: p.method, description: p.description ?? undefined, state: p.state, fordisplay: p.forDisplay, params: p.params,
    })),
  };
}

/** An LBHealthCheckResponse: the rule and its health-check policies (CloudStack's spellings). */
export function healthCheckResponse(v: LbPoliciesView<HealthCheckPolicyView>): Obj {
  return {
    ...policiesHead(v),
    healthcheckpolicy: v.policies.map((p) => ({
      id: p.uuid, pingpath: p.pingPath, description: p.description ?? undefined, state: p.state, responsetime: p.responseTime,
      healthcheckinterval: p.interval, healthcheckthresshold: p.healthyThreshold, unhealthcheckthresshold: p.unhealthyThreshold, fordisplay: p.forDisplay,
    })),
  };
}

registerEntityRenderer('LoadBalancer', (d) => loadBalancerResponse(d as LoadBalancerView));
registerEntityRenderer('LBStickinessPolicies', (d) => stickinessResponse(d as LbPoliciesView<StickinessPolicyView>));
registerEntityRenderer('LBHealthCheckPolicies', (d) => healthCheckResponse(d as LbPoliciesView<HealthCheckPolicyView>));
