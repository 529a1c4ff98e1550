import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const ConfigurationResponse: ResponseDecl = {
  name: 'ConfigurationResponse',
  fields: [
    f('category', 'string', "the category of the configuration"),
    f('group', 'string', "the group of the configuration"),
    f('subgroup', 'string', "the subgroup of the configuration"),
    f('name', 'string', "the name of the configuration"),
    f('value', 'string', "the value of the configuration"),
    f('defaultvalue', 'string', "the default value of the configuration"),
    f('scope', 'string', "scope(zone/cluster/pool/account) of the parameter that needs to be updated"),
    f('id', 'long', "the value of the configuration"),
    f('description', 'string', "the description of the configuration"),
    f('isdynamic', 'boolean', "true if the configuration is dynamic"),
    f('component', 'string', "the component of the configuration"),
    f('parent', 'string', "the name of the parent configuration"),
    f('displaytext', 'string', "the display text of the configuration"),
    f('type', 'string', "the type of the configuration value"),
    f('options', 'string', "the possible options of the configuration value"),
  ],
};

export const ConfigurationGroupResponse: ResponseDecl = {
  name: 'ConfigurationGroupResponse',
  fields: [
    f('name', 'string', "the name of the configuration group"),
    f('subgroup', 'list', "the subgroups of the configuration group"),
    f('description', 'string', "the description of the configuration group"),
    f('precedence', 'long', "the precedence of the configuration group"),
  ],
};

export const listConfigurations: CommandDecl = {
  name: 'listConfigurations',
  description: "Lists all configurations.",
  isAsync: false,
  responseName: 'listconfigurationsresponse',
  shape: 'list',
  objectName: 'configuration',
  response: ConfigurationResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.config.ListCfgsByCmd',
  params: [
    p('category', 'string', false, "lists configurations by category"),
    p('name', 'string', false, "lists configuration by name"),
    p('zoneid', 'uuid', false, "the ID of the Zone to update the parameter value for corresponding zone"),
    p('clusterid', 'uuid', false, "the ID of the Cluster to update the parameter value for corresponding cluster"),
    p('storageid', 'uuid', false, "the ID of the Storage pool to update the parameter value for corresponding storage pool"),
    p('accountid', 'uuid', false, "the ID of the Account to update the parameter value for corresponding account"),
    p('domainid', 'uuid', false, "the ID of the Domain to update the parameter value for corresponding domain"),
    p('imagestoreuuid', 'uuid', false, "the ID of the Image Store to update the parameter value for corresponding image store"),
    p('group', 'string', false, "lists configuration by group name (primarily used for UI)", { since: '4.18.0' }),
    p('subgroup', 'string', false, "lists configuration by subgroup name (primarily used for UI)", { since: '4.18.0' }),
    p('parent', 'string', false, "lists configuration by parent name (primarily used for UI)", { since: '4.18.0' }),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateConfiguration: CommandDecl = {
  name: 'updateConfiguration',
  description: "Updates a configuration.",
  isAsync: false,
  responseName: 'updateconfigurationresponse',
  shape: 'object',
  objectName: 'configuration',
  response: ConfigurationResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.config.UpdateCfgCmd',
  params: [
    p('name', 'string', true, "the name of the configuration"),
    p('value', 'string', false, "the value of the configuration", { length: 4096 }),
    p('zoneid', 'uuid', false, "the ID of the Zone to update the parameter value for corresponding zone"),
    p('clusterid', 'uuid', false, "the ID of the Cluster to update the parameter value for corresponding cluster"),
    p('storageid', 'uuid', false, "the ID of the Storage pool to update the parameter value for corresponding storage pool"),
    p('accountid', 'uuid', false, "the ID of the Account to update the parameter value for corresponding account"),
    p('domainid', 'uuid', false, "the ID of the Domain to update the parameter value for corresponding domain"),
    p('imagestoreuuid', 'uuid', false, "the ID of the Image Store to update the parameter value for corresponding image store"),
  ],
};

export const resetConfiguration: CommandDecl = {
  name: 'resetConfiguration',
  description: "Resets a configuration. The configuration will be set to default value for global setting, and removed from account_details or domain_details for Account/Domain settings",
  since: '4.16.0',
  isAsync: false,
  responseName: 'resetconfigurationresponse',
  shape: 'object',
  objectName: 'configuration',
  response: ConfigurationResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.config.ResetCfgCmd',
  params: [
    p('name', 'string', true, "the name of the configuration"),
    p('zoneid', 'uuid', false, "the ID of the Zone to reset the parameter value for corresponding zone"),
    p('clusterid', 'uuid', false, "the ID of the Cluster to reset the parameter value for corresponding cluster"),
    p('storageid', 'uuid', false, "the ID of the Storage pool to reset the parameter value for corresponding storage pool"),
    p('domainid', 'uuid', false, "the ID of the Domain to reset the parameter value for corresponding domain"),
    p('accountid', 'uuid', false, "the ID of the Account to reset the parameter value for corresponding account"),
    p('imagestoreid', 'uuid', false, "the ID of the Image Store to reset the parameter value for corresponding image store"),
  ],
};

export const listConfigurationGroups: CommandDecl = {
  name: 'listConfigurationGroups',
  description: "Lists all configuration groups (primarily used for UI).",
  since: '4.18.0',
  isAsync: false,
  responseName: 'listconfigurationgroupsresponse',
  shape: 'list',
  objectName: 'configurationgroup',
  response: ConfigurationGroupResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.config.ListCfgGroupsByCmd',
  params: [
    p('group', 'string', false, "lists configuration group by group name"),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

