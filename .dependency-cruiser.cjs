// The import arrows of DESIGN.md §2: server, cli, agent → services → jobs, db, drivers → core → api.
// A wrong arrow fails `npm test`.
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'api-is-leaf', severity: 'error', comment: 'api imports nothing of ours outside itself',
      from: { path: layer('api') }, to: { path: '^src/', pathNot: layer('api') } },
    { name: 'core-only-api', severity: 'error', comment: 'core is pure domain: only api',
      from: { path: layer('core') }, to: { path: '^src/', pathNot: [layer('core'), layer('api')] } },
    { name: 'core-no-io', severity: 'error', comment: 'core does no I/O',
      from: { path: layer('core') }, to: { dependencyTypes: ['core'], pathNot: '^(crypto|node:crypto|util|node:util)$' } },
    { name: 'db-below-services', severity: 'error',
      from: { path: layer('db') }, to: { path: '^src/', pathNot: [layer('db'), layer('core'), layer('api')] } },
    { name: 'jobs-below-services', severity: 'error',
      from: { path: layer('jobs') }, to: { path: '^src/', pathNot: [layer('jobs'), layer('db'), layer('core'), layer('api')] } },
    { name: 'drivers-own-nothing', severity: 'error', comment: 'a driver never imports services or db',
      from: { path: layer('drivers') }, to: { path: '^src/', pathNot: [layer('drivers'), layer('core'), layer('api')] } },
    { name: 'services-below-edges', severity: 'error',
      from: { path: layer('services') }, to: { path: ['^src/server/', '^src/cli/', '^src/agent/'] } },
    { name: 'services-use-driver-interfaces', severity: 'error', comment: 'only main.ts wires concrete drivers',
      from: { path: layer('services') }, to: { path: '^src/drivers/(hypervisor|storage|network)/[^/]+/' } },
    { name: 'concretes-only-in-main', severity: 'error',
      from: { path: '^src/server/', pathNot: '^src/server/(main|start)\\.ts$' }, to: { path: '^src/drivers/(hypervisor|storage|network)/[^/]+/' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
