import type { CreatedSshKey, SshKeyView } from '../../../../services/ssh-keys.js';
import type { Obj } from '../reply.js';
import { ownerFields } from './owner.js';

/** An SSHKeyPairResponse: the public key itself is not part of it (CloudStack shows only the fingerprint). */
export function sshKeyPairResponse(k: SshKeyView): Obj {
  return { id: k.uuid, name: k.name, ...ownerFields(k.owner, false), fingerprint: k.fingerprint, hasannotations: false };
}

/** createSSHKeyPair's CreateSSHKeyPairResponse: the private key, shown this once. */
export function createdSshKeyPairResponse(k: CreatedSshKey): Obj {
  return { privatekey: k.privateKey, ...sshKeyPairResponse(k) };
}
