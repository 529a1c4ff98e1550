import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

export const PodResponse: ResponseDecl = {
  name: 'PodResponse',
  fields: [
    f('id', 'string', "the ID of the Pod"),
    f('name', 'string', "the name of the Pod"),
    f('zoneid', 'string', "the Zone ID of the Pod"),
    f('zonename', 'string', "the Zone name of the Pod"),
    f('gateway', 'string', "the gateway of the Pod"),
    f('netmask', 'string', "the netmask of the Pod"),
    f('ipranges', 'list', "the IP ranges for the Pod"),
    f('startip', 'list', "the starting IP for the Pod. This parameter is deprecated, please use 'startip' from ipranges parameter."),
    f('endip', 'list', "the ending IP for the Pod. This parameter is deprecated, please use 'endip' from ipranges parameter."),
    f('forsystemvms', 'list', "indicates if range is dedicated for CPVM and SSVM. This parameter is deprecated, please use 'forsystemvms' from ipranges parameter."),
    f('vlanid', 'list', "indicates Vlan ID for the range. This parameter is deprecated, please use 'vlanid' from ipranges parameter."),
    f('allocationstate', 'string', "the allocation state of the Pod"),
    f('capacity', 'list', "the capacity of the Pod"),
    f('storageaccessgroups', 'string', "comma-separated list of storage access groups for the pod"),
    f('zonestorageaccessgroups', 'string', "comma-separated list of storage access groups on the zone"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const createPod: CommandDecl = {
  name: 'createPod',
  description: "Creates a new Pod.",
  isAsync: false,
  responseName: 'createpodresponse',
  shape: 'object',
  objectName: 'pod',
  response: PodResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.pod.CreatePodCmd',
  params: [
    p('name', 'string', true, "the name of the Pod"),
    p('zoneid', 'uuid', true, "the Zone ID in which the Pod will be created"),
    p('startip', 'string', false, "the starting IP address for the Pod"),
    p('endip', 'string', false, "the ending IP address for the Pod"),
    p('netmask', 'string', false, "the netmask for the Pod"),
    p('gateway', 'string', false, "the gateway for the Pod"),
    p('allocationstate', 'string', false, "Allocation state of this Pod for allocation of new resources"),
    p('storageaccessgroups', 'list', false, "comma separated list of storage access groups for the hosts in the pod", { collectionType: 'string', since: '4.21.0' }),
  ],
};

export const listPods: CommandDecl = {
  name: 'listPods',
  description: "Lists all Pods.",
  isAsync: false,
  responseName: 'listpodsresponse',
  shape: 'list',
  objectName: 'pod',
  response: PodResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.pod.ListPodsByCmd',
  params: [
    p('id', 'uuid', false, "list Pods by ID"),
    p('name', 'string', false, "list Pods by name"),
    p('zoneid', 'uuid', false, "list Pods by Zone ID"),
    p('allocationstate', 'string', false, "list pods by allocation state"),
    p('showcapacities', 'boolean', false, "flag to display the capacity of the pods"),
    p('storageaccessgroup', 'string', false, "the name of the storage access group", { since: '4.21.0' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updatePod: CommandDecl = {
  name: 'updatePod',
  description: "Updates a Pod.",
  isAsync: false,
  responseName: 'updatepodresponse',
  shape: 'object',
  objectName: 'pod',
  response: PodResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.pod.UpdatePodCmd',
  params: [
    p('id', 'uuid', true, "the ID of the Pod"),
    p('name', 'string', false, "the name of the Pod"),
    p('startip', 'string', false, "the starting IP address for the Pod"),
    p('endip', 'string', false, "the ending IP address for the Pod"),
    p('netmask', 'string', false, "the netmask of the Pod"),
    p('gateway', 'string', false, "the gateway for the Pod"),
    p('allocationstate', 'string', false, "Allocation state of this cluster for allocation of new resources"),
  ],
};

export const deletePod: CommandDecl = {
  name: 'deletePod',
  description: "Deletes a Pod.",
  isAsync: false,
  responseName: 'deletepodresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.pod.DeletePodCmd',
  params: [
    p('id', 'uuid', true, "the ID of the Pod"),
  ],
};

