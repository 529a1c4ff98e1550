import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const CapacityResponse: ResponseDecl = {
  name: 'CapacityResponse',
  fields: [
    f('type', 'integer', "the capacity type"),
    f('name', 'string', "the capacity name"),
    f('zoneid', 'string', "the Zone ID"),
    f('zonename', 'string', "the Zone name"),
    f('podid', 'string', "the Pod ID"),
    f('podname', 'string', "the Pod name"),
    f('clusterid', 'string', "the Cluster ID"),
    f('clustername', 'string', "the Cluster name"),
    f('capacityallocated', 'long', "the capacity currently in allocated"),
    f('capacityused', 'long', "the capacity currently in use"),
    f('capacitytotal', 'long', "the total capacity available"),
    f('percentused', 'string', "the percentage of capacity currently in use"),
    f('tag', 'string', "The tag for the capacity type"),
  ],
};

export const listCapacity: CommandDecl = {
  name: 'listCapacity',
  description: "Lists all the system wide capacities.",
  isAsync: false,
  responseName: 'listcapacityresponse',
  shape: 'list',
  objectName: 'capacity',
  response: CapacityResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.resource.ListCapacityCmd',
  params: [
    p('zoneid', 'uuid', false, "lists capacity by the Zone ID"),
    p('podid', 'uuid', false, "lists capacity by the Pod ID"),
    p('clusterid', 'uuid', false, "lists capacity by the Cluster ID", { since: '3.0.0' }),
    p('fetchlatest', 'boolean', false, "recalculate capacities and fetch the latest", { since: '3.0.0' }),
    p('type', 'integer', false, "lists capacity by type* CAPACITY_TYPE_MEMORY = 0* CAPACITY_TYPE_CPU = 1* CAPACITY_TYPE_STORAGE = 2* CAPACITY_TYPE_STORAGE_ALLOCATED = 3* CAPACITY_TYPE_VIRTUAL_NETWORK_PUBLIC_IP = 4* CAPACITY_TYPE_PRIVATE_IP = 5* CAPACITY_TYPE_SECONDARY_STORAGE = 6* CAPACITY_TYPE_VLAN = 7* CAPACITY_TYPE_DIRECT_ATTACHED_PUBLIC_IP = 8* CAPACITY_TYPE_LOCAL_STORAGE = 9* CAPACITY_TYPE_GPU = 19* CAPACITY_TYPE_CPU_CORE = 90."),
    p('sortby', 'string', false, "Sort the results. Available values: Usage", { since: '3.0.0' }),
    p('tag', 'string', false, "Tag for the resource type", { since: '4.20.0' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

