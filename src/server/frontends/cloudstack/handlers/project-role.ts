import { type HandlerMap, list, object } from '../reply.js';
import { projectRolePermissionResponse, projectRoleResponse } from '../views/project.js';

export const projectRoleHandlers: HandlerMap = {
  createProjectRole: async ({ caller, services, args }) =>
    object(projectRoleResponse(await services.projectRoles.create(caller, {
      projectId: args.requireString('projectid'), name: args.requireString('name'), description: args.string('description'),
    }))),

  listProjectRoles: async ({ caller, services, args, page }) => {
    const r = await services.projectRoles.list(caller, {
      projectId: args.requireString('projectid'), roleId: args.string('projectroleid'), name: args.string('name'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(projectRoleResponse) });
  },

  updateProjectRole: async ({ caller, services, args }) =>
    object(projectRoleResponse(await services.projectRoles.update(caller, {
      id: args.requireString('id'), projectId: args.requireString('projectid'), name: args.string('name'), description: args.string('description'),
    }))),

  deleteProjectRole: async ({ caller, services, args }) => {
    await services.projectRoles.delete(caller, { id: args.requireString('id'), projectId: args.requireString('projectid') });
    return { kind: 'success' };
  },

  createProjectRolePermission: async ({ caller, services, args }) =>
    object(projectRolePermissionResponse(await services.projectRoles.createPermission(caller, {
      projectId: args.requireString('projectid'), roleId: args.requireString('projectroleid'), rule: args.requireString('rule'),
      permission: args.requireString('permission'), description: args.string('description'),
    }))),

  listProjectRolePermissions: async ({ caller, services, args }) => {
    const items = await services.projectRoles.listPermissions(caller, { projectId: args.requireString('projectid'), roleId: args.string('projectroleid') });
    return list({ count: items.length, items: items.map(projectRolePermissionResponse) });
  },

  updateProjectRolePermission: async ({ caller, services, args }) => {
    await services.projectRoles.updatePermission(caller, {
      projectId: args.requireString('projectid'), roleId: args.requireString('projectroleid'), ruleOrder: args.list('ruleorder'),
      ruleId: args.string('projectrolepermissionid'), permission: args.string('permission'),
    });
    return { kind: 'success' };
  },

  deleteProjectRolePermission: async ({ caller, services, args }) => {
    await services.projectRoles.deletePermission(caller, { projectId: args.requireString('projectid'), id: args.requireString('id') });
    return { kind: 'success' };
  },
};
