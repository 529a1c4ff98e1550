import {
  assignToLoadBalancerRule, createLoadBalancerRule, deleteLoadBalancerRule, removeFromLoadBalancerRule, updateLoadBalancerRule,
} from '../../../../api/cloudstack/load-balancer.js';
import {
  createLBHealthCheckPolicy, createLBStickinessPolicy, deleteLBHealthCheckPolicy, deleteLBStickinessPolicy, updateLBHealthCheckPolicy, updateLBStickinessPolicy,
} from '../../../../api/cloudstack/lb-policy.js';
import type { HealthCheckPolicyView, LbPoliciesView, StickinessPolicyView } from '../../../../services/lb-views.js';
import type { Args } from '../args.js';
import { type HandlerMap, job, list } from '../reply.js';
import { healthCheckResponse, lbMemberResponse, loadBalancerResponse, stickinessResponse } from '../views/load-balancer.js';

const scope = (args: Args) => ({
  account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'),
});
const members = (args: Args) => ({ vmIds: args.list('virtualmachineids'), vmIpMap: args.map('vmidipmap') });

export const loadBalancerHandlers: HandlerMap = {
  createLoadBalancerRule: async ({ caller, services, args }) => {
    const r = await services.loadBalancers.submitCreate(caller, {
      name: args.requireString('name'), description: args.string('description'), algorithm: args.requireString('algorithm'),
      privatePort: args.number('privateport')!, publicPort: args.number('publicport')!, publicIpId: args.string('publicipid'), networkId: args.string('networkid'),
      zoneId: args.string('zoneid'), openFirewall: args.bool('openfirewall'), cidrList: args.list('cidrlist'), protocol: args.string('protocol'),
      account: args.string('account'), domainId: args.string('domainid'), forDisplay: args.bool('fordisplay'),
    }, createLoadBalancerRule.javaClass);
    return job(r.jobUuid, r.ruleUuid);
  },

  deleteLoadBalancerRule: async ({ caller, services, args }) =>
    job((await services.loadBalancers.submitDelete(caller, args.requireString('id'), deleteLoadBalancerRule.javaClass)).jobUuid),

  updateLoadBalancerRule: async ({ caller, services, args }) => job((await services.loadBalancers.submitUpdate(caller, args.requireString('id'), {
    name: args.string('name'), description: args.string('description'), algorithm: args.string('algorithm'), protocol: args.string('protocol'),
    cidrList: args.list('cidrlist'), forDisplay: args.bool('fordisplay'),
  }, updateLoadBalancerRule.javaClass)).jobUuid),

  assignToLoadBalancerRule: async ({ caller, services, args }) =>
    job((await services.loadBalancers.submitAssign(caller, args.requireString('id'), members(args), assignToLoadBalancerRule.javaClass)).jobUuid),

  removeFromLoadBalancerRule: async ({ caller, services, args }) =>
    job((await services.loadBalancers.submitRemove(caller, args.requireString('id'), members(args), removeFromLoadBalancerRule.javaClass)).jobUuid),

  listLoadBalancerRules: async ({ caller, services, args, page }) => {
    const r = await services.loadBalancers.list(caller, {
      id: args.string('id'), name: args.string('name'), publicIpId: args.string('publicipid'), virtualMachineId: args.string('virtualmachineid'),
      zoneId: args.string('zoneid'), networkId: args.string('networkid'), forDisplay: args.bool('fordisplay'), keyword: args.string('keyword'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(loadBalancerResponse) });
  },

  listLoadBalancerRuleInstances: async ({ caller, services, args, page }) => {
    const r = await services.loadBalancers.instances(caller, args.requireString('id'), { applied: args.bool('applied'), keyword: args.string('keyword') }, page);
    return list({ count: r.count, items: r.items.map(lbMemberResponse) });
  },

  createLBStickinessPolicy: async ({ caller, services, args }) => {
    const r = await services.lbPolicies.submitCreateStickiness(caller, {
      ruleId: args.requireString('lbruleid'), name: args.requireString('name'), method: args.requireString('methodname'), description: args.string('description'),
      params: args.map('param'), forDisplay: args.bool('fordisplay'),
    }, createLBStickinessPolicy.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  deleteLBStickinessPolicy: async ({ caller, services, args }) =>
    job((await services.lbPolicies.submitDelete('stickiness', caller, args.requireString('id'), deleteLBStickinessPolicy.javaClass)).jobUuid),

  updateLBStickinessPolicy: async ({ caller, services, args }) =>
    job((await services.lbPolicies.submitUpdate('stickiness', caller, args.requireString('id'), { forDisplay: args.bool('fordisplay') }, updateLBStickinessPolicy.javaClass)).jobUuid),

  listLBStickinessPolicies: async ({ caller, services, args, page }) => {
    const r = await services.lbPolicies.list('stickiness', caller, { ruleId: args.string('lbruleid'), id: args.string('id'), forDisplay: args.bool('fordisplay') }, page);
    return list({ count: r.count, items: r.items.map((v) => stickinessResponse(v as LbPoliciesView<StickinessPolicyView>)) });
  },

  createLBHealthCheckPolicy: async ({ caller, services, args }) => {
    const r = await services.lbPolicies.submitCreateHealthCheck(caller, {
      ruleId: args.requireString('lbruleid'), description: args.string('description'), pingPath: args.string('pingpath'), responseTimeout: args.number('responsetimeout'),
      interval: args.number('intervaltime'), healthyThreshold: args.number('healthythreshold'), unhealthyThreshold: args.number('unhealthythreshold'),
      forDisplay: args.bool('fordisplay'),
    }, createLBHealthCheckPolicy.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  deleteLBHealthCheckPolicy: async ({ caller, services, args }) =>
    job((await services.lbPolicies.submitDelete('healthcheck', caller, args.requireString('id'), deleteLBHealthCheckPolicy.javaClass)).jobUuid),

  updateLBHealthCheckPolicy: async ({ caller, services, args }) =>
    job((await services.lbPolicies.submitUpdate('healthcheck', caller, args.requireString('id'), { forDisplay: args.bool('fordisplay') }, updateLBHealthCheckPolicy.javaClass)).jobUuid),

  listLBHealthCheckPolicies: async ({ caller, services, args, page }) => {
    const r = await services.lbPolicies.list('healthcheck', caller, { ruleId: args.string('lbruleid'), id: args.string('id'), forDisplay: args.bool('fordisplay') }, page);
    return list({ count: r.count, items: r.items.map((v) => healthCheckResponse(v as LbPoliciesView<HealthCheckPolicyView>)) });
  },
};
