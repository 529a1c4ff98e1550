// Shared lookups of the networking family: live rows by id or UUID (431 when unknown), who
// owns them as the views print it, access checks, and recognising unique-key conflicts.
import type { Selectable } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import type { Db, FirewallRuleTable, NetworkTable, NicTable, PublicIpAddressTable, RouterTable } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { canAccessProject, projectOfAccount } from './project-access.js';

export type NetworkRow = Selectable<NetworkTable>;
export type PublicIpRow = Selectable<PublicIpAddressTable>;
export type RuleRow = Selectable<FirewallRuleTable>;
export type RouterRow = Selectable<RouterTable>;
export type NicRow = Selectable<NicTable>;

/** An owner as list responses print it: the account, or the project whose account it is. */
export interface OwnerView {
  readonly accountId: number;
  readonly accountName: string;
  readonly accountUuid: string;
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainName: string;
  readonly domainPath: string;
  readonly projectUuid: string | null;
  readonly projectName: string | null;
}

export async function ownerOf(db: Db, accountId: number): Promise<OwnerView> {
  const a = await db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id')
    .leftJoin('projects as p', (j) => j.onRef('p.project_account_id', '=', 'a.id').on('p.removed', 'is', null))
    .select(['a.id', 'a.name', 'a.uuid', 'd.id as domainId', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath',
      'p.uuid as projectUuid', 'p.name as projectName'])
    .where('a.id', '=', accountId).executeTakeFirstOrThrow();
  return {
    accountId: a.id, accountName: a.name, accountUuid: a.uuid, domainId: a.domainId, domainUuid: a.domainUuid, domainName: a.domainName,
    domainPath: a.domainPath, projectUuid: a.projectUuid, projectName: a.projectName,
  };
}

/** Loads owners once per account for a page of views. */
export class OwnerCache {
  private readonly cache = new Map<number, Promise<OwnerView>>();
  constructor(private readonly db: Db) {}
  get(accountId: number): Promise<OwnerView> {
    let p = this.cache.get(accountId);
    if (!p) {
      p = ownerOf(this.db, accountId);
      this.cache.set(accountId, p);
    }
    return p;
  }
}

/**
 * CloudStack's checkAccess on an owned entity: root admins reach everything, domain admins
 * what is owned inside their domain subtree, users their own account's and the projects
 * they are members of.
 */
export async function checkOwnerAccess(db: Db, caller: Caller, accountId: number, what: string): Promise<void> {
  if (isRootAdmin(caller) || accountId === caller.accountId) return;
  const o = await ownerOf(db, accountId);
  if (caller.roleType !== 'User' && o.domainPath.startsWith(caller.domainPath)) return;
  const p = await projectOfAccount(db, accountId);
  if (p && (await canAccessProject(db, caller, p))) return;
  throw permissionDenied(`Account ${caller.accountName} does not have permission to operate with resource ${what}`);
}

/** Whether an account may use a network: its own (or reachable) network, or a shared one offered to its domain. */
export async function canUseNetwork(db: Db, accountId: number, n: NetworkRow): Promise<boolean> {
  if (n.account_id === accountId) return true;
  if (n.acl_type !== 'Domain') {
    const p = await projectOfAccount(db, n.account_id);
    return p !== undefined && (await db.selectFrom('project_accounts').select('id').where('project_id', '=', p.id).where('account_id', '=', accountId).executeTakeFirst()) !== undefined;
  }
  const owner = await ownerOf(db, accountId);
  const netDomain = await db.selectFrom('domains').select('path').where('id', '=', n.domain_id).executeTakeFirstOrThrow();
  if (owner.domainId === n.domain_id) return true;
  return n.subdomain_access !== 0 && owner.domainPath.startsWith(netDomain.path);
}

export async function findNetwork(db: Db, idOrUuid: string): Promise<NetworkRow> {
  const id = await resolveId(db, 'networks', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('networks').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!row) throw invalidParam(`Unable to find network with specified id ${idOrUuid}`);
  return row;
}

export async function networkById(db: Db, id: number): Promise<NetworkRow> {
  return db.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A network the caller may act on (CloudStack checks access to the network's owner). */
export async function findNetworkFor(db: Db, caller: Caller, idOrUuid: string): Promise<NetworkRow> {
  const n = await findNetwork(db, idOrUuid);
  if (n.acl_type === 'Domain') {
    if (!isRootAdmin(caller) && !(await canUseNetwork(db, caller.accountId, n))) {
      throw permissionDenied(`Account ${caller.accountName} does not have permission to operate with resource network ${n.uuid}`);
    }
  } else {
    await checkOwnerAccess(db, caller, n.account_id, `network ${n.uuid}`);
  }
  return n;
}

/** An allocated public IP by id or UUID. */
export async function findPublicIp(db: Db, idOrUuid: string): Promise<PublicIpRow> {
  const id = await resolveId(db, 'public_ip_addresses', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('public_ip_addresses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.state === 'Free' || row.account_id === null) throw invalidParam(`Unable to find IP address with id ${idOrUuid}`);
  return row;
}

export async function findPublicIpFor(db: Db, caller: Caller, idOrUuid: string): Promise<PublicIpRow> {
  const ip = await findPublicIp(db, idOrUuid);
  await checkOwnerAccess(db, caller, ip.account_id!, `IP address ${ip.address}`);
  return ip;
}

export async function findRule(db: Db, idOrUuid: string, purpose: string, trafficType: string, what: string): Promise<RuleRow> {
  const id = await resolveId(db, 'firewall_rules', idOrUuid);
  const row = id === undefined ? undefined
    : await db.selectFrom('firewall_rules').selectAll().where('id', '=', id).where('purpose', '=', purpose).where('traffic_type', '=', trafficType).executeTakeFirst();
  if (!row) throw invalidParam(`Unable to find ${what} with id ${idOrUuid}`);
  return row;
}

/** A live user VM (the compute family's table), with what the networking family needs of it. */
export interface VmRef {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly accountId: number;
  readonly domainId: number;
  readonly userId: number;
  readonly zoneId: number;
  readonly state: string;
}

export async function findVm(db: Db, idOrUuid: string): Promise<VmRef> {
  const id = await resolveId(db, 'vms', idOrUuid);
  const v = id === undefined ? undefined
    : await db.selectFrom('vms').select(['id', 'uuid', 'name', 'display_name', 'account_id', 'domain_id', 'user_id', 'zone_id', 'state'])
      .where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!v || v.state === 'Expunging' || v.state === 'Destroyed') throw invalidParam(`Unable to find virtual machine with id ${idOrUuid}`);
  return { id: v.id, uuid: v.uuid, name: v.name, displayName: v.display_name, accountId: v.account_id, domainId: v.domain_id, userId: v.user_id, zoneId: v.zone_id, state: v.state };
}

export async function findVmFor(db: Db, caller: Caller, idOrUuid: string): Promise<VmRef> {
  const vm = await findVm(db, idOrUuid);
  await checkOwnerAccess(db, caller, vm.accountId, `virtual machine ${vm.uuid}`);
  return vm;
}

/** A unique-key violation (SQLite or PostgreSQL): the allocators retry on these. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed|duplicate key/.test(e.message);
}

export const nowIso = (): string => new Date().toISOString();
export const bool = (n: number | null | undefined): boolean => n === 1;
