// The per-VM rule sets of security groups (security-group-rules.ts in the driver contract):
// computed from the database, group references expanded to the member VMs' addresses, and
// stored versioned (compare-and-set on the version) in security_group_vm_rules, which a host
// agent reads per host. Which VMs a change touches: a group's members when its rules change,
// and also the members of every group whose rules name it when its membership changes.
import { createHash } from 'node:crypto';
import { parseIpv4 } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import type { SgRule, SgVmRuleSet } from '../drivers/network/security-group-rules.js';
import { isUniqueViolation } from './network-refs.js';

/** VM states that hold no addresses worth enforcing or referencing. */
const GONE = ['Destroyed', 'Expunging', 'Expunged', 'Error'];

const ruleKey = (r: Omit<SgRule, 'cidrs'>) => `${r.protocol}|${r.startPort ?? ''}|${r.endPort ?? ''}|${r.icmpType ?? ''}|${r.icmpCode ?? ''}`;
const byAddress = (a: string, b: string) => (parseIpv4(a.split('/')[0]!) ?? 0) - (parseIpv4(b.split('/')[0]!) ?? 0) || a.localeCompare(b);

/** Addresses of a group's live members, as /32 CIDRs. */
async function memberAddresses(db: Db, groupId: number): Promise<string[]> {
  const rows = await db.selectFrom('security_group_vms as m').innerJoin('vms as v', 'v.id', 'm.vm_id').innerJoin('nics as c', (j) => j.onRef('c.vm_id', '=', 'v.id').on('c.vm_type', '=', 'User'))
    .select('c.ip4_address').where('m.group_id', '=', groupId).where('v.removed', 'is', null).where('v.state', 'not in', GONE).where('c.ip4_address', 'is not', null).execute();
  return [...new Set(rows.map((r) => `${r.ip4_address!}/32`))].sort(byAddress);
}

/** A VM's rule set, or undefined for a VM in no group (or gone). */
export async function vmRuleSet(db: Db, vmId: number): Promise<SgVmRuleSet | undefined> {
  const vm = await db.selectFrom('vms as v').leftJoin('hosts as h', 'h.id', 'v.host_id').select(['v.uuid', 'v.instance_name', 'v.state', 'v.removed', 'h.uuid as hostUuid'])
    .where('v.id', '=', vmId).executeTakeFirst();
  if (!vm || vm.removed !== null || GONE.includes(vm.state)) return undefined;
  const groups = await db.selectFrom('security_group_vms').select('group_id').where('vm_id', '=', vmId).execute();
  if (!groups.length) return undefined;
  const rules = await db.selectFrom('security_group_rules').selectAll().where('group_id', 'in', groups.map((g) => g.group_id)).orderBy('id').execute();
  const merged = { ingress: new Map<string, { base: Omit<SgRule, 'cidrs'>; cidrs: Set<string> }>(), egress: new Map<string, { base: Omit<SgRule, 'cidrs'>; cidrs: Set<string> }>() };
  const members = new Map<number, string[]>();
  for (const r of rules) {
    const base = { protocol: r.protocol, startPort: r.start_port, endPort: r.end_port, icmpType: r.icmp_type, icmpCode: r.icmp_code };
    let cidrs: string[];
    if (r.allowed_group_id !== null) {
      if (!members.has(r.allowed_group_id)) members.set(r.allowed_group_id, await memberAddresses(db, r.allowed_group_id));
      cidrs = members.get(r.allowed_group_id)!;
    } else {
      cidrs = r.cidr ? [r.cidr] : [];
    }
    const into = r.type === 'egress' ? merged.egress : merged.ingress;
    const e = into.get(ruleKey(base)) ?? { base, cidrs: new Set<string>() };
    for (const c of cidrs) e.cidrs.add(c);
    into.set(ruleKey(base), e);
  }
  // Rules whose only sources are empty groups match nothing: they are left out.
  const flat = (m: typeof merged.ingress): SgRule[] => [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]))
    .filter(([, e]) => e.cidrs.size > 0).map(([, e]) => ({ ...e.base, cidrs: [...e.cidrs].sort(byAddress) }));
  const nics = await db.selectFrom('nics as c').innerJoin('networks as n', 'n.id', 'c.network_id')
    .select(['c.mac_address', 'c.ip4_address', 'c.device_id']).where('c.vm_type', '=', 'User').where('c.vm_id', '=', vmId)
    .where((eb) => eb.exists(eb.selectFrom('network_offering_services as s').select('s.service').whereRef('s.network_offering_id', '=', 'n.network_offering_id').where('s.service', '=', 'SecurityGroup')))
    .orderBy('c.device_id').execute();
  const egressRules = rules.some((r) => r.type === 'egress');
  return {
    vmId: vm.uuid, instanceName: vm.instance_name, hostId: vm.hostUuid, nics: nics.map((n) => ({ mac: n.mac_address, ip: n.ip4_address })),
    ingress: flat(merged.ingress), egressDefault: egressRules ? 'deny' : 'allow', egress: flat(merged.egress),
  };
}

/** Recomputes and stores the rule sets of these VMs; a VM in no group loses its row. */
export async function syncVmRules(db: Db, vmIds: readonly number[]): Promise<void> {
  for (const vmId of new Set(vmIds)) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const set = await vmRuleSet(db, vmId);
      const cur = await db.selectFrom('security_group_vm_rules').select(['version', 'hash']).where('vm_id', '=', vmId).executeTakeFirst();
      if (!set) {
        if (cur) await db.deleteFrom('security_group_vm_rules').where('vm_id', '=', vmId).execute();
        break;
      }
      const rules = JSON.stringify(set);
      const hash = createHash('sha256').update(rules).digest('hex');
      if (cur?.hash === hash) break;
      const updated = new Date().toISOString();
      try {
        if (!cur) {
          await db.insertInto('security_group_vm_rules').values({ vm_id: vmId, version: 1, hash, rules, updated }).execute();
          break;
        }
        const done = await db.updateTable('security_group_vm_rules').set({ version: cur.version + 1, hash, rules, updated })
          .where('vm_id', '=', vmId).where('version', '=', cur.version).executeTakeFirst();
        if (Number(done.numUpdatedRows) === 1) break;
      } catch (e) {
        // Another writer inserted the row first: read it again and retry.
        if (!isUniqueViolation(e)) throw e;
      }
    }
  }
}

/** Live members of groups. */
export async function membersOf(db: Db, groupIds: readonly number[]): Promise<number[]> {
  if (!groupIds.length) return [];
  const rows = await db.selectFrom('security_group_vms').select('vm_id').distinct().where('group_id', 'in', [...groupIds]).execute();
  return rows.map((r) => r.vm_id);
}

/** The VMs whose rule sets name these groups' members (their groups have rules referencing them). */
export async function referencingMembers(db: Db, groupIds: readonly number[]): Promise<number[]> {
  if (!groupIds.length) return [];
  const groups = await db.selectFrom('security_group_rules').select('group_id').distinct().where('allowed_group_id', 'in', [...groupIds]).execute();
  return membersOf(db, groups.map((g) => g.group_id));
}
