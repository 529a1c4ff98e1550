import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

export const StoragePoolResponse: ResponseDecl = {
  name: 'StoragePoolResponse',
  fields: [
    f('id', 'string', "the ID of the storage pool"),
    f('zoneid', 'string', "the Zone ID of the storage pool"),
    f('zonename', 'string', "the Zone name of the storage pool"),
    f('podid', 'string', "the Pod ID of the storage pool"),
    f('podname', 'string', "the Pod name of the storage pool"),
    f('name', 'string', "the name of the storage pool"),
    f('ipaddress', 'string', "the IP address of the storage pool"),
    f('path', 'string', "the storage pool path"),
    f('created', 'date', "the date and time the storage pool was created"),
    f('type', 'string', "the storage pool type"),
    f('clusterid', 'string', "the ID of the cluster for the storage pool"),
    f('clustername', 'string', "the name of the cluster for the storage pool"),
    f('capacitybytes', 'long', "bytes CloudStack can provision from this storage pool"),
    f('disksizetotal', 'long', "the total disk size of the storage pool"),
    f('disksizeallocated', 'long', "the pool's currently allocated disk size"),
    f('disksizeused', 'long', "the pool's currently used disk size"),
    f('capacityiops', 'long', "IOPS CloudStack can provision from this storage pool"),
    f('allocatediops', 'long', "total min IOPS currently in use by volumes"),
    f('usediops', 'long', "total IOPS currently in use"),
    f('storagecustomstats', 'map', "the storage pool custom stats"),
    f('tags', 'string', "the tags for the storage pool"),
    f('storageaccessgroups', 'string', "the storage access groups for the storage pool"),
    f('nfsmountopts', 'string', "the nfs mount options for the storage pool"),
    f('istagarule', 'boolean', "Whether the informed tag is a JS interpretable rule or not."),
    f('state', 'storagepoolstatus', "the state of the storage pool"),
    f('scope', 'string', "the scope of the storage pool"),
    f('overprovisionfactor', 'string', "the overprovisionfactor for the storage pool"),
    f('hypervisor', 'string', "the hypervisor type of the storage pool"),
    f('suitableformigration', 'boolean', "true if this pool is suitable to migrate a volume, false otherwise"),
    f('provider', 'string', "Storage provider for this pool"),
    f('storagecapabilities', 'map', "the storage pool capabilities"),
    f('managed', 'boolean', "whether this pool is managed or not"),
    f('details', 'map', "the storage pool details"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const StorageTagResponse: ResponseDecl = {
  name: 'StorageTagResponse',
  fields: [
    f('id', 'string', "the ID of the storage tag"),
    f('poolid', 'long', "the pool ID of the storage tag"),
    f('name', 'string', "the name of the storage tag"),
  ],
};

export const createStoragePool: CommandDecl = {
  name: 'createStoragePool',
  description: "Creates a storage pool.",
  isAsync: false,
  responseName: 'createstoragepoolresponse',
  shape: 'object',
  objectName: 'storagepool',
  response: StoragePoolResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.CreateStoragePoolCmd',
  params: [
    p('clusterid', 'uuid', false, "the cluster ID for the storage pool"),
    p('details', 'map', false, "the details for the storage pool"),
    p('name', 'string', true, "the name for the storage pool"),
    p('podid', 'uuid', false, "the Pod ID for the storage pool"),
    p('tags', 'string', false, "the tags for the storage pool"),
    p('storageaccessgroups', 'string', false, "comma separated list of storage access groups for connecting to hosts having those specific groups", { since: '4.21.0' }),
    p('url', 'string', true, "the URL of the storage pool"),
    p('zoneid', 'uuid', true, "the Zone ID for the storage pool"),
    p('provider', 'string', false, "the storage provider name"),
    p('scope', 'string', false, "the scope of the storage: cluster or zone"),
    p('managed', 'boolean', false, "whether the storage should be managed by CloudStack"),
    p('capacityiops', 'long', false, "IOPS CloudStack can provision from this storage pool"),
    p('capacitybytes', 'long', false, "bytes CloudStack can provision from this storage pool"),
    p('hypervisor', 'string', false, "hypervisor type of the hosts in zone that will be attached to this storage pool. KVM, VMware supported as of now."),
    p('istagarule', 'boolean', false, "Whether the informed tag is a JS interpretable rule or not."),
  ],
};

export const listStoragePools: CommandDecl = {
  name: 'listStoragePools',
  description: "Lists storage pools.",
  isAsync: false,
  responseName: 'liststoragepoolsresponse',
  shape: 'list',
  objectName: 'storagepool',
  response: StoragePoolResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.ListStoragePoolsCmd',
  params: [
    p('clusterid', 'uuid', false, "list storage pools belonging to the specific cluster"),
    p('ipaddress', 'string', false, "the IP address for the storage pool"),
    p('name', 'string', false, "the name of the storage pool"),
    p('path', 'string', false, "the storage pool path"),
    p('podid', 'uuid', false, "the Pod ID for the storage pool"),
    p('zoneid', 'uuid', false, "the Zone ID for the storage pool"),
    p('id', 'uuid', false, "the ID of the storage pool"),
    p('scope', 'string', false, "the scope of the storage pool"),
    p('status', 'string', false, "the status of the storage pool"),
    p('hostid', 'uuid', false, "host ID of the storage pools"),
    p('storagecustomstats', 'boolean', false, "If true, lists the custom stats of the storage pool", { since: '4.18.1' }),
    p('storageaccessgroup', 'string', false, "the name of the storage access group", { since: '4.21.0' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateStoragePool: CommandDecl = {
  name: 'updateStoragePool',
  description: "Updates a storage pool.",
  since: '3.0.0',
  isAsync: false,
  responseName: 'updatestoragepoolresponse',
  shape: 'object',
  objectName: 'storagepool',
  response: StoragePoolResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.UpdateStoragePoolCmd',
  params: [
    p('id', 'uuid', true, "the Id of the storage pool"),
    p('name', 'string', false, "Change the name of the storage pool", { since: '4.15' }),
    p('tags', 'list', false, "comma-separated list of tags for the storage pool", { collectionType: 'string' }),
    p('capacityiops', 'long', false, "IOPS CloudStack can provision from this storage pool"),
    p('capacitybytes', 'long', false, "bytes CloudStack can provision from this storage pool"),
    p('enabled', 'boolean', false, "false to disable the pool for allocation of new volumes, true to enable it back."),
    p('details', 'map', false, "the details for the storage pool", { since: '4.19.0' }),
    p('url', 'string', false, "the URL of the storage pool", { since: '4.19.0' }),
    p('istagarule', 'boolean', false, "Whether the informed tag is a JS interpretable rule or not."),
  ],
};

export const deleteStoragePool: CommandDecl = {
  name: 'deleteStoragePool',
  description: "Deletes a storage pool.",
  isAsync: false,
  responseName: 'deletestoragepoolresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.DeletePoolCmd',
  params: [
    p('id', 'uuid', true, "Storage pool id"),
    p('forced', 'boolean', false, "Force destroy storage pool (force expunge volumes in Destroyed state as a part of pool removal)"),
  ],
};

export const enableStorageMaintenance: CommandDecl = {
  name: 'enableStorageMaintenance',
  description: "Puts storage pool into maintenance state",
  isAsync: true,
  responseName: 'prepareprimarystorageformaintenanceresponse',
  shape: 'object',
  objectName: 'storagepool',
  response: StoragePoolResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.PreparePrimaryStorageForMaintenanceCmd',
  params: [
    p('id', 'uuid', true, "Primary storage ID"),
  ],
};

export const cancelStorageMaintenance: CommandDecl = {
  name: 'cancelStorageMaintenance',
  description: "Cancels maintenance for primary storage",
  isAsync: true,
  responseName: 'cancelprimarystoragemaintenanceresponse',
  shape: 'object',
  objectName: 'storagepool',
  response: StoragePoolResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.CancelPrimaryStorageMaintenanceCmd',
  params: [
    p('id', 'uuid', true, "the primary storage ID"),
  ],
};

export const listStorageTags: CommandDecl = {
  name: 'listStorageTags',
  description: "Lists storage tags",
  isAsync: false,
  responseName: 'liststoragetagsresponse',
  shape: 'list',
  objectName: 'storagetag',
  response: StorageTagResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.ListStorageTagsCmd',
  params: [
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

