import { DomainError, invalidParam } from '../../core/errors.js';
import { ImageHasher, qcow2VirtualSize } from './checksum.js';

export interface Fetched {
  readonly bytes: number;
  readonly md5: string;
  readonly virtualSize: number;
}

/**
 * Streams an HTTP(S) download through `sink` (which may store the bytes), verifying the
 * checksum and reading a qcow2 image's virtual size from its header.
 */
export async function fetchImage(
  url: string,
  checksum: string | undefined,
  sink: (chunk: Uint8Array) => void | Promise<void>,
  progress?: (percent: number) => void,
): Promise<Fetched> {
  if (!/^https?:\/\//i.test(url)) throw invalidParam(`Unsupported URL ${url}: only http and https downloads are supported`);
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    throw new DomainError('ResourceUnavailable', `Failed to download ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok || !res.body) throw new DomainError('ResourceUnavailable', `Failed to download ${url}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const hasher = new ImageHasher(checksum);
  let last = -1;
  for await (const chunk of res.body) {
    hasher.update(chunk);
    await sink(chunk);
    if (progress && total > 0) {
      const pct = Math.floor((hasher.bytes * 100) / total);
      if (pct !== last) progress((last = pct));
    }
  }
  const { md5, head } = hasher.finish();
  return { bytes: hasher.bytes, md5, virtualSize: qcow2VirtualSize(head) ?? hasher.bytes };
}
