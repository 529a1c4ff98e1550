// Changing a VM: its compute offering (stopped, or running with dynamic scaling), its
// password and SSH keys (stopped, as CloudStack requires) and its other attributes.
import type { Caller } from '../core/caller.js';
import { DomainError, invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import { normalizeUserData } from '../core/user-data.js';
import type { JobContext, JobOwner } from '../jobs/types.js';
import { type VmDeps, hypervisorFor } from './vm-deps.js';
import { releaseCounts, reserveCounts } from './vm-destroy.js';
import { newGuestPassword } from './vm-deploy.js';
import { encryptForSshKey } from './vm-password.js';
import { need } from './vm-peers.js';
import { type VmRow, nowIso, resizeOnHost, vmById } from './vm-rows.js';
import { type ComputeSize, checkVmName, computeSize } from './vm-sizing.js';
import { resolveId } from './lookup.js';
import { SSH_KEY_DETAIL } from './vm-spec.js';

const MiB = 1024 ** 2;
export const ENCRYPTED_PASSWORD_DETAIL = 'Encrypted.Password';

async function ownerPath(d: VmDeps, vm: VmRow): Promise<string> {
  return (await d.db.selectFrom('domains').select('path').where('id', '=', vm.domain_id).executeTakeFirstOrThrow()).path;
}

/** The new size for a VM, refused when it is what the VM already has. */
export async function newSize(d: VmDeps, vm: VmRow, offeringRef: string, details: Readonly<Record<string, string>>): Promise<ComputeSize> {
  const size = await computeSize(d.db, offeringRef, { domainPath: await ownerPath(d, vm) }, vm.zone_id, details);
  if (size.offeringId === vm.service_offering_id && size.cpuNumber === vm.cpu_number && size.cpuSpeed === vm.cpu_speed && size.memoryMb === vm.memory_mb) {
    throw invalidParam(`Not upgrading vm ${vm.uuid} since it already has the requested service offering`);
  }
  return size;
}

/** Count changes from the old size to the new one (positive: take more, negative: give back). */
function deltas(vm: VmRow, size: ComputeSize): { cpu: number; memory: number } {
  return { cpu: size.cpuNumber - vm.cpu_number, memory: size.memoryMb - vm.memory_mb };
}

async function applyCountDeltas(d: VmDeps, accountId: number, delta: { cpu: number; memory: number }, sign: 1 | -1): Promise<void> {
  const take: [ 'cpu' | 'memory', number][] = [];
  const give: [ 'cpu' | 'memory', number][] = [];
  for (const [t, n] of [['cpu', delta.cpu * sign], ['memory', delta.memory * sign]] as const) {
    if (n > 0) take.push([t, n]);
    if (n < 0) give.push([t, -n]);
  }
  await reserveCounts(d, accountId, take);
  await releaseCounts(d, accountId, give);
}

/** changeServiceForVirtualMachine / scaleVirtualMachine of a stopped VM. */
export async function changeStoppedOffering(d: VmDeps, owner: JobOwner | Caller, vm: VmRow, size: ComputeSize): Promise<void> {
  if (vm.state !== 'Stopped') throw invalidState(`Unable to upgrade virtual machine ${vm.display_name} (id=${vm.uuid}): it is in state ${vm.state}; stop it first (or enable dynamic scaling to scale it while running)`);
  const delta = deltas(vm, size);
  await applyCountDeltas(d, vm.account_id, delta, 1);
  const r = await d.db.updateTable('vms').set({ service_offering_id: size.offeringId, cpu_number: size.cpuNumber, cpu_speed: size.cpuSpeed, memory_mb: size.memoryMb, updated: nowIso() })
    .where('id', '=', vm.id).where('state', '=', 'Stopped').where('cpu_number', '=', vm.cpu_number).where('memory_mb', '=', vm.memory_mb).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    await applyCountDeltas(d, vm.account_id, delta, -1);
    throw invalidState(`Virtual machine ${vm.uuid} changed while it was being upgraded; try again`);
  }
  await d.events.record(owner, { type: 'VM.UPGRADE', description: `Changed the service offering of VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
}

/** What a running VM must satisfy to scale (CloudStack's dynamic scaling rules). */
export async function checkDynamicScale(d: VmDeps, vm: VmRow, size: ComputeSize): Promise<void> {
  if (!(await d.settings.getBool('enable.dynamic.scale.vm', 'zone', vm.zone_id))) {
    throw invalidParam(`Unable to scale the running vm ${vm.uuid}: dynamic scaling is disabled (enable.dynamic.scale.vm)`);
  }
  if (vm.dynamically_scalable !== 1 || !size.dynamicScaling) throw invalidParam(`Unable to scale the running vm ${vm.uuid}: the VM or the new offering does not allow dynamic scaling`);
  if (size.cpuNumber < vm.cpu_number || size.memoryMb < vm.memory_mb || size.cpuSpeed !== vm.cpu_speed) {
    throw invalidParam(`Only scaling up the vm is supported, new service offering(speed=${size.cpuSpeed}, cpu=${size.cpuNumber}, memory=${size.memoryMb}) should have no value less than the old (speed=${vm.cpu_speed}, cpu=${vm.cpu_number}, memory=${vm.memory_mb}) and the same speed`);
  }
}

/** scaleVirtualMachine of a running VM: more counts, more claimed on its host, hot-plug through the driver. */
export async function scaleRunningSteps(d: VmDeps, ctx: JobContext, vmId: number, size: ComputeSize): Promise<void> {
  const vm = await vmById(d.db, vmId);
  if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
  if (vm.state !== 'Running' || vm.host_id === null) throw invalidState(`Unable to scale virtual machine ${vm.uuid}: it is in state ${vm.state}`);
  const hostId = vm.host_id;
  const delta = deltas(vm, size);
  const host = await d.db.selectFrom('hosts').select(['url', 'cluster_id']).where('id', '=', hostId).executeTakeFirstOrThrow();
  const cpuF = await d.settings.getNumber('cpu.overprovisioning.factor', 'cluster', host.cluster_id);
  const memF = await d.settings.getNumber('mem.overprovisioning.factor', 'cluster', host.cluster_id);
  const dCpu = Math.ceil((size.cpuNumber * size.cpuSpeed) / cpuF) - Number(vm.reserved_cpu_mhz);
  const dMem = Math.ceil((size.memoryMb * MiB) / memF) - Number(vm.reserved_memory_bytes);
  await ctx.step('counts', () => applyCountDeltas(d, vm.account_id, delta, 1), () => applyCountDeltas(d, vm.account_id, delta, -1));
  await ctx.step('host', async () => {
    if (!(await resizeOnHost(d.db, vmId, hostId, dCpu, dMem))) throw new DomainError('InsufficientCapacity', `Unable to scale VM ${vm.instance_name}: host has no room for the new offering`);
  }, async () => {
    await resizeOnHost(d.db, vmId, hostId, -dCpu, -dMem);
  });
  await ctx.step('hotplug', () => hypervisorFor(d, vm.hypervisor_type).scaleVm(host.url, vm.instance_name, { cpus: size.cpuNumber, cpuMhz: size.cpuSpeed, memoryBytes: size.memoryMb * MiB }));
  await ctx.step('row', async () => {
    await d.db.updateTable('vms').set({ service_offering_id: size.offeringId, cpu_number: size.cpuNumber, cpu_speed: size.cpuSpeed, memory_mb: size.memoryMb, updated: nowIso() })
      .where('id', '=', vmId).execute();
  });
  await ctx.step('event', () => d.events.record(ctx.owner, {
    type: 'VM.DYNAMIC.SCALE', description: `Scaled running VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name,
  }));
}

/** Stores a new guest password (and its encryption for the SSH key, for getVMPassword). */
async function setPassword(d: VmDeps, vm: VmRow, password: string): Promise<void> {
  const key = await d.db.selectFrom('vm_details').select('value').where('vm_id', '=', vm.id).where('name', '=', SSH_KEY_DETAIL).executeTakeFirst();
  const encrypted = key ? encryptForSshKey(key.value.split('\n')[0] ?? '', password) : undefined;
  await d.db.transaction().execute(async (tx) => {
    await tx.updateTable('vms').set({ password, updated: nowIso() }).where('id', '=', vm.id).execute();
    await tx.deleteFrom('vm_details').where('vm_id', '=', vm.id).where('name', '=', ENCRYPTED_PASSWORD_DETAIL).execute();
    if (encrypted) await tx.insertInto('vm_details').values({ vm_id: vm.id, name: ENCRYPTED_PASSWORD_DETAIL, value: encrypted, display: 0 }).execute();
  });
}

/** Whether the VM's template (as it is now, as CloudStack reads it) is password enabled. */
export async function passwordEnabled(d: VmDeps, vm: VmRow): Promise<boolean> {
  const t = vm.template_id === null ? undefined : await d.db.selectFrom('templates').select('password_enabled').where('id', '=', vm.template_id).executeTakeFirst();
  return (t?.password_enabled ?? vm.password_enabled) === 1;
}

export async function checkPasswordReset(d: VmDeps, vm: VmRow): Promise<void> {
  if (!(await passwordEnabled(d, vm))) throw invalidParam('Fail to reset password for the virtual machine, the template is not password enabled');
  if (vm.state !== 'Stopped') throw invalidState(`Vm ${vm.uuid} should be stopped to do password reset: it is in state ${vm.state}`);
}

export async function resetPasswordSteps(d: VmDeps, ctx: JobContext, vmId: number, wanted: string | undefined): Promise<string> {
  const password = await ctx.step('password', async () => {
    const vm = await vmById(d.db, vmId);
    if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
    await checkPasswordReset(d, vm);
    const pw = wanted ?? newGuestPassword();
    await setPassword(d, vm, pw);
    await d.events.record(ctx.owner, { type: 'VM.RESETPASSWORD', description: `Reset the password of VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
    return pw;
  });
  return password;
}

export async function resetSshKeySteps(d: VmDeps, ctx: JobContext, vmId: number, names: readonly string[]): Promise<string | undefined> {
  return ctx.step('keys', async () => {
    const vm = await vmById(d.db, vmId);
    if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
    if (vm.state !== 'Stopped') throw invalidState(`Vm ${vm.uuid} should be stopped to do SSH Key reset: it is in state ${vm.state}`);
    const keys = await need(d.peers(), 'sshKeys', 'SSH key pairs').resolve(vm.account_id, names);
    await d.db.transaction().execute(async (tx) => {
      await tx.updateTable('vms').set({ keypairs: keys.map((k) => k.name).join(','), updated: nowIso() }).where('id', '=', vmId).execute();
      await tx.deleteFrom('vm_details').where('vm_id', '=', vmId).where('name', '=', SSH_KEY_DETAIL).execute();
      await tx.insertInto('vm_details').values({ vm_id: vmId, name: SSH_KEY_DETAIL, value: keys.map((k) => k.publicKey).join('\n'), display: 0 }).execute();
    });
    // A password-enabled template gets a new password too, encrypted for the new key.
    let pw: string | undefined;
    if (await passwordEnabled(d, vm)) {
      pw = newGuestPassword();
      await setPassword(d, vm, pw);
    }
    await d.events.record(ctx.owner, { type: 'VM.RESETSSHKEY', description: `Reset the SSH keys of VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
    return pw;
  });
}

export interface VmUpdate {
  readonly displayName?: string;
  readonly name?: string;
  readonly group?: string;
  readonly haEnable?: boolean;
  readonly osTypeId?: string;
  readonly userData?: string;
  readonly userDataId?: string;
  readonly displayVm?: boolean;
  readonly isDynamicallyScalable?: boolean;
  readonly details?: Readonly<Record<string, string>>;
  readonly cleanupDetails?: boolean;
  readonly instanceName?: string;
  readonly securityGroups?: boolean;
}

/** updateVirtualMachine (synchronous). The host name changes only while the VM is stopped, as in CloudStack. */
export async function updateVm(d: VmDeps, caller: Caller, vm: VmRow, a: VmUpdate): Promise<void> {
  if (a.securityGroups) throw invalidParam('Security groups are not enabled in this zone');
  if (a.instanceName !== undefined && a.instanceName !== vm.instance_name) throw invalidParam('The instance name of a VM cannot be changed');
  if (a.userData !== undefined && a.userDataId !== undefined) throw invalidParam('Both userdata and userdata ID inputs are not allowed, please provide only one');
  if (a.details && Object.keys(a.details).some((k) => k.toLowerCase() === 'extraconfig')) throw invalidParam("'extraconfig' is not allowed to be passed in details");
  const set: Partial<Omit<VmRow, 'id' | 'uuid'>> = {};
  if (a.name !== undefined && a.name !== vm.name) {
    if (vm.state !== 'Stopped') throw invalidState(`Unable to change the host name of virtual machine ${vm.uuid}: it is in state ${vm.state}; stop it first`);
    checkVmName(a.name);
    const taken = await d.db.selectFrom('vms').select('id').where('account_id', '=', vm.account_id).where('removed', 'is', null).where('id', '!=', vm.id)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', a.name!.toLowerCase())).executeTakeFirst();
    if (taken) throw invalidParam(`The vm with hostName ${a.name} already exists in the account`);
    set.name = a.name;
  }
  if (a.displayName !== undefined) set.display_name = a.displayName;
  if (a.group !== undefined) set.group_name = a.group || null;
  if (a.haEnable !== undefined) set.ha_enabled = a.haEnable ? 1 : 0;
  if (a.displayVm !== undefined) {
    if (caller.roleType !== 'Admin') throw permissionDenied('Only a root admin may change displayvm');
    set.display = a.displayVm ? 1 : 0;
  }
  if (a.isDynamicallyScalable !== undefined) set.dynamically_scalable = a.isDynamicallyScalable ? 1 : 0;
  if (a.osTypeId !== undefined) {
    const id = await resolveId(d.db, 'guest_os', a.osTypeId);
    if (id === undefined) throw invalidParam(`Please specify a valid guest OS id: ${a.osTypeId}`);
    set.guest_os_id = id;
  }
  if (a.userData !== undefined) {
    set.user_data = normalizeUserData(a.userData, await d.settings.getNumber('vm.userdata.max.length'));
    set.user_data_id = null;
  }
  if (a.userDataId !== undefined) {
    const u = await need(d.peers(), 'userData', 'Registered user data').get(vm.account_id, a.userDataId);
    set.user_data = u.userData;
    set.user_data_id = u.id;
  }
  await d.db.transaction().execute(async (tx) => {
    if (Object.keys(set).length) await tx.updateTable('vms').set({ ...set, updated: nowIso() }).where('id', '=', vm.id).where('removed', 'is', null).execute();
    if (a.cleanupDetails) await tx.deleteFrom('vm_details').where('vm_id', '=', vm.id).where('display', '=', 1).execute();
    else if (a.details) {
      // CloudStack replaces the user-visible details with the given map.
      await tx.deleteFrom('vm_details').where('vm_id', '=', vm.id).where('display', '=', 1).execute();
      for (const [k, v] of Object.entries(a.details)) await tx.insertInto('vm_details').values({ vm_id: vm.id, name: k, value: v, display: 1 }).execute();
    }
  });
  await d.events.record(caller, { type: 'VM.UPDATE', description: `Updated VM ${vm.display_name}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: set.name ?? vm.name });
}
