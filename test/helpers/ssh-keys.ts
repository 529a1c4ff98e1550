// OpenSSH public keys for tests, made two independent ways: with node:crypto and an encoder
// written here (not the server's), and with Debian's ssh-keygen when it is installed, whose
// `-l -E md5` output is the fingerprint CloudStack and Ansible's sshpubkeys agree on.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestKeyType = 'rsa' | 'ed25519' | 'ecdsa256' | 'ecdsa384' | 'ecdsa521';

const sshString = (b: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
};
const mpint = (b64url: string) => {
  const raw = Buffer.from(b64url, 'base64url');
  return raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw;
};

/** An OpenSSH public key line (with a comment) made with node:crypto. */
export function nodeKey(type: TestKeyType): string {
  if (type === 'rsa') {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshString(mpint(jwk.e!)), sshString(mpint(jwk.n!))]);
    return `ssh-rsa ${blob.toString('base64')} node@test`;
  }
  if (type === 'ed25519') {
    const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(Buffer.from(jwk.x!, 'base64url'))]);
    return `ssh-ed25519 ${blob.toString('base64')} node@test`;
  }
  const bits = type.slice('ecdsa'.length);
  const curve = { 256: 'prime256v1', 384: 'secp384r1', 521: 'secp521r1' }[bits]!;
  const jwk = generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  const name = `ecdsa-sha2-nistp${bits}`;
  const blob = Buffer.concat([sshString(Buffer.from(name)), sshString(Buffer.from(`nistp${bits}`)), sshString(point)]);
  return `${name} ${blob.toString('base64')} node@test`;
}

/** The expected fingerprint, computed here: lowercase colon-separated MD5 of the decoded blob. */
export function md5Of(line: string): string {
  return createHash('md5').update(Buffer.from(line.trim().split(/\s+/)[1]!, 'base64')).digest('hex').match(/../g)!.join(':');
}

let keygenPath: string | null | undefined;
/** ssh-keygen's path, or null when openssh-client is not installed. */
export function sshKeygen(): string | null {
  if (keygenPath === undefined) {
    try {
      keygenPath = execFileSync('sh', ['-c', 'command -v ssh-keygen'], { encoding: 'utf8' }).trim() || null;
    } catch {
      keygenPath = null;
    }
  }
  return keygenPath;
}

/** `ssh-keygen -l -E md5` of a public key line, without the `MD5:` prefix. */
export function keygenMd5(line: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-sshfp-'));
  try {
    writeFileSync(join(dir, 'k.pub'), line + '\n');
    const out = execFileSync(sshKeygen()!, ['-l', '-E', 'md5', '-f', join(dir, 'k.pub')], { encoding: 'utf8' });
    const m = /MD5:([0-9a-f:]+)/.exec(out);
    if (!m) throw new Error(`unexpected ssh-keygen output: ${out}`);
    return m[1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A key pair made by ssh-keygen itself: the public line. */
export function keygenKey(type: TestKeyType): string {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-sshkey-'));
  try {
    const args = type === 'rsa' ? ['-t', 'rsa', '-b', '2048'] : type === 'ed25519' ? ['-t', 'ed25519'] : ['-t', 'ecdsa', '-b', type.slice(5)];
    execFileSync(sshKeygen()!, [...args, '-N', '', '-C', 'keygen@test', '-q', '-f', join(dir, 'k')]);
    return readFileSync(join(dir, 'k.pub'), 'utf8').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The public key line ssh-keygen derives from a PEM private key (`ssh-keygen -y`). */
export function keygenPublicFromPrivate(pem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-sshpriv-'));
  try {
    writeFileSync(join(dir, 'k'), pem, { mode: 0o600 });
    return execFileSync(sshKeygen()!, ['-y', '-f', join(dir, 'k')], { encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
