import { type HandlerMap, list, object } from '../reply.js';
import { rolePermissionResponse, roleResponse } from '../views/role.js';

export const roleHandlers: HandlerMap = {
  createRole: async ({ caller, services, args }) =>
    object(roleResponse(await services.roleAdmin.create(caller, {
      name: args.requireString('name'), type: args.string('type'), cloneFrom: args.string('roleid'), description: args.string('description'), isPublic: args.bool('ispublic'),
    }))),

  importRole: async ({ caller, services, args }) =>
    object(roleResponse(await services.roleAdmin.import(caller, {
      name: args.requireString('name'), type: args.string('type'), description: args.string('description'), isPublic: args.bool('ispublic'),
      forced: args.bool('forced'),
      rules: (args.map('rules') ?? []).map((m) => ({ rule: m.rule ?? '', permission: m.permission ?? '', description: m.description })),
    }))),

  listRoles: async ({ caller, services, args, page }) => {
    const r = await services.roleAdmin.list(caller, {
      id: args.string('id'), name: args.string('name'), type: args.string('type'), state: args.string('state'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(roleResponse) });
  },

  updateRole: async ({ caller, services, args }) =>
    object(roleResponse(await services.roleAdmin.update(caller, args.requireString('id'), {
      name: args.string('name'), type: args.string('type'), description: args.string('description'), isPublic: args.bool('ispublic'),
    }))),

  deleteRole: async ({ caller, services, args }) => {
    await services.roleAdmin.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },

  enableRole: async ({ caller, services, args }) => {
    await services.roleAdmin.setState(caller, args.requireString('id'), 'ENABLED');
    return { kind: 'success' };
  },

  disableRole: async ({ caller, services, args }) => {
    await services.roleAdmin.setState(caller, args.requireString('id'), 'DISABLED');
    return { kind: 'success' };
  },

  createRolePermission: async ({ caller, services, args }) =>
    object(rolePermissionResponse(await services.roleAdmin.createPermission(caller, {
      roleId: args.requireString('roleid'), rule: args.requireString('rule'), permission: args.requireString('permission'), description: args.string('description'),
    }))),

  listRolePermissions: async ({ caller, services, args }) => {
    const items = await services.roleAdmin.listPermissions(caller, args.string('roleid'));
    return list({ count: items.length, items: items.map(rolePermissionResponse) });
  },

  updateRolePermission: async ({ caller, services, args }) => {
    await services.roleAdmin.updatePermission(caller, {
      roleId: args.requireString('roleid'), ruleOrder: args.list('ruleorder'), ruleId: args.string('ruleid'), permission: args.string('permission'),
    });
    return { kind: 'success' };
  },

  deleteRolePermission: async ({ caller, services, args }) => {
    await services.roleAdmin.deletePermission(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
