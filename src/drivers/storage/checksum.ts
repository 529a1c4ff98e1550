import { createHash } from 'node:crypto';
import { invalidParam } from '../../core/errors.js';

const byLength: Record<number, string> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
const byName: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', SHA1: 'sha1', 'SHA-256': 'sha256', SHA256: 'sha256', 'SHA-512': 'sha512', SHA512: 'sha512' };

/** Parses CloudStack's checksum syntax (`{SHA-256}hex` or bare hex, algorithm by length). */
export function parseChecksum(s: string): { algorithm: string; hex: string } {
  const m = /^(?:\{([A-Za-z0-9-]+)\})?([0-9a-fA-F]+)$/.exec(s.trim());
  const algorithm = m ? (m[1] ? byName[m[1].toUpperCase()] : byLength[m[2]!.length]) : undefined;
  if (!m || !algorithm) throw invalidParam(`Invalid checksum ${s}: expected hex MD5/SHA-1/SHA-256/SHA-512, optionally prefixed like {SHA-256}`);
  return { algorithm, hex: m[2]!.toLowerCase() };
}

/** Hashes a stream of chunks with MD5 and, when asked, the checksum's algorithm too. */
export class ImageHasher {
  private readonly md5 = createHash('md5');
  private readonly extra?: { hash: ReturnType<typeof createHash>; expected: string; algorithm: string };
  private head = Buffer.alloc(0);
  bytes = 0;

  constructor(checksum?: string) {
    if (checksum) {
      const c = parseChecksum(checksum);
      if (c.algorithm !== 'md5') this.extra = { hash: createHash(c.algorithm), expected: c.hex, algorithm: c.algorithm };
      else this.extra = { hash: this.md5, expected: c.hex, algorithm: 'md5' };
    }
  }

  update(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.head.length < 64) this.head = Buffer.concat([this.head, Buffer.from(chunk.subarray(0, 64))]);
    this.md5.update(chunk);
    if (this.extra && this.extra.hash !== this.md5) this.extra.hash.update(chunk);
  }

  /** Finishes; throws when the checksum was given and does not match. */
  finish(): { md5: string; head: Buffer } {
    const md5 = this.md5.digest('hex');
    if (this.extra) {
      const got = this.extra.algorithm === 'md5' ? md5 : this.extra.hash.digest('hex');
      if (got !== this.extra.expected) throw invalidParam(`Checksum mismatch: expected ${this.extra.algorithm} ${this.extra.expected}, downloaded file has ${got}`);
    }
    return { md5, head: this.head };
  }
}

/** The virtual size a qcow2 header declares (bytes 24..31, big-endian), if `head` is one. */
export function qcow2VirtualSize(head: Buffer): number | undefined {
  if (head.length < 32 || head.readUInt32BE(0) !== 0x514649fb) return undefined;
  return Number(head.readBigUInt64BE(24));
}
