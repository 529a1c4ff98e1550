import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findCommand } from '../../../api/cloudstack/index.js';
import type { CommandDecl } from '../../../api/types.js';
import { type Caller, isRootAdmin } from '../../../core/caller.js';
import { DomainError, invalidParam } from '../../../core/errors.js';
import type { Services } from '../../../services/index.js';
import type { Page } from '../../../services/query.js';
import type { Metrics } from '../../metrics.js';
import { parseArgs } from './args.js';
import { handlers } from './handlers/index.js';
import { collectParams, first, type RawParams } from './raw-params.js';
import { type Format, type WireError, errorBody, replyBody, serialize, wireError } from './render.js';
import type { Obj } from './reply.js';
import { checkResponseKeys } from './response-check.js';
import { parseExpires, verifySignature } from './signature.js';

const UNAUTHORIZED = 'unable to verify user credentials and/or request signature';
const NOT_ALLOWED = 'The user is not allowed to request the API command or the API command does not exist';

class EdgeError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.errortext);
  }
}
const unauthorized = () => new EdgeError({ errorcode: 401, cserrorcode: 9999, errortext: UNAUTHORIZED });
const notAllowed = () => new EdgeError({ errorcode: 432, cserrorcode: 9999, errortext: NOT_ALLOWED });

function cookies(req: FastifyRequest): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) m.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return m;
}

/** Who is calling: a signed request (API key) or a live session; existence before signature, as CloudStack does. */
async function authenticate(services: Services, raw: RawParams, decl: CommandDecl | undefined, req: FastifyRequest): Promise<Caller> {
  const apiKey = first(raw, 'apikey');
  if (apiKey !== undefined) {
    if (!decl) throw unauthorized();
    const signature = first(raw, 'signature');
    const found = await services.auth.byApiKey(apiKey);
    if (!found || !signature) throw unauthorized();
    if (first(raw, 'signatureversion') === '3') {
      const expires = first(raw, 'expires');
      const t = expires === undefined ? undefined : parseExpires(expires);
      if (t === undefined || t < Date.now()) throw unauthorized();
    }
    if (!verifySignature(raw.pairs, found.secret, signature)) throw unauthorized();
    return found.caller;
  }
  const jar = cookies(req);
  const sessionKey = first(raw, 'sessionkey');
  if (sessionKey !== undefined) {
    const caller = await services.auth.bySession(sessionKey, jar.get('JSESSIONID'));
    if (!caller) throw unauthorized();
    if (!decl) throw notAllowed();
    return caller;
  }
  throw unauthorized();
}

function pageOf(decl: CommandDecl, raw: RawParams, maxPageSize: number): Page {
  if (!decl.params.some((p) => p.name === 'pagesize')) return { limit: 1_000_000_000, offset: 0 };
  const args = parseArgs({ ...decl, params: decl.params.filter((p) => p.name === 'page' || p.name === 'pagesize') }, raw, false);
  const page = args.number('page');
  const size = args.number('pagesize');
  if (size !== undefined && size !== -1 && size < 1) throw invalidParam(`Invalid pagesize ${size}: it must be a positive number (or -1 for all)`);
  if (size !== undefined && size > maxPageSize) throw invalidParam(`Page size can't exceed max allowed page size value: ${maxPageSize}`);
  if (page !== undefined && page < 1) throw invalidParam(`Invalid page ${page}: pages start at 1`);
  if (size === -1 || (size === undefined && page === undefined)) return { limit: size === -1 ? 1_000_000_000 : maxPageSize, offset: 0 };
  const limit = size ?? maxPageSize;
  return { limit, offset: ((page ?? 1) - 1) * limit };
}

export function registerCloudStackApi(app: FastifyInstance, services: Services, metrics: Metrics): void {
  const serve = async (req: FastifyRequest, res: FastifyReply) => {
    const started = process.hrtime.bigint();
    const raw = collectParams(req.url, req.body);
    const format: Format = (first(raw, 'response') ?? '').toLowerCase() === 'json' ? 'json' : 'xml';
    const cmdName = first(raw, 'command');
    const decl = cmdName === undefined ? undefined : findCommand(cmdName);
    const responseName = decl?.responseName ?? 'errorresponse';
    const send = (status: number, body: Obj) => {
      const out = serialize(responseName, body, format);
      metrics.apiRequest(decl?.name ?? 'unknown', status, Number(process.hrtime.bigint() - started) / 1e9);
      return res.status(status).type(out.contentType).send(out.payload);
    };
    try {
      if (decl?.name === 'login') return await login(services, raw, res, send);
      if (decl?.name === 'logout') {
        await services.auth.logout(first(raw, 'sessionkey'), cookies(req).get('JSESSIONID'));
        res.header('set-cookie', ['JSESSIONID=; Path=/client; Max-Age=0', 'sessionkey=; Path=/client; Max-Age=0']);
        return send(200, { description: 'success' });
      }
      if (cmdName === undefined && first(raw, 'apikey') === undefined && first(raw, 'sessionkey') === undefined) throw unauthorized();
      const caller = await authenticate(services, raw, decl, req);
      if (!decl) throw notAllowed();
      if (!(await services.roles.allows({ id: caller.roleId, type: caller.roleType }, decl))) throw notAllowed();
      const handler = handlers[decl.name];
      if (!handler) throw notAllowed();
      const args = parseArgs(decl, raw, isRootAdmin(caller));
      const page = pageOf(decl, raw, await services.settings.getNumber('default.page.size'));
      req.log.info({ command: decl.name, user: caller.username }, 'api call');
      const reply = await handler({ caller, services, decl, args, page });
      const body = replyBody(decl, reply);
      checkResponseKeys(decl, reply);
      return send(200, body);
    } catch (e) {
      const wire = e instanceof EdgeError ? e.wire : e instanceof DomainError ? wireError(e) : undefined;
      if (!wire) {
        req.log.error({ err: e, command: decl?.name }, 'internal error');
        return send(530, errorBody({ errorcode: 530, cserrorcode: 4250, errortext: 'Internal error executing command, please contact your system administrator' }));
      }
      return send(wire.errorcode, errorBody(wire));
    }
  };
  app.route({ method: ['GET', 'POST'], url: '/client/api', handler: serve });
  app.route({ method: ['GET', 'POST'], url: '/client/api/', handler: serve });
}

async function login(services: Services, raw: RawParams, res: FastifyReply, send: (status: number, body: Obj) => FastifyReply): Promise<FastifyReply> {
  const username = first(raw, 'username');
  const password = first(raw, 'password');
  if (!username || password === undefined) throw new EdgeError({ errorcode: 401, cserrorcode: 9999, errortext: 'Unable to authenticate: username and password are required' });
  const s = await services.auth.login(username, password, { path: first(raw, 'domain'), id: first(raw, 'domainid') });
  res.header('set-cookie', [`JSESSIONID=${s.jsessionid}; Path=/client; HttpOnly`, `sessionkey=${s.sessionKey}; Path=/client`]);
  return send(200, {
    username: s.caller.username, userid: s.caller.userUuid, domainid: s.caller.domainUuid, timeout: s.timeout, account: s.caller.accountName,
    firstname: s.user.firstname, lastname: s.user.lastname, type: String(s.caller.accountType), timezone: s.user.timezone ?? undefined,
    registered: 'false', sessionkey: s.sessionKey, is2faenabled: 'false', issuerfor2fa: 'nubo', providerfor2fa: 'none',
  });
}
