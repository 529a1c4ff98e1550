import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

// Resource tags: createTags/deleteTags are async; the tags of a resource belong to its owner.
export const ResourceTagResponse: ResponseDecl = {
  name: 'ResourceTagResponse',
  fields: [
    f('key', 'string', "tag key name"),
    f('value', 'string', "tag value"),
    f('resourcetype', 'string', "resource type"),
    f('resourceid', 'string', "id of the resource"),
    f('account', 'string', "the account associated with the tag"),
    f('projectid', 'string', "the project id the tag belongs to"),
    f('project', 'string', "the project name where tag belongs to"),
    f('domainid', 'string', "the ID of the domain associated with the tag"),
    f('domain', 'string', "the domain associated with the tag"),
    f('domainpath', 'string', "path of the Domain associated with the tag"),
    f('customer', 'string', "customer associated with the tag"),
  ],
};

export const createTags: CommandDecl = {
  name: 'createTags',
  description: "Creates resource tag(s)",
  since: '4.0.0',
  isAsync: true,
  responseName: 'createtagsresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.tag.CreateTagsCmd',
  params: [
    p('tags', 'map', true, "Map of tags (key/value pairs)"),
    p('resourcetype', 'string', true, "type of the resource"),
    p('resourceids', 'list', true, "list of resources to create the tags for", { collectionType: 'string' }),
    p('customer', 'string', false, "identifies client specific tag. When the value is not null, the tag can't be used by cloudStack code internally"),
  ],
};

export const deleteTags: CommandDecl = {
  name: 'deleteTags',
  description: "Deleting resource tag(s)",
  since: '4.0.0',
  isAsync: true,
  responseName: 'deletetagsresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.tag.DeleteTagsCmd',
  params: [
    p('tags', 'map', false, "Delete tags matching key/value pairs"),
    p('resourcetype', 'string', true, "Delete tag by resource type"),
    p('resourceids', 'list', true, "Delete tags for resource id(s)", { collectionType: 'string' }),
  ],
};

export const listTags: CommandDecl = {
  name: 'listTags',
  description: "List resource tag(s)",
  since: '4.0.0',
  isAsync: false,
  responseName: 'listtagsresponse',
  shape: 'list',
  objectName: 'tag',
  response: ResourceTagResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.tag.ListTagsCmd',
  params: [
    p('resourcetype', 'string', false, "list by resource type"),
    p('resourceid', 'string', false, "list by resource id"),
    p('key', 'string', false, "list by key"),
    p('value', 'string', false, "list by value"),
    p('customer', 'string', false, "list by customer name"),
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

