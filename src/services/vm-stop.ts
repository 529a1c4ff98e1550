// Stopping and rebooting a VM through its host's driver. A stop of a Stopped VM is a no-op,
// as in CloudStack; a forced stop marks the VM Stopped even when the host cannot be reached.
import { invalidParam } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import { type VmDeps, hypervisorFor } from './vm-deps.js';
import { type VmRow, leaveHost, mustTransit, transit, vmById } from './vm-rows.js';

async function liveVm(d: VmDeps, vmId: number): Promise<VmRow> {
  const vm = await vmById(d.db, vmId);
  if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
  return vm;
}

async function hostUrl(d: VmDeps, hostId: number | null): Promise<string | undefined> {
  if (hostId === null) return undefined;
  return (await d.db.selectFrom('hosts').select('url').where('id', '=', hostId).executeTakeFirst())?.url;
}

/** The job steps of a stop (`prefix` keeps them apart when a destroy stops first). Returns whether it stopped anything. */
export async function stopSteps(d: VmDeps, ctx: JobContext, vmId: number, forced: boolean, prefix = ''): Promise<boolean> {
  const needed = await ctx.step(`${prefix}stopping`, async () => {
    const vm = await liveVm(d, vmId);
    if (vm.state === 'Stopped') return false;
    await mustTransit(d.db, vm, ['Running'], 'Stopping', 'stop');
    return true;
  }, async (was) => {
    if (was) await transit(d.db, vmId, ['Stopping'], 'Running');
  });
  if (!needed) return false;
  await ctx.step(`${prefix}halt`, async () => {
    const vm = await liveVm(d, vmId);
    const url = await hostUrl(d, vm.host_id);
    if (!url) return;
    try {
      await hypervisorFor(d, vm.hypervisor_type).stopVm(url, vm.instance_name, forced);
    } catch (e) {
      if (!forced) throw e;
    }
  });
  await ctx.step(`${prefix}stopped`, async () => {
    const vm = await liveVm(d, vmId);
    if (!(await leaveHost(d.db, vmId, ['Stopping'], 'Stopped'))) await mustTransit(d.db, vm, ['Stopped'], 'Stopped', 'stop');
  });
  await ctx.step(`${prefix}event:stop`, async () => {
    const vm = await liveVm(d, vmId);
    await d.events.record(ctx.owner, { type: 'VM.STOP', description: `Stopped VM ${vm.display_name}${forced ? ' (forced)' : ''}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
  });
  return true;
}

export async function rebootSteps(d: VmDeps, ctx: JobContext, vmId: number): Promise<void> {
  await ctx.step('reboot', async () => {
    const vm = await liveVm(d, vmId);
    if (vm.state !== 'Running') await mustTransit(d.db, vm, ['Running'], 'Running', 'reboot');
    const url = await hostUrl(d, vm.host_id);
    if (!url) throw invalidParam(`VM ${vm.uuid} has no host`);
    await hypervisorFor(d, vm.hypervisor_type).rebootVm(url, vm.instance_name);
  });
  await ctx.step('event:reboot', async () => {
    const vm = await liveVm(d, vmId);
    await d.events.record(ctx.owner, { type: 'VM.REBOOT', description: `Rebooted VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
  });
}
