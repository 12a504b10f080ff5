// The real CLI as a child process, the way a launcher uses it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createNodeClient } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { crashRestartDelayMs } from './restart-protocol';
import { gone, isAlive, spawnCli } from './process-helpers';
import { tempDir, TOKEN, waitFor } from './test-helpers';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Only our own CC_AGENT_* settings: an agent configured in the caller's environment must not leak in.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CC_AGENT_')));

describe('cc-node-agent CLI', () => {
  it('prints one listening line (the supervisor PID), serves the API and exits 0 with its worker on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', '--role', 'frontend', '--name', 'cli-fe', '--seed', '3'],
      {
        cwd: packageDir,
        env: { ...baseEnv, CC_AGENT_TOKEN: 'cli-token', CC_AGENT_DATA_DIR: await tempDir() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await Promise.race([
        once(lines, 'line'),
        once(child, 'exit').then(() => Promise.reject(new Error(`agent exited early: ${stderr}`))),
      ])) as [string];
      const listening = JSON.parse(first) as Record<string, unknown>;
      expect(listening).toEqual({
        event: 'listening',
        name: 'cli-fe',
        role: 'frontend',
        // HTTPS by default, with the certificate's fingerprint for the operator to confirm.
        adminUrl: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
        fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
        pid: child.pid,
      });
      const tls = { fingerprint256: listening.fingerprint256 as string };
      const info = await createNodeClient({ baseUrl: listening.adminUrl as string, token: 'cli-token', tls }).info();
      expect(info).toMatchObject({ name: 'cli-fe', role: 'frontend' });

      const exited = once(child, 'exit');
      process.kill(listening.pid as number, 'SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(stderr).toContain('"event":"stopped"');
      // The agent ran in a worker process, which is gone as well.
      const startedLine = stderr.split('\n').find((l) => l.includes('"event":"started"'));
      const worker = (JSON.parse(startedLine!) as { pid: number }).pid;
      // The console's log fields, from the same library (@cc/log).
      expect(JSON.parse(startedLine!)).toMatchObject({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
        component: 'agent',
        node: 'cli-fe',
        msg: 'started',
      });
      expect(worker).not.toBe(child.pid);
      expect(isAlive(worker)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 15_000);

  it('exits 2 with a usage message on bad flags', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'nope'], {
      cwd: packageDir,
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toMatch(/--role must be frontend or backend[\s\S]*Usage:/);
  }, 15_000);

  it('restarts a killed worker on the same port and counts it in the status', async () => {
    const cli = await spawnCli(['--role', 'frontend', '--name', 'crashy', '--data-dir', await tempDir()]);
    const client = createNodeClient({ baseUrl: cli.adminUrl, token: TOKEN });
    const before = await client.status();
    expect(before.supervisor).toEqual({ restarts: 0, lastRestartAt: null, lastExitCode: null, lastExitSignal: null });
    const clientPorts = before.listeners.filter((l) => l.protocol !== 'admin').map((l) => l.port);

    const [first] = cli.workerPids();
    process.kill(first!, 'SIGKILL');
    await gone(first!, 2000);
    const killedAt = Date.now();
    const after = await waitFor(() => client.status(), 5000, 'the restarted agent');
    expect(Date.now() - killedAt).toBeLessThan(5000);
    expect(after.supervisor).toMatchObject({ restarts: 1, lastExitCode: null, lastExitSignal: 'SIGKILL' });
    expect(Date.parse(after.supervisor!.lastRestartAt!)).toBeGreaterThanOrEqual(killedAt - 1000);
    // Its client ports (picked by 0 the first time) are taken again too.
    expect(after.listeners.filter((l) => l.protocol !== 'admin').map((l) => l.port)).toEqual(clientPorts);
    expect(cli.workerPids()).toHaveLength(2);
    expect(isAlive(cli.pid)).toBe(true);
    expect(cli.stdoutLines).toHaveLength(1);
  }, 20_000);

  it('backs off crash restarts from 0.5 s, doubling up to 30 s', () => {
    expect([1, 2, 3, 4, 6, 7, 20].map(crashRestartDelayMs)).toEqual([500, 1000, 2000, 4000, 16_000, 30_000, 30_000]);
  });
});
