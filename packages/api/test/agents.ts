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
  /** HTTPS agents: their certificate's fingerprint, from the listening line; null over plain HTTP. */
  fingerprint256: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A real node-agent process on a free loopback port. Plain HTTP (register it with allowPlainHttp)
 * unless `tls`: then HTTPS with the agent's own certificate (register it with its fingerprint256).
 */
export async function startAgentProcess(
  name: string,
  role: 'frontend' | 'backend' = 'backend',
  extraArgs: string[] = [],
  { tls = false, dataDir: givenDir }: { tls?: boolean; dataDir?: string } = {},
): Promise<RunningAgent> {
  const token = randomBytes(24).toString('base64url');
  const dataDir = givenDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `cc-agent-${name}-`));
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
      ...(tls ? [] : ['--plain-http']),
      ...extraArgs,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { adminUrl, fingerprint256 } = await new Promise<{ adminUrl: string; fingerprint256: string | null }>(
    (resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`agent ${name} exited early (${code})`)));
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        try {
          const msg = JSON.parse(line) as { event?: string; adminUrl?: string; fingerprint256?: string };
          if (msg.event === 'listening' && msg.adminUrl) {
            resolve({ adminUrl: msg.adminUrl, fingerprint256: msg.fingerprint256 ?? null });
          }
        } catch {
          // not a protocol line
        }
      });
    },
  );
  child.removeAllListeners('exit');
  return {
    name,
    role,
    adminUrl,
    token,
    fingerprint256,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          if (!givenDir) fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
