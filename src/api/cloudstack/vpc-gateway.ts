import type { CommandDecl, ResponseDecl } from '../types.js';
import { SuccessResponse } from './common.js';
import { f, p } from './decl.js';

// VPC private gateways and static routes.
export const PrivateGatewayResponse: ResponseDecl = {
  name: 'PrivateGatewayResponse',
  fields: [
    f('id', 'string', "the id of the private gateway"),
    f('gateway', 'string', "the gateway"),
    f('netmask', 'string', "the private gateway's netmask"),
    f('ipaddress', 'string', "the private gateway's ip address"),
    f('zoneid', 'string', "zone id of the private gateway"),
    f('zonename', 'string', "the name of the zone the private gateway belongs to"),
    f('vlan', 'string', "the network implementation uri for the private gateway"),
    f('vpcid', 'string', "VPC id the private gateway belongs to"),
    f('vpcname', 'string', "VPC name the private gateway belongs to"),
    f('physicalnetworkid', 'string', "the physical network id"),
    f('account', 'string', "the account associated with the private gateway"),
    f('projectid', 'string', "the project id of the private gateway"),
    f('project', 'string', "the project name of the private gateway"),
    f('domainid', 'string', "the ID of the domain associated with the private gateway"),
    f('domain', 'string', "the domain associated with the private gateway"),
    f('domainpath', 'string', "path of the domain to which the private gateway belongs"),
    f('state', 'string', "State of the gateway, can be Creating, Ready, Deleting"),
    f('sourcenatsupported', 'boolean', "Source Nat enable status"),
    f('aclid', 'string', "ACL Id set for private gateway"),
    f('aclname', 'string', "ACL name set for private gateway"),
    f('associatednetworkid', 'string', "the ID of the Network associated with this private gateway"),
    f('associatednetwork', 'string', "the name of the Network associated with this private gateway"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const StaticRouteResponse: ResponseDecl = {
  name: 'StaticRouteResponse',
  fields: [
    f('id', 'string', "the ID of static route"),
    f('state', 'string', "the state of the static route"),
    f('vpcid', 'string', "VPC the static route belongs to"),
    f('vpcgatewayid', 'string', "VPC gateway the route is created for"),
    f('vpcgatewayip', 'string', "IP of VPC gateway the route is created for"),
    f('nexthop', 'string', "Next hop of the static route"),
    f('cidr', 'string', "static route CIDR"),
    f('account', 'string', "the account associated with the static route"),
    f('projectid', 'string', "the project id of the static route"),
    f('project', 'string', "the project name of the static route"),
    f('domainid', 'string', "the ID of the domain associated with the static route"),
    f('domain', 'string', "the domain associated with the static route"),
    f('domainpath', 'string', "the domain path associated with the static route"),
    f('tags', 'list', "the list of resource tags associated with static route"),
  ],
};

export const createPrivateGateway: CommandDecl = {
  name: 'createPrivateGateway',
  description: "Creates a private gateway",
  isAsync: true,
  responseName: 'createprivategatewayresponse',
  shape: 'object',
  objectName: 'privategateway',
  response: PrivateGatewayResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.user.vpc.CreatePrivateGatewayCmd',
  params: [
    p('gateway', 'string', true, "the gateway of the Private gateway"),
    p('netmask', 'string', true, "the netmask of the Private gateway"),
    p('ipaddress', 'string', true, "the IP address of the Private gateaway"),
    p('networkofferingid', 'uuid', false, "the uuid of the network offering to use for the private gateways network connection"),
    p('vpcid', 'uuid', true, "the VPC network belongs to"),
    p('sourcenatsupported', 'boolean', false, "source NAT supported value. Default value false. If 'true' source NAT is enabled on the private gateway 'false': sourcenat is not supported"),
    p('aclid', 'uuid', false, "the ID of the network ACL"),
    p('associatednetworkid', 'uuid', false, "The isolated network this private gateway is associated to.", { since: '4.17.0' }),
    p('physicalnetworkid', 'uuid', false, "the Physical Network ID the network belongs to", { adminOnly: true }),
    p('vlan', 'string', false, "the network implementation uri for the private gateway", { adminOnly: true }),
    p('bypassvlanoverlapcheck', 'boolean', false, "when true bypasses VLAN id/range overlap check during private gateway creation", { adminOnly: true }),
  ],
};

export const listPrivateGateways: CommandDecl = {
  name: 'listPrivateGateways',
  description: "List private gateways",
  isAsync: false,
  responseName: 'listprivategatewaysresponse',
  shape: 'list',
  objectName: 'privategateway',
  response: PrivateGatewayResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vpc.ListPrivateGatewaysCmd',
  params: [
    p('id', 'uuid', false, "list private gateway by id"),
    p('ipaddress', 'string', false, "list gateways by ip address"),
    p('vlan', 'string', false, "list gateways by vlan"),
    p('vpcid', 'uuid', false, "list gateways by vpc"),
    p('state', 'string', false, "list gateways by state"),
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

export const deletePrivateGateway: CommandDecl = {
  name: 'deletePrivateGateway',
  description: "Deletes a Private gateway",
  isAsync: true,
  responseName: 'deleteprivategatewayresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.vpc.DeletePrivateGatewayCmd',
  params: [
    p('id', 'uuid', true, "the ID of the private gateway"),
  ],
};

export const createStaticRoute: CommandDecl = {
  name: 'createStaticRoute',
  description: "Creates a static route",
  isAsync: true,
  responseName: 'createstaticrouteresponse',
  shape: 'object',
  objectName: 'staticroute',
  response: StaticRouteResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vpc.CreateStaticRouteCmd',
  params: [
    p('gatewayid', 'uuid', false, "the gateway id we are creating static route for. Mutually exclusive with the nexthop parameter"),
    p('vpcid', 'uuid', false, "the vpc id for which the static route is created. This is required for nexthop parameter", { since: '4.21.0' }),
    p('nexthop', 'string', false, "the next hop of static route. Mutually exclusive with the gatewayid parameter", { since: '4.21.0' }),
    p('cidr', 'string', true, "static route cidr"),
  ],
};

export const listStaticRoutes: CommandDecl = {
  name: 'listStaticRoutes',
  description: "Lists all static routes",
  isAsync: false,
  responseName: 'liststaticroutesresponse',
  shape: 'list',
  objectName: 'staticroute',
  response: StaticRouteResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vpc.ListStaticRoutesCmd',
  params: [
    p('id', 'uuid', false, "list static route by id"),
    p('vpcid', 'uuid', false, "list static routes by vpc id"),
    p('gatewayid', 'uuid', false, "list static routes by gateway id"),
    p('state', 'string', false, "list static routes by state"),
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

export const deleteStaticRoute: CommandDecl = {
  name: 'deleteStaticRoute',
  description: "Deletes a static route",
  isAsync: true,
  responseName: 'deletestaticrouteresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vpc.DeleteStaticRouteCmd',
  params: [
    p('id', 'uuid', true, "the ID of the static route"),
  ],
};

