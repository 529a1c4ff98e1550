import { csDate } from '../../../../core/time.js';
import type { ProjectRolePermissionView, ProjectRoleView } from '../../../../services/project-roles.js';
import type { InvitationView, ProjectMemberView, ProjectView } from '../../../../services/project-views.js';
import type { Obj } from '../reply.js';
import { domainPath, registerEntityRenderer } from './index.js';

/** ProjectResponse without the resource-limit fields (the limits family may add those). */
export function projectResponse(p: ProjectView): Obj {
  return {
    id: p.uuid, name: p.name, displaytext: p.displayText, domainid: p.domainUuid, domain: p.domainName,
    // ProjectJoinDaoImpl: one map per Admin member, with the user when the member is a single user.
    owner: p.owners.map((o) => ({ account: o.account, accountid: o.accountUuid, ...(o.userUuid ? { user: o.username, userid: o.userUuid } : {}) })),
    projectaccountname: p.projectAccountName, state: p.state, tags: [], created: csDate(p.created),
  };
}

export function projectAccountResponse(m: ProjectMemberView): Obj {
  return {
    projectid: m.projectUuid, project: m.projectName, accountid: m.accountUuid, account: m.accountName, accounttype: m.accountType,
    userid: m.userUuid ?? undefined, username: m.username ?? undefined, projectroleid: m.projectRoleUuid ?? undefined, role: m.role,
    domainid: m.domainUuid, domain: m.domainName, domainpath: domainPath(m.domainPath),
  };
}

export function projectInvitationResponse(i: InvitationView): Obj {
  return {
    id: i.uuid, projectid: i.projectUuid, project: i.projectName, domainid: i.domainUuid, domain: i.domainName, domainpath: domainPath(i.domainPath),
    userid: i.userUuid ?? undefined,
    // CloudStack names the invited account, or else the e-mail address the invitation went to.
    account: i.accountName ?? undefined, email: i.accountName === null ? i.email ?? undefined : undefined, state: i.state,
  };
}

export function projectRoleResponse(r: ProjectRoleView): Obj {
  return { id: r.uuid, name: r.name, description: r.description || undefined, projectid: r.projectUuid, ispublic: true };
}

/** ProjectRolePermissionResponse; CloudStack prints the permission in lower case. */
export function projectRolePermissionResponse(p: ProjectRolePermissionView): Obj {
  return {
    id: p.uuid, projectroleid: p.roleUuid, projectid: p.projectUuid, projectrolename: p.roleName, rule: p.rule,
    permission: p.permission.toLowerCase(), description: p.description || undefined,
  };
}

registerEntityRenderer('Project', (d) => projectResponse(d as ProjectView));
