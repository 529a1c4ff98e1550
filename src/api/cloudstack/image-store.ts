import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

export const ImageStoreResponse: ResponseDecl = {
  name: 'ImageStoreResponse',
  fields: [
    f('id', 'string', "the ID of the image store"),
    f('zoneid', 'string', "the Zone ID of the image store"),
    f('zonename', 'string', "the Zone name of the image store"),
    f('name', 'string', "the name of the image store"),
    f('url', 'string', "the url of the image store"),
    f('protocol', 'string', "the protocol of the image store"),
    f('providername', 'string', "the provider name of the image store"),
    f('scope', 'scopetype', "the scope of the image store"),
    f('readonly', 'boolean', "defines if store is read-only"),
    f('disksizetotal', 'long', "the total disk size of the host"),
    f('disksizeused', 'long', "the host's currently used disk size"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const addImageStore: CommandDecl = {
  name: 'addImageStore',
  description: "Adds backup image store.",
  since: '4.2.0',
  isAsync: false,
  responseName: 'addimagestoreresponse',
  shape: 'object',
  objectName: 'imagestore',
  response: ImageStoreResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.AddImageStoreCmd',
  params: [
    p('name', 'string', false, "the name for the image store"),
    p('url', 'string', false, "the URL for the image store", { length: 2048 }),
    p('zoneid', 'uuid', false, "the Zone ID for the image store"),
    p('provider', 'string', true, "the image store provider name"),
    p('details', 'map', false, "the details for the image store. Example: details[0].key=accesskey&details[0].value=s389ddssaa&details[1].key=secretkey&details[1].value=8dshfsss"),
  ],
};

export const listImageStores: CommandDecl = {
  name: 'listImageStores',
  description: "Lists image stores.",
  since: '4.2.0',
  isAsync: false,
  responseName: 'listimagestoresresponse',
  shape: 'list',
  objectName: 'imagestore',
  response: ImageStoreResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.ListImageStoresCmd',
  params: [
    p('name', 'string', false, "the name of the image store"),
    p('protocol', 'string', false, "the image store protocol"),
    p('provider', 'string', false, "the image store provider"),
    p('zoneid', 'uuid', false, "the Zone ID for the image store"),
    p('id', 'uuid', false, "the ID of the storage pool"),
    p('readonly', 'boolean', false, "read-only status of the image store", { since: '4.15.0' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const deleteImageStore: CommandDecl = {
  name: 'deleteImageStore',
  description: "Deletes an image store or Secondary Storage.",
  since: '4.2.0',
  isAsync: false,
  responseName: 'deleteimagestoreresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.storage.DeleteImageStoreCmd',
  params: [
    p('id', 'uuid', true, "The image store ID or Secondary Storage ID."),
  ],
};

export const addSecondaryStorage: CommandDecl = {
  name: 'addSecondaryStorage',
  description: "Adds secondary storage.",
  isAsync: false,
  responseName: 'addsecondarystorageresponse',
  shape: 'object',
  objectName: 'secondarystorage',
  response: ImageStoreResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.host.AddSecondaryStorageCmd',
  params: [
    p('url', 'string', true, "the URL for the secondary storage"),
    p('zoneid', 'uuid', false, "the Zone ID for the secondary storage"),
  ],
};

