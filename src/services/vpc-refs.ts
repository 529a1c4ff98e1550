// Shared lookups of the VPC family: live VPCs by id or UUID (431 when unknown), access to them,
// their tiers, and the ACL lists they may use.
import type { Selectable } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db, NetworkAclListTable, VpcTable } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type NetworkRow, checkOwnerAccess } from './network-refs.js';

export type VpcRow = Selectable<VpcTable>;
export type AclListRow = Selectable<NetworkAclListTable>;

/** The two lists every VPC may use; CloudStack gives them the ids 1 and 2 and VPC id 0. */
export const DEFAULT_ACLS = { deny: 'default_deny', allow: 'default_allow' } as const;

export async function findVpc(db: Db, idOrUuid: string): Promise<VpcRow> {
  const id = await resolveId(db, 'vpcs', idOrUuid);
  const v = id === undefined ? undefined : await db.selectFrom('vpcs').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!v) throw invalidParam(`Unable to find VPC by id ${idOrUuid}`);
  return v;
}

export async function findVpcFor(db: Db, caller: Caller, idOrUuid: string): Promise<VpcRow> {
  const v = await findVpc(db, idOrUuid);
  await checkOwnerAccess(db, caller, v.account_id, `VPC ${v.uuid}`);
  return v;
}

export async function vpcById(db: Db, id: number): Promise<VpcRow> {
  return db.selectFrom('vpcs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The VPC's tiers that are not being deleted, oldest first. */
export async function liveTiers(db: Db, vpcId: number): Promise<NetworkRow[]> {
  return db.selectFrom('networks').selectAll().where('vpc_id', '=', vpcId).where('removed', 'is', null).where('state', '!=', 'Destroy').orderBy('id').execute();
}

export async function findAclList(db: Db, idOrUuid: string): Promise<AclListRow> {
  const id = await resolveId(db, 'network_acl_lists', idOrUuid);
  const row = id === undefined ? undefined : await db.selectFrom('network_acl_lists').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw invalidParam(`Unable to find network ACL list with id ${idOrUuid}`);
  return row;
}

export const isDefaultAcl = (acl: AclListRow): boolean => acl.vpc_id === null;

/** An ACL list the caller may use: a default one, or one of a VPC it may act on. */
export async function findAclListFor(db: Db, caller: Caller, idOrUuid: string): Promise<AclListRow> {
  const acl = await findAclList(db, idOrUuid);
  if (acl.vpc_id !== null) {
    const vpc = await vpcById(db, acl.vpc_id);
    await checkOwnerAccess(db, caller, vpc.account_id, `network ACL list ${acl.uuid}`);
  }
  return acl;
}
