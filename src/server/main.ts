// The composition root: reads the environment and starts one management server.
import { resolve } from 'node:path';
import { startServer } from './start.js';

const env = process.env;
const running = await startServer({
  dataDir: resolve(env.NUBO_DATA_DIR ?? './data'),
  databaseUrl: env.NUBO_DATABASE_URL,
  port: Number(env.NUBO_PORT ?? 8080),
  host: env.NUBO_HOST ?? '0.0.0.0',
  adminPassword: env.NUBO_ADMIN_PASSWORD,
  logLevel: env.NUBO_LOG_LEVEL ?? 'info',
});

const lines = [`Nubo is serving at ${running.url}`, `  CloudStack API: ${running.url}/client/api`, `  metrics:        ${running.url}/metrics`];
if (running.seed.admin) {
  const a = running.seed.admin;
  lines.push(
    '  First start: the admin account was created. Save these; they are not shown again.',
    `    username: ${a.username}   password: ${a.password}   (domain: /)`,
    `    api key:    ${a.apiKey}`,
    `    secret key: ${a.secretKey}`,
  );
} else {
  lines.push('  Log in as admin with the password printed on first start (or NUBO_ADMIN_PASSWORD).');
}
process.stderr.write(lines.join('\n') + '\n');
if (env.NUBO_READY_FILE) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(env.NUBO_READY_FILE, JSON.stringify({ url: running.url, port: running.port, admin: running.seed.admin ?? null }));
}

let closing = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (closing) return;
    closing = true;
    void running.close().then(() => process.exit(0));
  });
}
