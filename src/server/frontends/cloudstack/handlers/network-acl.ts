import {
  createNetworkACL, createNetworkACLList, deleteNetworkACL, deleteNetworkACLList, replaceNetworkACLList, updateNetworkACLItem, updateNetworkACLList,
} from '../../../../api/cloudstack/network-acl.js';
import type { Args } from '../args.js';
import { type HandlerMap, job, list } from '../reply.js';
import { aclItemResponse, aclListResponse } from '../views/network-acl.js';

const scope = (args: Args) => ({
  account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'),
});
const item = (args: Args) => ({
  protocol: args.string('protocol'), startPort: args.number('startport'), endPort: args.number('endport'), cidrList: args.list('cidrlist'),
  icmpType: args.number('icmptype'), icmpCode: args.number('icmpcode'), trafficType: args.string('traffictype'), number: args.number('number'),
  action: args.string('action'), forDisplay: args.bool('fordisplay'), reason: args.string('reason'),
});

export const networkAclHandlers: HandlerMap = {
  createNetworkACLList: async ({ caller, services, args }) => {
    const r = await services.networkAcls.submitCreateList(caller, {
      name: args.requireString('name'), description: args.string('description'), vpcId: args.string('vpcid'), forDisplay: args.bool('fordisplay'),
    }, createNetworkACLList.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  deleteNetworkACLList: async ({ caller, services, args }) => job((await services.networkAcls.submitDeleteList(caller, args.requireString('id'), deleteNetworkACLList.javaClass)).jobUuid),

  updateNetworkACLList: async ({ caller, services, args }) => job((await services.networkAcls.submitUpdateList(caller, args.requireString('id'), {
    name: args.string('name'), description: args.string('description'), forDisplay: args.bool('fordisplay'),
  }, updateNetworkACLList.javaClass)).jobUuid),

  replaceNetworkACLList: async ({ caller, services, args }) => job((await services.networkAcls.submitReplace(caller, {
    aclId: args.requireString('aclid'), networkId: args.string('networkid'), gatewayId: args.string('gatewayid'),
  }, replaceNetworkACLList.javaClass)).jobUuid),

  listNetworkACLLists: async ({ caller, services, args, page }) => {
    const r = await services.networkAcls.listLists(caller, {
      id: args.string('id'), networkId: args.string('networkid'), vpcId: args.string('vpcid'), name: args.string('name'), forDisplay: args.bool('fordisplay'),
      keyword: args.string('keyword'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(aclListResponse) });
  },

  createNetworkACL: async ({ caller, services, args }) => {
    const r = await services.networkAcls.submitCreateItem(caller, { ...item(args), aclId: args.string('aclid'), networkId: args.string('networkid') }, createNetworkACL.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  updateNetworkACLItem: async ({ caller, services, args }) =>
    job((await services.networkAcls.submitUpdateItem(caller, args.requireString('id'), item(args), updateNetworkACLItem.javaClass)).jobUuid),

  deleteNetworkACL: async ({ caller, services, args }) => job((await services.networkAcls.submitDeleteItem(caller, args.requireString('id'), deleteNetworkACL.javaClass)).jobUuid),

  listNetworkACLs: async ({ caller, services, args, page }) => {
    const r = await services.networkAcls.listItems(caller, {
      id: args.string('id'), networkId: args.string('networkid'), aclId: args.string('aclid'), trafficType: args.string('traffictype'),
      protocol: args.string('protocol'), action: args.string('action'), forDisplay: args.bool('fordisplay'), keyword: args.string('keyword'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(aclItemResponse) });
  },
};
