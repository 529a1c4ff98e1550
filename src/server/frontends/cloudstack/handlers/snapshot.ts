import { createSnapshot, deleteSnapshot, revertSnapshot, updateSnapshotPolicy } from '../../../../api/cloudstack/snapshot.js';
import { createTags } from '../../../../api/cloudstack/tag.js';
import { tagPairs } from '../../../../services/tag-filter.js';
import type { Args } from '../args.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { snapshotPolicyResponse, snapshotResponse } from '../views/snapshot.js';

const scope = (args: Args) => ({
  account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'), listall: args.bool('listall'),
  isrecursive: args.bool('isrecursive'),
});

export const snapshotHandlers: HandlerMap = {
  createSnapshot: async ({ caller, services, args }) => {
    // Malformed tags are refused before anything is created.
    tagPairs(args.map('tags'));
    const r = await services.snapshots.create(caller, {
      volumeId: args.requireString('volumeid'), policyId: args.string('policyid'), name: args.string('name'), quiesceVm: args.bool('quiescevm'),
      locationType: args.string('locationtype'), zoneIds: args.list('zoneids'), storageIds: args.list('storageids'),
      useStorageReplication: args.bool('usestoragereplication'), account: args.string('account'), domainid: args.string('domainid'),
    }, createSnapshot.javaClass);
    // Tags given with the snapshot are added by the tag family, as a createTags of their own.
    const tags = args.map('tags');
    if (tags) await services.tags.submitCreate(caller, { resourceType: 'Snapshot', resourceIds: [r.uuid], tags }, createTags.javaClass);
    return job(r.jobUuid, r.uuid);
  },

  listSnapshots: async ({ caller, services, args, page }) => {
    const r = await services.snapshots.list(caller, {
      id: args.string('id'), ids: args.list('ids'), name: args.string('name'), intervalType: args.string('intervaltype'), snapshotType: args.string('snapshottype'),
      volumeId: args.string('volumeid'), zoneId: args.string('zoneid'), keyword: args.string('keyword'), locationType: args.string('locationtype'),
      imageStoreId: args.string('imagestoreid'), storageId: args.string('storageid'), tags: args.map('tags'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(snapshotResponse) });
  },

  deleteSnapshot: async ({ caller, services, args }) => {
    const r = await services.snapshots.delete(caller, args.requireString('id'), args.string('zoneid'), deleteSnapshot.javaClass);
    return job(r.jobUuid);
  },

  revertSnapshot: async ({ caller, services, args }) => {
    const r = await services.snapshots.revert(caller, args.requireString('id'), revertSnapshot.javaClass);
    return job(r.jobUuid);
  },

  createSnapshotPolicy: async ({ caller, services, args }) => {
    tagPairs(args.map('tags'));
    const p = await services.snapshots.createPolicy(caller, {
      volumeId: args.requireString('volumeid'), intervalType: args.requireString('intervaltype'), schedule: args.requireString('schedule'),
      timezone: args.requireString('timezone'), maxSnaps: args.number('maxsnaps') ?? 0, forDisplay: args.bool('fordisplay'), zoneIds: args.list('zoneids'),
      storageIds: args.list('storageids'), useStorageReplication: args.bool('usestoragereplication'),
    });
    const tags = args.map('tags');
    if (tags) await services.tags.submitCreate(caller, { resourceType: 'SnapshotPolicy', resourceIds: [p.uuid], tags }, createTags.javaClass);
    return object(snapshotPolicyResponse(p));
  },

  listSnapshotPolicies: async ({ caller, services, args, page }) => {
    const r = await services.snapshots.listPolicies(caller, {
      id: args.string('id'), volumeId: args.string('volumeid'), forDisplay: args.bool('fordisplay'), ...scope(args),
    }, page);
    return list({ count: r.count, items: r.items.map(snapshotPolicyResponse) });
  },

  updateSnapshotPolicy: async ({ caller, services, args }) => {
    const r = await services.snapshots.updatePolicy(caller, {
      id: args.string('id'), forDisplay: args.bool('fordisplay'), customId: args.string('customid'),
    }, updateSnapshotPolicy.javaClass);
    return job(r.jobUuid);
  },

  deleteSnapshotPolicies: async ({ caller, services, args }) => {
    await services.snapshots.deletePolicies(caller, { id: args.string('id'), ids: args.list('ids') });
    return { kind: 'success' };
  },
};
