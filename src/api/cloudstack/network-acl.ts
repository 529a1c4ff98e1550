import type { CommandDecl, ResponseDecl } from '../types.js';
import { SuccessResponse } from './common.js';
import { f, p } from './decl.js';

// Network ACL lists of VPCs and their rules.
export const NetworkACLResponse: ResponseDecl = {
  name: 'NetworkACLResponse',
  fields: [
    f('id', 'string', "the ID of the ACL"),
    f('name', 'string', "the Name of the ACL"),
    f('description', 'string', "Description of the ACL"),
    f('vpcid', 'string', "Id of the VPC this ACL is associated with"),
    f('vpcname', 'string', "Name of the VPC this ACL is associated with"),
    f('fordisplay', 'boolean', "is ACL for display to the regular user"),
  ],
};

export const NetworkACLItemResponse: ResponseDecl = {
  name: 'NetworkACLItemResponse',
  fields: [
    f('id', 'string', "the ID of the ACL Item"),
    f('protocol', 'string', "the protocol of the ACL"),
    f('startport', 'string', "the starting port of ACL's port range"),
    f('endport', 'string', "the ending port of ACL's port range"),
    f('traffictype', 'string', "the traffic type for the ACL"),
    f('state', 'string', "the state of the rule"),
    f('cidrlist', 'string', "the cidr list to forward traffic from. Multiple entries are separated by a single comma character (,)."),
    f('icmptype', 'integer', "type of the icmp message being sent"),
    f('icmpcode', 'integer', "error code for this icmp message"),
    f('tags', 'list', "the list of resource tags associated with the network ACLs"),
    f('aclid', 'string', "the ID of the ACL this item belongs to"),
    f('aclname', 'string', "the name of the ACL this item belongs to"),
    f('number', 'integer', "Number of the ACL Item"),
    f('action', 'string', "Action of ACL Item. Allow/Deny"),
    f('fordisplay', 'boolean', "is rule for display to the regular user"),
    f('reason', 'string', "an explanation on why this ACL rule is being applied"),
  ],
};

export const createNetworkACLList: CommandDecl = {
  name: 'createNetworkACLList',
  description: "Creates a network ACL. If no VPC is given, then it creates a global ACL that can be used by everyone.",
  isAsync: true,
  responseName: 'createnetworkacllistresponse',
  shape: 'object',
  objectName: 'networkacllist',
  response: NetworkACLResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.CreateNetworkACLListCmd',
  params: [
    p('name', 'string', true, "Name of the network ACL list"),
    p('description', 'string', false, "Description of the network ACL list"),
    p('vpcid', 'uuid', false, "ID of the VPC associated with this network ACL list"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the list to the end user or not", { since: '4.4' }),
  ],
};

export const listNetworkACLLists: CommandDecl = {
  name: 'listNetworkACLLists',
  description: "Lists all network ACLs",
  isAsync: false,
  responseName: 'listnetworkacllistsresponse',
  shape: 'list',
  objectName: 'networkacllist',
  response: NetworkACLResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.ListNetworkACLListsCmd',
  params: [
    p('id', 'uuid', false, "Lists network ACL with the specified ID."),
    p('networkid', 'uuid', false, "list network ACLs by network ID"),
    p('vpcid', 'uuid', false, "list network ACLs by VPC ID"),
    p('name', 'string', false, "list network ACLs by specified name"),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
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

export const deleteNetworkACLList: CommandDecl = {
  name: 'deleteNetworkACLList',
  description: "Deletes a network ACL",
  isAsync: true,
  responseName: 'deletenetworkacllistresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.DeleteNetworkACLListCmd',
  params: [
    p('id', 'uuid', true, "the ID of the network ACL"),
  ],
};

export const replaceNetworkACLList: CommandDecl = {
  name: 'replaceNetworkACLList',
  description: "Replaces ACL associated with a network or private gateway",
  isAsync: true,
  responseName: 'replacenetworkacllistresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.ReplaceNetworkACLListCmd',
  params: [
    p('aclid', 'uuid', true, "the ID of the network ACL"),
    p('networkid', 'uuid', false, "the ID of the network"),
    p('gatewayid', 'uuid', false, "the ID of the private gateway"),
  ],
};

export const updateNetworkACLList: CommandDecl = {
  name: 'updateNetworkACLList',
  description: "Updates network ACL list",
  since: '4.4',
  isAsync: true,
  responseName: 'updatenetworkacllistresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkACLListCmd',
  params: [
    p('id', 'uuid', true, "the ID of the network ACL"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the list to the end user or not", { since: '4.4' }),
    p('name', 'string', false, "Name of the network ACL list"),
    p('description', 'string', false, "Description of the network ACL list"),
    p('customid', 'string', false, "an optional field, in case you want to set a custom id to the resource. Allowed to Root Admins only", { since: '4.4' }),
  ],
};

export const createNetworkACL: CommandDecl = {
  name: 'createNetworkACL',
  description: "Creates a ACL rule in the given network (the network has to belong to VPC)",
  isAsync: true,
  responseName: 'createnetworkaclresponse',
  shape: 'object',
  objectName: 'networkacl',
  response: NetworkACLItemResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.CreateNetworkACLCmd',
  params: [
    p('protocol', 'string', true, "the protocol for the ACL rule. Valid values are TCP/UDP/ICMP/ALL or valid protocol number"),
    p('startport', 'integer', false, "the starting port of ACL"),
    p('endport', 'integer', false, "the ending port of ACL"),
    p('cidrlist', 'list', false, "the CIDR list to allow traffic from/to. Multiple entries must be separated by a single comma character (,).", { collectionType: 'string' }),
    p('icmptype', 'integer', false, "type of the ICMP message being sent"),
    p('icmpcode', 'integer', false, "error code for this ICMP message"),
    p('networkid', 'uuid', false, "The network of the VM the ACL will be created for"),
    p('aclid', 'uuid', false, "The network of the VM the ACL will be created for"),
    p('traffictype', 'string', false, "the traffic type for the ACL,can be ingress or egress, defaulted to ingress if not specified"),
    p('number', 'integer', false, "The number of the ACL item, its ordering"),
    p('action', 'string', false, "scl entry action, allow or deny"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
    p('reason', 'string', false, "A description indicating why the ACL rule is required."),
  ],
};

export const updateNetworkACLItem: CommandDecl = {
  name: 'updateNetworkACLItem',
  description: "Updates ACL item with specified ID",
  isAsync: true,
  responseName: 'createnetworkaclresponse',
  shape: 'object',
  objectName: 'networkacl',
  response: NetworkACLItemResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkACLItemCmd',
  params: [
    p('id', 'uuid', true, "the ID of the network ACL item"),
    p('protocol', 'string', false, "the protocol for the ACL rule. Valid values are TCP/UDP/ICMP/ALL or valid protocol number"),
    p('startport', 'integer', false, "the starting port of ACL"),
    p('endport', 'integer', false, "the ending port of ACL"),
    p('cidrlist', 'list', false, "the cidr list to allow traffic from/to. Multiple entries must be separated by a single comma character (,).", { collectionType: 'string' }),
    p('icmptype', 'integer', false, "type of the ICMP message being sent"),
    p('icmpcode', 'integer', false, "error code for this ICMP message"),
    p('traffictype', 'string', false, "the traffic type for the ACL, can be Ingress or Egress, defaulted to Ingress if not specified"),
    p('number', 'integer', false, "The network of the vm the ACL will be created for"),
    p('action', 'string', false, "scl entry action, allow or deny"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
    p('reason', 'string', false, "A description indicating why the ACL rule is required."),
    p('partialupgrade', 'boolean', false, "Indicates if the ACL rule is to be updated partially (merging the parameters sent with current configuration) or completely (disconsidering all of the current configurations). The default value is 'true'."),
    p('customid', 'string', false, "an optional field, in case you want to set a custom id to the resource. Allowed to Root Admins only", { since: '4.4' }),
  ],
};

export const deleteNetworkACL: CommandDecl = {
  name: 'deleteNetworkACL',
  description: "Deletes a network ACL",
  isAsync: true,
  responseName: 'deletenetworkaclresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.DeleteNetworkACLCmd',
  params: [
    p('id', 'uuid', true, "the ID of the network ACL"),
  ],
};

export const listNetworkACLs: CommandDecl = {
  name: 'listNetworkACLs',
  description: "Lists all network ACL items",
  isAsync: false,
  responseName: 'listnetworkaclsresponse',
  shape: 'list',
  objectName: 'networkacl',
  response: NetworkACLItemResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.network.ListNetworkACLsCmd',
  params: [
    p('id', 'uuid', false, "Lists network ACL Item with the specified ID"),
    p('networkid', 'uuid', false, "list network ACL items by network ID"),
    p('traffictype', 'string', false, "list network ACL items by traffic type - ingress or egress"),
    p('aclid', 'uuid', false, "list network ACL items by ACL ID"),
    p('protocol', 'string', false, "list network ACL items by protocol"),
    p('action', 'string', false, "list network ACL items by action"),
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

