import type { PrismaClient } from '@cc/db';
import { NodeApiError, type NodeClient } from '@cc/node-api';
import { describe, expect, it } from 'vitest';

import type { SecretBox } from '../secrets/secret-box';
import { classify, fanOut, type FanOutOptions, type FanOutTarget } from './fan-out';

const target = (i: number, state: FanOutTarget['state'] = 'ready'): FanOutTarget => ({
  id: `id-${i}`,
  name: `node-${i}`,
  role: 'BACKEND',
  adminUrl: `http://127.0.0.1:${4000 + i}`,
  state,
  configRevision: 0n,
  tokenEnc: 'sealed',
  tlsFingerprint: null,
});

/** No database, no secrets: without `audit` the fan-out touches neither. */
const base = <T>(over: Partial<FanOutOptions<T>> = {}): FanOutOptions<T> => ({
  prisma: {} as PrismaClient,
  secrets: {} as SecretBox,
  clientFor: (t) => ({ baseUrl: t.adminUrl }) as NodeClient,
  ...over,
});

const refused = () =>
  new NodeApiError('unreachable', 'Node at x refused the connection', { url: 'http://x/v1/status' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fanOut', () => {
  it('never has more calls in flight than the concurrency bound, and answers in the targets’ order', async () => {
    let inFlight = 0;
    let most = 0;
    const targets = Array.from({ length: 20 }, (_, i) => target(i));
    const results = await fanOut(
      targets,
      async (_c, node) => {
        most = Math.max(most, ++inFlight);
        await sleep(5 + (Number(node.id.slice(3)) % 3) * 5);
        inFlight -= 1;
        return node.name;
      },
      base({ concurrency: 4 }),
    );
    expect(most).toBe(4);
    expect(results.map((r) => r.ok && r.value)).toEqual(targets.map((t) => t.name));
    expect(results[0]).toEqual({
      node: {
        id: 'id-0',
        name: 'node-0',
        role: 'BACKEND',
        adminUrl: targets[0]!.adminUrl,
        state: 'ready',
        configRevision: 0n,
      },
      ok: true,
      value: 'node-0',
      attempts: 1,
    });
  });

  it('gives up on a call at its deadline with a typed timeout', async () => {
    const started = Date.now();
    const [r] = await fanOut([target(1)], () => new Promise(() => {}), base({ timeoutMs: 50 }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r).toMatchObject({
      ok: false,
      attempts: 1,
      reason: { kind: 'timeout', message: 'node-1 did not answer within 50 ms' },
    });
  });

  it('retries a lost connection only when the caller marks the call safe to repeat', async () => {
    for (const idempotent of [false, true]) {
      let calls = 0;
      const [r] = await fanOut(
        [target(1)],
        async () => {
          calls += 1;
          if (calls === 1) throw refused();
          return 'second time';
        },
        base({ idempotent }),
      );
      expect(calls).toBe(idempotent ? 2 : 1);
      expect(r).toMatchObject(
        idempotent ? { ok: true, value: 'second time', attempts: 2 } : { ok: false, reason: { kind: 'unreachable' } },
      );
    }
  });

  it('does not retry what the node refused, even when safe to repeat', async () => {
    let calls = 0;
    const [r] = await fanOut(
      [target(1)],
      async () => {
        calls += 1;
        throw new NodeApiError('http', 'Node at x answered with HTTP 409: not drained', {
          url: 'http://x/v1/upgrade',
          status: 409,
          code: 'not-drained',
        });
      },
      base({ idempotent: true, retries: 3 }),
    );
    expect(calls).toBe(1);
    expect(r).toMatchObject({ ok: false, reason: { kind: 'refused', status: 409, code: 'not-drained' } });
  });

  it('skips Down nodes unless asked to include them, and says so per node', async () => {
    const asked: string[] = [];
    const call = async (_c: NodeClient, n: { name: string }) => void asked.push(n.name);
    const targets = [target(1), target(2, 'down'), target(3, 'unknown')];
    const results = await fanOut(targets, call, base());
    expect(asked.sort()).toEqual(['node-1', 'node-3']);
    expect(results.map((r) => (r.ok ? 'ok' : r.reason.kind))).toEqual(['ok', 'skipped-down', 'ok']);
    expect(results[1]).toMatchObject({ attempts: 0, reason: { message: 'node-2 is down: not asked' } });
    asked.length = 0;
    await fanOut(targets, call, base({ includeDown: true }));
    expect(asked).toHaveLength(3);
  });
});

describe('classify', () => {
  it('types what went wrong', () => {
    const url = 'http://x/';
    expect(classify(new NodeApiError('timeout', 't', { url })).kind).toBe('timeout');
    expect(classify(new NodeApiError('certificate', 'c', { url })).kind).toBe('untrusted');
    expect(classify(new NodeApiError('unauthorized', 'u', { url, status: 401 }))).toMatchObject({
      kind: 'refused',
      status: 401,
    });
    expect(classify(new NodeApiError('bad-response', 'b', { url, status: 200 }))).toMatchObject({
      kind: 'invalid',
      status: 200,
    });
    expect(classify(refused()).kind).toBe('unreachable');
    expect(classify(new Error('bug')).kind).toBe('error');
  });
});
