// Serves the URLs extractTemplate/extractIso hand out: /extract/<token>/<file>, for as long as
// extract.url.expiration.interval allows. The token is the only credential, as with
// CloudStack's secondary storage download links.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../core/errors.js';
import type { Services } from '../services/index.js';

export function registerExtractRoute(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { token: string; file: string } }>('/extract/:token/:file', async (req, res) => {
    try {
      const d = await services.templates.openExtract(req.params.token);
      if (!d) return res.status(404).type('text/plain').send('This download link is unknown or has expired\n');
      return res.status(200).type('application/octet-stream').header('content-length', d.length)
        .header('content-disposition', `attachment; filename="${d.fileName}"`).send(d.body);
    } catch (e) {
      if (e instanceof DomainError) return res.status(501).type('text/plain').send(`${e.message}\n`);
      throw e;
    }
  });
}
