// The infrastructure inventory families, gathered for the command index.
export * from './capacity.js';
export * from './cluster.js';
export * from './host.js';
export * from './image-store.js';
export * from './pod.js';
export * from './storage-pool.js';
export * from './vlan.js';
export * from './zone.js';
