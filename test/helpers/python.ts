// Runs Debian's Python clients (python3-cs, python3-libcloud) from tests.
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Why a Python module cannot be used here, or undefined when it can. */
export function missingPythonModule(module: string): string | undefined {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found`;
  return r.status === 0 ? undefined : `Python module ${module} missing (apt-get install python3-${module === 'cs' ? 'cs' : module}; .ci/run installs it)`;
}

export interface CsRun {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly stdout: string;
  readonly stderr: string;
}

/** The `cs` command line (python3 -m cs), configured by environment like a user would. */
export async function csCli(url: string, key: string, secret: string, args: string[]): Promise<CsRun> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'cs', ...args], {
      env: { ...process.env, CLOUDSTACK_ENDPOINT: `${url}/client/api`, CLOUDSTACK_KEY: key, CLOUDSTACK_SECRET: secret, CLOUDSTACK_CONFIG: '/nonexistent' },
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        /* not JSON: left empty, the caller asserts on status/stderr */
      }
      resolve({ status: status ?? -1, json, stdout, stderr });
    });
  });
}
