import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const EventResponse: ResponseDecl = {
  name: 'EventResponse',
  fields: [
    f('id', 'string', "the ID of the event"),
    f('username', 'string', "the name of the user who performed the action (can be different from the account if an admin is performing an action for a user, e.g. starting/stopping a user's virtual machine)"),
    f('type', 'string', "the type of the event (see event types)"),
    f('level', 'string', "the event level (INFO, WARN, ERROR)"),
    f('description', 'string', "a brief description of the event"),
    f('account', 'string', "the account name for the account that owns the object being acted on in the event (e.g. the owner of the virtual machine, ip address, or security group)"),
    f('projectid', 'string', "the project id of the ipaddress"),
    f('project', 'string', "the project name of the address"),
    f('domainid', 'string', "the id of the account's domain"),
    f('domain', 'string', "the name of the account's domain"),
    f('domainpath', 'string', "path of the Domain the account's domain belongs to"),
    f('resourceid', 'string', "the id of the resource"),
    f('resourcetype', 'string', "the type of the resource"),
    f('resourcename', 'string', "the name of the resource"),
    f('created', 'date', "the date the event was created"),
    f('state', 'state', "the state of the event"),
    f('parentid', 'string', "whether the event is parented"),
    f('archived', 'boolean', "whether the event has been archived or not"),
  ],
};

export const EventTypeResponse: ResponseDecl = {
  name: 'EventTypeResponse',
  fields: [
    f('name', 'string', "Event Type"),
  ],
};

export const listEvents: CommandDecl = {
  name: 'listEvents',
  description: "A command to list events.",
  isAsync: false,
  responseName: 'listeventsresponse',
  shape: 'list',
  objectName: 'event',
  response: EventResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.event.ListEventsCmd',
  params: [
    p('id', 'uuid', false, "the ID of the event"),
    p('duration', 'integer', false, "the duration of the event"),
    p('enddate', 'date', false, "the end date range of the list you want to retrieve (use format \"yyyy-MM-dd\" or the new format \"yyyy-MM-dd HH:mm:ss\")"),
    p('entrytime', 'integer', false, "the time the event was entered"),
    p('level', 'string', false, "the event level (INFO, WARN, ERROR)"),
    p('startdate', 'date', false, "the start date range of the list you want to retrieve (use format \"yyyy-MM-dd\" or the new format \"yyyy-MM-dd HH:mm:ss\")"),
    p('type', 'string', false, "the event type (see event types)"),
    p('startid', 'uuid', false, "the parent/start ID of the event, when provided this will list all the events with the start/parent ID including the parent event"),
    p('resourceid', 'string', false, "the ID of the resource associated with the event", { since: '4.17.0' }),
    p('resourcetype', 'string', false, "the type of the resource associated with the event", { since: '4.17.0' }),
    p('archived', 'boolean', false, "true to list archived events otherwise false", { since: '4.19.0' }),
    p('state', 'string', false, "The state of the events", { since: '4.21.0' }),
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

export const listEventTypes: CommandDecl = {
  name: 'listEventTypes',
  description: "List Event Types",
  isAsync: false,
  responseName: 'listeventtypesresponse',
  shape: 'list',
  objectName: 'eventtype',
  response: EventTypeResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.event.ListEventTypesCmd',
  params: [

  ],
};

