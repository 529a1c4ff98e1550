// `npm test`: lint (import arrows + types), then the whole suite on SQLite, then again on a
// throwaway PostgreSQL 15 cluster started here as the unprivileged `postgres` user.
//   npm test                      everything
//   npm test -- test/api/x.test.ts   chosen files (both databases)
//   NUBO_TEST_DB=sqlite npm test  SQLite only
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (n) => join(root, 'node_modules', '.bin', n);
const step = (title, cmd, args, env = {}) => {
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};

if (step('lint: import arrows', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']) !== 0) process.exit(1);
if (step('lint: types (src, test, bench)', bin('tsc'), ['-p', 'tsconfig.test.json']) !== 0) process.exit(1);

function findTests(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out.sort();
}
const chosen = process.argv.slice(2);
const files = chosen.length ? chosen : findTests(join(root, 'test'));
const runTests = (title, list, env) =>
  step(title, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...list], { NUBO_STRICT_RESPONSES: '1', ...env });

let failed = runTests(`tests on SQLite (${files.length} files)`, files, {}) !== 0;

const pgBin = '/usr/lib/postgresql/15/bin';
const dbFiles = files.filter((f) => !f.startsWith('test/unit/') && !f.startsWith('test/drivers/'));
if (process.env.NUBO_TEST_DB === 'sqlite') {
  console.log('\n=== PostgreSQL pass skipped: NUBO_TEST_DB=sqlite');
} else if (!existsSync(join(pgBin, 'initdb'))) {
  console.log(`\n=== PostgreSQL pass skipped: ${pgBin}/initdb not found (apt-get install postgresql; .ci/run does this)`);
} else if (dbFiles.length) {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-pg-'));
  chmodSync(dir, 0o755);
  const port = 25432 + Math.floor(Math.random() * 2000);
  const asPg = (cmd, args) => execFileSync('runuser', ['-u', 'postgres', '--', join(pgBin, cmd), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    asPg('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    asPg('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`, 'start']);
    failed = runTests(`tests on PostgreSQL 15 (${dbFiles.length} files)`, dbFiles, { NUBO_TEST_PG_URL: `postgres://postgres@127.0.0.1:${port}/postgres` }) !== 0 || failed;
  } finally {
    try { asPg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']); } catch { /* already down */ }
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
