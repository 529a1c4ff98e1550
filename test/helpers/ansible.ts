// Runs Ansible (Debian `ansible` with the ngine_io.cloudstack collection) against a test server:
// a playbook on localhost, configured through the environment like a user would, with the
// json stdout callback so each task's result can be asserted on.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON } from './python.js';

/** Why Ansible cannot run here, or undefined when it can. */
export function missingAnsible(): string | undefined {
  const r = spawnSync('ansible-doc', ['-t', 'module', 'ngine_io.cloudstack.cs_network'], { encoding: 'utf8' });
  if (r.error) return 'ansible is not installed (apt-get install ansible; .ci/run installs it)';
  return r.status === 0 ? undefined : 'the ngine_io.cloudstack collection is missing';
}

export type TaskResult = Record<string, unknown> & { changed?: boolean; failed?: boolean; msg?: string };

/** Runs the tasks (YAML, indented for a play's task list) and returns each task's result by name. */
export async function runPlaybook(url: string, key: string, secret: string, tasks: string): Promise<Map<string, TaskResult>> {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-ansible-'));
  const playbook = join(dir, 'play.yml');
  writeFileSync(playbook, `- hosts: localhost\n  connection: local\n  gather_facts: false\n  tasks:\n${tasks}`);
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('ansible-playbook', ['-i', 'localhost,', playbook], {
        env: {
          ...process.env, CLOUDSTACK_ENDPOINT: `${url}/client/api`, CLOUDSTACK_KEY: key, CLOUDSTACK_SECRET: secret, CLOUDSTACK_TIMEOUT: '60',
          ANSIBLE_PYTHON_INTERPRETER: PYTHON, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
          ANSIBLE_HOME: dir, ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'), ANSIBLE_NOCOLOR: '1',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', () => (stdout.trim().startsWith('{') ? resolve(stdout) : reject(new Error(`ansible-playbook: ${stdout} ${stderr}`))));
    });
    const doc = JSON.parse(out) as { plays: { tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[] };
    const results = new Map<string, TaskResult>();
    for (const t of doc.plays[0]?.tasks ?? []) results.set(t.task.name, t.hosts.localhost ?? {});
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
