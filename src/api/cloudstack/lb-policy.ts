import type { CommandDecl, ResponseDecl } from '../types.js';
import { SuccessResponse } from './common.js';
import { f, p } from './decl.js';

// Stickiness and health-check policies of load balancing rules.
export const LBStickinessResponse: ResponseDecl = {
  name: 'LBStickinessResponse',
  fields: [
    f('lbruleid', 'string', "the LB rule ID"),
    f('name', 'string', "the name of the Stickiness policy"),
    f('description', 'string', "the description of the Stickiness policy"),
    f('account', 'string', "the account of the Stickiness policy"),
    f('domainid', 'string', "the domain ID of the Stickiness policy"),
    f('domain', 'string', "the domain of the Stickiness policy"),
    f('state', 'string', "the state of the policy"),
    f('zoneid', 'string', "the id of the zone the Stickiness policy belongs to"),
    f('stickinesspolicy', 'list', "the list of stickinesspolicies"),
  ],
};

export const LBHealthCheckResponse: ResponseDecl = {
  name: 'LBHealthCheckResponse',
  fields: [
    f('lbruleid', 'string', "the LB rule ID"),
    f('account', 'string', "the account of the HealthCheck policy"),
    f('domainid', 'string', "the domain ID of the HealthCheck policy"),
    f('domain', 'string', "the domain of the HealthCheck policy"),
    f('zoneid', 'string', "the id of the zone the HealthCheck policy belongs to"),
    f('healthcheckpolicy', 'list', "the list of healthcheckpolicies"),
  ],
};

export const createLBStickinessPolicy: CommandDecl = {
  name: 'createLBStickinessPolicy',
  description: "Creates a load balancer stickiness policy ",
  since: '3.0.0',
  isAsync: true,
  responseName: 'createLBStickinessPolicy',
  shape: 'object',
  objectName: 'stickinesspolicies',
  response: LBStickinessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.CreateLBStickinessPolicyCmd',
  params: [
    p('lbruleid', 'uuid', true, "the ID of the load balancer rule"),
    p('description', 'string', false, "the description of the load balancer stickiness policy"),
    p('name', 'string', true, "name of the load balancer stickiness policy"),
    p('methodname', 'string', true, "name of the load balancer stickiness policy method, possible values are LbCookie, AppCookie, SourceBased"),
    p('param', 'map', false, "param list. Example: param[0].name=cookiename&param[0].value=LBCookie "),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
  ],
};

export const deleteLBStickinessPolicy: CommandDecl = {
  name: 'deleteLBStickinessPolicy',
  description: "Deletes a load balancer stickiness policy.",
  since: '3.0.0',
  isAsync: true,
  responseName: 'deleteLBstickinessrruleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.DeleteLBStickinessPolicyCmd',
  params: [
    p('id', 'uuid', true, "the ID of the LB stickiness policy"),
  ],
};

export const listLBStickinessPolicies: CommandDecl = {
  name: 'listLBStickinessPolicies',
  description: "Lists load balancer stickiness policies.",
  since: '3.0.0',
  isAsync: false,
  responseName: 'listlbstickinesspoliciesresponse',
  shape: 'list',
  objectName: 'stickinesspolicies',
  response: LBStickinessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.ListLBStickinessPoliciesCmd',
  params: [
    p('lbruleid', 'uuid', false, "the ID of the load balancer rule"),
    p('id', 'uuid', false, "the ID of the load balancer stickiness policy"),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateLBStickinessPolicy: CommandDecl = {
  name: 'updateLBStickinessPolicy',
  description: "Updates load balancer stickiness policy",
  since: '4.4',
  isAsync: true,
  responseName: 'updatelbstickinesspolicyresponse',
  shape: 'object',
  objectName: 'stickinesspolicies',
  response: LBStickinessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.UpdateLBStickinessPolicyCmd',
  params: [
    p('id', 'uuid', true, "id of lb stickiness policy"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the policy to the end user or not", { since: '4.4' }),
    p('customid', 'string', false, "an optional field, in case you want to set a custom id to the resource. Allowed to Root Admins only", { since: '4.4' }),
  ],
};

export const createLBHealthCheckPolicy: CommandDecl = {
  name: 'createLBHealthCheckPolicy',
  description: "Creates a load balancer health check policy",
  since: '4.2.0',
  isAsync: true,
  responseName: 'createlbhealthcheckpolicyresponse',
  shape: 'object',
  objectName: 'healthcheckpolicy',
  response: LBHealthCheckResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.CreateLBHealthCheckPolicyCmd',
  params: [
    p('lbruleid', 'uuid', true, "the ID of the load balancer rule"),
    p('description', 'string', false, "the description of the load balancer health check policy"),
    p('pingpath', 'string', false, "HTTP ping path"),
    p('responsetimeout', 'integer', false, "Time to wait when receiving a response from the health check (2sec - 60 sec)"),
    p('intervaltime', 'integer', false, "Amount of time between health checks (1 sec - 20940 sec)"),
    p('healthythreshold', 'integer', false, "Number of consecutive health check success before declaring an instance healthy"),
    p('unhealthythreshold', 'integer', false, "Number of consecutive health check failures before declaring an instance unhealthy"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the rule to the end user or not", { since: '4.4' }),
  ],
};

export const deleteLBHealthCheckPolicy: CommandDecl = {
  name: 'deleteLBHealthCheckPolicy',
  description: "Deletes a load balancer health check policy.",
  since: '4.2.0',
  isAsync: true,
  responseName: 'deletelbhealthcheckpolicyresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.DeleteLBHealthCheckPolicyCmd',
  params: [
    p('id', 'uuid', true, "the ID of the load balancer health check policy"),
  ],
};

export const listLBHealthCheckPolicies: CommandDecl = {
  name: 'listLBHealthCheckPolicies',
  description: "Lists load balancer health check policies.",
  since: '4.2.0',
  isAsync: false,
  responseName: 'listlbhealthcheckpoliciesresponse',
  shape: 'list',
  objectName: 'healthcheckpolicies',
  response: LBHealthCheckResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.ListLBHealthCheckPoliciesCmd',
  params: [
    p('lbruleid', 'uuid', false, "the ID of the load balancer rule"),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
    p('id', 'uuid', false, "the ID of the health check policy", { since: '4.4' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateLBHealthCheckPolicy: CommandDecl = {
  name: 'updateLBHealthCheckPolicy',
  description: "Updates load balancer health check policy",
  since: '4.4',
  isAsync: true,
  responseName: 'updatelbhealthcheckpolicyresponse',
  shape: 'object',
  objectName: 'healthcheckpolicy',
  response: LBHealthCheckResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.loadbalancer.UpdateLBHealthCheckPolicyCmd',
  params: [
    p('id', 'uuid', true, "ID of load balancer health check policy"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the policy to the end user or not", { since: '4.4' }),
    p('customid', 'string', false, "an optional field, in case you want to set a custom id to the resource. Allowed to Root Admins only", { since: '4.4' }),
  ],
};

