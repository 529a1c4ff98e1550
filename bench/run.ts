// `npm run bench`: performance figures, written as JSON to bench/results/ (never asserted
// in tests: these machines are shared and noisy; compare ratios within one run).
//   npm run bench                 every case
//   npm run bench -- signed-read  chosen cases
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { cases } from './cases/index.js';

const chosen = process.argv.slice(2);
const results: Record<string, unknown> = {};
for (const c of cases) {
  if (chosen.length && !chosen.includes(c.name)) continue;
  process.stderr.write(`[bench] ${c.name}: ${c.description}\n`);
  const started = Date.now();
  try {
    results[c.name] = { ...(await c.run()), wallSeconds: (Date.now() - started) / 1000 };
  } catch (e) {
    results[c.name] = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stderr.write(`[bench] ${c.name}: ${JSON.stringify(results[c.name])}\n`);
}
const out = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryBytes: totalmem(), node: process.version },
  results,
};
const dir = new URL('./results/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${out.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(out, null, 2));
writeFileSync(join(dir, 'latest.json'), JSON.stringify(out, null, 2));
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
process.stderr.write(`[bench] written to ${file}\n`);
