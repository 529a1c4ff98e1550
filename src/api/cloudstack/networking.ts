// The networking families, gathered for the command index.
export * from './address.js';
export * from './firewall.js';
export * from './network.js';
export * from './nic.js';
export * from './physical-network.js';
export * from './router.js';
