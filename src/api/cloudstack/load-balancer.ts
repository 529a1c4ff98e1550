import type { CommandDecl, ResponseDecl } from '../types.js';
import { SuccessResponse } from './common.js';
import { f, p } from './decl.js';

// Load balancing rules (rules on public IPs of isolated networks, spread over VMs of the network).
export const LoadBalancerResponse: ResponseDecl = {
  name: 'LoadBalancerResponse',
  fields: [
    f('id', 'string', "the load balancer rule ID"),
    f('name', 'string', "the name of the load balancer"),
    f('description', 'string', "the description of the load balancer"),
    f('publicipid', 'string', "the public ip address id"),
    f('publicip', 'string', "the public ip address"),
    f('publicport', 'string', "the public port"),
    f('privateport', 'string', "the private port"),
    f('algorithm', 'string', "the load balancer algorithm (source, roundrobin, leastconn)"),
    f('networkid', 'string', "the id of the guest network the lb rule belongs to"),
    f('cidrlist', 'string', "the CIDR list to allow traffic, all other CIDRs will be blocked. Multiple entries must be separated by a single comma character (,)."),
    f('account', 'string', "the account of the load balancer rule"),
    f('projectid', 'string', "the project id of the load balancer"),
    f('project', 'string', "the project name of the load balancer"),
    f('domainid', 'string', "the domain ID of the load balancer rule"),
    f('domain', 'string', "the domain of the load balancer rule"),
    f('domainpath', 'string', "path of the domain to which the load balancer rule belongs"),
    f('state', 'string', "the state of the rule"),
    f('zoneid', 'string', "the id of the zone the rule belongs to"),
    f('zonename', 'string', "the name of the zone the load balancer rule belongs to"),
    f('protocol', 'string', "the protocol of the loadbalanacer rule"),
    f('tags', 'list', "the list of resource tags associated with load balancer"),
    f('fordisplay', 'boolean', "is rule for display to the regular user"),
  ],
};

export const LoadBalancerRuleVmMapResponse: ResponseDecl = {
  name: 'LoadBalancerRuleVmMapResponse',
  fields: [
    f('loadbalancerruleinstance', 'object', "the user vm set for lb rule"),
    f('lbvmipaddresses', 'list', "IP addresses of the vm set of lb rule"),
  ],
};

export const createLoadBalancerRule: CommandDecl = {
  name: 'createLoadBalancerRule',
  description: "Creates a load balancer rule",
  isAsync: true,
  responseName: 'createloadbalancerruleresponse',
  shape: 'object',
  objectName: 'loadbalancer',
  response: LoadBalancerResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.CreateLoadBalancerRuleCmd',
  params: [
    p('algorithm', 'string', true, "load balancer algorithm (source, roundrobin, leastconn)"),
    p('description', 'string', false, "the description of the load balancer rule", { length: 4096 }),
    p('name', 'string', true, "name of the load balancer rule"),
    p('privateport', 'integer', true, "the private port of the private IP address/virtual machine where the network traffic will be load balanced to"),
    p('publicipid', 'uuid', false, "public IP address ID from where the network traffic will be load balanced from"),
    p('zoneid', 'uuid', false, "zone where the load balancer is going to be created. This parameter is required when LB service provider is ElasticLoadBalancerVm"),
    p('publicport', 'integer', true, "the public port from where the network traffic will be load balanced from"),
    p('openfirewall', 'boolean', false, "if true, firewall rule for source/end public port is automatically created; if false - firewall rule has to be created explicitly. If not specified 1) defaulted to false when LB rule is being created for VPC guest network 2) in all other cases defaulted to true"),
    p('account', 'string', false, "the account associated with the load balancer. Must be used with the domainId parameter."),
    p('domainid', 'uuid', false, "the domain ID associated with the load balancer"),
    p('cidrlist', 'list', false, "the source CIDR list to allow traffic from; all other CIDRs will be blocked. Multiple entries must be separated by a single comma character (,). By default, all CIDRs are allowed.", { collectionType: 'string', since: '4.18.0.0' }),
    p('networkid', 'uuid', false, "The guest network this rule will be created for. Required when public Ip address is not associated with any Guest network yet (VPC case)"),
    p('protocol', 'string', false, "The protocol for the LB such as tcp, udp, tcp-proxy or ssl."),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
  ],
};

export const deleteLoadBalancerRule: CommandDecl = {
  name: 'deleteLoadBalancerRule',
  description: "Deletes a load balancer rule.",
  isAsync: true,
  responseName: 'deleteloadbalancerruleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.DeleteLoadBalancerRuleCmd',
  params: [
    p('id', 'uuid', true, "the ID of the load balancer rule"),
  ],
};

export const updateLoadBalancerRule: CommandDecl = {
  name: 'updateLoadBalancerRule',
  description: "Updates load balancer",
  isAsync: true,
  responseName: 'updateloadbalancerruleresponse',
  shape: 'object',
  objectName: 'loadbalancer',
  response: LoadBalancerResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.UpdateLoadBalancerRuleCmd',
  params: [
    p('algorithm', 'string', false, "load balancer algorithm (source, roundrobin, leastconn)"),
    p('description', 'string', false, "the description of the load balancer rule", { length: 4096 }),
    p('id', 'uuid', true, "the ID of the load balancer rule to update"),
    p('name', 'string', false, "the name of the load balancer rule"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
    p('protocol', 'string', false, "The protocol for the LB"),
    p('cidrlist', 'list', false, "the cidr list to forward traffic from", { collectionType: 'string', since: '4.22' }),
    p('customid', 'string', false, "an optional field, in case you want to set a custom id to the resource. Allowed to Root Admins only", { since: '4.4' }),
  ],
};

export const assignToLoadBalancerRule: CommandDecl = {
  name: 'assignToLoadBalancerRule',
  description: "Assigns virtual machine or a list of virtual machines to a load balancer rule.",
  isAsync: true,
  responseName: 'assigntoloadbalancerruleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.AssignToLoadBalancerRuleCmd',
  params: [
    p('id', 'uuid', true, "the ID of the load balancer rule"),
    p('virtualmachineids', 'list', false, "the list of IDs of the virtual machine that are being assigned to the load balancer rule(i.e. virtualMachineIds=1,2,3)", { collectionType: 'uuid' }),
    p('vmidipmap', 'map', false, "VM ID and IP map, vmidipmap[0].vmid=1 vmidipmap[0].vmip=10.1.1.75", { since: '4.4' }),
  ],
};

export const removeFromLoadBalancerRule: CommandDecl = {
  name: 'removeFromLoadBalancerRule',
  description: "Removes a virtual machine or a list of virtual machines from a load balancer rule.",
  isAsync: true,
  responseName: 'removefromloadbalancerruleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.RemoveFromLoadBalancerRuleCmd',
  params: [
    p('id', 'uuid', true, "The ID of the load balancer rule"),
    p('virtualmachineids', 'list', false, "the list of IDs of the virtual machines that are being removed from the load balancer rule (i.e. virtualMachineIds=1,2,3)", { collectionType: 'uuid' }),
    p('vmidipmap', 'map', false, "VM ID and IP map, vmidipmap[0].vmid=1 vmidipmap[0].ip=10.1.1.75", { since: '4.4' }),
  ],
};

export const listLoadBalancerRules: CommandDecl = {
  name: 'listLoadBalancerRules',
  description: "Lists load balancer rules.",
  isAsync: false,
  responseName: 'listloadbalancerrulesresponse',
  shape: 'list',
  objectName: 'loadbalancerrule',
  response: LoadBalancerResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.ListLoadBalancerRulesCmd',
  params: [
    p('id', 'uuid', false, "the ID of the load balancer rule"),
    p('name', 'string', false, "the name of the load balancer rule"),
    p('publicipid', 'uuid', false, "the public IP address ID of the load balancer rule"),
    p('virtualmachineid', 'uuid', false, "the ID of the virtual machine of the load balancer rule"),
    p('zoneid', 'uuid', false, "the availability zone ID"),
    p('networkid', 'uuid', false, "list by network ID the rule belongs to"),
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

export const listLoadBalancerRuleInstances: CommandDecl = {
  name: 'listLoadBalancerRuleInstances',
  description: "List all virtual machine instances that are assigned to a load balancer rule.",
  isAsync: false,
  responseName: 'listloadbalancerruleinstancesresponse',
  shape: 'list',
  objectName: 'lbrulevmidip',
  response: LoadBalancerRuleVmMapResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.ListLoadBalancerRuleInstancesCmd',
  params: [
    p('applied', 'boolean', false, "true if listing all virtual machines currently applied to the load balancer rule; default is true"),
    p('id', 'uuid', true, "the ID of the load balancer rule"),
    p('lbvmips', 'boolean', false, "true if load balancer rule VM IP information to be included; default is false"),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

