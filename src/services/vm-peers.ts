// What the VM family consumes from families built alongside it (templates, networks, keys,
// user data, affinity, tags), written as the shapes it relies on. They are bound once every
// service exists (VmService.bindPeers); a family that is missing makes only its feature fail.
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { ImageInfo } from '../drivers/storage/types.js';
import type { OwnerView } from './owned-access.js';

/** A template ready to deploy from in one zone (TemplateService.forDeploy). */
export interface DeployTemplate {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayText?: string;
  readonly hypervisor: string;
  readonly osTypeId?: number | null;
  readonly guestOsId?: number | null;
  readonly passwordEnabled: boolean;
  readonly sshKeyEnabled?: boolean;
  readonly isDynamicallyScalable?: boolean;
  readonly format?: string;
  readonly templateType?: string;
  readonly type?: string;
  readonly arch?: string;
  readonly isIso?: boolean;
  readonly storeUrl: string;
  readonly image: ImageInfo;
}

/** How the VM family lets another family's job answer with its VM response. */
export type VmViewProvider = (vmId: number) => Promise<{ entity: string; data: unknown }>;

export interface TemplatePeer {
  forDeploy(caller: Caller, templateIdOrUuid: string, zoneId: number): Promise<DeployTemplate>;
  setVmView?(provider: VmViewProvider): void;
}

/** A NIC as the networks family reports it; the VM response's `nic` array is made of these. */
export interface PeerNic {
  readonly id?: number | null;
  readonly uuid: string;
  readonly networkId?: number | null;
  readonly networkUuid: string | null;
  readonly networkName?: string | null;
  readonly ipAddress?: string | null;
  readonly netmask?: string | null;
  readonly gateway?: string | null;
  readonly macAddress: string;
  readonly isDefault: boolean;
  readonly deviceId: number;
  readonly trafficType?: string | null;
  readonly type?: string | null;
  readonly broadcastUri?: string | null;
  readonly isolationUri?: string | null;
  readonly publicIp?: string | null;
  readonly publicIpUuid?: string | null;
  readonly secondaryIps?: readonly { readonly uuid: string; readonly ipAddress: string }[];
  readonly mtu?: number | null;
}

export interface NicRequest {
  readonly vmId: number;
  readonly vmUuid: string;
  readonly vmName: string;
  readonly accountId: number;
  readonly domainId: number;
  readonly zoneId: number;
  readonly networkIds?: readonly string[];
  readonly ipAddress?: string;
  readonly ipToNetwork?: readonly { readonly networkId: string; readonly ip?: string; readonly mac?: string }[];
  readonly macAddress?: string;
}

export interface NetworkPeer {
  /** Checks a NIC request, changing nothing. */
  validateVmNics?(r: NicRequest): Promise<void>;
  allocateVmNics(r: NicRequest): Promise<readonly PeerNic[]>;
  releaseVmNics(vmId: number): Promise<void>;
  nicsOfVms(vmIds: readonly number[]): Promise<ReadonlyMap<number, readonly PeerNic[]>>;
  readonly nics?: { setVmResult?(provider: VmViewProvider): void };
}

export interface PeerKey {
  readonly name: string;
  readonly publicKey: string;
  readonly fingerprint: string;
}

export interface SshKeyPeer {
  resolve(accountId: number, names: readonly string[]): Promise<readonly PeerKey[]>;
}

export interface PeerUserData {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly userData: string;
}

export interface UserDataPeer {
  get(accountId: number, idOrUuid: string): Promise<PeerUserData>;
}

export interface PeerPlacement {
  readonly avoidHosts: ReadonlySet<number>;
  readonly onlyHosts?: ReadonlySet<number>;
}

export interface PeerAffinityGroup {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly type: string;
  readonly description?: string | null;
  readonly owner?: OwnerView;
  readonly vmUuids?: readonly string[];
}

export interface AffinityPeer {
  resolve(accountId: number, a: { ids?: readonly string[]; names?: readonly string[] }): Promise<readonly PeerAffinityGroup[]>;
  placementFor(accountId: number, groupIds: readonly number[], opts?: { excludeVmId?: number }): Promise<PeerPlacement>;
  addVm(vmId: number, groupIds: readonly number[]): Promise<void>;
  removeVm(vmId: number): Promise<void>;
  groupsOfVms(vmIds: readonly number[]): Promise<ReadonlyMap<number, readonly PeerAffinityGroup[]>>;
  /** Lets updateVMAffinityGroup answer with the VM family's own VM response. */
  setVmView?(provider: VmViewProvider): void;
}

export interface PeerTag {
  readonly key: string;
  readonly value: string;
  readonly resourceType?: string;
  readonly resourceUuid?: string;
  readonly customer?: string | null;
  readonly owner?: OwnerView;
}

export interface TagPeer {
  tagsOf(resourceType: string, ids: readonly number[]): Promise<ReadonlyMap<number, readonly PeerTag[]>>;
  registerType?(resourceType: string, spec: { table: 'vms' }): void;
  removeAllFor?(resourceType: string, ids: readonly number[]): Promise<void>;
}

/** The peers, as `Services` holds them (any may be absent while its family is being built). */
export interface VmPeers {
  readonly templates?: TemplatePeer;
  readonly networks?: NetworkPeer;
  readonly sshKeys?: SshKeyPeer;
  readonly userData?: UserDataPeer;
  readonly affinity?: AffinityPeer;
  readonly tags?: TagPeer;
}

/** The peer, or a 431 saying which family is missing. */
export function need<K extends keyof VmPeers>(peers: VmPeers, k: K, what: string): NonNullable<VmPeers[K]> {
  const p = peers[k];
  if (!p) throw invalidParam(`${what} is not available on this server (the ${k} service is missing)`);
  return p as NonNullable<VmPeers[K]>;
}
