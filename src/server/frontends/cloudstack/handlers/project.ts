import {
  activateProject, addAccountToProject, addUserToProject, createProject, deleteAccountFromProject, deleteProject, deleteProjectInvitation,
  deleteUserFromProject, suspendProject, updateProject, updateProjectInvitation,
} from '../../../../api/cloudstack/project.js';
import { type HandlerMap, job, list } from '../reply.js';
import { projectAccountResponse, projectInvitationResponse, projectResponse } from '../views/project.js';

export const projectHandlers: HandlerMap = {
  createProject: async ({ caller, services, args }) => {
    const r = await services.projects.submitCreate(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), account: args.string('account'), domainId: args.string('domainid'),
      userId: args.string('userid'), accountId: args.string('accountid'),
    }, createProject.javaClass);
    return job(r.jobUuid, r.projectUuid);
  },

  listProjects: async ({ caller, services, args, page }) => {
    const r = await services.projects.list(caller, {
      id: args.string('id'), name: args.string('name'), displayText: args.string('displaytext'), state: args.string('state'), account: args.string('account'),
      domainId: args.string('domainid'), isRecursive: args.bool('isrecursive'), listAll: args.bool('listall'), keyword: args.string('keyword'),
      username: args.string('username'),
    }, page);
    return list({ count: r.count, items: r.items.map(projectResponse) });
  },

  updateProject: async ({ caller, services, args }) =>
    job((await services.projects.submitUpdate(caller, args.requireString('id'), {
      name: args.string('name'), displayText: args.string('displaytext'), account: args.string('account'), userId: args.string('userid'),
      roleType: args.string('roletype'), swapOwner: args.bool('swapowner'),
    }, updateProject.javaClass)).jobUuid),

  deleteProject: async ({ caller, services, args }) =>
    job((await services.projects.submitDelete(caller, args.requireString('id'), args.bool('cleanup') === true, deleteProject.javaClass)).jobUuid),

  activateProject: async ({ caller, services, args }) =>
    job((await services.projects.submitActivate(caller, args.requireString('id'), activateProject.javaClass)).jobUuid),

  suspendProject: async ({ caller, services, args }) =>
    job((await services.projects.submitSuspend(caller, args.requireString('id'), suspendProject.javaClass)).jobUuid),

  addAccountToProject: async ({ caller, services, args }) =>
    job((await services.projectMembers.submitAddAccount(caller, {
      projectId: args.requireString('projectid'), account: args.string('account'), email: args.string('email'),
      projectRoleId: args.string('projectroleid'), roleType: args.string('roletype'),
    }, addAccountToProject.javaClass)).jobUuid),

  deleteAccountFromProject: async ({ caller, services, args }) =>
    job((await services.projectMembers.submitRemoveAccount(caller, {
      projectId: args.requireString('projectid'), account: args.requireString('account'),
    }, deleteAccountFromProject.javaClass)).jobUuid),

  addUserToProject: async ({ caller, services, args }) =>
    job((await services.projectMembers.submitAddUser(caller, {
      projectId: args.requireString('projectid'), username: args.requireString('username'), email: args.string('email'),
      projectRoleId: args.string('projectroleid'), roleType: args.string('roletype'),
    }, addUserToProject.javaClass)).jobUuid),

  deleteUserFromProject: async ({ caller, services, args }) =>
    job((await services.projectMembers.submitRemoveUser(caller, {
      projectId: args.requireString('projectid'), userId: args.requireString('userid'),
    }, deleteUserFromProject.javaClass)).jobUuid),

  listProjectAccounts: async ({ caller, services, args, page }) => {
    const r = await services.projectMembers.list(caller, {
      projectId: args.requireString('projectid'), account: args.string('account'), userId: args.string('userid'), role: args.string('role'),
      projectRoleId: args.string('projectroleid'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(projectAccountResponse) });
  },

  listProjectInvitations: async ({ caller, services, args, page }) => {
    const r = await services.projectInvitations.list(caller, {
      projectId: args.string('projectid'), activeOnly: args.bool('activeonly'), state: args.string('state'), id: args.string('id'), userId: args.string('userid'),
      account: args.string('account'), listAll: args.bool('listall'), domainId: args.string('domainid'), isRecursive: args.bool('isrecursive'),
    }, page);
    return list({ count: r.count, items: r.items.map(projectInvitationResponse) });
  },

  updateProjectInvitation: async ({ caller, services, args }) =>
    job((await services.projectInvitations.submitUpdate(caller, {
      projectId: args.requireString('projectid'), account: args.string('account'), userId: args.string('userid'), token: args.string('token'), accept: args.bool('accept'),
    }, updateProjectInvitation.javaClass)).jobUuid),

  deleteProjectInvitation: async ({ caller, services, args }) =>
    job((await services.projectInvitations.submitDelete(caller, args.requireString('id'), deleteProjectInvitation.javaClass)).jobUuid),
};
