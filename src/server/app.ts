import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../services/index.js';
import { registerCloudStackApi } from './frontends/cloudstack/route.js';
import { registerExtractRoute } from './extract-route.js';
import type { Metrics } from './metrics.js';

export interface AppOptions {
  readonly services: Services;
  readonly metrics: Metrics;
  readonly logLevel?: string;
}

/** The one HTTP app: CloudStack API, metrics (and later EC2, UI, console). */
export function buildApp(opts: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID()),
    requestIdHeader: 'x-request-id',
    bodyLimit: 8 * 1024 * 1024,
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  registerCloudStackApi(app, opts.services, opts.metrics);
  registerExtractRoute(app, opts.services);
  app.get('/metrics', async (_req, res) => {
    res.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}
