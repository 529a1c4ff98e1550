import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const ApiDiscoveryResponse: ResponseDecl = {
  name: 'ApiDiscoveryResponse',
  fields: [
    f('name', 'string', "the name of the api command"),
    f('description', 'string', "description of the api"),
    f('since', 'string', "version of CloudStack the api was introduced in"),
    f('isasync', 'boolean', "true if api is asynchronous"),
    f('related', 'string', "comma separated related apis"),
    f('params', 'list', "the list params the api accepts"),
    f('response', 'list', "api response fields"),
    f('type', 'string', "response field type"),
  ],
};

export const CapabilitiesResponse: ResponseDecl = {
  name: 'CapabilitiesResponse',
  fields: [
    f('securitygroupsenabled', 'boolean', "true if security groups support is enabled, false otherwise"),
    f('dynamicrolesenabled', 'boolean', "true if dynamic role-based api checker is enabled, false otherwise"),
    f('cloudstackversion', 'string', "version of the cloud stack"),
    f('userpublictemplateenabled', 'boolean', "true if user and domain admins can set templates to be shared, false otherwise"),
    f('supportELB', 'string', "true if region supports elastic load balancer on basic zones"),
    f('projectinviterequired', 'boolean', "If invitation confirmation is required when add account to project"),
    f('allowusercreateprojects', 'boolean', "true if regular user is allowed to create projects"),
    f('customdiskofferingminsize', 'long', "minimum size that can be specified when create disk from disk offering with custom size"),
    f('customdiskofferingmaxsize', 'long', "maximum size that can be specified when create disk from disk offering with custom size"),
    f('regionsecondaryenabled', 'boolean', "true if region wide secondary is enabled, false otherwise"),
    f('apilimitinterval', 'integer', "time interval (in seconds) to reset api count"),
    f('kvmsnapshotenabled', 'boolean', "true if snapshot is supported for KVM host, false otherwise"),
    f('apilimitmax', 'integer', "Max allowed number of api requests within the specified interval"),
    f('allowuserviewdestroyedvm', 'boolean', "true if the user is allowed to view destroyed virtualmachines, false otherwise"),
    f('allowuserexpungerecovervm', 'boolean', "true if the user can recover and expunge virtualmachines, false otherwise"),
    f('allowuserexpungerecovervolume', 'boolean', "true if the user can recover and expunge volumes, false otherwise"),
    f('allowuserviewalldomainaccounts', 'boolean', "true if users can see all accounts within the same domain, false otherwise"),
    f('allowuserforcestopvm', 'boolean', "true if users are allowed to force stop a vm, false otherwise"),
    f('kubernetesserviceenabled', 'boolean', "true if Kubernetes Service plugin is enabled, false otherwise"),
    f('kubernetesclusterexperimentalfeaturesenabled', 'boolean', "true if experimental features for Kubernetes cluster such as Docker private registry are enabled, false otherwise"),
    f('customhypervisordisplayname', 'string', "Display name for custom hypervisor"),
    f('defaultuipagesize', 'long', "default page size in the UI for various views, value set in the configurations"),
    f('instancesstatsretentiontime', 'integer', "the retention time for Instances stats"),
    f('instancesstatsuseronly', 'boolean', "true if stats are collected only for user instances, false if system instance stats are also collected"),
    f('instancesdisksstatsretentionenabled', 'boolean', "true if stats are retained for instance disks otherwise false"),
    f('instancesdisksstatsretentiontime', 'integer', "the retention time for Instances disks stats"),
    f('sharedfsvmmincpucount', 'integer', "the min CPU count for the service offering used by the shared filesystem instance"),
    f('sharedfsvmminramsize', 'integer', "the min Ram size for the service offering used by the shared filesystem instance"),
    f('instanceleaseenabled', 'boolean', "true if instance lease feature is enabled"),
    f('extensionspath', 'string', "The path of the extensions directory"),
    f('dynamicscalingenabled', 'boolean', "true if dynamically scaling for instances is enabled"),
    f('additionalconfigenabled', 'boolean', "true if additional configurations or extraconfig can be passed to Instances"),
  ],
};

export const listApis: CommandDecl = {
  name: 'listApis',
  description: "lists all available apis on the server, provided by the Api Discovery plugin",
  since: '4.1.0',
  isAsync: false,
  responseName: 'listapisresponse',
  shape: 'list',
  objectName: 'api',
  response: ApiDiscoveryResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.user.discovery.ListApisCmd',
  params: [
    p('name', 'string', false, "API name"),
  ],
};

export const listCapabilities: CommandDecl = {
  name: 'listCapabilities',
  description: "Lists capabilities",
  isAsync: false,
  responseName: 'listcapabilitiesresponse',
  shape: 'object',
  objectName: 'capability',
  response: CapabilitiesResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.config.ListCapabilitiesCmd',
  params: [

  ],
};

