import { invalidParam } from '../../../../core/errors.js';
import { NETWORK_SERVICES, findProvider, findService } from '../../../../core/network-services.js';
import { type HandlerMap, list, object } from '../reply.js';
import { networkOfferingResponse, supportedServiceResponse } from '../views/offerings.js';
import { detailsMap, serviceCapabilities, serviceProviders } from './offering-args.js';

export const networkOfferingHandlers: HandlerMap = {
  createNetworkOffering: async ({ caller, services, args }) =>
    object(networkOfferingResponse(await services.networkOfferings.create(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), trafficType: args.requireString('traffictype'),
      guestIpType: args.requireString('guestiptype'), tags: args.string('tags'), specifyVlan: args.bool('specifyvlan'),
      availability: args.string('availability'), networkRate: args.number('networkrate'), conserveMode: args.bool('conservemode'),
      serviceOfferingId: args.string('serviceofferingid'), internetProtocol: args.string('internetprotocol'),
      supportedServices: args.list('supportedservices') ?? [], serviceProviders: serviceProviders(args), capabilities: serviceCapabilities(args),
      specifyIpRanges: args.bool('specifyipranges'), isPersistent: args.bool('ispersistent'), forVpc: args.bool('forvpc'), forNsx: args.bool('fornsx'),
      forTungsten: args.bool('fortungsten'), networkMode: args.string('networkmode'), details: Object.entries(detailsMap(args, 'details') ?? {}),
      egressDefaultPolicy: args.bool('egressdefaultpolicy'), keepAliveEnabled: args.bool('keepaliveenabled'), maxConnections: args.number('maxconnections'),
      domainIds: args.list('domainid'), zoneIds: args.list('zoneid'), enable: args.bool('enable'), specifyAsNumber: args.bool('specifyasnumber'),
      routingMode: args.string('routingmode'),
    }))),

  listNetworkOfferings: async ({ caller, services, args, page }) => {
    // networkid (offerings a network may change to) waits for networks to exist; it is accepted and ignored.
    const r = await services.networkOfferings.list(caller, {
      id: args.string('id'), name: args.string('name'), displayText: args.string('displaytext'), keyword: args.string('keyword'),
      trafficType: args.string('traffictype'), isDefault: args.bool('isdefault'), specifyVlan: args.bool('specifyvlan'),
      availability: args.string('availability'), domainId: args.string('domainid'), zoneId: args.string('zoneid'), state: args.string('state'),
      guestIpType: args.string('guestiptype'), supportedServices: args.list('supportedservices'), sourceNatSupported: args.bool('sourcenatsupported'),
      specifyIpRanges: args.bool('specifyipranges'), tags: args.string('tags'), isTagged: args.bool('istagged'), forVpc: args.bool('forvpc'),
      routingMode: args.string('routingmode'),
    }, page);
    return list({ count: r.count, items: r.items.map(networkOfferingResponse) });
  },

  updateNetworkOffering: async ({ caller, services, args }) =>
    object(networkOfferingResponse(await services.networkOfferings.update(caller, args.string('id'), {
      name: args.string('name'), displayText: args.string('displaytext'), availability: args.string('availability'), sortKey: args.number('sortkey'),
      state: args.string('state'), keepAliveEnabled: args.bool('keepaliveenabled'), maxConnections: args.number('maxconnections'),
      tags: args.string('tags'), domainIds: args.string('domainid'), zoneIds: args.string('zoneid'),
    }))),

  deleteNetworkOffering: async ({ caller, services, args }) => {
    await services.networkOfferings.remove(caller, args.requireString('id'));
    return { kind: 'success' };
  },

  /** The services this cloud can deliver, each with its providers and capabilities; Gateway is never listed. */
  listSupportedNetworkServices: async ({ args, page }) => {
    const serviceName = args.string('service');
    const providerName = args.string('provider');
    let names = NETWORK_SERVICES.filter((s) => s !== 'Gateway');
    if (serviceName !== undefined) {
      const s = findService(serviceName);
      if (!s) throw invalidParam(`Invalid Network Service=${serviceName}`);
      names = names.filter((n) => n === s);
    } else if (providerName !== undefined) {
      const p = findProvider(providerName);
      if (!p) throw invalidParam(`Invalid Network Service Provider=${providerName}`);
      names = names.filter((n) => p.services.includes(n));
    }
    const keyword = args.string('keyword')?.toLowerCase();
    if (keyword) names = names.filter((n) => n.toLowerCase().includes(keyword));
    const items = names.map(supportedServiceResponse);
    return list({ count: items.length, items: items.slice(page.offset, page.offset + page.limit) });
  },
};
