// User data rules (CloudStack's UserDataManagerImpl.validateUserData and RegisterUserDataCmd).
import { invalidParam } from './errors.js';

/** Names the virtual router serves as metadata files; a template variable may not shadow them. */
export const METADATA_FILE_NAMES = [
  'service-offering', 'availability-zone', 'local-hostname', 'local-ipv4', 'public-hostname', 'public-ipv4', 'instance-id',
  'vm-id', 'public-keys', 'cloud-identifier', 'hypervisor-host-name',
] as const;

/**
 * Validates base64 user data and returns it re-encoded with padding (the guest side needs it).
 * `maxLength` bounds the encoded text, as vm.userdata.max.length does.
 */
export function normalizeUserData(value: string, maxLength: number): string {
  let v = value.trim();
  // Clients that URL-encode twice leave %2B/%3D behind; CloudStack decodes them once more.
  if (v.includes('%')) {
    try {
      v = decodeURIComponent(v);
    } catch {
      throw invalidParam('Url decoding of userdata failed.');
    }
  }
  const bare = v.replace(/[\r\n]/g, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(v) || bare.length % 4 === 1) throw invalidParam('User data is not base64 encoded');
  if (v.length > maxLength) throw invalidParam(`User data has exceeded configurable max length : ${maxLength}`);
  const bytes = Buffer.from(v, 'base64');
  if (bytes.length < 1) throw invalidParam('User data is too short');
  return bytes.toString('base64');
}

/** The comma-separated variable names of templated user data; refuses metadata file names. */
export function parseUserDataParams(params: string | undefined): string[] {
  if (params === undefined) return [];
  const names = params.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const clash = names.filter((n) => (METADATA_FILE_NAMES as readonly string[]).includes(n));
  if (clash.length) throw invalidParam(`Params passed here have a few virtual router metadata file names [${clash.join(', ')}]`);
  const bad = names.find((n) => !/^[A-Za-z0-9_.-]+$/.test(n));
  if (bad !== undefined) throw invalidParam(`Invalid user data parameter name ${bad}: use letters, digits, '_', '.' and '-'`);
  if (new Set(names).size !== names.length) throw invalidParam('User data parameter names must be unique');
  return names;
}
