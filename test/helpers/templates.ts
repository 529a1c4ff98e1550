// Template and ISO helpers for tests: OS type ids, registration from a local image server and
// waiting for a download to end.
import assert from 'node:assert/strict';
import { uniqueName } from './accounts.js';
import type { CsClient, Json } from './cs-client.js';
import { type ImageServer, md5, qcow2Image } from './image-server.js';

export async function osTypeId(c: CsClient, description: string): Promise<string> {
  const r = await c.ok('listOsTypes', { description });
  const os = (r.ostype as Json[] | undefined)?.find((o) => o.description === description);
  assert.ok(os, `OS type ${description}`);
  return String(os.id);
}

/** Every (template, zone) entry of one template or ISO as `c` sees it. */
export async function entries(c: CsClient, id: string, iso = false, filter = 'self'): Promise<Json[]> {
  const r = await c.ok(iso ? 'listIsos' : 'listTemplates', iso ? { id, isofilter: filter } : { id, templatefilter: filter });
  return (r[iso ? 'iso' : 'template'] as Json[] | undefined) ?? [];
}

/** Waits until every entry is ready or one reports a download error; returns the entries. */
export async function waitDownload(c: CsClient, id: string, iso = false, timeoutMs = 20_000): Promise<Json[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const e = await entries(c, id, iso);
    const failed = e.some((x) => x.isready !== true && typeof x.downloaddetails === 'object' &&
      (x.downloaddetails as Json[]).some((d) => d.downloadState === 'DOWNLOAD_ERROR'));
    if (e.length && (e.every((x) => x.isready === true) || failed)) return e;
    if (Date.now() > until) throw new Error(`download of ${id} did not end: ${JSON.stringify(e)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Registers a small qcow2 template served by `img` into `zoneid` and waits until it is ready. */
export async function readyTemplate(c: CsClient, img: ImageServer, zoneid: string, ostypeid: string, extra: Record<string, string | number | boolean> = {}): Promise<Json> {
  const body = qcow2Image(2 * 1024 ** 3, 1024);
  const name = uniqueName('tmpl');
  const url = img.serve(`/${name}.qcow2`, body);
  const r = await c.ok('registerTemplate', { name, displaytext: `${name} text`, url, format: 'QCOW2', hypervisor: 'Simulator', zoneid, ostypeid, checksum: md5(body), ...extra });
  const t = (r.template as Json[])[0]!;
  const done = await waitDownload(c, String(t.id));
  assert.equal(done[0]!.isready, true, JSON.stringify(done));
  return done[0]!;
}

/** Registers a small ISO served by `img` and waits until it is ready. */
export async function readyIso(c: CsClient, img: ImageServer, zoneid: string, ostypeid: string, extra: Record<string, string | number | boolean> = {}): Promise<Json> {
  const body = Buffer.alloc(2048, 7);
  const name = uniqueName('iso');
  const url = img.serve(`/${name}.iso`, body);
  const r = await c.ok('registerIso', { name, displaytext: `${name} text`, url, zoneid, ostypeid, checksum: `{MD5}${md5(body)}`, ...extra });
  const t = (r.iso as Json[])[0]!;
  const done = await waitDownload(c, String(t.id), true);
  assert.equal(done[0]!.isready, true, JSON.stringify(done));
  return done[0]!;
}

/** The ids in a list answer. */
export const ids = (r: Json, key = 'template'): string[] => ((r[key] as Json[] | undefined) ?? []).map((t) => String(t.id));
