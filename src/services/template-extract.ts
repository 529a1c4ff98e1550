// extractTemplate / extractIso (HTTP_DOWNLOAD): a download URL served by the Nubo server itself
// (src/server/extract-route.ts) for extract.url.expiration.interval seconds. The URL holds a
// random token stored on the copy, so it works on every management server of the cloud.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { DomainError, invalidParam, permissionDenied } from '../core/errors.js';
import { parseExtractMode } from '../core/template-rules.js';
import type { JobContext, JobResult } from '../jobs/types.js';
import { findZone } from './infra-refs.js';
import type { TemplateDeps } from './template-deps.js';
import { checkOperate, findTemplate, templateById } from './template-access.js';

export const EXTRACT_CMD = { template: 'extractTemplate', iso: 'extractIso' } as const;

export interface ExtractArgs {
  readonly id: string;
  readonly mode: string;
  readonly zoneId?: string;
  readonly url?: string;
}

export interface ExtractView {
  readonly uuid: string;
  readonly name: string;
  readonly accountUuid: string;
  readonly zoneUuid: string | null;
  readonly zoneName: string | null;
  readonly mode: string;
  readonly url: string;
  readonly state: string;
  readonly created: string;
}

/** What the extract route streams. */
export interface ExtractDownload {
  readonly fileName: string;
  readonly length: number;
  readonly body: Readable;
}

const EXTENSION: Record<string, string> = { QCOW2: 'qcow2', RAW: 'img', VHD: 'vhd', VHDX: 'vhdx', VMDK: 'vmdk', OVA: 'ova', TAR: 'tar', ISO: 'iso' };
export const EXTRACT_PATH = '/extract';

export async function submitExtract(deps: TemplateDeps, caller: Caller, a: ExtractArgs, iso: boolean, javaClass: string, baseUrl: string | undefined): Promise<{ jobUuid: string }> {
  const { db } = deps;
  const kind = iso ? 'ISO' : 'Template';
  if (!isRootAdmin(caller) && (await deps.settings.getBool('disable.extraction'))) throw permissionDenied('Extraction has been disabled by admin');
  const t = await findTemplate(db, a.id, iso);
  parseExtractMode(a.mode);
  const zone = a.zoneId === undefined ? undefined : await findZone(db, a.zoneId).catch(() => {
    throw invalidParam('Please specify a valid zone.');
  });
  if (!isRootAdmin(caller) && t.is_extractable !== 1) throw invalidParam(`Unable to extract ${kind.toLowerCase()} ${t.name} (${t.uuid}) as it's not extractable`);
  await checkOperate(db, caller, t);
  let q = db.selectFrom('template_stores').select(['id', 'zone_id']).where('template_id', '=', t.id).where('state', '=', 'Ready');
  if (zone) q = q.where('zone_id', '=', zone.id);
  const copy = await q.orderBy('id').executeTakeFirst();
  if (!copy) throw invalidParam(`The ${kind.toLowerCase()} has not been downloaded `);
  if (baseUrl === undefined) throw new DomainError('ResourceUnavailable', 'Extraction needs the management server\'s HTTP address, which this server does not know yet');
  const job = await deps.jobs.submit({
    cmd: iso ? EXTRACT_CMD.iso : EXTRACT_CMD.template, javaClass, owner: caller,
    params: { templateId: t.id, copyId: copy.id, zoneId: zone?.id ?? null, baseUrl, iso, mode: 'HTTP_DOWNLOAD' },
    instanceType: iso ? 'Iso' : 'Template', instanceId: t.uuid, lockKey: `template:${t.id}`,
  });
  return { jobUuid: job.uuid };
}

export async function runExtract(deps: TemplateDeps, ctx: JobContext, params: Record<string, unknown>): Promise<JobResult> {
  const { db } = deps;
  const t = await templateById(db, Number(params.templateId));
  const copyId = Number(params.copyId);
  const ttl = await deps.settings.getNumber('extract.url.expiration.interval');
  // A URL that is still valid is handed out again, as CloudStack does.
  const token = await ctx.step('token', async () => {
    const c = await db.selectFrom('template_stores').select(['extract_token', 'extract_created']).where('id', '=', copyId).executeTakeFirst();
    if (!c) throw invalidParam(`The ${params.iso === true ? 'iso' : 'template'} has not been downloaded `);
    if (c.extract_token && c.extract_created && Date.parse(c.extract_created) + ttl * 1000 > Date.now()) return c.extract_token;
    const fresh = randomBytes(24).toString('hex');
    await db.updateTable('template_stores').set({ extract_token: fresh, extract_created: new Date().toISOString() }).where('id', '=', copyId).execute();
    return fresh;
  });
  const url = `${String(params.baseUrl).replace(/\/$/, '')}${EXTRACT_PATH}/${token}/${t.uuid}.${EXTENSION[t.format] ?? 'img'}`;
  await ctx.step('event', async () => {
    await deps.events.record(ctx.owner, {
      type: params.iso === true ? 'ISO.EXTRACT' : 'TEMPLATE.EXTRACT', description: `Download URL: ${url}, ${params.iso === true ? 'ISO' : 'template'} ID: ${t.uuid}`,
      resourceType: params.iso === true ? 'Iso' : 'Template', resourceId: t.uuid, resourceName: t.name,
    });
  });
  const zone = params.zoneId === null ? undefined : await db.selectFrom('zones').select(['uuid', 'name']).where('id', '=', Number(params.zoneId)).executeTakeFirst();
  const owner = await db.selectFrom('accounts').select('uuid').where('id', '=', ctx.owner.accountId).executeTakeFirstOrThrow();
  const data: ExtractView = {
    uuid: t.uuid, name: t.name, accountUuid: owner.uuid, zoneUuid: zone?.uuid ?? null, zoneName: zone?.name ?? null, mode: String(params.mode), url,
    state: 'DOWNLOAD_URL_CREATED', created: new Date().toISOString(),
  };
  return { type: 'entity', entity: 'Extract', data };
}

/** A qcow2 header declaring `virtualSize` (what a simulated qcow2 image is). */
function qcow2Header(virtualSize: number): Buffer {
  const b = Buffer.alloc(512);
  b.writeUInt32BE(0x514649fb, 0);
  b.writeUInt32BE(3, 4);
  b.writeUInt32BE(16, 20);
  b.writeBigUInt64BE(BigInt(virtualSize), 24);
  return b;
}

/**
 * The bytes behind an extract URL, or undefined when the token is unknown or expired. A
 * simulator store keeps no bytes, so its images are served as what they describe: the
 * image's physical size of zeros, starting with a qcow2 header for qcow2 images. Stores of a
 * real driver need a read operation the storage driver contract does not have yet.
 */
export async function openExtract(deps: TemplateDeps, token: string): Promise<ExtractDownload | undefined> {
  if (!/^[0-9a-f]{48}$/.test(token)) return undefined;
  const c = await deps.db.selectFrom('template_stores as ts').innerJoin('templates as t', 't.id', 'ts.template_id').innerJoin('image_stores as s', 's.id', 'ts.store_id')
    .select(['ts.extract_created', 'ts.size', 'ts.physical_size', 'ts.format', 't.uuid', 't.format as templateFormat', 't.removed', 's.provider'])
    .where('ts.extract_token', '=', token).where('ts.state', '=', 'Ready').executeTakeFirst();
  if (!c || c.removed !== null || !c.extract_created) return undefined;
  const ttl = await deps.settings.getNumber('extract.url.expiration.interval');
  if (Date.parse(c.extract_created) + ttl * 1000 <= Date.now()) return undefined;
  if (c.provider !== 'Simulator') throw new DomainError('UnsupportedAction', 'Extraction requires an image store with HTTP access; this store\'s driver cannot serve its images yet');
  const format = c.format ?? c.templateFormat;
  const head = format === 'QCOW2' ? qcow2Header(Number(c.size)) : Buffer.alloc(0);
  const length = Math.max(Number(c.physical_size), head.length);
  async function* bytes(): AsyncGenerator<Buffer> {
    yield head;
    const chunk = Buffer.alloc(64 * 1024);
    for (let left = length - head.length; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  }
  return { fileName: `${c.uuid}.${EXTENSION[c.templateFormat] ?? 'img'}`, length, body: Readable.from(bytes()) };
}
