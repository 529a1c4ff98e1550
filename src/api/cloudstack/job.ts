import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const AsyncJobResponse: ResponseDecl = {
  name: 'AsyncJobResponse',
  fields: [
    f('accountid', 'string', "the account id that executed the async command"),
    f('account', 'string', "the account that executed the async command"),
    f('domainid', 'string', "the domain id that executed the async command"),
    f('domainpath', 'string', "the domain that executed the async command"),
    f('userid', 'string', "the user that executed the async command"),
    f('cmd', 'string', "the async command executed"),
    f('jobprocstatus', 'integer', "the progress information of the PENDING job"),
    f('jobresultcode', 'integer', "the result code for the job"),
    f('jobresulttype', 'string', "the result type"),
    f('jobresult', 'responseobject', "the result reason"),
    f('jobinstancetype', 'string', "the instance/entity object related to the job"),
    f('jobinstanceid', 'string', "the unique ID of the instance/entity object related to the job"),
    f('managementserverid', 'string', "the msid of the management server on which the job is running"),
    f('managementservername', 'string', "the management server name of the host"),
    f('created', 'date', "  the created date of the job"),
    f('completed', 'date', "  the completed date of the job"),
  ],
};

export const queryAsyncJobResult: CommandDecl = {
  name: 'queryAsyncJobResult',
  description: "Retrieves the current status of asynchronous job.",
  isAsync: false,
  responseName: 'queryasyncjobresultresponse',
  shape: 'flat',
  response: AsyncJobResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.job.QueryAsyncJobResultCmd',
  params: [
    p('jobid', 'uuid', true, "the ID of the asynchronous job"),
  ],
};

export const listAsyncJobs: CommandDecl = {
  name: 'listAsyncJobs',
  description: "Lists all pending asynchronous jobs for the account.",
  isAsync: false,
  responseName: 'listasyncjobsresponse',
  shape: 'list',
  // The reference cannot see it (the name is set at run time): CloudStack answers `asyncjobs`.
  objectName: 'asyncjobs',
  response: AsyncJobResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.job.ListAsyncJobsCmd',
  params: [
    p('startdate', 'date', false, "The start date of the async job (use format \"yyyy-MM-dd'T'HH:mm:ss'+'SSSS\")"),
    p('managementserverid', 'uuid', false, "The id of the management server", { since: '4.19' }),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

