// Developer helper: prints TypeScript declarations for CloudStack commands or response
// classes, read from ../shared/reference/cloudstack/api.json. The output is pasted into
// src/api/cloudstack/<family>.ts and then owned by us; test/conformance checks it stays true.
//   node scripts/gen-decl.mjs command listZones createZone
//   node scripts/gen-decl.mjs response ZoneResponse
import { readFileSync } from 'node:fs';

const ref = JSON.parse(readFileSync(new URL('../../shared/reference/cloudstack/api.json', import.meta.url), 'utf8'));
const [kind, ...names] = process.argv.slice(2);
const q = (s) => JSON.stringify(s ?? '').replace(/\\"/g, '\\"');
const byName = new Map(ref.commands.map((c) => [c.name, c]));

function response(name) {
  const r = ref.responses[name];
  if (!r) throw new Error(`no response ${name}`);
  const fields = r.fields.filter((f) => f.name !== 'jobid' && f.name !== 'jobstatus');
  return `export const ${name}: ResponseDecl = {\n  name: '${name}',\n  fields: [\n${fields
    .map((f) => `    f('${f.name}', '${f.type}', ${q(f.description)}),`)
    .join('\n')}\n  ],\n};\n`;
}

function command(name) {
  const c = byName.get(name);
  if (!c) throw new Error(`no command ${name}`);
  const params = c.params.filter((p) => !p.internal && p.expose !== false);
  const lines = params.map((p) => {
    const extra = [];
    if (p.collectionType) extra.push(`collectionType: '${p.collectionType.toLowerCase()}'`);
    if (p.length && p.length !== 255) extra.push(`length: ${p.length}`);
    if (p.since) extra.push(`since: '${p.since}'`);
    if (p.fullViewOnly) extra.push('adminOnly: true');
    return `    p('${p.name}', '${p.type}', ${p.required}, ${q(p.description)}${extra.length ? `, { ${extra.join(', ')} }` : ''}),`;
  });
  const resp = c.actualResponseObject ?? c.responseObject;
  const shape = c.responseShape;
  return `export const ${name}: CommandDecl = {
  name: '${name}',
  description: ${q(c.description)},${c.since ? `\n  since: '${c.since}',` : ''}
  isAsync: ${c.isAsync},
  responseName: '${c.responseName}',
  shape: '${shape}',${c.objectName && shape !== 'success' && shape !== 'flat' ? `\n  objectName: '${c.objectName}',` : ''}
  response: ${resp},
  authorized: ${JSON.stringify(c.authorized).replace(/"/g, "'")},${c.preAuth ? '\n  preAuth: true,' : ''}
  javaClass: '${c.package}.${c.class}',
  params: [
${lines.join('\n')}
  ],
};
`;
}

for (const n of names) process.stdout.write((kind === 'response' ? response(n) : command(n)) + '\n');
