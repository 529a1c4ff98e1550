// Plain views of VM snapshots for a page of ids, and listVMSnapshot's filters.
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { type OwnerView, ownerViews } from './owned-access.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { type TagMapEntry, filterByTags } from './tag-filter.js';
import type { TagService, TagView } from './tags.js';
import { VM_SNAPSHOT_STATES } from './vm-snapshot-rows.js';

export interface VmSnapshotView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly state: string;
  readonly type: string;
  readonly current: boolean;
  readonly created: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly vmUuid: string;
  readonly vmName: string;
  readonly parent: { readonly uuid: string; readonly displayName: string } | null;
  readonly hypervisor: string;
  readonly owner: OwnerView;
  readonly tags: readonly TagView[];
}

export async function vmSnapshotViews(db: Db, tags: TagService, ids: readonly number[]): Promise<VmSnapshotView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('vm_snapshots as s').innerJoin('zones as z', 'z.id', 's.zone_id').innerJoin('vms as vm', 'vm.id', 's.vm_id')
    .leftJoin('vm_snapshots as p', 'p.id', 's.parent_id')
    .select([
      's.id', 's.uuid', 's.name', 's.display_name', 's.description', 's.state', 's.type', 's.current', 's.created', 's.hypervisor', 's.account_id',
      'z.uuid as zoneUuid', 'z.name as zoneName', 'vm.uuid as vmUuid', 'vm.name as vmName', 'p.uuid as parentUuid', 'p.display_name as parentName',
    ])
    .where('s.id', 'in', [...ids]).execute();
  const owners = await ownerViews(db, rows.map((r) => r.account_id));
  const tagMap = await tags.tagsOf('VMSnapshot', ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: VmSnapshotView[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    const owner = r ? owners.get(r.account_id) : undefined;
    if (!r || !owner) continue;
    out.push({
      id: r.id, uuid: r.uuid, name: r.name, displayName: r.display_name, description: r.description, state: r.state, type: r.type, current: r.current === 1,
      created: r.created, zoneUuid: r.zoneUuid, zoneName: r.zoneName, vmUuid: r.vmUuid, vmName: r.vmName,
      parent: r.parentUuid ? { uuid: r.parentUuid, displayName: r.parentName ?? '' } : null, hypervisor: r.hypervisor, owner, tags: tagMap.get(r.id) ?? [],
    });
  }
  return out;
}

export interface VmSnapshotFilter extends ScopeArgs {
  readonly id?: string;
  readonly ids?: readonly string[];
  readonly state?: string;
  readonly virtualMachineId?: string;
  readonly name?: string;
  readonly keyword?: string;
  readonly tags?: readonly TagMapEntry[];
}

async function ref(db: Db, table: 'vm_snapshots' | 'vms', v: string, param: string): Promise<number> {
  const id = await resolveId(db, table, v);
  if (id === undefined) throw invalidParam(`Invalid parameter ${param} value=${v} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`);
  return id;
}

export async function listVmSnapshotIds(db: Db, caller: Caller, f: VmSnapshotFilter, page: Page): Promise<{ count: number; ids: number[] }> {
  const scope = await listScope(db, caller, f);
  let q = db.selectFrom('vm_snapshots as s').innerJoin('domains as d', 'd.id', 's.domain_id').where('s.removed', 'is', null);
  q = applyScope(q, scope, 's.account_id', 'd');
  if (f.id !== undefined) q = q.where('s.id', '=', await ref(db, 'vm_snapshots', f.id, 'vmsnapshotid'));
  if (f.ids?.length) {
    const ids: number[] = [];
    for (const x of f.ids) ids.push(await ref(db, 'vm_snapshots', x, 'vmsnapshotids'));
    q = q.where('s.id', 'in', ids);
  }
  if (f.state !== undefined) {
    const st = VM_SNAPSHOT_STATES.find((x) => x.toLowerCase() === f.state!.toLowerCase());
    if (!st) throw invalidParam(`Invalid VM snapshot state ${f.state}`);
    q = q.where('s.state', '=', st);
  }
  if (f.virtualMachineId !== undefined) q = q.where('s.vm_id', '=', await ref(db, 'vms', f.virtualMachineId, 'virtualmachineid'));
  if (f.name !== undefined) {
    const n = f.name;
    q = q.where((eb) => eb.or([eb('s.name', '=', n), eb('s.display_name', '=', n)]));
  }
  if (f.keyword !== undefined) q = q.where('s.display_name', 'like', `%${f.keyword}%`);
  q = filterByTags(q, 'VMSnapshot', 's.id', f.tags);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select('s.id').orderBy('s.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(total.n), ids: rows.map((r) => r.id) };
}
