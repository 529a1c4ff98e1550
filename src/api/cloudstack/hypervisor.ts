import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const HypervisorResponse: ResponseDecl = {
  name: 'HypervisorResponse',
  fields: [
    f('name', 'string', "Hypervisor name"),
  ],
};

export const HypervisorCapabilitiesResponse: ResponseDecl = {
  name: 'HypervisorCapabilitiesResponse',
  fields: [
    f('id', 'string', "the ID of the hypervisor capabilities row"),
    f('hypervisorversion', 'string', "the hypervisor version"),
    f('hypervisor', 'string', "the hypervisor type"),
    f('maxguestslimit', 'long', "the maximum number of guest vms recommended for this hypervisor"),
    f('securitygroupenabled', 'boolean', "true if security group is supported"),
    f('maxdatavolumeslimit', 'integer', "the maximum number of Data Volumes that can be attached for this hypervisor"),
    f('maxhostspercluster', 'integer', "the maximum number of Hosts per cluster for this hypervisor"),
    f('storagemotionenabled', 'boolean', "true if storage motion is supported"),
    f('vmsnapshotenabled', 'boolean', "true if VM snapshots are enabled for this hypervisor"),
  ],
};

export const listHypervisors: CommandDecl = {
  name: 'listHypervisors',
  description: "List hypervisors",
  isAsync: false,
  responseName: 'listhypervisorsresponse',
  shape: 'list',
  objectName: 'hypervisor',
  response: HypervisorResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.resource.ListHypervisorsCmd',
  params: [
    p('zoneid', 'uuid', false, "the zone id for listing hypervisors."),
  ],
};

export const listHypervisorCapabilities: CommandDecl = {
  name: 'listHypervisorCapabilities',
  description: "Lists all hypervisor capabilities.",
  since: '3.0.0',
  isAsync: false,
  responseName: 'listhypervisorcapabilitiesresponse',
  shape: 'list',
  objectName: 'hypervisorCapabilities',
  response: HypervisorCapabilitiesResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.config.ListHypervisorCapabilitiesCmd',
  params: [
    p('id', 'uuid', false, "ID of the hypervisor capability"),
    p('hypervisor', 'string', false, "the hypervisor for which to restrict the search"),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateHypervisorCapabilities: CommandDecl = {
  name: 'updateHypervisorCapabilities',
  description: "Updates a hypervisor capabilities.",
  since: '3.0.0',
  isAsync: false,
  responseName: 'updatehypervisorcapabilitiesresponse',
  shape: 'object',
  objectName: 'hypervisorcapabilities',
  response: HypervisorCapabilitiesResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.config.UpdateHypervisorCapabilitiesCmd',
  params: [
    p('id', 'uuid', false, "ID of the hypervisor capability"),
    p('hypervisor', 'string', false, "the hypervisor for which the hypervisor capabilities are to be updated", { since: '4.19.1' }),
    p('hypervisorversion', 'string', false, "the hypervisor version for which the hypervisor capabilities are to be updated", { since: '4.19.1' }),
    p('securitygroupenabled', 'boolean', false, "set true to enable security group for this hypervisor."),
    p('maxguestslimit', 'long', false, "the max number of Guest VMs per host for this hypervisor."),
    p('maxdatavolumeslimit', 'integer', false, "the maximum number of Data Volumes that can be attached to a VM for this hypervisor.", { since: '4.16.0' }),
    p('storagemotionenabled', 'boolean', false, "set true to enable storage motion support for this hypervisor", { since: '4.16.0' }),
    p('maxhostspercluster', 'integer', false, "the maximum number of the hypervisor hosts per cluster ", { since: '4.16.0' }),
    p('vmsnapshotenabled', 'boolean', false, "set true to enable VM snapshots for this hypervisor", { since: '4.16.0' }),
  ],
};

