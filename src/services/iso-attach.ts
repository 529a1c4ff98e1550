// attachIso / detachIso (TemplateManagerImpl.attachIso/detachIso): sets or clears vms.iso_id of
// a Running or Stopped VM; the VM family boots a VM with its ISO (VmSpec.iso). Running guests
// get no hot-plugged CD yet: the hypervisor driver contract has no such operation.
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import { PROJECT_ACCOUNT_TYPE } from '../core/project.js';
import type { JobContext, JobResult } from '../jobs/types.js';
import { resolveId } from './lookup.js';
import { checkOwnedAccess } from './owned-access.js';
import { membershipOf, projectOfAccount } from './project-access.js';
import type { TemplateDeps } from './template-deps.js';
import { type TemplateRow, checkUse, findTemplate, templateById } from './template-access.js';

export const ATTACH_CMD = 'attachIso';
export const DETACH_CMD = 'detachIso';
const USABLE_STATES = ['Running', 'Stopped'];

/** A VM as attach/detach answers it when the VM family gives no view of its own. */
export interface IsoVmView {
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly state: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly isoUuid: string | null;
  readonly isoName: string | null;
  readonly isoDisplayText: string | null;
}

/** The VM family's own VM response, when it offers one (VmService binds it). */
export type VmViewProvider = (vmId: number) => Promise<{ entity: string; data: unknown }>;

async function findVm(deps: TemplateDeps, ref: string) {
  const id = await resolveId(deps.db, 'vms', ref);
  const vm = id === undefined ? undefined : await deps.db.selectFrom('vms').select(['id', 'uuid', 'name', 'state', 'zone_id', 'account_id', 'iso_id'])
    .where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!vm || vm.state === 'Expunging' || vm.state === 'Destroyed') throw invalidParam(`Unable to find an Instance with id ${ref}`);
  return vm;
}

/** Whether the VM's owner (not only the caller) may use the ISO, as CloudStack checks both. */
async function ownerMayUse(deps: TemplateDeps, accountId: number, iso: TemplateRow): Promise<boolean> {
  const { db } = deps;
  const acct = await db.selectFrom('accounts').select(['id', 'type', 'domain_id']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (acct.type === 1 || iso.account_id === accountId) return true;
  if (iso.is_public === 1 && (iso.domain_id === acct.domain_id || (await deps.settings.getBool('share.public.templates.with.other.domains', 'domain', iso.domain_id)))) return true;
  if (await db.selectFrom('template_permissions').select('account_id').where('template_id', '=', iso.id).where('account_id', '=', accountId).executeTakeFirst()) return true;
  if (iso.accountType !== PROJECT_ACCOUNT_TYPE) return false;
  const p = await projectOfAccount(db, iso.account_id);
  return p !== undefined && (await membershipOf(db, p.id, { userId: -1, accountId })) !== undefined;
}

export async function submitAttach(deps: TemplateDeps, caller: Caller, a: { isoId: string; vmId: string; forced?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
  const { db } = deps;
  const vm = await findVm(deps, a.vmId);
  const iso = await findTemplate(db, a.isoId, true).catch(() => {
    throw invalidParam(`Unable to find an ISO with id ${a.isoId}`);
  });
  const inZone = await db.selectFrom('template_stores').select(['id', 'state']).where('template_id', '=', iso.id).where('zone_id', '=', vm.zone_id)
    .where('state', '!=', 'Destroyed').orderBy('state').execute();
  if (!inZone.length) throw invalidParam('ISO is not available in the zone the instance is in.');
  await checkOwnedAccess(db, caller, vm.account_id, `VM ${vm.name} (${vm.uuid})`);
  await checkUse(db, deps.settings, caller, iso);
  if (!(await ownerMayUse(deps, vm.account_id, iso))) throw permissionDenied(`The owner of VM ${vm.name} (${vm.uuid}) may not use ISO ${iso.name} (${iso.uuid})`);
  if (!USABLE_STATES.includes(vm.state)) throw invalidParam('Please specify an instance that is either Stopped or Running.');
  if (!inZone.some((c) => c.state === 'Ready')) throw invalidParam(`ISO ${iso.name} (${iso.uuid}) is not ready in the zone the instance is in`);
  if (vm.iso_id !== null && vm.iso_id !== iso.id && a.forced !== true) {
    throw invalidParam(`Instance ${vm.name} (${vm.uuid}) already has an ISO attached: detach it first, or attach with forced=true to replace it`);
  }
  const job = await deps.jobs.submit({
    cmd: ATTACH_CMD, javaClass, owner: caller, params: { vmId: vm.id, isoId: iso.id, forced: a.forced === true },
    instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
  });
  return { jobUuid: job.uuid };
}

export async function submitDetach(deps: TemplateDeps, caller: Caller, a: { vmId: string }, javaClass: string): Promise<{ jobUuid: string }> {
  const vm = await findVm(deps, a.vmId);
  await checkOwnedAccess(deps.db, caller, vm.account_id, `VM ${vm.name} (${vm.uuid})`);
  if (vm.iso_id === null) throw invalidParam('The specified instance has no ISO attached to it.');
  if (!USABLE_STATES.includes(vm.state)) throw invalidParam('Please specify an instance that is either Stopped or Running.');
  const job = await deps.jobs.submit({
    cmd: DETACH_CMD, javaClass, owner: caller, params: { vmId: vm.id, isoId: vm.iso_id },
    instanceType: 'VirtualMachine', instanceId: vm.uuid, lockKey: `vm:${vm.id}`,
  });
  return { jobUuid: job.uuid };
}

/** The VM as attach/detach answer it: the VM family's view when bound, else Nubo's short one. */
async function vmResult(deps: TemplateDeps, vmId: number, provider: VmViewProvider | undefined): Promise<JobResult> {
  if (provider) {
    const v = await provider(vmId);
    return { type: 'entity', entity: v.entity, data: v.data };
  }
  const r = await deps.db.selectFrom('vms as v').innerJoin('zones as z', 'z.id', 'v.zone_id').leftJoin('templates as i', 'i.id', 'v.iso_id')
    .select(['v.uuid', 'v.name', 'v.display_name', 'v.state', 'z.uuid as zoneUuid', 'z.name as zoneName', 'i.uuid as isoUuid', 'i.name as isoName', 'i.display_text as isoText'])
    .where('v.id', '=', vmId).executeTakeFirstOrThrow();
  const data: IsoVmView = {
    uuid: r.uuid, name: r.name, displayName: r.display_name, state: r.state, zoneUuid: r.zoneUuid, zoneName: r.zoneName, isoUuid: r.isoUuid,
    isoName: r.isoName, isoDisplayText: r.isoText,
  };
  return { type: 'entity', entity: 'IsoVm', data };
}

export async function runAttach(deps: TemplateDeps, ctx: JobContext, params: Record<string, unknown>, provider: VmViewProvider | undefined): Promise<JobResult> {
  const vmId = Number(params.vmId);
  const isoId = Number(params.isoId);
  await ctx.step('attach', async () => {
    // Compare-and-set: the VM must still be usable and without another ISO (unless forced).
    let q = deps.db.updateTable('vms').set({ iso_id: isoId, updated: new Date().toISOString() }).where('id', '=', vmId).where('removed', 'is', null)
      .where('state', 'in', USABLE_STATES);
    if (params.forced !== true) q = q.where((eb) => eb.or([eb('iso_id', 'is', null), eb('iso_id', '=', isoId)]));
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw invalidState('The instance changed meanwhile: it is no longer Stopped or Running, or another ISO was attached');
  });
  await ctx.step('event', async () => {
    const iso = await templateById(deps.db, isoId);
    const vm = await deps.db.selectFrom('vms').select(['uuid', 'name']).where('id', '=', vmId).executeTakeFirstOrThrow();
    await deps.events.record(ctx.owner, { type: 'ISO.ATTACH', description: `Vm Id: ${vm.uuid} ISO Id: ${iso.uuid}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
  });
  return vmResult(deps, vmId, provider);
}

export async function runDetach(deps: TemplateDeps, ctx: JobContext, params: Record<string, unknown>, provider: VmViewProvider | undefined): Promise<JobResult> {
  const vmId = Number(params.vmId);
  await ctx.step('detach', async () => {
    const r = await deps.db.updateTable('vms').set({ iso_id: null, updated: new Date().toISOString() }).where('id', '=', vmId).where('removed', 'is', null)
      .where('state', 'in', USABLE_STATES).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw invalidState('The instance is no longer Stopped or Running');
  });
  await ctx.step('event', async () => {
    const vm = await deps.db.selectFrom('vms').select(['uuid', 'name']).where('id', '=', vmId).executeTakeFirstOrThrow();
    await deps.events.record(ctx.owner, { type: 'ISO.DETACH', description: `Vm Id: ${vm.uuid} ISO Id: ${String(params.isoId)}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
  });
  return vmResult(deps, vmId, provider);
}
