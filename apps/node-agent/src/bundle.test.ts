// The bundle `npm run build:agent` makes runs with plain node from a directory with nothing else in it:
// no monorepo, no node_modules, no tsx. Built into an empty temp dir outside the repo.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baseEnv, gone } from './process-helpers';
import { tempDir } from './test-helpers';

const buildScript = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));

describe('the agent bundle', () => {
  it('builds, answers --help and starts from a config file with plain node', async () => {
    const dir = await tempDir();
    const build = spawnSync(process.execPath, [buildScript, '--out-dir', dir], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['cc-node-agent.mjs', 'worker.mjs']);
    // Plain node: no loader flags, run from the bundle's directory.
    const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: dir, env: baseEnv, encoding: 'utf8' });
    const help = node(['cc-node-agent.mjs', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cc-node-agent/);

    writeFileSync(join(dir, 'token'), 'bundle-test-token\n', { mode: 0o600 });
    const config = { role: 'backend', name: 'bundle-b1', token_file: join(dir, 'token'), data_dir: join(dir, 'data') };
    writeFileSync(join(dir, 'agent.json'), JSON.stringify(config));
    const child = spawn(process.execPath, ['cc-node-agent.mjs', '--config', 'agent.json'], {
      cwd: dir,
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const listening = JSON.parse(line) as { adminUrl: string; fingerprint256?: string; pid: number };
      expect(listening).toMatchObject({ adminUrl: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/) });
      expect(listening.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(listening.pid).toBe(child.pid);
    } finally {
      child.kill('SIGTERM');
      await gone(child.pid!, 10_000);
    }
  });
});
