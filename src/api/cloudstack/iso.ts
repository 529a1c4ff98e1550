import type { CommandDecl } from '../types.js';
import { p } from './decl.js';
import { SuccessResponse } from './common.js';
import { ExtractResponse, TemplatePermissionsResponse, TemplateResponse } from './template.js';

// ISOs: the template commands' twins, plus attaching one to a VM.

export const registerIso: CommandDecl = {
  name: 'registerIso',
  description: "Registers an existing ISO into the CloudStack Cloud.",
  isAsync: false,
  responseName: 'registerisoresponse',
  shape: 'list',
  objectName: 'iso',
  response: TemplateResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.RegisterIsoCmd',
  params: [
    p('bootable', 'boolean', false, "true if this ISO is bootable. If not passed explicitly its assumed to be true"),
    p('displaytext', 'string', false, "the display text of the ISO, defaults to the 'name'", { length: 4096 }),
    p('isfeatured', 'boolean', false, "true if you want this ISO to be featured"),
    p('ispublic', 'boolean', false, "true if you want to register the ISO to be publicly available to all users, false otherwise."),
    p('isextractable', 'boolean', false, "true if the ISO or its derivatives are extractable; default is false"),
    p('name', 'string', true, "the name of the ISO"),
    p('ostypeid', 'uuid', false, "the ID of the OS type that best represents the OS of this ISO. If the ISO is bootable this parameter needs to be passed"),
    p('url', 'string', true, "the URL to where the ISO is currently being hosted", { length: 2048 }),
    p('zoneid', 'uuid', true, "the ID of the zone you wish to register the ISO to."),
    p('domainid', 'uuid', false, "an optional domainId. If the account parameter is used, domainId must also be used."),
    p('account', 'string', false, "an optional account name. Must be used with domainId."),
    p('checksum', 'string', false, "the checksum value of this ISO. The parameter containing the checksum will be considered a MD5sum if it is not prefixed and just a plain ascii/utf8 representation of a hexadecimal string. If it is required to use another algorithm the hexadecimal string is to be prefixed with a string of the form, \"{<algorithm>}\", not including the double quotes. In this <algorithm> is the exact string representing the java supported algorithm, i.e. MD5 or SHA-256. Note that java does not contain an algorithm called SHA256 or one called sha-256, only SHA-256."),
    p('projectid', 'uuid', false, "Register ISO for the project"),
    p('imagestoreuuid', 'string', false, "Image store UUID"),
    p('isdynamicallyscalable', 'boolean', false, "true if ISO contains XS/VMWare tools inorder to support dynamic scaling of VM CPU/memory"),
    p('directdownload', 'boolean', false, "true if ISO should bypass Secondary Storage and be downloaded to Primary Storage on deployment"),
    p('passwordenabled', 'boolean', false, "true if password reset feature is supported; default is false"),
    p('arch', 'string', false, "the CPU arch of the ISO. Valid options are: x86_64, aarch64", { since: '4.20' }),
  ],
};

export const listIsos: CommandDecl = {
  name: 'listIsos',
  description: "Lists all available ISO files.",
  isAsync: false,
  responseName: 'listisosresponse',
  shape: 'list',
  objectName: 'iso',
  response: TemplateResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.ListIsosCmd',
  params: [
    p('bootable', 'boolean', false, "true if the ISO is bootable, false otherwise"),
    p('hypervisor', 'string', false, "the hypervisor for which to restrict the search"),
    p('id', 'uuid', false, "list ISO by ID"),
    p('ispublic', 'boolean', false, "true if the ISO is publicly available to all users, false otherwise."),
    p('isready', 'boolean', false, "list ISOs that are ready to be deployed"),
    p('isofilter', 'string', false, "possible values are \"featured\", \"self\", \"selfexecutable\",\"sharedexecutable\",\"executable\", and \"community\". * featured : templates that have been marked as featured and public. * self : templates that have been registered or created by the calling user. * selfexecutable : same as self, but only returns templates that can be used to deploy a new VM. * sharedexecutable : templates ready to be deployed that have been granted to the calling user by another user. * executable : templates that are owned by the calling user, or public templates, that can be used to deploy a VM. * community : templates that have been marked as public but not featured. * all : all templates (only usable by admins)."),
    p('name', 'string', false, "list all ISOs by name"),
    p('zoneid', 'uuid', false, "the ID of the zone"),
    p('showremoved', 'boolean', false, "show removed ISOs as well"),
    p('showunique', 'boolean', false, "If set to true, list only unique isos across zones", { since: '4.13.2' }),
    p('showicon', 'boolean', false, "flag to display the resource image for the isos"),
    p('arch', 'string', false, "the CPU arch of the ISO. Valid options are: x86_64, aarch64", { since: '4.20' }),
    p('oscategoryid', 'uuid', false, "the ID of the OS category for the ISO", { since: '4.21.0' }),
    p('tags', 'map', false, "List resources by tags (key/value pairs)"),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
    p('imagestoreid', 'uuid', false, "ID of the image or image cache store", { since: '4.19', adminOnly: true }),
    p('storageid', 'uuid', false, "ID of the storage pool", { since: '4.19', adminOnly: true }),
  ],
};

export const updateIso: CommandDecl = {
  name: 'updateIso',
  description: "Updates an ISO file.",
  isAsync: false,
  responseName: 'updateisoresponse',
  shape: 'object',
  objectName: 'iso',
  response: TemplateResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.UpdateIsoCmd',
  params: [
    p('bootable', 'boolean', false, "true if image is bootable, false otherwise; available only for updateIso API"),
    p('requireshvm', 'boolean', false, "true if the template requires HVM, false otherwise; available only for updateTemplate API"),
    p('displaytext', 'string', false, "the display text of the image", { length: 4096 }),
    p('id', 'uuid', true, "the ID of the image file"),
    p('name', 'string', false, "the name of the image file"),
    p('ostypeid', 'uuid', false, "the ID of the OS type that best represents the OS of this image."),
    p('forceupdateostype', 'boolean', false, "Force OS type update. Warning: Updating OS type will update the guest OS configuration for all the existing Instances deployed with this template/iso, which may affect their behavior.", { since: '4.21' }),
    p('format', 'string', false, "the format for the image"),
    p('passwordenabled', 'boolean', false, "true if the image supports the password reset feature; default is false"),
    p('sshkeyenabled', 'boolean', false, "true if the template supports the sshkey upload feature; default is false"),
    p('sortkey', 'integer', false, "sort key of the template, integer"),
    p('isdynamicallyscalable', 'boolean', false, "true if template/ISO contains XS/VMWare tools inorder to support dynamic scaling of VM cpu/memory"),
    p('isrouting', 'boolean', false, "true if the template type is routing i.e., if template is used to deploy router"),
    p('details', 'map', false, "Details in key/value pairs using format details[i].keyname=keyvalue. Example: details[0].hypervisortoolsversion=xenserver61"),
    p('cleanupdetails', 'boolean', false, "optional boolean field, which indicates if details should be cleaned up or not (if set to true, details removed for this resource, details field ignored; if false or not set, no action)"),
    p('arch', 'string', false, "the CPU arch of the template/ISO. Valid options are: x86_64, aarch64", { since: '4.20' }),
  ],
};

export const deleteIso: CommandDecl = {
  name: 'deleteIso',
  description: "Deletes an ISO file.",
  isAsync: true,
  responseName: 'deleteisoresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.DeleteIsoCmd',
  params: [
    p('id', 'uuid', true, "the ID of the ISO file"),
    p('zoneid', 'uuid', false, "the ID of the zone of the ISO file. If not specified, the ISO will be deleted from all the zones"),
  ],
};

export const copyIso: CommandDecl = {
  name: 'copyIso',
  description: "Copies an ISO from one zone to another.",
  isAsync: true,
  responseName: 'copytemplateresponse',
  shape: 'object',
  objectName: 'iso',
  response: TemplateResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.CopyIsoCmd',
  params: [
    p('destzoneid', 'uuid', false, "ID of the zone the template is being copied to."),
    p('id', 'uuid', true, "Template ID."),
    p('sourcezoneid', 'uuid', false, "ID of the zone the template is currently hosted on. If not specified and template is cross-zone, then we will sync this template to region wide image store."),
    p('destzoneids', 'list', false, "A list of IDs of the zones that the template needs to be copied to.Specify this list if the template needs to copied to multiple zones in one go. Do not specify destzoneid and destzoneids together, however one of them is required.", { collectionType: 'uuid' }),
  ],
};

export const extractIso: CommandDecl = {
  name: 'extractIso',
  description: "Extracts an ISO",
  isAsync: true,
  responseName: 'extractisoresponse',
  shape: 'object',
  objectName: 'iso',
  response: ExtractResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.ExtractIsoCmd',
  params: [
    p('id', 'uuid', true, "the ID of the ISO file"),
    p('url', 'string', false, "the URL to which the ISO would be extracted", { length: 2048 }),
    p('zoneid', 'uuid', false, "the ID of the zone where the ISO is originally located"),
    p('mode', 'string', true, "the mode of extraction - HTTP_DOWNLOAD or FTP_UPLOAD"),
  ],
};

export const updateIsoPermissions: CommandDecl = {
  name: 'updateIsoPermissions',
  description: "Updates ISO permissions",
  isAsync: false,
  responseName: 'updateisopermissionsresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.UpdateIsoPermissionsCmd',
  params: [
    p('accounts', 'list', false, "a comma delimited list of accounts within caller's domain. If specified, \"op\" parameter has to be passed in.", { collectionType: 'string' }),
    p('id', 'uuid', true, "the template ID"),
    p('isfeatured', 'boolean', false, "true for featured template/iso, false otherwise"),
    p('ispublic', 'boolean', false, "true for public template/iso, false for private templates/isos"),
    p('isextractable', 'boolean', false, "true if the template/iso is extractable, false other wise. Can be set only by root admin"),
    p('op', 'string', false, "permission operator (add, remove, reset)"),
    p('projectids', 'list', false, "a comma delimited list of projects. If specified, \"op\" parameter has to be passed in.", { collectionType: 'uuid' }),
  ],
};

export const listIsoPermissions: CommandDecl = {
  name: 'listIsoPermissions',
  description: "List ISO visibility and all accounts that have permissions to view this ISO.",
  isAsync: false,
  responseName: 'listtemplatepermissionsresponse',
  shape: 'object',
  objectName: 'templatepermission',
  response: TemplatePermissionsResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.iso.ListIsoPermissionsCmd',
  params: [
    p('id', 'uuid', true, "the template ID"),
  ],
};
