import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

// Physical networks and their traffic types (admin).
export const PhysicalNetworkResponse: ResponseDecl = {
  name: 'PhysicalNetworkResponse',
  fields: [
    f('id', 'string', "the uuid of the physical network"),
    f('name', 'string', "name of the physical network"),
    f('broadcastdomainrange', 'string', "Broadcast domain range of the physical network"),
    f('zoneid', 'string', "zone id of the physical network"),
    f('zonename', 'string', "zone name of the physical network"),
    f('state', 'string', "state of the physical network"),
    f('vlan', 'string', "the vlan of the physical network"),
    f('domainid', 'string', "the domain id of the physical network owner"),
    f('tags', 'string', "comma separated tag"),
    f('isolationmethods', 'string', "isolation methods"),
    f('networkspeed', 'string', "the speed of the physical network"),
  ],
};

export const TrafficTypeResponse: ResponseDecl = {
  name: 'TrafficTypeResponse',
  fields: [
    f('id', 'string', "id of the network provider"),
    f('traffictype', 'string', "the trafficType to be added to the physical network"),
    f('physicalnetworkid', 'string', "the physical network this belongs to"),
    f('xennetworklabel', 'string', "The network name label of the physical device dedicated to this traffic on a XenServer host"),
    f('kvmnetworklabel', 'string', "The network name label of the physical device dedicated to this traffic on a KVM host"),
    f('vmwarenetworklabel', 'string', "The network name label of the physical device dedicated to this traffic on a VMware host"),
    f('hypervnetworklabel', 'string', "The network name label of the physical device dedicated to this traffic on a HyperV host"),
    f('ovm3networklabel', 'string', "The network name of the physical device dedicated to this traffic on an OVM3 host"),
  ],
};

export const createPhysicalNetwork: CommandDecl = {
  name: 'createPhysicalNetwork',
  description: "Creates a physical network",
  since: '3.0.0',
  isAsync: true,
  responseName: 'createphysicalnetworkresponse',
  shape: 'object',
  objectName: 'physicalnetwork',
  response: PhysicalNetworkResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.network.CreatePhysicalNetworkCmd',
  params: [
    p('zoneid', 'uuid', true, "the Zone ID for the physical network"),
    p('vlan', 'string', false, "the VLAN for the physical network"),
    p('networkspeed', 'string', false, "the speed for the physical network[1G/10G]"),
    p('domainid', 'uuid', false, "domain ID of the account owning a physical network"),
    p('broadcastdomainrange', 'string', false, "the broadcast domain range for the physical network[Pod or Zone]. In Acton release it can be Zone only in Advance zone, and Pod in Basic"),
    p('tags', 'list', false, "Tag the physical network", { collectionType: 'string' }),
    p('isolationmethods', 'list', false, "the isolation method for the physical network[VLAN/L3/GRE]", { collectionType: 'string' }),
    p('name', 'string', true, "the name of the physical network"),
  ],
};

export const listPhysicalNetworks: CommandDecl = {
  name: 'listPhysicalNetworks',
  description: "Lists physical networks",
  since: '3.0.0',
  isAsync: false,
  responseName: 'listphysicalnetworksresponse',
  shape: 'list',
  objectName: 'physicalnetwork',
  response: PhysicalNetworkResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.network.ListPhysicalNetworksCmd',
  params: [
    p('id', 'uuid', false, "list physical network by id"),
    p('zoneid', 'uuid', false, "the Zone ID for the physical network"),
    p('name', 'string', false, "search by name"),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updatePhysicalNetwork: CommandDecl = {
  name: 'updatePhysicalNetwork',
  description: "Updates a physical network",
  since: '3.0.0',
  isAsync: true,
  responseName: 'updatephysicalnetworkresponse',
  shape: 'object',
  objectName: 'physicalnetwork',
  response: PhysicalNetworkResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.network.UpdatePhysicalNetworkCmd',
  params: [
    p('id', 'uuid', true, "physical network id"),
    p('networkspeed', 'string', false, "the speed for the physical network[1G/10G]"),
    p('tags', 'list', false, "Tag the physical network", { collectionType: 'string' }),
    p('state', 'string', false, "Enabled/Disabled"),
    p('vlan', 'string', false, "the VLAN for the physical network"),
  ],
};

export const deletePhysicalNetwork: CommandDecl = {
  name: 'deletePhysicalNetwork',
  description: "Deletes a Physical Network.",
  since: '3.0.0',
  isAsync: true,
  responseName: 'deletephysicalnetworkresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.network.DeletePhysicalNetworkCmd',
  params: [
    p('id', 'uuid', true, "the ID of the Physical network"),
  ],
};

export const addTrafficType: CommandDecl = {
  name: 'addTrafficType',
  description: "Adds traffic type to a physical network",
  since: '3.0.0',
  isAsync: true,
  responseName: 'addtraffictyperesponse',
  shape: 'object',
  objectName: 'traffictype',
  response: TrafficTypeResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.usage.AddTrafficTypeCmd',
  params: [
    p('physicalnetworkid', 'uuid', true, "the Physical Network ID"),
    p('traffictype', 'string', true, "the trafficType to be added to the physical network"),
    p('xennetworklabel', 'string', false, "The network name label of the physical device dedicated to this traffic on a XenServer host"),
    p('kvmnetworklabel', 'string', false, "The network name label of the physical device dedicated to this traffic on a KVM host"),
    p('vmwarenetworklabel', 'string', false, "The network name label of the physical device dedicated to this traffic on a VMware host"),
    p('hypervnetworklabel', 'string', false, "The network name label of the physical device dedicated to this traffic on a Hyperv host"),
    p('ovm3networklabel', 'string', false, "The network name of the physical device dedicated to this traffic on an OVM3 host"),
    p('vlan', 'string', false, "The VLAN id to be used for Management traffic by VMware host"),
    p('isolationmethod', 'string', false, "Used if physical network has multiple isolation types and traffic type is public. Choose which isolation method. Valid options currently 'vlan' or 'vxlan', defaults to 'vlan'."),
  ],
};

export const listTrafficTypes: CommandDecl = {
  name: 'listTrafficTypes',
  description: "Lists traffic types of a given physical network.",
  since: '3.0.0',
  isAsync: false,
  responseName: 'listtraffictypesresponse',
  shape: 'list',
  objectName: 'traffictype',
  response: TrafficTypeResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.usage.ListTrafficTypesCmd',
  params: [
    p('physicalnetworkid', 'uuid', true, "the Physical Network ID"),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

