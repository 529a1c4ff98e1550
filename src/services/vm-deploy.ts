// deployVirtualMachine, the synchronous half (CloudStack's BaseAsyncCreateCmd.create): every
// check (the networks family validates the NIC choice), the owner's counts, the VM row
// (Stopped), its disks as Allocated rows and its affinity groups. A failure undoes what this
// half made, so bad input changes nothing; the job then allocates the NICs and starts the VM
// (or, with startvm=false, leaves it Stopped as CloudStack does).
import { randomBytes, randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { normalizeUserData } from '../core/user-data.js';
import { resolveId } from './lookup.js';
import { checkOwnerWritable, resolveOwner } from './owner.js';
import { findZone } from './infra-refs.js';
import { insertVolume } from './volume-lifecycle.js';
import type { VmDeps } from './vm-deps.js';
import { diskCounts, releaseCounts, reserveCounts, vmCounts } from './vm-destroy.js';
import { type NicRequest, need } from './vm-peers.js';
import { checkVmName, computeSize, dataDisk, detail, rootDiskBytes } from './vm-sizing.js';
import { SSH_KEY_DETAIL } from './vm-spec.js';
import { instanceNameOf, nowIso } from './vm-rows.js';

export interface DeployInput {
  readonly zoneId: string;
  readonly serviceOfferingId: string;
  readonly templateId?: string;
  readonly volumeId?: string;
  readonly snapshotId?: string;
  readonly name?: string;
  readonly displayName?: string;
  readonly password?: string;
  readonly account?: string;
  readonly domainId?: string;
  readonly projectId?: string;
  readonly networkIds?: readonly string[];
  readonly ipAddress?: string;
  readonly macAddress?: string;
  readonly ipToNetwork?: readonly Readonly<Record<string, string>>[];
  readonly diskOfferingId?: string;
  readonly size?: number;
  readonly rootDiskSize?: number;
  readonly group?: string;
  readonly hypervisor?: string;
  readonly userData?: string;
  readonly userDataId?: string;
  readonly keypair?: string;
  readonly keypairs?: readonly string[];
  readonly hostId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly securityGroups?: boolean;
  readonly startVm?: boolean;
  readonly affinityGroupIds?: readonly string[];
  readonly affinityGroupNames?: readonly string[];
  readonly displayVm?: boolean;
  readonly details?: Readonly<Record<string, string>>;
  readonly bootType?: string;
  readonly bootMode?: string;
  readonly dynamicScalingEnabled?: boolean;
}

export interface Deployed {
  readonly vmId: number;
  readonly vmUuid: string;
  readonly startVm: boolean;
  readonly hostId?: number;
  readonly podId?: number;
  readonly clusterId?: number;
  readonly password?: string;
  /** The networks and addresses asked for; the deploy job allocates the NICs. */
  readonly nics: NicChoice;
}

export type NicChoice = Pick<NicRequest, 'networkIds' | 'ipAddress' | 'ipToNetwork' | 'macAddress'>;

/** A random guest password (CloudStack's vm.password.length is 6; longer is kinder). */
export const newGuestPassword = (): string => randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);

async function placementRefs(d: VmDeps, caller: Caller, a: DeployInput, zoneId: number): Promise<{ hostId?: number; podId?: number; clusterId?: number }> {
  if (a.hostId === undefined && a.podId === undefined && a.clusterId === undefined) return {};
  if (!isRootAdmin(caller)) throw permissionDenied('Parameters hostid, podid and clusterid can only be specified by a Root Admin, permission denied');
  const find = async (table: 'hosts' | 'pods' | 'clusters', ref: string | undefined, what: string) => {
    if (ref === undefined) return undefined;
    const id = await resolveId(d.db, table, ref);
    const r = id === undefined ? undefined : await d.db.selectFrom(table).select(['id', 'zone_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!r) throw invalidParam(`Unable to find ${what} by id ${ref}`);
    if (r.zone_id !== zoneId) throw invalidParam(`The ${what} ${ref} is not in the zone of the VM`);
    return r.id;
  };
  return { hostId: await find('hosts', a.hostId, 'host'), podId: await find('pods', a.podId, 'pod'), clusterId: await find('clusters', a.clusterId, 'cluster') };
}

export async function createVm(d: VmDeps, caller: Caller, a: DeployInput): Promise<Deployed> {
  const db = d.db;
  const peers = d.peers();
  if (a.volumeId !== undefined || a.snapshotId !== undefined) throw invalidParam('Deploying from a volume or snapshot is not supported; specify templateid');
  if (a.templateId === undefined) throw invalidParam('Unable to execute API command deployvirtualmachine due to missing parameter templateid');
  if (a.securityGroups) throw invalidParam("Can't create vm with security groups; security group feature is not enabled in this zone");
  if (a.networkIds?.length && a.ipToNetwork?.length) throw invalidParam("NetworkIds can't be specified along with ipToNetworkMap");
  if (a.userData !== undefined && a.userDataId !== undefined) throw invalidParam('Both userdata and userdata ID inputs are not allowed, please provide only one');
  if (a.keypair !== undefined && a.keypairs?.length) throw invalidParam('Use either keypair or keypairs, not both');
  if (a.details && detail(a.details, 'extraconfig') !== undefined) throw invalidParam("'extraconfig' is not allowed to be passed in details");

  const ownerId = await resolveOwner(db, caller, { account: a.account, domainid: a.domainId, projectid: a.projectId });
  await checkOwnerWritable(db, ownerId);
  const owner = await db.selectFrom('accounts as acc').innerJoin('domains as dom', 'dom.id', 'acc.domain_id')
    .select(['acc.id', 'acc.domain_id', 'acc.state', 'dom.path']).where('acc.id', '=', ownerId).executeTakeFirstOrThrow();
  if (owner.state !== 'enabled' && owner.state !== 'Enabled') throw invalidParam('The owner of the VM is disabled or locked');
  const zone = await findZone(db, a.zoneId);
  if (zone.allocation_state !== 'Enabled' && !isRootAdmin(caller)) throw permissionDenied(`Cannot perform this operation, Zone ${zone.name} is currently disabled`);
  const details = a.details ?? {};
  const size = await computeSize(db, a.serviceOfferingId, { domainPath: owner.path }, zone.id, details);
  const template = await need(peers, 'templates', 'Deploying from a template').forDeploy(caller, a.templateId, zone.id);
  if (template.isIso) throw invalidParam(`Deploying from ISO ${template.name} is not supported; use a template`);
  if (a.hypervisor !== undefined && template.hypervisor.toLowerCase() !== a.hypervisor.toLowerCase()) {
    throw invalidParam(`Hypervisor passed to the deployVm call, is different from the hypervisor type of the template (${template.hypervisor})`);
  }
  const rootGb = detail(details, 'rootdisksize') !== undefined ? Number(detail(details, 'rootdisksize')) : a.rootDiskSize ?? size.rootDiskSizeGb ?? undefined;
  if (rootGb !== undefined && !Number.isInteger(rootGb)) throw invalidParam('rootdisksize must be a whole number of GB');
  const rootBytes = rootDiskBytes(template.image.sizeBytes, rootGb);
  if (a.size !== undefined && a.diskOfferingId === undefined) throw invalidParam('size can only be given together with a (custom) diskofferingid');
  const data = a.diskOfferingId === undefined ? undefined : await dataDisk(db, d.settings, a.diskOfferingId, a.size, { domainPath: owner.path }, zone.id);
  const place = await placementRefs(d, caller, a, zone.id);

  const uuid = randomUUID();
  const name = a.name ?? `VM-${uuid}`;
  checkVmName(name);
  const displayName = a.displayName ?? name;
  if (await db.selectFrom('vms').select('id').where('account_id', '=', ownerId).where('removed', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst()) {
    throw invalidParam(`The vm with hostName ${name} already exists in the account`);
  }
  let userData: string | null = null;
  let userDataId: number | null = null;
  if (a.userData !== undefined) userData = normalizeUserData(a.userData, await d.settings.getNumber('vm.userdata.max.length'));
  if (a.userDataId !== undefined) {
    const u = await need(peers, 'userData', 'Registered user data').get(ownerId, a.userDataId);
    userData = u.userData;
    userDataId = u.id;
  }
  const keyNames = a.keypairs?.length ? a.keypairs : a.keypair !== undefined ? [a.keypair] : [];
  const keys = keyNames.length ? await need(peers, 'sshKeys', 'SSH key pairs').resolve(ownerId, keyNames) : [];
  const groups = a.affinityGroupIds?.length || a.affinityGroupNames?.length
    ? await need(peers, 'affinity', 'Affinity groups').resolve(ownerId, { ids: a.affinityGroupIds, names: a.affinityGroupNames })
    : [];
  const password = template.passwordEnabled ? (a.password ?? newGuestPassword()) : undefined;

  const nicRequest: NicChoice = {
    networkIds: a.networkIds, ipAddress: a.ipAddress, macAddress: a.macAddress,
    ipToNetwork: a.ipToNetwork?.map((e) => ({ networkId: detail(e, 'networkid') ?? '', ip: detail(e, 'ip'), mac: detail(e, 'mac') })),
  };
  const vmCount = vmCounts({ cpu_number: size.cpuNumber, memory_mb: size.memoryMb });
  const disks = diskCounts([rootBytes, ...(data ? [data.sizeBytes] : [])]);
  await reserveCounts(d, ownerId, [...vmCount, ...disks]);
  let vmId: number | undefined;
  try {
    const suffix = await d.settings.get('instance.name');
    vmId = await db.transaction().execute(async (tx) => {
      const now = nowIso();
      const row = await tx.insertInto('vms').values({
        uuid, name, display_name: displayName, instance_name: `pending-${uuid}`, account_id: ownerId, domain_id: owner.domain_id, user_id: caller.userId,
        zone_id: zone.id, pod_id: null, cluster_id: null, host_id: null, last_host_id: null, template_id: template.id, iso_id: null,
        service_offering_id: size.offeringId, cpu_number: size.cpuNumber, cpu_speed: size.cpuSpeed, memory_mb: size.memoryMb, state: 'Stopped',
        power_state_updated: null, ha_enabled: size.offerHa ? 1 : 0, hypervisor_type: template.hypervisor,
        guest_os_id: template.guestOsId ?? template.osTypeId ?? null, password: password ?? null, user_data: userData, user_data_id: userDataId,
        keypairs: keys.length ? keys.map((k) => k.name).join(',') : null, group_name: a.group ?? null, display: a.displayVm === false && isRootAdmin(caller) ? 0 : 1,
        boot_type: a.bootType ?? null, boot_mode: a.bootMode ?? null, created: now, updated: null, removed: null,
        template_uuid: template.uuid, template_name: template.name, template_display_text: template.displayText ?? template.name,
        template_format: template.format ?? template.image.format, template_type: template.templateType ?? template.type ?? 'USER',
        password_enabled: template.passwordEnabled ? 1 : 0, template_image: JSON.stringify({ storeUrl: template.storeUrl, image: template.image }),
        dynamically_scalable: (a.dynamicScalingEnabled ?? template.isDynamicallyScalable ?? false) ? 1 : 0, arch: template.arch ?? 'x86_64',
      }).returning('id').executeTakeFirstOrThrow();
      await tx.updateTable('vms').set({ instance_name: instanceNameOf(ownerId, row.id, suffix) }).where('id', '=', row.id).execute();
      const shown = Object.entries(details).filter(([k]) => !['cpunumber', 'cpuspeed', 'memory', 'rootdisksize'].includes(k.toLowerCase()));
      for (const [k, v] of shown) await tx.insertInto('vm_details').values({ vm_id: row.id, name: k, value: v, display: 1 }).execute();
      if (keys.length) await tx.insertInto('vm_details').values({ vm_id: row.id, name: SSH_KEY_DETAIL, value: keys.map((k) => k.publicKey).join('\n'), display: 0 }).execute();
      await insertVolume(tx, { name: `ROOT-${row.id}`, accountId: ownerId, domainId: owner.domain_id, zoneId: zone.id, type: 'ROOT', sizeBytes: rootBytes, vmId: row.id, deviceId: 0, templateId: template.id });
      if (data) {
        await insertVolume(tx, {
          name: `DATA-${row.id}`, accountId: ownerId, domainId: owner.domain_id, zoneId: zone.id, type: 'DATADISK', sizeBytes: data.sizeBytes, vmId: row.id, deviceId: 1,
          diskOfferingId: data.offeringId, provisioningType: data.provisioningType, minIops: data.minIops, maxIops: data.maxIops,
        });
      }
      return row.id;
    });
    if (groups.length) await need(peers, 'affinity', 'Affinity groups').addVm(vmId, groups.map((g) => g.id));
    if (peers.networks) await peers.networks.validateVmNics?.({ ...nicRequest, vmId, vmUuid: uuid, vmName: name, accountId: ownerId, domainId: owner.domain_id, zoneId: zone.id });
    else if (nicRequest.networkIds?.length || nicRequest.ipToNetwork?.length || nicRequest.ipAddress !== undefined) need(peers, 'networks', 'Choosing networks');
  } catch (e) {
    await undoCreate(d, ownerId, vmId, [...vmCount, ...disks]);
    throw e;
  }
  await d.events.record(caller, { type: 'VM.CREATE', description: `Created VM ${displayName}`, resourceType: 'VirtualMachine', resourceId: uuid, resourceName: name });
  return { vmId, vmUuid: uuid, startVm: a.startVm ?? true, ...place, password, nics: nicRequest };
}

/** Bad input found after rows were written: remove them and give the counts back. */
async function undoCreate(d: VmDeps, ownerId: number, vmId: number | undefined, counts: Parameters<typeof releaseCounts>[2]): Promise<void> {
  if (vmId !== undefined) {
    await d.peers().networks?.releaseVmNics(vmId).catch(() => undefined);
    await d.peers().affinity?.removeVm(vmId).catch(() => undefined);
    await d.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('volumes').where('vm_id', '=', vmId).where('state', '=', 'Allocated').execute();
      await tx.deleteFrom('vm_details').where('vm_id', '=', vmId).execute();
      await tx.deleteFrom('vms').where('id', '=', vmId).execute();
    });
  }
  await releaseCounts(d, ownerId, counts);
}
