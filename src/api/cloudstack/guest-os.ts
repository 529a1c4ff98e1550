import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

export const GuestOSCategoryResponse: ResponseDecl = {
  name: 'GuestOSCategoryResponse',
  fields: [
    f('id', 'string', "the ID of the OS category"),
    f('name', 'string', "the name of the OS category"),
    f('isfeatured', 'boolean', "Whether the OS category is featured"),
    f('icon', 'object', "Base64 string representation of the resource icon"),
    f('created', 'date', "Date when the OS category was created."),
  ],
};

export const GuestOSResponse: ResponseDecl = {
  name: 'GuestOSResponse',
  fields: [
    f('id', 'string', "the ID of the OS type"),
    f('oscategoryid', 'string', "the ID of the OS category"),
    f('oscategoryname', 'string', "the name of the OS category"),
    f('name', 'string', "the name of the OS type"),
    f('description', 'string', "the name/description of the OS type"),
    f('isuserdefined', 'boolean', "is the guest OS user defined"),
    f('fordisplay', 'boolean', "is the guest OS visible for the users"),
  ],
};

export const GuestOsMappingResponse: ResponseDecl = {
  name: 'GuestOsMappingResponse',
  fields: [
    f('id', 'string', "the ID of the Guest OS mapping"),
    f('hypervisor', 'string', "the hypervisor"),
    f('hypervisorversion', 'string', "version of the hypervisor for mapping"),
    f('ostypeid', 'string', "the ID of the Guest OS type"),
    f('osdisplayname', 'string', "standard display name for the Guest OS"),
    f('osnameforhypervisor', 'string', "hypervisor specific name for the Guest OS"),
    f('isuserdefined', 'string', "is the mapping user defined"),
  ],
};

export const listOsCategories: CommandDecl = {
  name: 'listOsCategories',
  description: "Lists all supported OS categories for this cloud.",
  isAsync: false,
  responseName: 'listoscategoriesresponse',
  shape: 'list',
  objectName: 'oscategory',
  response: GuestOSCategoryResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.guest.ListGuestOsCategoriesCmd',
  params: [
    p('id', 'uuid', false, "List OS category by id"),
    p('name', 'string', false, "List OS category by name", { since: '3.0.1' }),
    p('isfeatured', 'boolean', false, "List available OS categories by featured or not", { since: '4.21.0' }),
    p('isiso', 'boolean', false, "List OS categories for which an ISO is available", { since: '4.21.0' }),
    p('isvnf', 'boolean', false, "List OS categories for which a VNF template is available", { since: '4.21.0' }),
    p('zoneid', 'uuid', false, "List available OS categories types for the zone", { since: '4.21.0' }),
    p('arch', 'string', false, "List OS categories types available for given CPU architecture", { since: '4.21.0' }),
    p('showicon', 'boolean', false, "flag to display the resource image for the OS category", { since: '4.21.0' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const addOsCategory: CommandDecl = {
  name: 'addOsCategory',
  description: "Adds a new OS category",
  since: '4.21.0',
  isAsync: false,
  responseName: 'addoscategoryresponse',
  shape: 'object',
  objectName: 'oscategory',
  response: GuestOSCategoryResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.AddGuestOsCategoryCmd',
  params: [
    p('name', 'string', true, "Name of the OS category"),
    p('isfeatured', 'boolean', false, "Whether the category is featured or not"),
  ],
};

export const updateOsCategory: CommandDecl = {
  name: 'updateOsCategory',
  description: "Updates an OS category",
  since: '4.21.0',
  isAsync: false,
  responseName: 'updateoscategoryresponse',
  shape: 'object',
  objectName: 'oscategory',
  response: GuestOSCategoryResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.UpdateGuestOsCategoryCmd',
  params: [
    p('id', 'uuid', true, "ID of the OS category"),
    p('name', 'string', false, "Name for the OS category"),
    p('isfeatured', 'boolean', false, "Whether the category is featured or not"),
    p('sortkey', 'integer', false, "sort key of the OS category for listing"),
  ],
};

export const deleteOsCategory: CommandDecl = {
  name: 'deleteOsCategory',
  description: "Deletes an OS category",
  since: '4.21.0',
  isAsync: false,
  responseName: 'deleteoscategoryresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.DeleteGuestOsCategoryCmd',
  params: [
    p('id', 'uuid', true, "ID of the OS category"),
  ],
};

export const listOsTypes: CommandDecl = {
  name: 'listOsTypes',
  description: "Lists all supported OS types for this cloud.",
  isAsync: false,
  responseName: 'listostypesresponse',
  shape: 'list',
  objectName: 'ostype',
  response: GuestOSResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.guest.ListGuestOsCmd',
  params: [
    p('id', 'uuid', false, "list by Os type Id"),
    p('oscategoryid', 'uuid', false, "list by Os Category id"),
    p('description', 'string', false, "list os by description", { since: '3.0.1' }),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.18.1' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const addGuestOs: CommandDecl = {
  name: 'addGuestOs',
  description: "Add a new guest OS type",
  since: '4.4.0',
  isAsync: true,
  responseName: 'addguestosresponse',
  shape: 'object',
  objectName: 'ostype',
  response: GuestOSResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.AddGuestOsCmd',
  params: [
    p('oscategoryid', 'uuid', true, "ID of Guest OS category"),
    p('osdisplayname', 'string', true, "Unique display name for Guest OS"),
    p('name', 'string', false, "Optional name for Guest OS"),
    p('details', 'map', false, "Map of (key/value pairs)"),
    p('forDisplay', 'boolean', false, "whether this guest OS is available for end users"),
  ],
};

export const updateGuestOs: CommandDecl = {
  name: 'updateGuestOs',
  description: "Updates the information about Guest OS",
  since: '4.4.0',
  isAsync: true,
  responseName: 'updateguestosresponse',
  shape: 'object',
  objectName: 'ostype',
  response: GuestOSResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.UpdateGuestOsCmd',
  params: [
    p('id', 'uuid', true, "UUID of the Guest OS"),
    p('osdisplayname', 'string', false, "Unique display name for Guest OS"),
    p('details', 'map', false, "Map of (key/value pairs)"),
    p('forDisplay', 'boolean', false, "whether this guest OS is available for end users"),
    p('oscategoryid', 'uuid', false, "the ID of the OS category", { since: '4.21.0' }),
  ],
};

export const removeGuestOs: CommandDecl = {
  name: 'removeGuestOs',
  description: "Removes a Guest OS from listing.",
  since: '4.4.0',
  isAsync: true,
  responseName: 'removeguestosresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.RemoveGuestOsCmd',
  params: [
    p('id', 'uuid', true, "ID of the guest OS"),
  ],
};

export const listGuestOsMapping: CommandDecl = {
  name: 'listGuestOsMapping',
  description: "Lists all available OS mappings for given hypervisor",
  since: '4.4.0',
  isAsync: false,
  responseName: 'listguestosmappingresponse',
  shape: 'list',
  objectName: 'guestosmapping',
  response: GuestOsMappingResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.ListGuestOsMappingCmd',
  params: [
    p('id', 'uuid', false, "list mapping by its UUID"),
    p('ostypeid', 'uuid', false, "list mapping by Guest OS Type UUID"),
    p('osdisplayname', 'string', false, "list Guest OS mapping by OS display name"),
    p('osnameforhypervisor', 'string', false, "list Guest OS mapping by OS mapping name with hypervisor"),
    p('hypervisor', 'string', false, "list Guest OS mapping by hypervisor"),
    p('hypervisorversion', 'string', false, "list Guest OS mapping by hypervisor version. Must be used with hypervisor parameter"),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const addGuestOsMapping: CommandDecl = {
  name: 'addGuestOsMapping',
  description: "Adds a guest OS name to hypervisor OS name mapping",
  since: '4.4.0',
  isAsync: true,
  responseName: 'addguestosmappingresponse',
  shape: 'object',
  objectName: 'guestosmapping',
  response: GuestOsMappingResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.AddGuestOsMappingCmd',
  params: [
    p('ostypeid', 'uuid', false, "UUID of Guest OS type. Either the UUID or Display Name must be passed"),
    p('osdisplayname', 'string', false, "Display Name of Guest OS standard type. Either Display Name or UUID must be passed"),
    p('hypervisor', 'string', true, "Hypervisor type. One of : XenServer, KVM, VMWare"),
    p('hypervisorversion', 'string', true, "Hypervisor version to create the mapping. Use 'default' for default versions. Please check hypervisor capabilities for correct version"),
    p('osnameforhypervisor', 'string', true, "OS name specific to the hypervisor"),
    p('osmappingcheckenabled', 'boolean', false, "When set to true, checks for the correct guest os mapping name in the provided hypervisor (supports VMware and XenServer only. At least one hypervisor host with the version specified must be available. Default version will not work.)", { since: '4.19.0' }),
    p('forced', 'boolean', false, "Forces add user defined guest os mapping, overrides any existing user defined mapping", { since: '4.19.0' }),
  ],
};

export const updateGuestOsMapping: CommandDecl = {
  name: 'updateGuestOsMapping',
  description: "Updates the information about Guest OS to Hypervisor specific name mapping",
  since: '4.4.0',
  isAsync: true,
  responseName: 'updateguestosmappingresponse',
  shape: 'object',
  objectName: 'guestosmapping',
  response: GuestOsMappingResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.UpdateGuestOsMappingCmd',
  params: [
    p('id', 'uuid', true, "UUID of the Guest OS to hypervisor name Mapping"),
    p('osnameforhypervisor', 'string', true, "Hypervisor specific name for this Guest OS"),
    p('osmappingcheckenabled', 'boolean', false, "When set to true, checks for the correct guest os mapping name in the provided hypervisor (supports VMware and XenServer only. At least one hypervisor host with the version specified must be available. Default version will not work.)", { since: '4.19.0' }),
  ],
};

export const removeGuestOsMapping: CommandDecl = {
  name: 'removeGuestOsMapping',
  description: "Removes a Guest OS Mapping.",
  since: '4.4.0',
  isAsync: true,
  responseName: 'removeguestosmappingresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.guest.RemoveGuestOsMappingCmd',
  params: [
    p('id', 'uuid', true, "ID of the guest OS mapping"),
  ],
};

