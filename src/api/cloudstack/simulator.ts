import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

// CloudStack's simulator plugin commands: fault injection into the simulator drivers.

/**
 * MockResponse is built without an object name (the reference records none, CloudStack writes
 * the key "null"); the declaration says so with null, and the renderer then uses the command name.
 */
const NO_OBJECT_NAME = null as unknown as undefined;
export const MockResponse: ResponseDecl = {
  name: 'MockResponse',
  fields: [
    f('id', 'long', "the mock ID"),
    f('zoneid', 'long', "the Zone ID scope of the mock"),
    f('podid', 'long', "the Pod ID scope of the mock"),
    f('clusterid', 'long', "the Cluster ID scope of the mock"),
    f('hostid', 'long', "the Host ID scope of the mock"),
    f('name', 'string', "the agent command to be mocked"),
    f('count', 'integer', "number of times mock is executed, if not specified then mock remains active till cleaned up"),
  ],
};

export const configureSimulator: CommandDecl = {
  name: 'configureSimulator',
  description: "configure simulator",
  isAsync: false,
  responseName: 'configuresimulatorresponse',
  shape: 'object',
  objectName: NO_OBJECT_NAME,
  response: MockResponse,
  authorized: [],
  javaClass: 'com.cloud.api.commands.ConfigureSimulatorCmd',
  params: [
    p('zoneid', 'uuid', false, "configure range: in a zone"),
    p('podid', 'uuid', false, "configure range: in a pod"),
    p('clusterid', 'uuid', false, "configure range: in a cluster"),
    p('hostid', 'uuid', false, "configure range: in a host"),
    p('name', 'string', true, "which command needs to be configured"),
    p('value', 'string', true, "configuration options for this command, which is separated by ;"),
    p('count', 'integer', false, "number of times the mock is active"),
    p('jsonresponse', 'string', false, "agent command response to be returned", { length: 4096 }),
  ],
};

export const querySimulatorMock: CommandDecl = {
  name: 'querySimulatorMock',
  description: "query simulator mock",
  isAsync: false,
  responseName: 'querysimulatormockresponse',
  shape: 'object',
  objectName: NO_OBJECT_NAME,
  response: MockResponse,
  authorized: [],
  javaClass: 'com.cloud.api.commands.QuerySimulatorMockCmd',
  params: [
    p('id', 'long', false, "id of the configured mock"),
  ],
};

export const cleanupSimulatorMock: CommandDecl = {
  name: 'cleanupSimulatorMock',
  description: "cleanup simulator mock",
  isAsync: false,
  responseName: 'cleanupsimulatormockresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'com.cloud.api.commands.CleanupSimulatorMockCmd',
  params: [
    p('id', 'long', false, "id of the configured mock"),
  ],
};

