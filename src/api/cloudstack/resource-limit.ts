import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const ResourceLimitResponse: ResponseDecl = {
  name: 'ResourceLimitResponse',
  fields: [
    f('account', 'string', "the account of the resource limit"),
    f('domainid', 'string', "the domain ID of the resource limit"),
    f('domain', 'string', "the domain name of the resource limit"),
    f('domainpath', 'string', "path of the domain to which the resource limit belongs"),
    f('resourcetype', 'string', "resource type. Values include 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11. See the resourceType parameter for more information on these values."),
    f('resourcetypename', 'string', "resource type name. Values include user_vm, public_ip, volume, snapshot, template, project, network, vpc, cpu, memory, primary_storage, secondary_storage."),
    f('max', 'long', "the maximum number of the resource. A -1 means the resource currently has no limit."),
    f('projectid', 'string', "the project id of the resource limit"),
    f('project', 'string', "the project name of the resource limit"),
    f('tag', 'string', "The tag for the resource limit"),
  ],
};

export const ResourceCountResponse: ResponseDecl = {
  name: 'ResourceCountResponse',
  fields: [
    f('account', 'string', "the account for which resource count's are updated"),
    f('projectid', 'string', "the project id for which resource count's are updated"),
    f('project', 'string', "the project name for which resource count's are updated"),
    f('domainid', 'string', "the domain ID for which resource count's are updated"),
    f('domain', 'string', "the domain name for which resource count's are updated"),
    f('domainpath', 'string', "path of the domain to which the resource counts are updated"),
    f('resourcetype', 'string', "resource type. Values include 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11. See the resourceType parameter for more information on these values."),
    f('resourcetypename', 'string', "resource type name. Values include user_vm, public_ip, volume, snapshot, template, project, network, vpc, cpu, memory, primary_storage, secondary_storage."),
    f('resourcecount', 'long', "The resource count"),
    f('tag', 'string', "Tag for the resource"),
  ],
};

export const listResourceLimits: CommandDecl = {
  name: 'listResourceLimits',
  description: "Lists resource limits.",
  isAsync: false,
  responseName: 'listresourcelimitsresponse',
  shape: 'list',
  objectName: 'resourcelimit',
  response: ResourceLimitResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.resource.ListResourceLimitsCmd',
  params: [
    p('id', 'long', false, "Lists resource limits by ID."),
    p('resourcetype', 'integer', false, "Type of resource. Values are 0, 1, 2, 3, 4, 6, 7, 8, 9, 10 and 11. 0 - Instance. Number of instances a user can create. 1 - IP. Number of public IP addresses an account can own. 2 - Volume. Number of disk volumes an account can own. 3 - Snapshot. Number of snapshots an account can own. 4 - Template. Number of templates an account can register/create. 5 - Project. Number of projects an account can own. 6 - Network. Number of networks an account can own. 7 - VPC. Number of VPC an account can own. 8 - CPU. Number of CPU an account can allocate for their resources. 9 - Memory. Amount of RAM an account can allocate for their resources. 10 - PrimaryStorage. Total primary storage space (in GiB) a user can use. 11 - SecondaryStorage. Total secondary storage space (in GiB) a user can use. "),
    p('resourcetypename', 'string', false, "Type of resource (wins over resourceType if both are provided). Values are: user_vm - Instance. Number of instances a user can create. public_ip - IP. Number of public IP addresses an account can own. volume - Volume. Number of disk volumes an account can own. snapshot - Snapshot. Number of snapshots an account can own. template - Template. Number of templates an account can register/create. project - Project. Number of projects an account can own. network - Network. Number of networks an account can own. vpc - VPC. Number of VPC an account can own. cpu - CPU. Number of CPU an account can allocate for their resources. memory - Memory. Amount of RAM an account can allocate for their resources. primary_storage - PrimaryStorage. Total primary storage space (in GiB) a user can use. secondary_storage - SecondaryStorage. Total secondary storage space (in GiB) a user can use. "),
    p('tag', 'string', false, "Tag for the resource type", { since: '4.20.0' }),
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

export const updateResourceLimit: CommandDecl = {
  name: 'updateResourceLimit',
  description: "Updates resource limits for an account or domain.",
  isAsync: false,
  responseName: 'updateresourcelimitresponse',
  shape: 'object',
  objectName: 'resourcelimit',
  response: ResourceLimitResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.resource.UpdateResourceLimitCmd',
  params: [
    p('account', 'string', false, "Update resource for a specified account. Must be used with the domainId parameter."),
    p('domainid', 'uuid', false, "Update resource limits for all accounts in specified domain. If used with the account parameter, updates resource limits for a specified account in specified domain."),
    p('projectid', 'uuid', false, "Update resource limits for project"),
    p('max', 'long', false, "  Maximum resource limit."),
    p('resourcetype', 'integer', true, "Type of resource to update. Values are 0, 1, 2, 3, 4, 6, 7, 8, 9, 10 and 11. 0 - Instance. Number of instances a user can create. 1 - IP. Number of public IP addresses a user can own. 2 - Volume. Number of disk volumes a user can create. 3 - Snapshot. Number of snapshots a user can create. 4 - Template. Number of templates that a user can register/create. 5 - Project. Number of projects a user can create. 6 - Network. Number of guest network a user can create. 7 - VPC. Number of VPC a user can create. 8 - CPU. Total number of CPU cores a user can use. 9 - Memory. Total Memory (in MB) a user can use. 10 - PrimaryStorage. Total primary storage space (in GiB) a user can use. 11 - SecondaryStorage. Total secondary storage space (in GiB) a user can use. "),
    p('tag', 'string', false, "Tag for the resource type", { since: '4.20.0' }),
  ],
};

export const updateResourceCount: CommandDecl = {
  name: 'updateResourceCount',
  description: "Recalculate and update resource count for an account or domain. This also executes some cleanup tasks before calculating resource counts.",
  isAsync: false,
  responseName: 'updateresourcecountresponse',
  shape: 'list',
  objectName: 'resourcecount',
  response: ResourceCountResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.resource.UpdateResourceCountCmd',
  params: [
    p('account', 'string', false, "Update resource count for a specified account. Must be used with the domainId parameter."),
    p('domainid', 'uuid', true, "If account parameter specified then updates resource counts for a specified account in this domain else update resource counts for all accounts & child domains in specified domain."),
    p('resourcetype', 'integer', false, "Type of resource to update. If specifies valid values are 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 11. If not specified will update all resource counts0 - Instance. Number of instances a user can create. 1 - IP. Number of public IP addresses a user can own. 2 - Volume. Number of disk volumes a user can create. 3 - Snapshot. Number of snapshots a user can create. 4 - Template. Number of templates that a user can register/create. 5 - Project. Number of projects that a user can create. 6 - Network. Number of guest network a user can create. 7 - VPC. Number of VPC a user can create. 8 - CPU. Total number of CPU cores a user can use. 9 - Memory. Total Memory (in MB) a user can use. 10 - PrimaryStorage. Total primary storage space (in GiB) a user can use. 11 - SecondaryStorage. Total secondary storage space (in GiB) a user can use. "),
    p('projectid', 'uuid', false, "Update resource limits for project"),
    p('tag', 'string', false, "Tag for the resource type", { since: '4.20.0' }),
  ],
};

