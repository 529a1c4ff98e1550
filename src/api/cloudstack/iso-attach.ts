import type { CommandDecl } from '../types.js';
import { p } from './decl.js';
import { UserVmResponse } from './vm.js';

// attachIso / detachIso answer with the VM (the VM family's UserVmResponse).

export const attachIso: CommandDecl = {
  name: 'attachIso',
  description: "Attaches an ISO to a virtual machine.",
  isAsync: true,
  responseName: 'attachisoresponse',
  shape: 'object',
  objectName: 'virtualmachine',
  response: UserVmResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.AttachIsoCmd',
  params: [
    p('id', 'uuid', true, "the ID of the ISO file"),
    p('virtualmachineid', 'uuid', true, "the ID of the virtual machine"),
    p('forced', 'boolean', false, "If true, ejects existing ISO before attaching on VMware. Default: false", { since: '4.15.1' }),
  ],
};

export const detachIso: CommandDecl = {
  name: 'detachIso',
  description: "Detaches any ISO file (if any) currently attached to a virtual machine.",
  isAsync: true,
  responseName: 'detachisoresponse',
  shape: 'object',
  objectName: 'virtualmachine',
  response: UserVmResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.DetachIsoCmd',
  params: [
    p('virtualmachineid', 'uuid', true, "The ID of the virtual machine"),
    p('forced', 'boolean', false, "If true, ejects the ISO before detaching on VMware. Default: false", { since: '4.15.1' }),
  ],
};

