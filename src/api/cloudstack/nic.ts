import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

import { UserVmResponse } from './vm.js';

// NICs of VMs and their secondary IPs (NicResponse is owned here).
export const NicResponse: ResponseDecl = {
  name: 'NicResponse',
  fields: [
    f('id', 'string', "the ID of the nic"),
    f('networkid', 'string', "the ID of the corresponding network"),
    f('networkname', 'string', "the name of the corresponding network"),
    f('netmask', 'string', "the netmask of the nic"),
    f('gateway', 'string', "the gateway of the nic"),
    f('ipaddress', 'string', "the ip address of the nic"),
    f('isolationuri', 'string', "the isolation uri of the nic"),
    f('broadcasturi', 'string', "the broadcast uri of the nic"),
    f('traffictype', 'string', "the traffic type of the nic"),
    f('type', 'string', "the type of the nic"),
    f('isdefault', 'boolean', "true if nic is default, false otherwise"),
    f('macaddress', 'string', "true if nic is default, false otherwise"),
    f('ip6gateway', 'string', "the gateway of IPv6 network"),
    f('ip6cidr', 'string', "the cidr of IPv6 network"),
    f('ip6address', 'string', "the IPv6 address of network"),
    f('secondaryip', 'list', "the Secondary ipv4 addr of nic"),
    f('extradhcpoption', 'list', "the extra dhcp options on the nic"),
    f('deviceid', 'string', "device id for the network when plugged into the virtual machine"),
    f('virtualmachineid', 'string', "Id of the vm to which the nic belongs"),
    f('nsxlogicalswitch', 'string', "Id of the NSX Logical Switch (if NSX based), null otherwise"),
    f('nsxlogicalswitchport', 'string', "Id of the NSX Logical Switch Port (if NSX based), null otherwise"),
    f('vlanid', 'integer', "ID of the VLAN/VNI if available"),
    f('isolatedpvlan', 'integer', "the isolated private VLAN if available"),
    f('isolatedpvlantype', 'string', "the isolated private VLAN type if available"),
    f('adaptertype', 'string', "Type of adapter if available"),
    f('ipaddresses', 'list', "IP addresses associated with NIC found for unmanaged VM"),
    f('mtu', 'integer', "MTU configured on the NIC"),
    f('publicipid', 'string', "public IP address id associated with this nic via Static nat rule"),
    f('publicip', 'string', "public IP address associated with this nic via Static nat rule"),
    f('vpcid', 'string', "Id of the vpc to which the nic belongs"),
    f('vpcname', 'string', "name of the vpc to which the nic belongs"),
  ],
};

export const NicSecondaryIpResponse: ResponseDecl = {
  name: 'NicSecondaryIpResponse',
  fields: [
    f('id', 'string', "the ID of the secondary private IP addr"),
    f('secondaryip', 'list', "the list of Secondary ipv4 addr of nic"),
    f('ipaddress', 'string', "Secondary IP address"),
    f('nicid', 'string', "the ID of the nic"),
    f('networkid', 'string', "the ID of the network"),
    f('virtualmachineid', 'string', "the ID of the vm"),
  ],
};

export const listNics: CommandDecl = {
  name: 'listNics',
  description: "list the vm nics  IP to NIC",
  isAsync: false,
  responseName: 'listnicsresponse',
  shape: 'list',
  objectName: 'nic',
  response: NicResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vm.ListNicsCmd',
  params: [
    p('nicid', 'uuid', false, "the ID of the nic to list IPs"),
    p('virtualmachineid', 'uuid', true, "the ID of the vm"),
    p('networkid', 'uuid', false, "list nic of the specific vm's network"),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const addNicToVirtualMachine: CommandDecl = {
  name: 'addNicToVirtualMachine',
  description: "Adds VM to specified network by creating a NIC",
  isAsync: true,
  responseName: 'addnictovirtualmachineresponse',
  shape: 'object',
  objectName: 'virtualmachine',
  response: UserVmResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vm.AddNicToVMCmd',
  params: [
    p('virtualmachineid', 'uuid', true, "Virtual Machine ID"),
    p('networkid', 'uuid', true, "Network ID"),
    p('ipaddress', 'string', false, "IP Address for the new network"),
    p('macaddress', 'string', false, "Mac Address for the new network"),
    p('dhcpoptions', 'map', false, "DHCP options which are passed to the nic Example: dhcpoptions[0].dhcp:114=url&dhcpoptions[0].dhcp:66=www.test.com"),
  ],
};

export const removeNicFromVirtualMachine: CommandDecl = {
  name: 'removeNicFromVirtualMachine',
  description: "Removes VM from specified network by deleting a NIC",
  isAsync: true,
  responseName: 'removenicfromvirtualmachineresponse',
  shape: 'object',
  objectName: 'virtualmachine',
  response: UserVmResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vm.RemoveNicFromVMCmd',
  params: [
    p('virtualmachineid', 'uuid', true, "Virtual Machine ID"),
    p('nicid', 'uuid', true, "NIC ID"),
  ],
};

export const updateDefaultNicForVirtualMachine: CommandDecl = {
  name: 'updateDefaultNicForVirtualMachine',
  description: "Changes the default NIC on a VM",
  isAsync: true,
  responseName: 'updatedefaultnicforvirtualmachineresponse',
  shape: 'object',
  objectName: 'virtualmachine',
  response: UserVmResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vm.UpdateDefaultNicForVMCmd',
  params: [
    p('virtualmachineid', 'uuid', true, "Virtual Machine ID"),
    p('nicid', 'uuid', true, "NIC ID"),
  ],
};

export const addIpToNic: CommandDecl = {
  name: 'addIpToNic',
  description: "Assigns secondary IP to NIC",
  isAsync: true,
  responseName: 'addiptovmnicresponse',
  shape: 'object',
  objectName: 'nic',
  response: NicSecondaryIpResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vm.AddIpToVmNicCmd',
  params: [
    p('nicid', 'uuid', true, "the ID of the nic to which you want to assign private IP"),
    p('ipaddress', 'string', false, "Secondary IP Address"),
  ],
};

export const removeIpFromNic: CommandDecl = {
  name: 'removeIpFromNic',
  description: "Removes secondary IP from the NIC.",
  isAsync: true,
  responseName: 'removeipfromnicresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.vm.RemoveIpFromVmNicCmd',
  params: [
    p('id', 'uuid', true, "the ID of the secondary ip address to nic"),
  ],
};

