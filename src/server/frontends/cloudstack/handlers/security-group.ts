import {
  authorizeSecurityGroupEgress, authorizeSecurityGroupIngress, revokeSecurityGroupEgress, revokeSecurityGroupIngress,
} from '../../../../api/cloudstack/security-group.js';
import type { SgRuleType } from '../../../../services/sg-rules.js';
import type { Args } from '../args.js';
import { type Handler, type HandlerMap, job, list, object } from '../reply.js';
import { securityGroupResponse } from '../views/security-group.js';

const owner = (args: Args) => ({ account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid') });

const authorize = (type: SgRuleType, javaClass: string): Handler => async ({ caller, services, args }) => job((await services.securityGroupRules.submitAuthorize(caller, type, {
  groupId: args.string('securitygroupid'), groupName: args.string('securitygroupname'), protocol: args.string('protocol'), startPort: args.number('startport'),
  endPort: args.number('endport'), icmpType: args.number('icmptype'), icmpCode: args.number('icmpcode'), cidrList: args.list('cidrlist'),
  groups: args.map('usersecuritygrouplist'), ...owner(args),
}, javaClass)).jobUuid);

const revoke = (type: SgRuleType, javaClass: string): Handler => async ({ caller, services, args }) =>
  job((await services.securityGroupRules.submitRevoke(caller, type, args.requireString('id'), javaClass)).jobUuid);

export const securityGroupHandlers: HandlerMap = {
  createSecurityGroup: async ({ caller, services, args }) => object(securityGroupResponse(await services.securityGroups.create(caller, {
    name: args.requireString('name'), description: args.string('description'), ...owner(args),
  }))),

  deleteSecurityGroup: async ({ caller, services, args }) => {
    await services.securityGroups.delete(caller, { id: args.string('id'), name: args.string('name'), ...owner(args) });
    return { kind: 'success' };
  },

  updateSecurityGroup: async ({ caller, services, args }) =>
    object(securityGroupResponse(await services.securityGroups.update(caller, args.requireString('id'), { name: args.string('name') }))),

  authorizeSecurityGroupIngress: authorize('ingress', authorizeSecurityGroupIngress.javaClass),
  authorizeSecurityGroupEgress: authorize('egress', authorizeSecurityGroupEgress.javaClass),
  revokeSecurityGroupIngress: revoke('ingress', revokeSecurityGroupIngress.javaClass),
  revokeSecurityGroupEgress: revoke('egress', revokeSecurityGroupEgress.javaClass),

  listSecurityGroups: async ({ caller, services, args, page }) => {
    const r = await services.securityGroups.list(caller, {
      id: args.string('id'), name: args.string('securitygroupname'), virtualMachineId: args.string('virtualmachineid'), keyword: args.string('keyword'),
      tags: args.map('tags'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'), ...owner(args),
    }, page);
    return list({ count: r.count, items: r.items.map(securityGroupResponse) });
  },
};
