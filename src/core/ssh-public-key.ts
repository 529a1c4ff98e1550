// OpenSSH public keys: parsing, validation and CloudStack's fingerprint. Pure: the only
// import is node:crypto, used to prove that the key material is a real key.
import { createHash, createPublicKey } from 'node:crypto';
import { invalidParam } from './errors.js';

export const SSH_KEY_TYPES = ['ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

export interface SshPublicKey {
  readonly type: SshKeyType;
  /** The base64 key blob, as written in authorized_keys. */
  readonly blob: string;
  /** `type blob`: what is stored and handed to guests (the comment is dropped, as CloudStack does). */
  readonly line: string;
  /** CloudStack's and sshpubkeys' `hash_md5()` without the `MD5:` prefix: lowercase, colon-separated. */
  readonly fingerprint: string;
}

const CURVES = { nistp256: { jwk: 'P-256', point: 65 }, nistp384: { jwk: 'P-384', point: 97 }, nistp521: { jwk: 'P-521', point: 133 } } as const;

/** The MD5 fingerprint of a decoded key blob, e.g. `3f:a2:…` (16 pairs). */
export function md5Fingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/** Reads the SSH wire format: uint32 length-prefixed strings. */
class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  string(): Buffer {
    if (this.at + 4 > this.buf.length) throw new Error('truncated');
    const n = this.buf.readUInt32BE(this.at);
    if (this.at + 4 + n > this.buf.length) throw new Error('truncated');
    const s = this.buf.subarray(this.at + 4, this.at + 4 + n);
    this.at += 4 + n;
    return s;
  }
  done(): boolean {
    return this.at === this.buf.length;
  }
}

const b64url = (b: Buffer) => b.toString('base64url');
/** An SSH mpint without its sign byte, as JWK wants it. */
const unsigned = (b: Buffer) => (b.length > 1 && b[0] === 0 ? b.subarray(1) : b);

/** Checks the blob's structure and that node:crypto accepts it as a key; returns an error text or undefined. */
function checkBlob(type: SshKeyType, blob: Buffer): string | undefined {
  try {
    const r = new Reader(blob);
    if (r.string().toString('latin1') !== type) return 'the key type inside the key does not match its name';
    if (type === 'ssh-rsa') {
      const e = r.string();
      const n = r.string();
      if (!r.done()) return 'trailing bytes after the key';
      if (unsigned(n).length * 8 < 1024) return 'RSA keys must have at least 1024 bits';
      createPublicKey({ key: { kty: 'RSA', e: b64url(unsigned(e)), n: b64url(unsigned(n)) }, format: 'jwk' });
      return undefined;
    }
    if (type === 'ssh-ed25519') {
      const k = r.string();
      if (!r.done()) return 'trailing bytes after the key';
      if (k.length !== 32) return 'an Ed25519 key has 32 bytes';
      createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(k) }, format: 'jwk' });
      return undefined;
    }
    const curveName = type.slice('ecdsa-sha2-'.length) as keyof typeof CURVES;
    const curve = CURVES[curveName];
    if (r.string().toString('latin1') !== curveName) return 'the curve inside the key does not match its name';
    const q = r.string();
    if (!r.done()) return 'trailing bytes after the key';
    // Only uncompressed points (0x04 || X || Y), which is what OpenSSH writes.
    if (q.length !== curve.point || q[0] !== 4) return 'malformed curve point';
    const half = (q.length - 1) / 2;
    createPublicKey({ key: { kty: 'EC', crv: curve.jwk, x: b64url(q.subarray(1, 1 + half)), y: b64url(q.subarray(1 + half)) }, format: 'jwk' });
    return undefined;
  } catch {
    return 'the key material is not a valid key';
  }
}

/**
 * Parses an OpenSSH public key line (`type base64 [comment]`). Like CloudStack, a value without
 * a space is taken as the base64 of such a line (the EC2 ImportKeyPair form). Throws a 431.
 */
export function parseSshPublicKey(input: string): SshPublicKey {
  let text = input.trim();
  if (text !== '' && !/\s/.test(text)) {
    const decoded = Buffer.from(text, 'base64').toString('utf8').trim();
    if (/^[a-z0-9-]+\s/.test(decoded)) text = decoded;
  }
  const parts = text.split(/\s+/);
  const type = parts[0] ?? '';
  const data = parts[1] ?? '';
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) {
    throw invalidParam(`Public key is invalid: the key type must be one of ${SSH_KEY_TYPES.join(', ')}`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) throw invalidParam('Public key is invalid: the key data is not base64');
  const blob = Buffer.from(data, 'base64');
  const why = checkBlob(type as SshKeyType, blob);
  if (why) throw invalidParam(`Public key is invalid: ${why}`);
  return { type: type as SshKeyType, blob: data, line: `${type} ${data}`, fingerprint: md5Fingerprint(blob) };
}

/** The OpenSSH line (`ssh-rsa base64`) of an RSA public key given as JWK parts (base64url `n` and `e`). */
export function rsaPublicKeyLine(jwk: { n: string; e: string }): string {
  const mpint = (b64: string) => {
    const raw = Buffer.from(b64, 'base64url');
    // mpints are signed: a leading high bit needs a zero byte in front.
    return raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw;
  };
  const str = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const blob = Buffer.concat([str(Buffer.from('ssh-rsa')), str(mpint(jwk.e)), str(mpint(jwk.n))]);
  return `ssh-rsa ${blob.toString('base64')}`;
}
