// Ingress firewall rules on public IPs and egress firewall rules of isolated networks
// (createFirewallRule, createEgressFirewallRule, their deletes and lists).
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { inSubnet, parseCidr, parseIpv4 } from '../core/ipv4.js';
import { type RuleProtocol, icmpField, parseCidrList, parseProtocol, portRange } from '../core/network-rules.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import { type NetworkRow, checkOwnerAccess, findNetworkFor, findPublicIpFor, findRule, networkById, nowIso } from './network-refs.js';
import type { Page } from './query.js';
import type { RouterService } from './routers.js';
import { RuleJobs, assertNoConflict, lockIp, lockNetwork } from './rule-jobs.js';
import { type RuleFilter, type RuleView, listRules } from './rule-views.js';

export interface FirewallRuleInput {
  readonly protocol: string;
  readonly startPort?: number;
  readonly endPort?: number;
  readonly cidrList?: readonly string[];
  readonly destCidrList?: readonly string[];
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly type?: string;
  readonly forDisplay?: boolean;
}

const CMD = { create: 'createFirewallRule', delete: 'deleteFirewallRule', createEgress: 'createEgressFirewallRule', deleteEgress: 'deleteEgressFirewallRule' } as const;
const INGRESS_PROTOCOLS: readonly RuleProtocol[] = ['tcp', 'udp', 'icmp'];
const EGRESS_PROTOCOLS: readonly RuleProtocol[] = ['tcp', 'udp', 'icmp', 'all'];

/** Ports only for TCP/UDP, ICMP type and code only for ICMP (FirewallManagerImpl.validateFirewallRule). */
export function ruleFields(a: FirewallRuleInput, protocols: readonly RuleProtocol[]) {
  const protocol = parseProtocol(a.protocol, protocols);
  if (a.type !== undefined && !['user', 'system'].includes(a.type.toLowerCase())) throw invalidParam(`Invalid type ${a.type}: it must be user or system`);
  const ported = protocol === 'tcp' || protocol === 'udp';
  if (!ported && (a.startPort !== undefined || a.endPort !== undefined)) throw invalidParam(`Start and end ports can't be specified for protocol ${protocol}`);
  if (protocol !== 'icmp' && (a.icmpType !== undefined || a.icmpCode !== undefined)) throw invalidParam('ICMP type and code can be specified for protocol icmp only');
  if (a.startPort === undefined && a.endPort !== undefined) throw invalidParam('endport needs startport');
  const ports = ported && a.startPort !== undefined ? portRange(a.startPort, a.endPort, 'firewall') : null;
  return {
    protocol, ports,
    icmpType: protocol === 'icmp' ? icmpField(a.icmpType, 'type') : null,
    icmpCode: protocol === 'icmp' ? icmpField(a.icmpCode, 'code') : null,
  };
}

async function hasService(db: Db, n: NetworkRow, service: string): Promise<boolean> {
  return (await db.selectFrom('network_offering_services').select('service').where('network_offering_id', '=', n.network_offering_id).where('service', '=', service).executeTakeFirst()) !== undefined;
}

export class FirewallRuleService {
  private readonly ruleJobs: RuleJobs;

  constructor(
    private readonly db: Db,
    events: EventService,
    jobs: JobRunner,
    routers: RouterService,
  ) {
    this.ruleJobs = new RuleJobs(db, events, jobs, routers);
    this.ruleJobs.registerApply(CMD.create, 'FirewallRule', 'FIREWALL.OPEN');
    this.ruleJobs.registerRevoke(CMD.delete, 'FirewallRule', 'FIREWALL.CLOSE');
    this.ruleJobs.registerApply(CMD.createEgress, 'FirewallRule', 'FIREWALL.EGRESS.OPEN');
    this.ruleJobs.registerRevoke(CMD.deleteEgress, 'FirewallRule', 'FIREWALL.EGRESS.CLOSE');
  }

  /** createFirewallRule: writes the rule (537 on a conflict) and applies it in a job. */
  async submitCreate(caller: Caller, ipAddressId: string, a: FirewallRuleInput, javaClass: string): Promise<{ jobUuid: string; ruleUuid: string }> {
    const ip = await findPublicIpFor(this.db, caller, ipAddressId);
    if (ip.network_id === null) throw invalidParam(`IP address ${ip.address} is not associated with any network`);
    const n = await networkById(this.db, ip.network_id);
    if (!(await hasService(this.db, n, 'Firewall'))) throw invalidParam(`Network ${n.name} has no Firewall service`);
    const f = ruleFields(a, INGRESS_PROTOCOLS);
    if (a.destCidrList?.length) throw invalidParam('destcidrlist applies to egress rules only');
    const sourceCidrs = parseCidrList(a.cidrList, ['0.0.0.0/0']);
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      await lockIp(tx, ip.id);
      const existing = await tx.selectFrom('firewall_rules').selectAll().where('ip_address_id', '=', ip.id).where('state', '!=', 'Revoke').execute();
      assertNoConflict({ purpose: 'Firewall', protocol: f.protocol, ports: f.ports, sourceCidrs, icmpType: f.icmpType ?? -1, icmpCode: f.icmpCode ?? -1 }, existing, `IP address ${ip.address}`);
      return (await tx.insertInto('firewall_rules').values({
        uuid, purpose: 'Firewall', traffic_type: 'Ingress', ip_address_id: ip.id, network_id: n.id, account_id: ip.account_id!, domain_id: ip.domain_id!,
        protocol: f.protocol, start_port: f.ports?.start ?? null, end_port: f.ports?.end ?? null, icmp_type: f.icmpType, icmp_code: f.icmpCode,
        source_cidrs: sourceCidrs.join(','), dest_cidrs: null, state: 'Add', related_rule_id: null, for_display: a.forDisplay === false ? 0 : 1,
        vm_id: null, vm_guest_ip: null, dest_start_port: null, dest_end_port: null, created: nowIso(),
      }).returning('id').executeTakeFirstOrThrow()).id;
    });
    const jobUuid = await this.ruleJobs.submit(caller, CMD.create, javaClass, { uuid, networkId: n.id }, [id], `Opened firewall rule ${uuid} on ${ip.address}`, 'FirewallRule');
    return { jobUuid, ruleUuid: uuid };
  }

  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const r = await findRule(this.db, idOrUuid, 'Firewall', 'Ingress', 'firewall rule');
    await checkOwnerAccess(this.db, caller, r.account_id, `firewall rule ${r.uuid}`);
    const jobUuid = await this.ruleJobs.submit(caller, CMD.delete, javaClass, { uuid: r.uuid, networkId: r.network_id }, [r.id], `Closed firewall rule ${r.uuid}`, 'FirewallRule');
    return { jobUuid };
  }

  /** createEgressFirewallRule: sources inside the network (default: all of it), any destination by default. */
  async submitCreateEgress(caller: Caller, networkId: string, a: FirewallRuleInput, javaClass: string): Promise<{ jobUuid: string; ruleUuid: string }> {
    const n = await findNetworkFor(this.db, caller, networkId);
    if (n.acl_type === 'Domain' && caller.roleType === 'User') throw permissionDenied(`Account ${caller.accountName} can not add rules to shared network ${n.uuid}`);
    if (n.guest_type !== 'Isolated' || !(await hasService(this.db, n, 'Firewall'))) throw invalidParam(`Egress firewall rules can be added to isolated networks with the Firewall service only; network ${n.name} has none`);
    const f = ruleFields(a, EGRESS_PROTOCOLS);
    const whole = n.network_cidr ?? n.cidr!;
    const sourceCidrs = parseCidrList(a.cidrList, [whole]);
    const net = parseCidr(whole)!;
    for (const c of sourceCidrs) {
      const [addr, prefix] = c.split('/');
      if (!inSubnet(parseIpv4(addr!)!, net) || Number(prefix) < net.prefix) throw invalidParam(`The source CIDR ${c} of an egress rule must lie inside the network CIDR ${whole}`);
    }
    const destCidrs = parseCidrList(a.destCidrList, ['0.0.0.0/0']);
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      await lockNetwork(tx, n.id);
      const existing = await tx.selectFrom('firewall_rules').selectAll().where('network_id', '=', n.id).where('traffic_type', '=', 'Egress').where('state', '!=', 'Revoke').execute();
      const sameDest = existing.filter((r) => (r.dest_cidrs ?? '') === destCidrs.join(','));
      assertNoConflict({ purpose: 'Firewall', protocol: f.protocol, ports: f.ports, sourceCidrs, icmpType: f.icmpType ?? -1, icmpCode: f.icmpCode ?? -1 }, sameDest, `network ${n.name}`);
      return (await tx.insertInto('firewall_rules').values({
        uuid, purpose: 'Firewall', traffic_type: 'Egress', ip_address_id: null, network_id: n.id, account_id: n.account_id, domain_id: n.domain_id,
        protocol: f.protocol, start_port: f.ports?.start ?? null, end_port: f.ports?.end ?? null, icmp_type: f.icmpType, icmp_code: f.icmpCode,
        source_cidrs: sourceCidrs.join(','), dest_cidrs: destCidrs.join(','), state: 'Add', related_rule_id: null, for_display: a.forDisplay === false ? 0 : 1,
        vm_id: null, vm_guest_ip: null, dest_start_port: null, dest_end_port: null, created: nowIso(),
      }).returning('id').executeTakeFirstOrThrow()).id;
    });
    const jobUuid = await this.ruleJobs.submit(caller, CMD.createEgress, javaClass, { uuid, networkId: n.id }, [id], `Opened egress rule ${uuid} of network ${n.name}`, 'FirewallRule');
    return { jobUuid, ruleUuid: uuid };
  }

  async submitDeleteEgress(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const r = await findRule(this.db, idOrUuid, 'Firewall', 'Egress', 'egress firewall rule');
    await checkOwnerAccess(this.db, caller, r.account_id, `egress firewall rule ${r.uuid}`);
    const jobUuid = await this.ruleJobs.submit(caller, CMD.deleteEgress, javaClass, { uuid: r.uuid, networkId: r.network_id }, [r.id], `Closed egress rule ${r.uuid}`, 'FirewallRule');
    return { jobUuid };
  }

  list(caller: Caller, f: RuleFilter, page: Page): Promise<{ count: number; items: RuleView[] }> {
    return listRules(this.db, caller, { purpose: 'Firewall', trafficType: 'Ingress' }, f, page);
  }

  listEgress(caller: Caller, f: RuleFilter, page: Page): Promise<{ count: number; items: RuleView[] }> {
    return listRules(this.db, caller, { purpose: 'Firewall', trafficType: 'Egress' }, f, page);
  }

  /** listIpForwardingRules: static NAT rules (createIpForwardingRule); none exist until that command does. */
  listIpForwarding(caller: Caller, f: RuleFilter, page: Page): Promise<{ count: number; items: RuleView[] }> {
    return listRules(this.db, caller, { purpose: 'StaticNat', trafficType: 'Ingress' }, f, page);
  }
}
