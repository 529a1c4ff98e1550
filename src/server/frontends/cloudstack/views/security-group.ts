import type { SecurityGroupView, SgRuleView } from '../../../../services/sg-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';

/**
 * A SecurityGroupRuleResponse: ports for tcp/udp, type and code for icmp, and either the CIDR or
 * the referenced group with its account (Ansible's cs_securitygroup_rule matches on these).
 */
export function sgRuleResponse(r: SgRuleView): Obj {
  return {
    ruleid: r.uuid, protocol: r.protocol, icmptype: r.icmpType ?? undefined, icmpcode: r.icmpCode ?? undefined, startport: r.startPort ?? undefined,
    endport: r.endPort ?? undefined, securitygroupname: r.groupName ?? undefined, account: r.groupAccount ?? undefined, cidr: r.cidr ?? undefined, tags: [],
  };
}

export function securityGroupResponse(g: SecurityGroupView): Obj {
  return {
    id: g.uuid, name: g.name, description: g.description ?? undefined, ...ownerFields(g.owner, true), ingressrule: g.ingress.map(sgRuleResponse),
    egressrule: g.egress.map(sgRuleResponse), tags: [], virtualmachinecount: g.vmUuids.length, virtualmachineids: g.vmUuids,
  };
}

registerEntityRenderer('SecurityGroup', (d) => securityGroupResponse(d as SecurityGroupView));
