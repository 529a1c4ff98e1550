// Plain views of security groups (CloudStack's SecurityGroupResponse) with their ingress and
// egress rules (SecurityGroupRuleResponse) and member VMs.
import type { Db } from '../db/schema.js';
import { type OwnerView, ownerViews } from './owned-access.js';

export interface SgRuleView {
  readonly id: number;
  readonly uuid: string;
  readonly type: 'ingress' | 'egress';
  readonly protocol: string;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  readonly cidr: string | null;
  /** A rule naming another group: that group and its owner's account name. */
  readonly groupName: string | null;
  readonly groupAccount: string | null;
}

export interface SecurityGroupView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly description: string | null;
  readonly owner: OwnerView;
  readonly ingress: readonly SgRuleView[];
  readonly egress: readonly SgRuleView[];
  readonly vmUuids: readonly string[];
}

/** Views of groups; `onlyRules` narrows the rules shown (authorize answers with the new ones only). */
export async function sgViews(db: Db, ids: readonly number[], onlyRules?: readonly number[]): Promise<SecurityGroupView[]> {
  if (!ids.length) return [];
  const groups = await db.selectFrom('security_groups').selectAll().where('id', 'in', [...ids]).execute();
  let rq = db.selectFrom('security_group_rules as r').leftJoin('security_groups as g', 'g.id', 'r.allowed_group_id').leftJoin('accounts as a', 'a.id', 'g.account_id')
    .selectAll('r').select(['g.name as groupName', 'a.name as groupAccount']).where('r.group_id', 'in', [...ids]);
  if (onlyRules) rq = onlyRules.length ? rq.where('r.id', 'in', [...onlyRules]) : rq.where('r.id', '=', -1);
  const rules = await rq.orderBy('r.id').execute();
  const members = await db.selectFrom('security_group_vms as m').innerJoin('vms as v', 'v.id', 'm.vm_id').select(['m.group_id', 'v.uuid'])
    .where('m.group_id', 'in', [...ids]).where('v.removed', 'is', null).orderBy('v.id').execute();
  const owners = await ownerViews(db, groups.map((g) => g.account_id));
  const byId = new Map(groups.map((g) => [g.id, g]));
  return ids.flatMap((id) => {
    const g = byId.get(id);
    if (!g) return [];
    const mine = rules.filter((r) => r.group_id === id).map((r): SgRuleView => ({
      id: r.id, uuid: r.uuid, type: r.type === 'egress' ? 'egress' : 'ingress', protocol: r.protocol, startPort: r.start_port, endPort: r.end_port,
      icmpType: r.icmp_type, icmpCode: r.icmp_code, cidr: r.cidr, groupName: r.groupName, groupAccount: r.groupAccount,
    }));
    return [{
      id: g.id, uuid: g.uuid, name: g.name, description: g.description, owner: owners.get(g.account_id)!,
      ingress: mine.filter((r) => r.type === 'ingress'), egress: mine.filter((r) => r.type === 'egress'),
      vmUuids: members.filter((m) => m.group_id === id).map((m) => m.uuid),
    }];
  });
}
