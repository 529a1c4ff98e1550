// A CloudStack API client for tests, written from CloudStack's documented signing rules
// (independently of the server's own verifier).
import { createHmac } from 'node:crypto';

export type Json = Record<string, unknown>;
export interface CallResult {
  readonly status: number;
  readonly body: Json;
  readonly text: string;
  readonly headers: Headers;
}

const javaEncode = (s: string) => encodeURIComponent(s).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

export function signParams(params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
    .map((k) => `${k}=${javaEncode(params[k]!)}`)
    .join('&')
    .toLowerCase();
  return createHmac('sha1', secret).update(canonical).digest('base64');
}

export function toQuery(params: Record<string, string>): string {
  return Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export class CsClient {
  constructor(
    readonly url: string,
    readonly apiKey: string,
    readonly secretKey: string,
  ) {}

  /** Logs in with a password and returns a session-bound helper. */
  static async login(url: string, username: string, password: string, domain = '/'): Promise<SessionClient> {
    const r = await fetch(`${url}/client/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: toQuery({ command: 'login', username, password, domain, response: 'json' }),
    });
    const body = (await r.json()) as Json;
    const lr = body.loginresponse as Json;
    if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(body)}`);
    const cookie = (r.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    return new SessionClient(url, String(lr.sessionkey), cookie, String(lr.userid));
  }

  /** Signed raw call; never throws on API errors. */
  async call(command: string, params: Record<string, string | number | boolean> = {}, opts: { method?: 'GET' | 'POST'; format?: 'json' | 'xml' } = {}): Promise<CallResult> {
    const p: Record<string, string> = { command, apikey: this.apiKey };
    if ((opts.format ?? 'json') === 'json') p.response = 'json';
    for (const [k, v] of Object.entries(params)) p[k] = String(v);
    p.signature = signParams(p, this.secretKey);
    return send(this.url, p, opts.method ?? 'GET');
  }

  /** Signed call that must succeed; returns the body under `<command>response`. */
  async ok(command: string, params: Record<string, string | number | boolean> = {}): Promise<Json> {
    const r = await this.call(command, params);
    const inner = Object.values(r.body)[0] as Json;
    if (r.status !== 200) throw new Error(`${command} failed (${r.status}): ${r.text}`);
    return inner;
  }

  /** Calls an async command and waits for its job; returns the finished job. */
  async job(command: string, params: Record<string, string | number | boolean> = {}): Promise<Json> {
    const started = await this.ok(command, params);
    if (typeof started.jobid !== 'string') throw new Error(`${command} returned no jobid: ${JSON.stringify(started)}`);
    return this.waitJob(started.jobid);
  }

  async waitJob(jobid: string, timeoutMs = 60_000): Promise<Json> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const j = await this.ok('queryAsyncJobResult', { jobid });
      if (j.jobstatus !== 0) return j;
      if (Date.now() > until) throw new Error(`job ${jobid} still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export class SessionClient {
  constructor(
    readonly url: string,
    readonly sessionKey: string,
    readonly cookie: string,
    readonly userId: string,
  ) {}

  async call(command: string, params: Record<string, string> = {}, opts: { withKey?: boolean; cookie?: boolean } = {}): Promise<CallResult> {
    const p: Record<string, string> = { command, response: 'json', ...params };
    if (opts.withKey !== false) p.sessionkey = this.sessionKey;
    return send(this.url, p, 'GET', opts.cookie === false ? undefined : this.cookie);
  }

  async registerOwnKeys(): Promise<{ apiKey: string; secretKey: string }> {
    const r = await this.call('registerUserKeys', { id: this.userId });
    const k = (r.body.registeruserkeysresponse as Json).userkeys as Json;
    return { apiKey: String(k.apikey), secretKey: String(k.secretkey) };
  }
}

async function send(url: string, p: Record<string, string>, method: 'GET' | 'POST', cookie?: string): Promise<CallResult> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const r =
    method === 'GET'
      ? await fetch(`${url}/client/api?${toQuery(p)}`, { headers })
      : await fetch(`${url}/client/api`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: toQuery(p) });
  const text = await r.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = {};
  }
  return { status: r.status, body, text, headers: r.headers };
}

/** The single value under `<x>response` of a CloudStack body. */
export function inner(body: Json): Json {
  return Object.values(body)[0] as Json;
}
