import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

// Firewall, egress firewall, port forwarding and IP forwarding (static NAT) rules.
export const FirewallRuleResponse: ResponseDecl = {
  name: 'FirewallRuleResponse',
  fields: [
    f('id', 'string', "the ID of the port forwarding rule"),
    f('privateport', 'string', "the starting port of port forwarding rule's private port range"),
    f('privateendport', 'string', "the ending port of port forwarding rule's private port range"),
    f('protocol', 'string', "the protocol of the port forwarding rule"),
    f('publicport', 'string', "the starting port of port forwarding rule's public port range"),
    f('publicendport', 'string', "the ending port of port forwarding rule's private port range"),
    f('virtualmachineid', 'string', "the VM ID for the port forwarding rule"),
    f('virtualmachinename', 'string', "the VM name for the port forwarding rule"),
    f('virtualmachinedisplayname', 'string', "the VM display name for the port forwarding rule"),
    f('ipaddressid', 'string', "the public ip address id for the port forwarding rule"),
    f('ipaddress', 'string', "the public ip address for the port forwarding rule"),
    f('state', 'string', "the state of the rule"),
    f('cidrlist', 'string', "the cidr list to forward traffic from. Multiple entries are separated by a single comma character (,)."),
    f('tags', 'list', "the list of resource tags associated with the rule"),
    f('vmguestip', 'string', "the vm ip address for the port forwarding rule"),
    f('networkid', 'string', "the id of the guest network the port forwarding rule belongs to"),
    f('fordisplay', 'boolean', "is firewall for display to the regular user"),
  ],
};

export const FirewallResponse: ResponseDecl = {
  name: 'FirewallResponse',
  fields: [
    f('id', 'string', "the ID of the firewall rule"),
    f('protocol', 'string', "the protocol of the firewall rule"),
    f('startport', 'integer', "the starting port of firewall rule's port range"),
    f('endport', 'integer', "the ending port of firewall rule's port range"),
    f('ipaddressid', 'string', "the public ip address id for the firewall rule"),
    f('networkid', 'string', "the network id of the firewall rule"),
    f('ipaddress', 'string', "the public ip address for the firewall rule"),
    f('state', 'string', "the state of the rule"),
    f('cidrlist', 'string', "the cidr list to forward traffic from. Multiple entries are separated by a single comma character (,)."),
    f('icmptype', 'integer', "type of the icmp message being sent"),
    f('icmpcode', 'integer', "error code for this icmp message"),
    f('tags', 'list', "the list of resource tags associated with the rule"),
    f('fordisplay', 'boolean', "is rule for display to the regular user"),
    f('destcidrlist', 'string', "the cidr list to forward traffic to. Multiple entries are separated by a single comma character (,)."),
    f('traffictype', 'string', "the traffic type for the firewall rule"),
  ],
};

export const IpForwardingRuleResponse: ResponseDecl = {
  name: 'IpForwardingRuleResponse',
  fields: [
    f('id', 'string', "the ID of the port forwarding rule"),
    f('protocol', 'string', "the protocol of the port forwarding rule"),
    f('virtualmachineid', 'string', "the VM ID for the port forwarding rule"),
    f('virtualmachinename', 'string', "the VM name for the port forwarding rule"),
    f('virtualmachinedisplayname', 'string', "the VM display name for the port forwarding rule"),
    f('ipaddressid', 'long', "the public ip address id for the port forwarding rule"),
    f('ipaddress', 'string', "the public ip address for the port forwarding rule"),
    f('startport', 'integer', "the start port of the rule"),
    f('endport', 'integer', "the end port of the rule"),
    f('state', 'string', "state of the ip forwarding rule"),
  ],
};

export const createPortForwardingRule: CommandDecl = {
  name: 'createPortForwardingRule',
  description: "Creates a port forwarding rule",
  isAsync: true,
  responseName: 'createportforwardingruleresponse',
  shape: 'object',
  objectName: 'portforwardingrule',
  response: FirewallRuleResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.CreatePortForwardingRuleCmd',
  params: [
    p('ipaddressid', 'uuid', true, "the IP address id of the port forwarding rule"),
    p('privateport', 'integer', true, "the starting port of port forwarding rule's private port range"),
    p('protocol', 'string', true, "the protocol for the port forwarding rule. Valid values are TCP or UDP."),
    p('privateendport', 'integer', false, "the ending port of port forwarding rule's private port range"),
    p('publicport', 'integer', true, "the starting port of port forwarding rule's public port range"),
    p('publicendport', 'integer', false, "the ending port of port forwarding rule's private port range"),
    p('virtualmachineid', 'uuid', true, "the ID of the virtual machine for the port forwarding rule"),
    p('cidrlist', 'list', false, " the source CIDR list to allow traffic from; all other CIDRs will be blocked. Multiple entries must be separated by a single comma character (,). This param will be used only for VPC tiers. By default, all CIDRs are allowed.", { collectionType: 'string' }),
    p('openfirewall', 'boolean', false, "if true, firewall rule for source/end public port is automatically created; if false - firewall rule has to be created explicitly. If not specified 1) defaulted to false when PF rule is being created for VPC guest network 2) in all other cases defaulted to true"),
    p('networkid', 'uuid', false, "the network of the virtual machine the port forwarding rule will be created for. Required when public IP address is not associated with any guest network yet (VPC case)."),
    p('vmguestip', 'string', false, "VM guest nic secondary IP address for the port forwarding rule"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
  ],
};

export const deletePortForwardingRule: CommandDecl = {
  name: 'deletePortForwardingRule',
  description: "Deletes a port forwarding rule",
  isAsync: true,
  responseName: 'deleteportforwardingruleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.DeletePortForwardingRuleCmd',
  params: [
    p('id', 'uuid', true, "the ID of the port forwarding rule"),
  ],
};

export const listPortForwardingRules: CommandDecl = {
  name: 'listPortForwardingRules',
  description: "Lists all port forwarding rules for an IP address.",
  isAsync: false,
  responseName: 'listportforwardingrulesresponse',
  shape: 'list',
  objectName: 'portforwardingrule',
  response: FirewallRuleResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.ListPortForwardingRulesCmd',
  params: [
    p('id', 'uuid', false, "Lists rule with the specified ID."),
    p('ipaddressid', 'uuid', false, "the ID of IP address of the port forwarding services"),
    p('networkid', 'uuid', false, "list port forwarding rules for certain network", { since: '4.3' }),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
    p('tags', 'map', false, "List resources by tags (key/value pairs)"),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const createFirewallRule: CommandDecl = {
  name: 'createFirewallRule',
  description: "Creates a firewall rule for a given IP address",
  isAsync: true,
  responseName: 'createfirewallruleresponse',
  shape: 'object',
  objectName: 'firewallrule',
  response: FirewallResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.CreateFirewallRuleCmd',
  params: [
    p('ipaddressid', 'uuid', true, "the IP address id of the port forwarding rule"),
    p('protocol', 'string', true, "the protocol for the firewall rule. Valid values are TCP/UDP/ICMP."),
    p('startport', 'integer', false, "the starting port of firewall rule"),
    p('endport', 'integer', false, "the ending port of firewall rule"),
    p('cidrlist', 'list', false, "the CIDR list to forward traffic from. Multiple entries must be separated by a single comma character (,).", { collectionType: 'string' }),
    p('icmptype', 'integer', false, "type of the ICMP message being sent"),
    p('icmpcode', 'integer', false, "error code for this icmp message"),
    p('type', 'string', false, "type of firewallrule: system/user"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
  ],
};

export const deleteFirewallRule: CommandDecl = {
  name: 'deleteFirewallRule',
  description: "Deletes a firewall rule",
  isAsync: true,
  responseName: 'deletefirewallruleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.DeleteFirewallRuleCmd',
  params: [
    p('id', 'uuid', true, "the ID of the firewall rule"),
  ],
};

export const listFirewallRules: CommandDecl = {
  name: 'listFirewallRules',
  description: "Lists all firewall rules for an IP address.",
  isAsync: false,
  responseName: 'listfirewallrulesresponse',
  shape: 'list',
  objectName: 'firewallrule',
  response: FirewallResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.ListFirewallRulesCmd',
  params: [
    p('id', 'uuid', false, "Lists rule with the specified ID."),
    p('ipaddressid', 'uuid', false, "the ID of IP address of the firewall services"),
    p('networkid', 'uuid', false, "list firewall rules for certain network", { since: '4.3' }),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
    p('tags', 'map', false, "List resources by tags (key/value pairs)"),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const createEgressFirewallRule: CommandDecl = {
  name: 'createEgressFirewallRule',
  description: "Creates a egress firewall rule for a given network ",
  isAsync: true,
  responseName: 'createegressfirewallruleresponse',
  shape: 'object',
  objectName: 'firewallrule',
  response: FirewallResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.CreateEgressFirewallRuleCmd',
  params: [
    p('networkid', 'uuid', true, "the network id of the port forwarding rule"),
    p('protocol', 'string', true, "the protocol for the firewall rule. Valid values are TCP/UDP/ICMP."),
    p('startport', 'integer', false, "the starting port of firewall rule"),
    p('endport', 'integer', false, "the ending port of firewall rule"),
    p('cidrlist', 'list', false, "the cidr list to forward traffic from. Multiple entries must be separated by a single comma character (,).", { collectionType: 'string' }),
    p('destcidrlist', 'list', false, "the cidr list to forward traffic to. Multiple entries must be separated by a single comma character (,).", { collectionType: 'string' }),
    p('icmptype', 'integer', false, "type of the icmp message being sent"),
    p('icmpcode', 'integer', false, "error code for this icmp message"),
    p('type', 'string', false, "type of firewallrule: system/user"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
  ],
};

export const deleteEgressFirewallRule: CommandDecl = {
  name: 'deleteEgressFirewallRule',
  description: "Deletes an egress firewall rule",
  isAsync: true,
  responseName: 'deleteegressfirewallruleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.DeleteEgressFirewallRuleCmd',
  params: [
    p('id', 'uuid', true, "the ID of the firewall rule"),
  ],
};

export const listEgressFirewallRules: CommandDecl = {
  name: 'listEgressFirewallRules',
  description: "Lists all egress firewall rules for network ID.",
  isAsync: false,
  responseName: 'listegressfirewallrulesresponse',
  shape: 'list',
  objectName: 'firewallrule',
  response: FirewallResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.firewall.ListEgressFirewallRulesCmd',
  params: [
    p('id', 'uuid', false, "Lists rule with the specified ID."),
    p('networkid', 'uuid', false, "the network ID for the egress firewall services"),
    p('ipaddressid', 'uuid', false, "the ID of IP address of the firewall services"),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
    p('tags', 'map', false, "List resources by tags (key/value pairs)"),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const listIpForwardingRules: CommandDecl = {
  name: 'listIpForwardingRules',
  description: "List the IP forwarding rules",
  isAsync: false,
  responseName: 'listipforwardingrulesresponse',
  shape: 'list',
  objectName: 'ipforwardingrule',
  response: IpForwardingRuleResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.nat.ListIpForwardingRulesCmd',
  params: [
    p('ipaddressid', 'uuid', false, "list the rule belonging to this public IP address"),
    p('id', 'uuid', false, "Lists rule with the specified ID."),
    p('virtualmachineid', 'uuid', false, "Lists all rules applied to the specified VM."),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

