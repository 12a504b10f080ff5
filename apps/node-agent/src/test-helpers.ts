// Shared by the agent's tests: temp data dirs and agents that are always
// closed/removed after each test.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startAgent, type AgentOptions, type RunningAgent } from './agent';

export const TOKEN = 'test-admin-token';
export const CLUSTER_SECRET = 'test-cluster-secret';

const agents: RunningAgent[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-agent-test-'));
  dirs.push(dir);
  return dir;
}

export async function agent(options: Partial<AgentOptions> = {}): Promise<RunningAgent> {
  const a = await startAgent({
    role: 'backend',
    name: 'node-1',
    token: TOKEN,
    seed: 1,
    dataDir: options.dataDir ?? (await tempDir()),
    ...options,
  });
  agents.push(a);
  return a;
}

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
