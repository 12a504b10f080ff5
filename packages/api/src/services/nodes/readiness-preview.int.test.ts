// The preview reads only the nodes it concerns, in one query, and says exactly what reading every
// node said before: checked on a fleet of 200.
import type { PrismaClient } from '@cc/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDeps } from '../../../test/db';
import { listNodesByIds } from './list-nodes';
import { DOWN_AFTER_MS } from './node-state';
import { previewRows, readinessPreview, readinessWarnings } from './readiness-preview';

let deps: Awaited<ReturnType<typeof createTestDeps>>;
const now = Date.parse('2026-03-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms);
const ids: Record<string, string> = {};
const pad = (i: number) => String(i).padStart(3, '0');

/** A fleet of 100 backends and 100 frontends, mostly Ready, a few draining, Non-Ready, Down or never heard from. */
beforeAll(async () => {
  deps = await createTestDeps();
  const { prisma } = deps.db;
  const spec: Array<{ name: string; role: 'FRONTEND' | 'BACKEND'; seen: number | null; readiness: string }> = [];
  for (let i = 0; i < 100; i++) {
    const readiness = i < 90 ? 'ready' : i < 95 ? 'non-ready' : i < 97 ? 'draining' : 'ready';
    spec.push({ name: `be-${pad(i)}`, role: 'BACKEND', seen: i === 97 ? 60_000 : i === 99 ? null : 500, readiness });
    spec.push({
      name: `fe-${pad(i)}`,
      role: 'FRONTEND',
      seen: i === 98 ? 60_000 : 300,
      readiness: i === 99 ? 'non-ready' : 'ready',
    });
  }
  await prisma.node.createMany({
    data: spec.map((n) => ({
      name: n.name,
      role: n.role,
      adminUrl: `http://127.0.0.1:1/${n.name}`,
      tokenEnc: 'x',
      createdAt: ago(60_000),
    })),
  });
  for (const n of await prisma.node.findMany({ select: { id: true, name: true } })) ids[n.name] = n.id;
  await prisma.nodeStatus.createMany({
    data: spec
      .filter((n) => n.seen !== null)
      .map((n) => ({
        nodeId: ids[n.name]!,
        lastSeenAt: ago(n.seen!),
        readiness: n.readiness,
        sessionsTotal: 7,
        accountsOpen: 3,
      })),
  });
  await prisma.collectorLease.create({ data: { id: 1, holder: 'test', heartbeatAt: ago(500) } });
});
afterAll(() => deps?.dispose());

/** Counts every database call made through this client. */
function counting(prisma: PrismaClient) {
  const calls: string[] = [];
  const proxy = new Proxy(prisma, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string') return value;
      if (typeof value === 'function')
        return (...args: unknown[]) => (calls.push(prop), (value as (...a: unknown[]) => unknown).apply(target, args));
      if (value && typeof value === 'object' && 'findMany' in value)
        return new Proxy(value, {
          get: (model, method) => {
            const fn = Reflect.get(model, method) as unknown;
            return typeof fn === 'function'
              ? (...args: unknown[]) => (
                  calls.push(`${prop}.${String(method)}`),
                  (fn as (...a: unknown[]) => unknown).apply(model, args)
                )
              : fn;
          },
        });
      return value;
    },
  });
  return { prisma: proxy, calls };
}

/** What the preview said when it read every node: the same rules over the whole fleet. */
async function fromEveryNode(names: string[], ready: boolean) {
  const { items } = await listNodesByIds(deps.db.prisma, null, now);
  const chosenIds = names.map((n) => ids[n]!);
  const asPreview = (n: (typeof items)[number]) => ({
    id: n.id,
    name: n.name,
    role: n.role,
    state: n.state,
    sessions: n.sessions.total,
    accountsOpen: n.accountsOpen,
  });
  const chosen = items.filter((n) => chosenIds.includes(n.id)).map(asPreview);
  const warnings = readinessWarnings(chosen, items.filter((n) => !chosenIds.includes(n.id)).map(asPreview), ready);
  return {
    ready,
    nodes: chosen,
    sessions: chosen.reduce((s, n) => s + n.sessions, 0),
    accountsOpen: chosen.reduce((s, n) => s + n.accountsOpen, 0),
    warnings,
    needsOverride: warnings.some((w) => w.needsOverride),
  };
}

async function check(names: string[], ready: boolean) {
  const { prisma, calls } = counting(deps.db.prisma);
  const preview = await readinessPreview(
    prisma,
    names.map((n) => ids[n]!),
    ready,
    now,
  );
  expect(calls).toEqual(['$queryRaw']);
  expect(preview).toEqual(await fromEveryNode(names, ready));
  const rows = await previewRows(
    deps.db.prisma,
    names.map((n) => ids[n]!),
    ready,
    now,
  );
  return { preview, read: rows.map((r) => r.name) };
}

describe('readiness preview on 200 nodes', () => {
  it('withdrawing a backend reads it, the draining backends and one Ready peer: 4 rows, one query', async () => {
    const { preview, read } = await check(['be-000'], false);
    expect(preview.warnings.map((w) => w.code)).toEqual(['concurrent-drain']);
    expect(preview.warnings[0]!.message).toBe('be-095, be-096 are still draining: withdraw one backend at a time.');
    // The chosen node, both draining backends and one Ready backend peer (any: all were heard from alike).
    expect(read).toHaveLength(4);
    expect(read).toEqual(expect.arrayContaining(['be-000', 'be-095', 'be-096']));
    expect(read.every((n) => n.startsWith('be-'))).toBe(true);
  });

  it('Make Ready reads only the chosen nodes', async () => {
    const { preview, read } = await check(['be-090', 'fe-099', 'be-097'], true);
    expect(read).toEqual(['be-090', 'be-097', 'fe-099']);
    expect(preview.warnings.map((w) => w.code)).toEqual(['not-reachable']);
  });

  it('says the same as before for Down, never-heard-from and frontend choices', async () => {
    for (const names of [['fe-000', 'be-097'], ['be-099'], ['fe-098', 'fe-001', 'fe-002']]) await check(names, false);
  });

  it('still finds the last Ready backend when the peers it reads are Down', async () => {
    const wasReady = (n: string) => n.startsWith('be-') && (Number(n.slice(3)) < 90 || n === 'be-098');
    const others = Object.keys(ids).filter((n) => wasReady(n) && n !== 'be-000');
    // Heard from within the read window but past the Down threshold: the newest of them is read, and is Down.
    await deps.db.prisma.nodeStatus.updateMany({
      where: { nodeId: { in: others.map((n) => ids[n]!) } },
      data: { lastSeenAt: ago(DOWN_AFTER_MS + 1000) },
    });
    const { preview, read } = await check(['be-000'], false);
    expect(preview.warnings.map((w) => w.code)).toEqual(['last-ready-backend', 'concurrent-drain']);
    expect(read).toHaveLength(4);
  });
});
