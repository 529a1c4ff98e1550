import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';
import { UserVmResponse } from './vm.js';

// VM snapshots: every disk of a VM at one moment (and, on request, its memory).
export const VMSnapshotResponse: ResponseDecl = {
  name: 'VMSnapshotResponse',
  fields: [
    f('id', 'string', "the ID of the vm snapshot"),
    f('name', 'string', "the name of the vm snapshot"),
    f('state', 'state', "the state of the vm snapshot"),
    f('description', 'string', "the description of the vm snapshot"),
    f('displayname', 'string', "the display name of the vm snapshot"),
    f('zoneid', 'string', "the Zone ID of the vm snapshot"),
    f('zonename', 'string', "the Zone name of the vm snapshot"),
    f('virtualmachineid', 'string', "the vm ID of the vm snapshot"),
    f('virtualmachinename', 'string', "the vm name of the vm snapshot"),
    f('parent', 'string', "the parent ID of the vm snapshot"),
    f('parentName', 'string', "the parent displayName of the vm snapshot"),
    f('current', 'boolean', "indicates if this is current snapshot"),
    f('type', 'string', "VM Snapshot type"),
    f('created', 'date', "the create date of the vm snapshot"),
    f('account', 'string', "the account associated with the disk volume"),
    f('projectid', 'string', "the project id of the vpn"),
    f('project', 'string', "the project name of the vpn"),
    f('domainid', 'string', "the ID of the domain associated with the disk volume"),
    f('domain', 'string', "the domain associated with the disk volume"),
    f('domainpath', 'string', "path of the domain to which the disk volume belongs"),
    f('hypervisor', 'string', "the type of hypervisor on which snapshot is stored"),
    f('tags', 'list', "the list of resource tags associated"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};


export const createVMSnapshot: CommandDecl = {
  name: 'createVMSnapshot',
  description: "Creates snapshot for a vm.",
  since: '4.2.0',
  isAsync: true,
  responseName: 'createvmsnapshotresponse',
  shape: 'object',
  objectName: 'vmsnapshot',
  response: VMSnapshotResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vmsnapshot.CreateVMSnapshotCmd',
  params: [
    p('virtualmachineid', 'uuid', true, "The ID of the vm"),
    p('description', 'string', false, "The description of the snapshot"),
    p('name', 'string', false, "The display name of the snapshot"),
    p('snapshotmemory', 'boolean', false, "snapshot memory if true"),
    p('quiescevm', 'boolean', false, "quiesce vm if true"),
  ],
};

export const listVMSnapshot: CommandDecl = {
  name: 'listVMSnapshot',
  description: "List virtual machine snapshot by conditions",
  since: '4.2.0',
  isAsync: false,
  responseName: 'listvmsnapshotresponse',
  shape: 'list',
  objectName: 'vmSnapshot',
  response: VMSnapshotResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vmsnapshot.ListVMSnapshotCmd',
  params: [
    p('vmsnapshotid', 'uuid', false, "The ID of the VM snapshot"),
    p('vmsnapshotids', 'list', false, "the IDs of the vm snapshots, mutually exclusive with vmsnapshotid", { collectionType: 'uuid', since: '4.9' }),
    p('state', 'string', false, "state of the virtual machine snapshot"),
    p('virtualmachineid', 'uuid', false, "the ID of the vm"),
    p('name', 'string', false, "lists snapshot by snapshot name or display name"),
    p('tags', 'map', false, "List resources by tags (key/value pairs)"),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const deleteVMSnapshot: CommandDecl = {
  name: 'deleteVMSnapshot',
  description: "Deletes a vmsnapshot.",
  since: '4.2.0',
  isAsync: true,
  responseName: 'deletevmsnapshotresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vmsnapshot.DeleteVMSnapshotCmd',
  params: [
    p('vmsnapshotid', 'uuid', true, "The ID of the VM snapshot"),
  ],
};

export const revertToVMSnapshot: CommandDecl = {
  name: 'revertToVMSnapshot',
  description: "Revert VM from a vmsnapshot.",
  since: '4.2.0',
  isAsync: true,
  responseName: 'reverttovmsnapshotresponse',
  shape: 'object',
  objectName: 'virtualmachine',
  response: UserVmResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vmsnapshot.RevertToVMSnapshotCmd',
  params: [
    p('vmsnapshotid', 'uuid', true, "The ID of the vm snapshot"),
  ],
};

