// Storage URLs of primary pools and image stores: which driver serves them and where they are.
import { invalidParam } from './errors.js';

export type StorageScheme = 'sim' | 'nfs' | 'filesystem';

export interface StorageLocation {
  readonly scheme: StorageScheme;
  /** CloudStack's StoragePoolType for a primary pool of this scheme. */
  readonly poolType: 'NetworkFilesystem' | 'Filesystem';
  readonly host: string;
  readonly path: string;
  /** The URL in canonical form (lower-case scheme and host, no trailing slash). */
  readonly canonical: string;
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const PATH = /^\/[^\s\0]*$/;

/**
 * Parses `sim://<name>[/path]`, `nfs://<host>[:]/<path>` or `filesystem://<path>`
 * (also `filesystem:///abs/path`). Anything else is an InvalidParameter naming the forms.
 */
export function parseStorageUrl(url: string): StorageLocation {
  const m = /^([A-Za-z]+):\/\/(.*)$/.exec(url.trim());
  const bad = () => invalidParam(`Invalid storage URL ${url}: expected sim://<name>, nfs://<host>/<path> or filesystem://<path>`);
  if (!m) throw bad();
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  if (scheme === 'filesystem') {
    const path = rest.startsWith('/') ? rest : `/${rest}`;
    if (path === '/' || !PATH.test(path) || path.split('/').includes('..')) throw invalidParam(`Invalid storage URL ${url}: filesystem:// needs an absolute path`);
    const clean = path.replace(/\/+$/, '');
    return { scheme, poolType: 'Filesystem', host: 'localhost', path: clean, canonical: `filesystem://${clean}` };
  }
  if (scheme !== 'sim' && scheme !== 'nfs') throw bad();
  const slash = rest.indexOf('/');
  const hostPart = (slash < 0 ? rest : rest.slice(0, slash)).replace(/:$/, '');
  const path = (slash < 0 ? '/' : rest.slice(slash)).replace(/\?.*$/, '').replace(/\/+$/, '') || '/';
  if (!HOST.test(hostPart)) throw invalidParam(`Invalid storage URL ${url}: ${hostPart || 'the host'} is not a valid host name or address`);
  if (!PATH.test(path) || path.split('/').includes('..')) throw invalidParam(`Invalid storage URL ${url}: the path must be absolute`);
  if (scheme === 'nfs' && path === '/') throw invalidParam(`Invalid storage URL ${url}: an NFS URL needs an export path, e.g. nfs://server/export/primary`);
  const host = hostPart.toLowerCase();
  return { scheme, poolType: 'NetworkFilesystem', host, path, canonical: `${scheme}://${host}${path === '/' ? '' : path}` };
}
