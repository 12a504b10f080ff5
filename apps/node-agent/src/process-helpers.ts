// The real CLI (supervisor and worker processes) for tests, the way a launcher
// runs it. Every process a test started, workers included, is killed after it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { TOKEN } from './test-helpers';
import { agentEnv } from './env';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Only our own CC_AGENT_* settings: an agent configured in the caller's environment must not leak in.
export const baseEnv = Object.fromEntries(Object.entries(agentEnv()).filter(([k]) => !k.startsWith('CC_AGENT_')));

export interface CliAgent {
  child: ChildProcess;
  /** The supervisor's PID, as printed in the listening line. */
  pid: number;
  adminUrl: string;
  stdoutLines: string[];
  /** The JSON log lines on stderr (supervisor and workers). */
  events: Array<Record<string, unknown>>;
  stderr(): string;
  /** Each worker's PID, in start order (from their 'started' log lines). */
  workerPids(): number[];
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

const started: CliAgent[] = [];

afterEach(() => {
  for (const a of started.splice(0)) {
    for (const pid of [a.pid, ...a.workerPids()]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

/** Running: a zombie (exited, not yet reaped by whoever adopted it) has released its ports and counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): kill(0) is all we know
  }
}

/** Spawns `node --import tsx src/main.ts ...args` and resolves once it prints its listening line. */
export async function spawnCli(args: string[], env: Record<string, string> = {}): Promise<CliAgent> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: packageDir,
    // Plain HTTP unless a test asks otherwise: these tests are about processes, tls.test.ts about HTTPS.
    env: { ...baseEnv, CC_AGENT_TOKEN: TOKEN, CC_AGENT_PLAIN_HTTP: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const stdoutLines: string[] = [];
  const events: Array<Record<string, unknown>> = [];
  let stderr = '';
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr += `${line}\n`;
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // usage text
    }
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => stdoutLines.push(line));
  const agent: CliAgent = {
    child,
    pid: child.pid!,
    adminUrl: '',
    stdoutLines,
    events,
    stderr: () => stderr,
    workerPids: () => events.filter((e) => e.event === 'started').map((e) => e.pid as number),
    exited,
  };
  started.push(agent);
  const [first] = (await Promise.race([
    once(lines, 'line'),
    exited.then(() => Promise.reject(new Error(`agent exited early: ${stderr}`))),
  ])) as [string];
  agent.adminUrl = (JSON.parse(first) as { adminUrl: string }).adminUrl;
  return agent;
}

/** Resolves once the PID is gone; rejects after timeoutMs. */
export async function gone(pid: number, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (isAlive(pid)) {
    if (Date.now() - start > timeoutMs) throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}
