// Plain views of VPCs (CloudStack's VpcResponse) and their list command.
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { NETWORK_SERVICES, findService } from '../core/network-services.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type OwnerView, OwnerCache, bool } from './network-refs.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import type { VpcRow } from './vpc-refs.js';

export interface VpcTierView {
  readonly uuid: string;
  readonly name: string;
  readonly cidr: string | null;
  readonly gateway: string | null;
  readonly netmask: string | null;
  readonly state: string;
  readonly aclUuid: string | null;
  readonly aclName: string | null;
}

export interface VpcView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText: string;
  readonly state: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly cidr: string;
  readonly offeringUuid: string;
  readonly offeringName: string;
  readonly services: readonly { readonly name: string; readonly providers: readonly string[] }[];
  readonly redundantRouter: boolean;
  readonly created: string;
  readonly owner: OwnerView;
  readonly tiers: readonly VpcTierView[];
  readonly restartRequired: boolean;
  readonly networkDomain: string | null;
  readonly forDisplay: boolean;
  readonly publicMtu: number;
  readonly dns1: string | null;
  readonly dns2: string | null;
}

export async function vpcViews(db: Db, rows: readonly VpcRow[]): Promise<VpcView[]> {
  const owners = new OwnerCache(db);
  const out: VpcView[] = [];
  for (const v of rows) {
    const zone = await db.selectFrom('zones').select(['uuid', 'name']).where('id', '=', v.zone_id).executeTakeFirstOrThrow();
    const o = await db.selectFrom('vpc_offerings').select(['uuid', 'name', 'redundant_router']).where('id', '=', v.vpc_offering_id).executeTakeFirstOrThrow();
    const svc = await db.selectFrom('vpc_offering_services').select(['service', 'provider']).where('vpc_offering_id', '=', v.vpc_offering_id).execute();
    const tiers = await db.selectFrom('networks as n').leftJoin('network_acl_lists as a', 'a.id', 'n.acl_id')
      .select(['n.uuid', 'n.name', 'n.cidr', 'n.gateway', 'n.netmask', 'n.state', 'a.uuid as aclUuid', 'a.name as aclName'])
      .where('n.vpc_id', '=', v.id).where('n.removed', 'is', null).orderBy('n.id').execute();
    out.push({
      id: v.id, uuid: v.uuid, name: v.name, displayText: v.display_text, state: v.state, zoneUuid: zone.uuid, zoneName: zone.name, cidr: v.cidr,
      offeringUuid: o.uuid, offeringName: o.name, redundantRouter: o.redundant_router === 1,
      services: NETWORK_SERVICES.filter((s) => svc.some((r) => r.service === s)).map((s) => ({ name: s, providers: svc.filter((r) => r.service === s).map((r) => r.provider) })),
      created: v.created, owner: await owners.get(v.account_id), tiers, restartRequired: bool(v.restart_required), networkDomain: v.network_domain,
      forDisplay: bool(v.for_display), publicMtu: v.public_mtu ?? 1500, dns1: v.dns1, dns2: v.dns2,
    });
  }
  return out;
}

export interface VpcFilter extends ScopeArgs {
  readonly id?: string;
  readonly zoneId?: string;
  readonly name?: string;
  readonly displayText?: string;
  readonly cidr?: string;
  readonly vpcOfferingId?: string;
  readonly supportedServices?: readonly string[];
  readonly state?: string;
  readonly restartRequired?: boolean;
  readonly forDisplay?: boolean;
  readonly keyword?: string;
}

export async function listVpcs(db: Db, caller: Caller, f: VpcFilter, page: Page): Promise<{ count: number; items: VpcView[] }> {
  const scope = await listScope(db, caller, f);
  let q = db.selectFrom('vpcs as v').innerJoin('accounts as a', 'a.id', 'v.account_id').innerJoin('domains as od', 'od.id', 'a.domain_id').where('v.removed', 'is', null);
  q = applyScope(q, scope, 'v.account_id', 'od');
  const idOf = async (table: 'vpcs' | 'zones' | 'vpc_offerings', ref: string, what: string) => {
    const id = await resolveId(db, table, ref);
    if (id === undefined) throw invalidParam(`Unable to find ${what} by id ${ref}`);
    return id;
  };
  if (f.id !== undefined) q = q.where('v.id', '=', await idOf('vpcs', f.id, 'VPC'));
  if (f.zoneId !== undefined) q = q.where('v.zone_id', '=', await idOf('zones', f.zoneId, 'zone'));
  if (f.vpcOfferingId !== undefined) q = q.where('v.vpc_offering_id', '=', await idOf('vpc_offerings', f.vpcOfferingId, 'VPC offering'));
  if (f.name !== undefined) q = q.where('v.name', '=', f.name);
  if (f.displayText !== undefined) q = q.where('v.display_text', '=', f.displayText);
  if (f.cidr !== undefined) q = q.where('v.cidr', '=', f.cidr);
  if (f.state !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['v.state']), '=', f.state!.toLowerCase()));
  if (f.restartRequired !== undefined) q = q.where('v.restart_required', '=', f.restartRequired ? 1 : 0);
  if (f.forDisplay !== undefined) q = q.where('v.for_display', '=', f.forDisplay ? 1 : 0);
  if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('v.name', 'like', `%${f.keyword}%`), eb('v.display_text', 'like', `%${f.keyword}%`)]));
  for (const n of f.supportedServices ?? []) {
    const s = findService(n);
    if (!s) throw invalidParam(`Invalid service ${n}`);
    q = q.where(sql<boolean>`exists (select 1 from vpc_offering_services s where s.vpc_offering_id = v.vpc_offering_id and s.service = ${s})`);
  }
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.selectAll('v').orderBy('v.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), items: await vpcViews(db, rows) };
}
