// Runs the real server as a child process (for kill -9 tests), as `npm start` would.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  readonly admin: { apiKey: string; secretKey: string } | null;
  readonly child: ChildProcess;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

const root = new URL('../..', import.meta.url).pathname;

export async function spawnServer(dataDir: string, databaseUrl?: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const ready = join(dataDir, `ready-${Date.now()}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/main.ts')], {
    cwd: root,
    env: {
      ...process.env, NUBO_DATA_DIR: dataDir, NUBO_PORT: '0', NUBO_HOST: '127.0.0.1', NUBO_READY_FILE: ready,
      NUBO_ADMIN_PASSWORD: 'password', NUBO_LOG_LEVEL: 'warn', ...(databaseUrl ? { NUBO_DATABASE_URL: databaseUrl } : {}), ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (let i = 0; !existsSync(ready); i++) {
    if (child.exitCode !== null || i > 600) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = JSON.parse(readFileSync(ready, 'utf8')) as { url: string; admin: { apiKey: string; secretKey: string } | null };
  rmSync(ready);
  return {
    url: info.url,
    pid: child.pid ?? -1,
    admin: info.admin,
    child,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
