// Wire shapes of FirewallResponse (firewall and egress rules), FirewallRuleResponse (port
// forwarding; ports as strings, as CloudStack declares them) and IpForwardingRuleResponse.
import type { RuleView } from '../../../../services/rule-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';

const orUndef = <T>(v: T | null): T | undefined => v ?? undefined;
const tags = (r: RuleView) => r.tags.map((t) => ({ key: t.key, value: t.value }));

/** cidrlist is a comma-joined string (Ansible's cs_firewall compares it as one). */
export function firewallResponse(r: RuleView): Obj {
  return {
    id: r.uuid, protocol: r.protocol, startport: orUndef(r.startPort), endport: orUndef(r.endPort), ipaddressid: orUndef(r.ipAddressUuid),
    networkid: r.networkUuid, ipaddress: orUndef(r.ipAddress), state: r.state, cidrlist: r.sourceCidrs.join(','),
    icmptype: r.protocol === 'icmp' ? orUndef(r.icmpType) : undefined, icmpcode: r.protocol === 'icmp' ? orUndef(r.icmpCode) : undefined,
    tags: tags(r), fordisplay: r.forDisplay, destcidrlist: r.trafficType === 'Egress' ? r.destCidrs.join(',') : undefined, traffictype: r.trafficType,
  };
}

export function portForwardingResponse(r: RuleView): Obj {
  const s = (n: number | null) => (n === null ? undefined : String(n));
  return {
    id: r.uuid, privateport: s(r.privateStartPort), privateendport: s(r.privateEndPort), protocol: r.protocol, publicport: s(r.startPort),
    publicendport: s(r.endPort), virtualmachineid: r.vm?.uuid, virtualmachinename: r.vm?.name, virtualmachinedisplayname: r.vm?.displayName,
    ipaddressid: orUndef(r.ipAddressUuid), ipaddress: orUndef(r.ipAddress), state: r.state, cidrlist: r.sourceCidrs.join(','), tags: tags(r),
    vmguestip: orUndef(r.vmGuestIp), networkid: r.networkUuid, fordisplay: r.forDisplay,
  };
}

export function ipForwardingResponse(r: RuleView): Obj {
  return {
    id: r.uuid, protocol: r.protocol, virtualmachineid: r.vm?.uuid, virtualmachinename: r.vm?.name, virtualmachinedisplayname: r.vm?.displayName,
    ipaddress: orUndef(r.ipAddress), startport: orUndef(r.startPort), endport: orUndef(r.endPort), state: r.state,
  };
}

registerEntityRenderer('FirewallRule', (d) => firewallResponse(d as RuleView));
registerEntityRenderer('PortForwardingRule', (d) => portForwardingResponse(d as RuleView));
