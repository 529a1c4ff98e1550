// getVMPassword: CloudStack hands the guest password out only encrypted with the VM's SSH
// public key (RSA, PKCS#1 v1.5, base64), so only the key's owner can read it.
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';

function readString(buf: Buffer, at: number): { value: Buffer; next: number } | undefined {
  if (at + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) return undefined;
  return { value: buf.subarray(at + 4, at + 4 + len), next: at + 4 + len };
}

const unsigned = (b: Buffer): Buffer => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

/** The password encrypted for an OpenSSH `ssh-rsa` key, or undefined for other key types. */
export function encryptForSshKey(publicKeyLine: string, password: string): string | undefined {
  const [type, data] = publicKeyLine.trim().split(/\s+/);
  if (type !== 'ssh-rsa' || !data) return undefined;
  const blob = Buffer.from(data, 'base64');
  const t = readString(blob, 0);
  const e = t && readString(blob, t.next);
  const n = e && readString(blob, e.next);
  if (!t || !e || !n || t.value.toString() !== 'ssh-rsa') return undefined;
  try {
    const key = createPublicKey({ key: { kty: 'RSA', e: unsigned(e.value).toString('base64url'), n: unsigned(n.value).toString('base64url') }, format: 'jwk' });
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(password, 'utf8')).toString('base64');
  } catch {
    return undefined;
  }
}
