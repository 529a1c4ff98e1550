import type { CommandDecl, ResponseDecl } from '../types.js';
import { SuccessResponse } from './common.js';
import { f, p } from './decl.js';

// Security groups: per-VM firewalls of basic zones and advanced zones with security groups.
export const SecurityGroupResponse: ResponseDecl = {
  name: 'SecurityGroupResponse',
  fields: [
    f('id', 'string', "the ID of the security group"),
    f('name', 'string', "the name of the security group"),
    f('description', 'string', "the description of the security group"),
    f('account', 'string', "the account owning the security group"),
    f('projectid', 'string', "the project id of the group"),
    f('project', 'string', "the project name of the group"),
    f('domainid', 'string', "the domain ID of the security group"),
    f('domain', 'string', "the domain name of the security group"),
    f('domainpath', 'string', "path of the Domain the security group belongs to"),
    f('ingressrule', 'list', "the list of ingress rules associated with the security group"),
    f('egressrule', 'list', "the list of egress rules associated with the security group"),
    f('tags', 'list', "the list of resource tags associated with the rule"),
    f('virtualmachinecount', 'integer', "the number of virtualmachines associated with this securitygroup"),
    f('virtualmachineids', 'list', "the list of virtualmachine ids associated with this securitygroup"),
  ],
};

export const SecurityGroupRuleResponse: ResponseDecl = {
  name: 'SecurityGroupRuleResponse',
  fields: [
    f('ruleid', 'string', "the id of the security group rule"),
    f('protocol', 'string', "the protocol of the security group rule"),
    f('icmptype', 'integer', "the type of the ICMP message response"),
    f('icmpcode', 'integer', "the code for the ICMP message response"),
    f('startport', 'integer', "the starting IP of the security group rule"),
    f('endport', 'integer', "the ending IP of the security group rule "),
    f('securitygroupname', 'string', "security group name"),
    f('account', 'string', "account owning the security group rule"),
    f('cidr', 'string', "the CIDR notation for the base IP address of the security group rule"),
    f('tags', 'list', "the list of resource tags associated with the rule"),
  ],
};

export const createSecurityGroup: CommandDecl = {
  name: 'createSecurityGroup',
  description: "Creates a security group",
  isAsync: false,
  responseName: 'createsecuritygroupresponse',
  shape: 'object',
  objectName: 'securitygroup',
  response: SecurityGroupResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.CreateSecurityGroupCmd',
  params: [
    p('account', 'string', false, "an optional account for the security group. Must be used with domainId."),
    p('domainid', 'uuid', false, "an optional domainId for the security group. If the account parameter is used, domainId must also be used."),
    p('description', 'string', false, "the description of the security group"),
    p('name', 'string', true, "name of the security group"),
    p('projectid', 'uuid', false, "Create security group for project"),
  ],
};

export const deleteSecurityGroup: CommandDecl = {
  name: 'deleteSecurityGroup',
  description: "Deletes security group",
  isAsync: false,
  responseName: 'deletesecuritygroupresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.DeleteSecurityGroupCmd',
  params: [
    p('account', 'string', false, "the account of the security group. Must be specified with domain ID"),
    p('domainid', 'uuid', false, "the domain ID of account owning the security group"),
    p('projectid', 'uuid', false, "the project of the security group"),
    p('id', 'uuid', false, "The ID of the security group. Mutually exclusive with name parameter"),
    p('name', 'string', false, "The ID of the security group. Mutually exclusive with id parameter"),
  ],
};

export const updateSecurityGroup: CommandDecl = {
  name: 'updateSecurityGroup',
  description: "Updates a security group",
  since: '4.14.0.0',
  isAsync: false,
  responseName: 'updatesecuritygroupresponse',
  shape: 'object',
  objectName: 'securitygroup',
  response: SecurityGroupResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.UpdateSecurityGroupCmd',
  params: [
    p('id', 'uuid', true, "The ID of the security group."),
    p('name', 'string', false, "The new name of the security group."),
    p('customid', 'string', false, "an optional field, in case you want to set a custom id to the resource. Allowed to Root Admins only", { since: '4.4' }),
  ],
};

export const authorizeSecurityGroupIngress: CommandDecl = {
  name: 'authorizeSecurityGroupIngress',
  description: "Authorizes a particular ingress rule for this security group",
  isAsync: true,
  responseName: 'authorizesecuritygroupingressresponse',
  shape: 'object',
  objectName: 'ingressrule',
  response: SecurityGroupRuleResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.AuthorizeSecurityGroupIngressCmd',
  params: [
    p('protocol', 'string', false, "the protocol for the ACL rule. Valid values are TCP/UDP/ICMP/ALL or valid protocol number (see /etc/protocols). ALL is default."),
    p('startport', 'integer', false, "start port for this ingress rule"),
    p('endport', 'integer', false, "end port for this ingress rule"),
    p('icmptype', 'integer', false, "type of the icmp message being sent"),
    p('icmpcode', 'integer', false, "error code for this icmp message"),
    p('cidrlist', 'list', false, "the cidr list associated. Multiple entries must be separated by a single comma character (,).", { collectionType: 'string' }),
    p('usersecuritygrouplist', 'map', false, "user to security group mapping"),
    p('domainid', 'uuid', false, "an optional domainId for the security group. If the account parameter is used, domainId must also be used."),
    p('account', 'string', false, "an optional account for the security group. Must be used with domainId."),
    p('projectid', 'uuid', false, "an optional project of the security group"),
    p('securitygroupid', 'uuid', false, "The ID of the security group. Mutually exclusive with securityGroupName parameter"),
    p('securitygroupname', 'string', false, "The name of the security group. Mutually exclusive with securityGroupId parameter"),
  ],
};

export const authorizeSecurityGroupEgress: CommandDecl = {
  name: 'authorizeSecurityGroupEgress',
  description: "Authorizes a particular egress rule for this security group",
  since: '3.0.0',
  isAsync: true,
  responseName: 'authorizesecuritygroupegressresponse',
  shape: 'object',
  objectName: 'ingressrule',
  response: SecurityGroupRuleResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.AuthorizeSecurityGroupEgressCmd',
  params: [
    p('protocol', 'string', false, "TCP is default. UDP is the other supported protocol"),
    p('startport', 'integer', false, "start port for this egress rule"),
    p('endport', 'integer', false, "end port for this egress rule"),
    p('icmptype', 'integer', false, "type of the icmp message being sent"),
    p('icmpcode', 'integer', false, "error code for this icmp message"),
    p('cidrlist', 'list', false, "the cidr list associated. Multiple entries must be separated by a single comma character (,).", { collectionType: 'string' }),
    p('usersecuritygrouplist', 'map', false, "user to security group mapping"),
    p('domainid', 'uuid', false, "an optional domainId for the security group. If the account parameter is used, domainId must also be used."),
    p('account', 'string', false, "an optional account for the security group. Must be used with domainId."),
    p('projectid', 'uuid', false, "an optional project of the security group"),
    p('securitygroupid', 'uuid', false, "The ID of the security group. Mutually exclusive with securityGroupName parameter"),
    p('securitygroupname', 'string', false, "The name of the security group. Mutually exclusive with securityGroupId parameter"),
  ],
};

export const revokeSecurityGroupIngress: CommandDecl = {
  name: 'revokeSecurityGroupIngress',
  description: "Deletes a particular ingress rule from this security group",
  isAsync: true,
  responseName: 'revokesecuritygroupingressresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.RevokeSecurityGroupIngressCmd',
  params: [
    p('id', 'uuid', true, "The ID of the ingress rule"),
  ],
};

export const revokeSecurityGroupEgress: CommandDecl = {
  name: 'revokeSecurityGroupEgress',
  description: "Deletes a particular egress rule from this security group",
  since: '3.0.0',
  isAsync: true,
  responseName: 'revokesecuritygroupegressresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.RevokeSecurityGroupEgressCmd',
  params: [
    p('id', 'uuid', true, "The ID of the egress rule"),
  ],
};

export const listSecurityGroups: CommandDecl = {
  name: 'listSecurityGroups',
  description: "Lists security groups",
  isAsync: false,
  responseName: 'listsecuritygroupsresponse',
  shape: 'list',
  objectName: 'securitygroup',
  response: SecurityGroupResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.securitygroup.ListSecurityGroupsCmd',
  params: [
    p('securitygroupname', 'string', false, "lists security groups by name"),
    p('virtualmachineid', 'uuid', false, "lists security groups by virtual machine id"),
    p('id', 'uuid', false, "list the security group by the id provided"),
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

