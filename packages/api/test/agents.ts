import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningAgent {
  name: string;
  role: 'frontend' | 'backend';
  adminUrl: string;
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A real node-agent process on a free loopback port. */
export async function startAgentProcess(
  name: string,
  role: 'frontend' | 'backend' = 'backend',
  extraArgs: string[] = [],
): Promise<RunningAgent> {
  const token = randomBytes(24).toString('base64url');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cc-agent-${name}-`));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'apps/node-agent/src/main.ts'),
      `--role=${role}`,
      `--name=${name}`,
      '--admin-port=0',
      `--token=${token}`, // `=` form: a random token may begin with "-"
      `--data-dir=${dataDir}`,
      ...extraArgs,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const adminUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`agent ${name} exited early (${code})`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; adminUrl?: string };
        if (msg.event === 'listening' && msg.adminUrl) resolve(msg.adminUrl);
      } catch {
        // not a protocol line
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    name,
    role,
    adminUrl,
    token,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
