// updateVolume (root admins by default): name, display flag, delete protection, and the
// record-only fields an operator fixes by hand (path, chain info, pool, state, uuid).
import type { Updateable } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { VolumeTable } from '../db/schema.js';
import { resolveId } from './lookup.js';
import type { VolumeDeps } from './volume-deps.js';
import { type VolumeRow, VOLUME_STATES, nowIso } from './volume-rows.js';

export const UPDATE_CMD = 'updateVolume';

export interface UpdateInput {
  readonly id?: string;
  readonly name?: string;
  readonly displayVolume?: boolean;
  readonly deleteProtection?: boolean;
  readonly path?: string;
  readonly chainInfo?: string;
  readonly storageId?: string;
  readonly state?: string;
  readonly customId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates the changes (nothing is written here) and returns the columns to set. */
export async function planUpdate(d: VolumeDeps, caller: Caller, v: VolumeRow, a: UpdateInput): Promise<Updateable<VolumeTable>> {
  const set: Updateable<VolumeTable> = {};
  if (a.name !== undefined) {
    if (a.name.trim() === '') throw invalidParam('The volume name must not be empty');
    set.name = a.name.trim();
  }
  if (a.displayVolume !== undefined) set.display_volume = a.displayVolume ? 1 : 0;
  if (a.deleteProtection !== undefined) set.delete_protection = a.deleteProtection ? 1 : 0;
  const operatorOnly = a.path !== undefined || a.chainInfo !== undefined || a.storageId !== undefined || a.state !== undefined;
  if (operatorOnly && !isRootAdmin(caller)) throw invalidParam('path, chaininfo, storageid and state can only be changed by a root admin');
  if (a.path !== undefined) set.path = a.path;
  if (a.chainInfo !== undefined) set.chain_info = a.chainInfo;
  if (a.storageId !== undefined) {
    const id = await resolveId(d.db, 'storage_pools', a.storageId);
    const p = id === undefined ? undefined : await d.db.selectFrom('storage_pools').select(['id', 'zone_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!p) throw invalidParam(`Unable to find storage pool with ID: ${a.storageId}`);
    if (p.zone_id !== v.zone_id) throw invalidParam('The storage pool is not in the zone of the volume');
    if (v.pool_id === null) throw invalidParam('The volume is not on primary storage yet: it has no pool to correct');
    set.pool_id = p.id;
  }
  if (a.state !== undefined) {
    const s = VOLUME_STATES.find((x) => x.toLowerCase() === a.state!.toLowerCase());
    if (!s || s === 'Expunged') throw invalidParam(`Invalid state ${a.state} for a volume`);
    set.state = s;
  }
  if (a.customId !== undefined && isRootAdmin(caller)) {
    if (!UUID.test(a.customId)) throw invalidParam(`Invalid customid ${a.customId}: it must be a UUID`);
    const other = await resolveId(d.db, 'volumes', a.customId);
    if (other !== undefined && other !== v.id) throw invalidParam(`A volume with id ${a.customId} already exists`);
    set.uuid = a.customId.toLowerCase();
  }
  if (Object.keys(set).length) set.updated = nowIso();
  return set;
}
