// Every procedure, over HTTP through the real fetch handler (transformer and batching included), fed
// hostile inputs generated from its zod schema as a signed-in server administrator: no answer may be
// a 5xx or show internals, and a refused mutation leaves no SUCCESS entry in the audit log.
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';

import { createUserWithPassword } from '@cc/auth';

import { createTestDeps } from '../test/db';
import { hostileInputs } from '../test/hostile';
import { createInnerContext, type Context } from './context';
import { handleTrpcRequest, MAX_BATCH_CALLS } from './http';
import { appRouter } from './root';

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.core.$ZodType[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>);

/** Stack frames, JavaScript error texts, ORM and SQL words: none belongs in an answer. */
const LEAK =
  /is not a function|is not iterable|Cannot read prop|Cannot convert|call stack|TypeError|RangeError|SyntaxError|ReferenceError|prisma|node_modules|\bat \S+ \(|\.[cm]?[jt]s:\d+|not valid JSON|Unexpected token|invalid byte sequence|out of range|\b(SELECT|INSERT|UPDATE|DELETE) |"\w+_\w+" |violates/i;

let deps: Awaited<ReturnType<typeof createTestDeps>>;
let context: Context;
beforeAll(async () => {
  deps = await createTestDeps();
  const user = await createUserWithPassword(deps.db.prisma, {
    email: 'fuzz-admin@test.local',
    name: 'Fuzz',
    role: 'SERVER_ADMIN',
    password: 'correct horse battery staple',
  });
  context = createInnerContext(deps, { ...user, mustChangePassword: false }, { ip: '127.0.0.9', userAgent: 'fuzz' });
});
afterAll(() => deps?.dispose());

const ORIGIN = 'http://127.0.0.1:3000/api/trpc/';

function request(type: Proc['_def']['type'], paths: string[], inputs: unknown[], signal?: AbortSignal): Request {
  const batch = Object.fromEntries(inputs.map((v, i) => [i, superjson.serialize(v)]));
  if (type === 'mutation') {
    return new Request(`${ORIGIN}${paths.join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
  }
  if (type === 'subscription') {
    const input = encodeURIComponent(JSON.stringify(batch[0]));
    return new Request(`${ORIGIN}${paths[0]}?input=${input}`, { signal: signal ?? null });
  }
  return new Request(`${ORIGIN}${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(batch))}`);
}

async function send(req: Request): Promise<{ status: number; text: string }> {
  const res = await handleTrpcRequest(req, async () => context);
  return { status: res.status, text: await res.text() };
}

/** The first chunk of an event stream, then the stream is closed. */
async function sendStream(type: Proc['_def']['type'], path: string, input: unknown) {
  const abort = new AbortController();
  const res = await handleTrpcRequest(request(type, [path], [input], abort.signal), async () => context);
  const reader = res.body!.getReader();
  const chunk = await reader.read();
  abort.abort();
  await reader.cancel().catch(() => undefined);
  return { status: res.status, text: new TextDecoder().decode(chunk.value ?? new Uint8Array()) };
}

/** What is wrong with one answer, if anything. */
function problems(status: number, text: string): string | null {
  if (status >= 500) return `HTTP ${status}: ${text.slice(0, 300)}`;
  if (LEAK.test(text)) return `leaks internals: ${text.match(LEAK)![0]} in ${text.slice(0, 300)}`;
  if (/"httpStatus":5\d\d/.test(text)) return `a call failed with 5xx: ${text.slice(0, 300)}`;
  return null;
}

const describeInput = (v: unknown) => {
  const s = superjson.stringify(v);
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
};

describe('hostile inputs', () => {
  it('no procedure answers 5xx or shows internals; refused mutations change nothing', async () => {
    const failures: string[] = [];
    let calls = 0;
    let lastAuditId = 0n;
    for (const [path, proc] of procedures) {
      const inputs = hostileInputs(proc._def.inputs[0]);
      const type = proc._def.type;
      if (type === 'query') {
        for (let i = 0; i < inputs.length; i += MAX_BATCH_CALLS) {
          const chunk = inputs.slice(i, i + MAX_BATCH_CALLS);
          const { status, text } = await send(
            request(
              type,
              chunk.map(() => path),
              chunk,
            ),
          );
          calls += chunk.length;
          const problem = problems(status, text);
          if (!problem) continue;
          // Find the input that did it.
          for (const input of chunk) {
            const one = await send(request(type, [path], [input]));
            const p = problems(one.status, one.text);
            if (p) failures.push(`${path} ${describeInput(input)}: ${p}`);
          }
        }
        continue;
      }
      for (const input of inputs) {
        calls += 1;
        if (type === 'subscription') {
          const { status, text } = await sendStream(type, path, input);
          const p = problems(status, text);
          if (p) failures.push(`${path} ${describeInput(input)}: ${p}`);
          continue;
        }
        const { status, text } = await send(request(type, [path], [input]));
        const p = problems(status, text);
        if (p) failures.push(`${path} ${describeInput(input)}: ${p}`);
        // What this call wrote to the audit log: a refused call may leave DENIED or FAILURE, never SUCCESS.
        const written = await deps.db.prisma.auditEvent.findMany({
          where: { id: { gt: lastAuditId } },
          select: { id: true, action: true, outcome: true },
        });
        lastAuditId = written.reduce((max, e) => (e.id > max ? e.id : max), lastAuditId);
        const done = written.find((e) => e.outcome === 'SUCCESS');
        if (done && (status >= 400 || text.includes('"error"'))) {
          failures.push(`${path} ${describeInput(input)}: refused, yet audited ${done.action} as SUCCESS`);
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect([...new Set(failures)].slice(0, 60)).toEqual([]);
  }, 120_000);

  it('malformed transport (transformer metadata, JSON, batch shape) is a plain 400', async () => {
    const raw = (path: string, body: string) =>
      new Request(`${ORIGIN}${path}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const bad = [
      raw('domains.create', '{"0":{"json":{"name":"a.example"},"meta":{"referentialEqualities":"x"}}}'),
      raw('domains.create', '{"0":{"json":{"name":"a.example"},"meta":{"values":"x"}}}'),
      raw('domains.create', '{"0":{"json":{"name":"a.example"},"meta":{"values":{"name":["map"]}}}}'),
      raw('domains.create', '{"0":{"json":{"name":"a.example"},"meta":{"values":{"name":[["class","X"]]}}}}'),
      raw('domains.create', '{"0":{"json":{"name":"a.example"},"meta":{"values":{"name":["bigint"]}}}}'),
      raw('domains.create', '{"0":{"json":{"name":"a.example"},"meta":{"values":{"name":["custom","x"]}}}}'),
      raw('domains.create', '{"0":'),
      raw('domains.create', '[1,2]'),
      raw('domains.create', `{"0":{"json":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
      new Request(`${ORIGIN}domains.list?batch=1&input=%7Bnot-json`),
      new Request(`${ORIGIN}domains.list?input=${encodeURIComponent('{"json":{},"meta":{"values":[[1]]}}')}`),
    ];
    for (const req of bad) {
      const { status, text } = await send(req);
      expect(status, text).toBe(400);
      expect(problems(status, text), text).toBeNull();
    }
    expect(await deps.db.prisma.sharedDomain.count({ where: { name: 'a.example' } })).toBe(0);
  });
});

describe('batch size', () => {
  const batch = (n: number) =>
    request(
      'query',
      Array.from({ length: n }, () => 'cluster.overview'),
      Array.from({ length: n }, () => undefined),
    );

  it(`serves ${MAX_BATCH_CALLS} calls in one request`, async () => {
    const { status, text } = await send(batch(MAX_BATCH_CALLS));
    expect(status, text).toBe(200);
  });

  it('refuses a larger batch with 400 before calling anything', async () => {
    const { status, text } = await send(batch(MAX_BATCH_CALLS + 1));
    expect(status).toBe(400);
    expect(text).toMatch(/batch/i);
    expect((await send(batch(500))).status).toBe(400);
  });
});
