import type { Args } from '../args.js';
import { type HandlerMap, job, list } from '../reply.js';
import { firewallResponse, ipForwardingResponse, portForwardingResponse } from '../views/firewall.js';

const ruleFilter = (args: Args) => ({
  id: args.string('id'), ipAddressId: args.string('ipaddressid'), networkId: args.string('networkid'), virtualMachineId: args.string('virtualmachineid'),
  forDisplay: args.bool('fordisplay'), tags: args.map('tags'), keyword: args.string('keyword'), listall: args.bool('listall'), domainid: args.string('domainid'),
  account: args.string('account'), isrecursive: args.bool('isrecursive'), projectid: args.string('projectid'),
});

const fwInput = (args: Args) => ({
  protocol: args.requireString('protocol'), startPort: args.number('startport'), endPort: args.number('endport'), cidrList: args.list('cidrlist'),
  destCidrList: args.list('destcidrlist'), icmpType: args.number('icmptype'), icmpCode: args.number('icmpcode'), type: args.string('type'),
  forDisplay: args.bool('fordisplay'),
});

export const firewallHandlers: HandlerMap = {
  createPortForwardingRule: async ({ caller, services, args, decl }) => {
    const r = await services.portForwarding.submitCreate(caller, {
      ipAddressId: args.requireString('ipaddressid'), protocol: args.requireString('protocol'), publicPort: args.number('publicport')!,
      publicEndPort: args.number('publicendport'), privatePort: args.number('privateport')!, privateEndPort: args.number('privateendport'),
      vmId: args.requireString('virtualmachineid'), cidrList: args.list('cidrlist'), openFirewall: args.bool('openfirewall'), networkId: args.string('networkid'),
      vmGuestIp: args.string('vmguestip'), forDisplay: args.bool('fordisplay'),
    }, decl.javaClass);
    return job(r.jobUuid, r.ruleUuid);
  },

  deletePortForwardingRule: async ({ caller, services, args, decl }) =>
    job((await services.portForwarding.submitDelete(caller, args.requireString('id'), decl.javaClass)).jobUuid),

  listPortForwardingRules: async ({ caller, services, args, page }) => {
    const r = await services.portForwarding.list(caller, ruleFilter(args), page);
    return list({ count: r.count, items: r.items.map(portForwardingResponse) });
  },

  createFirewallRule: async ({ caller, services, args, decl }) => {
    const r = await services.firewallRules.submitCreate(caller, args.requireString('ipaddressid'), fwInput(args), decl.javaClass);
    return job(r.jobUuid, r.ruleUuid);
  },

  deleteFirewallRule: async ({ caller, services, args, decl }) =>
    job((await services.firewallRules.submitDelete(caller, args.requireString('id'), decl.javaClass)).jobUuid),

  listFirewallRules: async ({ caller, services, args, page }) => {
    const r = await services.firewallRules.list(caller, ruleFilter(args), page);
    return list({ count: r.count, items: r.items.map(firewallResponse) });
  },

  createEgressFirewallRule: async ({ caller, services, args, decl }) => {
    const r = await services.firewallRules.submitCreateEgress(caller, args.requireString('networkid'), fwInput(args), decl.javaClass);
    return job(r.jobUuid, r.ruleUuid);
  },

  deleteEgressFirewallRule: async ({ caller, services, args, decl }) =>
    job((await services.firewallRules.submitDeleteEgress(caller, args.requireString('id'), decl.javaClass)).jobUuid),

  listEgressFirewallRules: async ({ caller, services, args, page }) => {
    const r = await services.firewallRules.listEgress(caller, ruleFilter(args), page);
    return list({ count: r.count, items: r.items.map(firewallResponse) });
  },

  listIpForwardingRules: async ({ caller, services, args, page }) => {
    const r = await services.firewallRules.listIpForwarding(caller, ruleFilter(args), page);
    return list({ count: r.count, items: r.items.map(ipForwardingResponse) });
  },
};
