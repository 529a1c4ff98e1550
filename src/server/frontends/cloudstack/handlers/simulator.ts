import { type HandlerMap, object } from '../reply.js';
import { mockResponse } from '../views/vm.js';

export const simulatorHandlers: HandlerMap = {
  configureSimulator: async ({ caller, services, args }) =>
    object(mockResponse(await services.simulator.configure(caller, {
      zoneId: args.string('zoneid'), podId: args.string('podid'), clusterId: args.string('clusterid'), hostId: args.string('hostid'),
      name: args.requireString('name'), value: args.requireString('value'), count: args.number('count'),
    }))),

  querySimulatorMock: async ({ services, args }) => object(mockResponse(services.simulator.query(Number(args.number('id') ?? -1)))),

  cleanupSimulatorMock: async ({ services, args }) => {
    services.simulator.cleanup(args.number('id'));
    return { kind: 'success' };
  },
};
