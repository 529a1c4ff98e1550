import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';
import { UserVmResponse } from './vm.js';

// Affinity groups: host anti-affinity / host affinity constraints on VM placement.
export const AffinityGroupResponse: ResponseDecl = {
  name: 'AffinityGroupResponse',
  fields: [
    f('id', 'string', "the ID of the affinity group"),
    f('name', 'string', "the name of the affinity group"),
    f('description', 'string', "the description of the affinity group"),
    f('account', 'string', "the account owning the affinity group"),
    f('domainid', 'string', "the domain ID of the affinity group"),
    f('domain', 'string', "the domain name of the affinity group"),
    f('domainpath', 'string', "path of the Domain the affinity group belongs to"),
    f('projectid', 'string', "the project ID of the affinity group"),
    f('project', 'string', "the project name of the affinity group"),
    f('type', 'string', "the type of the affinity group"),
    f('virtualmachineIds', 'list', "virtual machine IDs associated with this affinity group"),
    f('dedicatedresources', 'list', "dedicated resources associated with this affinity group"),
  ],
};

export const AffinityGroupTypeResponse: ResponseDecl = {
  name: 'AffinityGroupTypeResponse',
  fields: [
    f('type', 'string', "the type of the affinity group"),
  ],
};

export const createAffinityGroup: CommandDecl = {
  name: 'createAffinityGroup',
  description: "Creates an affinity/anti-affinity group",
  isAsync: true,
  responseName: 'createaffinitygroupresponse',
  shape: 'object',
  objectName: 'affinitygroup',
  response: AffinityGroupResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.affinitygroup.CreateAffinityGroupCmd',
  params: [
    p('account', 'string', false, "an account for the affinity group. Must be used with domainId."),
    p('domainid', 'uuid', false, "domainId of the account owning the affinity group"),
    p('projectid', 'uuid', false, "create affinity group for project"),
    p('description', 'string', false, "optional description of the affinity group"),
    p('name', 'string', true, "name of the affinity group"),
    p('type', 'string', true, "Type of the affinity group from the available affinity/anti-affinity group types"),
  ],
};

export const deleteAffinityGroup: CommandDecl = {
  name: 'deleteAffinityGroup',
  description: "Deletes affinity group",
  isAsync: true,
  responseName: 'deleteaffinitygroupresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.affinitygroup.DeleteAffinityGroupCmd',
  params: [
    p('account', 'string', false, "the account of the affinity group. Must be specified with domain ID"),
    p('domainid', 'uuid', false, "the domain ID of account owning the affinity group"),
    p('id', 'uuid', false, "The ID of the affinity group. Mutually exclusive with name parameter"),
    p('name', 'string', false, "The name of the affinity group. Mutually exclusive with ID parameter"),
    p('projectid', 'uuid', false, "the project of the affinity group"),
  ],
};

export const listAffinityGroups: CommandDecl = {
  name: 'listAffinityGroups',
  description: "Lists affinity groups",
  isAsync: false,
  responseName: 'listaffinitygroupsresponse',
  shape: 'list',
  objectName: 'affinitygroup',
  response: AffinityGroupResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.affinitygroup.ListAffinityGroupsCmd',
  params: [
    p('name', 'string', false, "lists affinity groups by name"),
    p('virtualmachineid', 'uuid', false, "lists affinity groups by virtual machine ID"),
    p('id', 'uuid', false, "list the affinity group by the ID provided"),
    p('type', 'string', false, "lists affinity groups by type"),
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

export const listAffinityGroupTypes: CommandDecl = {
  name: 'listAffinityGroupTypes',
  description: "Lists affinity group types available",
  isAsync: false,
  responseName: 'listaffinitygrouptypesresponse',
  shape: 'list',
  objectName: 'affinityGroupType',
  response: AffinityGroupTypeResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.affinitygroup.ListAffinityGroupTypesCmd',
  params: [
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateVMAffinityGroup: CommandDecl = {
  name: 'updateVMAffinityGroup',
  description: "Updates the affinity/anti-affinity group associations of a virtual machine. The VM has to be stopped and restarted for the new properties to take effect.",
  isAsync: true,
  responseName: 'updatevirtualmachineresponse',
  shape: 'object',
  objectName: 'virtualmachine',
  response: UserVmResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.affinitygroup.UpdateVMAffinityGroupCmd',
  params: [
    p('id', 'uuid', true, "The ID of the virtual machine"),
    p('affinitygroupids', 'list', false, "comma separated list of affinity groups id that are going to be applied to the virtual machine. Should be passed only when vm is created from a zone with Basic Network support. Mutually exclusive with securitygroupnames parameter", { collectionType: 'uuid' }),
    p('affinitygroupnames', 'list', false, "comma separated list of affinity groups names that are going to be applied to the virtual machine. Should be passed only when vm is created from a zone with Basic Network support. Mutually exclusive with securitygroupids parameter", { collectionType: 'string' }),
  ],
};

