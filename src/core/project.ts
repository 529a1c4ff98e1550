import { invalidParam } from './errors.js';

// CloudStack's project vocabulary (Project.State, ProjectAccount.Role, ProjectInvitation.State).

/** Account.Type.PROJECT: the account that owns a project's resources. */
export const PROJECT_ACCOUNT_TYPE = 5;

export type ProjectState = 'Active' | 'Suspended' | 'Disabled';
export type ProjectRole = 'Admin' | 'Regular';
export type InvitationState = 'Pending' | 'Completed' | 'Declined' | 'Expired';

/** The project account's name, as ProjectManagerImpl.createProject builds it. */
export const projectAccountName = (projectName: string, domainId: number) => `PrjAcct-${projectName}-${domainId}`;

/** ProjectAccount.Role from a `roletype` parameter, any letter case. */
export function parseProjectRole(s: string): ProjectRole {
  const v = s.trim().toLowerCase();
  if (v === 'admin') return 'Admin';
  if (v === 'regular') return 'Regular';
  throw invalidParam('Only Admin or Regular project role types are valid');
}

const INVITATION_STATES: readonly InvitationState[] = ['Pending', 'Completed', 'Declined', 'Expired'];

export function parseInvitationState(s: string): InvitationState {
  const st = INVITATION_STATES.find((x) => x.toLowerCase() === s.trim().toLowerCase());
  if (!st) throw invalidParam(`Invalid invitation state ${s}; valid states are ${INVITATION_STATES.join(', ')}`);
  return st;
}

/** A pending invitation lapses `timeoutSeconds` after it was made (project.invite.timeout). */
export function invitationExpired(created: string, timeoutSeconds: number, now: number): boolean {
  return Date.parse(created) + timeoutSeconds * 1000 < now;
}
