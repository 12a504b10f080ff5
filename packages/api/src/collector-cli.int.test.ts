import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureLogs, type CapturedLogs } from '@cc/log';

import { startAgentProcess, type RunningAgent } from '../test/agents';
import { createTestDeps } from '../test/db';
import { runCollectorProcess } from './collector-cli';
import { readEnv } from './env';
import { SecretBox } from './services/secrets/secret-box';

let deps: Awaited<ReturnType<typeof createTestDeps>>;
let agent: RunningAgent;
let captured: CapturedLogs | undefined;
const key = randomBytes(32);
const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-collector-cli-'));

beforeAll(async () => {
  [deps, agent] = await Promise.all([createTestDeps(), startAgentProcess('cli-backend-1')]);
});
afterAll(async () => {
  captured?.restore();
  await Promise.all([agent?.stop(), deps?.dispose()]);
  fs.rmSync(emptyDir, { recursive: true, force: true });
});

async function run(env: Partial<ReturnType<typeof readEnv>>, signal = AbortSignal.abort()) {
  const lines: string[] = [];
  const code = await runCollectorProcess({ env: { ...readEnv(), ...env }, signal, print: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

describe('npm run collector', () => {
  it('refuses the embedded database, which only its console process can open', async () => {
    const { code, output } = await run({ DATABASE_URL: undefined, CC_SECRET_KEY: key.toString('base64') });
    expect(code).toBe(2);
    expect(output).toMatch(/needs DATABASE_URL \(PostgreSQL\)/);
  });

  it('refuses to start without the consoles’ master key rather than making a new one', async () => {
    const { code, output } = await run({
      DATABASE_URL: 'postgresql://127.0.0.1:1/none',
      CC_SECRET_KEY: undefined,
      CC_DATA_DIR: emptyDir,
    });
    expect(code).toBe(2);
    expect(output).toMatch(/no master key/);
    expect(fs.existsSync(path.join(emptyDir, 'secret.key'))).toBe(false);
  });

  it('says so when the database cannot be reached', async () => {
    const { code, output } = await run({
      DATABASE_URL: 'postgresql://127.0.0.1:1/none',
      CC_SECRET_KEY: key.toString('base64'),
    });
    expect(code).toBe(2);
    expect(output).toMatch(/cannot open the database/);
  });

  it('collects every node into the shared database until stopped, then lets go of the lock', async (ctx) => {
    if (!deps.databaseUrl) return ctx.skip(); // PostgreSQL only: see the first test
    const prisma = deps.db.prisma;
    const node = await prisma.node.create({
      data: {
        name: agent.name,
        role: 'BACKEND',
        adminUrl: agent.adminUrl,
        tokenEnc: new SecretBox(key).seal(agent.token),
      },
    });
    const stop = new AbortController();
    captured = captureLogs();
    const running = run(
      {
        DATABASE_URL: deps.databaseUrl,
        CC_SECRET_KEY: key.toString('base64'),
        CC_POLL_INTERVAL_MS: 200,
        CC_LOG_LEVEL: 'info',
      },
      stop.signal,
    );
    let status = null;
    for (let i = 0; i < 100 && !status?.softwareVersion; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await prisma.nodeStatus.findUnique({ where: { nodeId: node.id } });
    }
    expect(status).toMatchObject({ readiness: 'ready', lastError: null });
    expect(Date.now() - status!.lastSeenAt!.getTime()).toBeLessThan(2000);
    const lease = await prisma.collectorLease.findUniqueOrThrow({ where: { id: 1 } });
    expect(lease.holder).toBe(`${os.hostname()}:${process.pid}`);
    stop.abort();
    const { code } = await running;
    expect(code).toBe(0);
    expect(captured.lines.map((l) => [l.component, l.msg])).toEqual(
      expect.arrayContaining([
        ['collector', expect.stringMatching(/is now collecting/)],
        ['collector', 'collector stopped'],
      ]),
    );
    const [free] = await prisma.$queryRaw<[{ locked: boolean }]>`SELECT pg_try_advisory_lock(${0x43430001}) AS locked`;
    expect(free?.locked).toBe(true);
    await prisma.$queryRaw`SELECT pg_advisory_unlock(${0x43430001})`;
  });
});
