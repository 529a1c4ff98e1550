// Port forwarding rules (createPortForwardingRule, deletePortForwardingRule,
// listPortForwardingRules). With openfirewall (the default outside VPCs) the matching ingress
// firewall rule is created with the forward and deleted with it, as CloudStack does.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { parseCidrList, parseProtocol, portRange } from '../core/network-rules.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EventService } from './events.js';
import { checkOwnerAccess, findNetworkFor, findPublicIpFor, findRule, findVmFor, networkById, nowIso } from './network-refs.js';
import type { Page } from './query.js';
import type { RouterService } from './routers.js';
import { RuleJobs, assertNoConflict, lockIp } from './rule-jobs.js';
import { type RuleFilter, type RuleView, listRules } from './rule-views.js';

export interface PortForwardingInput {
  readonly ipAddressId: string;
  readonly protocol: string;
  readonly publicPort: number;
  readonly publicEndPort?: number;
  readonly privatePort: number;
  readonly privateEndPort?: number;
  readonly vmId: string;
  readonly cidrList?: readonly string[];
  readonly openFirewall?: boolean;
  readonly networkId?: string;
  readonly vmGuestIp?: string;
  readonly forDisplay?: boolean;
}

const CMD = { create: 'createPortForwardingRule', delete: 'deletePortForwardingRule' } as const;

export class PortForwardingService {
  private readonly ruleJobs: RuleJobs;

  constructor(
    private readonly db: Db,
    events: EventService,
    jobs: JobRunner,
    routers: RouterService,
  ) {
    this.ruleJobs = new RuleJobs(db, events, jobs, routers);
    this.ruleJobs.registerApply(CMD.create, 'PortForwardingRule', 'NET.RULEADD');
    this.ruleJobs.registerRevoke(CMD.delete, 'PortForwardingRule', 'NET.RULEDELETE');
  }

  async submitCreate(caller: Caller, a: PortForwardingInput, javaClass: string): Promise<{ jobUuid: string; ruleUuid: string }> {
    const ip = await findPublicIpFor(this.db, caller, a.ipAddressId);
    const protocol = parseProtocol(a.protocol, ['tcp', 'udp']);
    const pub = portRange(a.publicPort, a.publicEndPort, 'public');
    const priv = portRange(a.privatePort, a.privateEndPort, 'private');
    if (pub.end - pub.start !== priv.end - priv.start) {
      throw invalidParam(`The public port range ${pub.start}-${pub.end} and the private port range ${priv.start}-${priv.end} must be of the same size`);
    }
    let networkId = ip.network_id;
    if (a.networkId !== undefined) {
      const n = await findNetworkFor(this.db, caller, a.networkId);
      if (networkId !== null && networkId !== n.id) throw invalidParam(`IP address ${ip.address} is associated with another network`);
      networkId = n.id;
    }
    if (networkId === null) throw invalidParam(`IP address ${ip.address} is not associated with any network`);
    const n = await networkById(this.db, networkId);
    const svc = new Set((await this.db.selectFrom('network_offering_services').select('service').where('network_offering_id', '=', n.network_offering_id).execute()).map((s) => s.service));
    if (!svc.has('PortForwarding')) throw invalidParam(`Network ${n.name} has no PortForwarding service`);
    if (ip.static_nat_vm_id !== null) throw invalidParam(`Can't create a port forwarding rule on ${ip.address}: static NAT is enabled on it`);
    const vm = await findVmFor(this.db, caller, a.vmId);
    if (vm.accountId !== ip.account_id) throw invalidParam(`Virtual machine ${vm.name} and IP address ${ip.address} belong to different accounts`);
    const nic = await this.db.selectFrom('nics').select(['id', 'ip4_address']).where('vm_type', '=', 'User').where('vm_id', '=', vm.id).where('network_id', '=', n.id).executeTakeFirst();
    if (!nic || nic.ip4_address === null) throw invalidParam(`Virtual machine ${vm.name} has no NIC in network ${n.name}`);
    const guestIp = a.vmGuestIp ?? nic.ip4_address;
    if (guestIp !== nic.ip4_address) {
      const sec = await this.db.selectFrom('guest_ips').select('id').where('nic_id', '=', nic.id).where('kind', '=', 'Secondary').where('address', '=', guestIp).executeTakeFirst();
      if (!sec) throw invalidParam(`The guest IP ${guestIp} is not an address of virtual machine ${vm.name} in network ${n.name}`);
    }
    const sourceCidrs = parseCidrList(a.cidrList, ['0.0.0.0/0']);
    const openFirewall = (a.openFirewall ?? true) && svc.has('Firewall');
    const uuid = randomUUID();
    const ids = await this.db.transaction().execute(async (tx) => {
      await lockIp(tx, ip.id);
      const existing = await tx.selectFrom('firewall_rules').selectAll().where('ip_address_id', '=', ip.id).where('state', '!=', 'Revoke').execute();
      assertNoConflict({ purpose: 'PortForwarding', protocol, ports: pub, sourceCidrs }, existing, `IP address ${ip.address}`);
      const base = {
        traffic_type: 'Ingress', ip_address_id: ip.id, network_id: n.id, account_id: ip.account_id!, domain_id: ip.domain_id!, protocol, start_port: pub.start,
        end_port: pub.end, icmp_type: null, icmp_code: null, dest_cidrs: null, state: 'Add', for_display: a.forDisplay === false ? 0 : 1, created: nowIso(),
      };
      const pf = (await tx.insertInto('firewall_rules').values({
        ...base, uuid, purpose: 'PortForwarding', source_cidrs: sourceCidrs.join(','), related_rule_id: null, vm_id: vm.id, vm_guest_ip: guestIp,
        dest_start_port: priv.start, dest_end_port: priv.end,
      }).returning('id').executeTakeFirstOrThrow()).id;
      if (!openFirewall) return [pf];
      const fwShape = { purpose: 'Firewall' as const, protocol, ports: pub, sourceCidrs: ['0.0.0.0/0'], icmpType: -1, icmpCode: -1 };
      assertNoConflict(fwShape, existing, `IP address ${ip.address}`);
      const fw = (await tx.insertInto('firewall_rules').values({
        ...base, uuid: randomUUID(), purpose: 'Firewall', source_cidrs: '0.0.0.0/0', related_rule_id: pf, vm_id: null, vm_guest_ip: null,
        dest_start_port: null, dest_end_port: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      return [pf, fw];
    });
    const jobUuid = await this.ruleJobs.submit(caller, CMD.create, javaClass, { uuid, networkId: n.id }, ids,
      `Added port forwarding rule ${uuid}: ${ip.address}:${pub.start}-${pub.end}/${protocol} to ${guestIp}:${priv.start}-${priv.end}`, 'PortForwardingRule');
    return { jobUuid, ruleUuid: uuid };
  }

  /** Deletes the forward and the firewall rule opened for it. */
  async submitDelete(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const r = await findRule(this.db, idOrUuid, 'PortForwarding', 'Ingress', 'port forwarding rule');
    await checkOwnerAccess(this.db, caller, r.account_id, `port forwarding rule ${r.uuid}`);
    const related = await this.db.selectFrom('firewall_rules').select('id').where('related_rule_id', '=', r.id).execute();
    const jobUuid = await this.ruleJobs.submit(caller, CMD.delete, javaClass, { uuid: r.uuid, networkId: r.network_id }, [r.id, ...related.map((x) => x.id)],
      `Deleted port forwarding rule ${r.uuid}`, 'PortForwardingRule');
    return { jobUuid };
  }

  list(caller: Caller, f: RuleFilter, page: Page): Promise<{ count: number; items: RuleView[] }> {
    return listRules(this.db, caller, { purpose: 'PortForwarding', trafficType: 'Ingress' }, f, page);
  }
}
