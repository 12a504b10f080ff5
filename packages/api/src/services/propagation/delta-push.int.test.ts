// Delta pushes and acknowledgements, seen on the wire through a recording proxy in front of a real agent:
// a fresh node gets the whole snapshot, a node at a known revision only the change, a node that holds
// another revision refuses the change and gets the whole snapshot, and the console counts a node as
// applied from its answer to the push, before any collector report.
import http from 'node:http';

import { createNodeClient } from '@cc/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAgentProcess, type RunningAgent } from '../../../test/agents';
import { callerAs, collectOnce, createTestDeps } from '../../../test/db';
import { Reconciler } from './reconciler';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
interface Seen {
  method: string;
  path: string;
  status: number;
  body: Record<string, unknown>;
}
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;
let agent: RunningAgent;
let proxy: http.Server;
let nodeId: string;
const seen: Seen[] = [];

/** Forwards to the agent and records each config request and the agent's answer status. */
function recordingProxy(target: string): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void fetch(target + req.url, {
        method: req.method ?? 'GET',
        headers: req.headers as Record<string, string>,
        ...(body && { body }),
      }).then(async (r) => {
        const text = await r.text();
        if (req.url?.startsWith('/v1/config'))
          seen.push({ method: req.method ?? '', path: req.url, status: r.status, body: body ? JSON.parse(body) : {} });
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      });
    });
  });
}

const prefs = async () => (await admin.settings.clusterDefaults()).find((f) => f.family === 'prefs')!;
const change = async (messagesPerPage: number) =>
  (
    await admin.settings.updateClusterDefaults({
      family: 'prefs',
      expectedVersion: (await prefs()).version,
      changes: { messagesPerPage },
    })
  ).revision;
const held = () => createNodeClient({ baseUrl: agent.adminUrl, token: agent.token }).getConfig();

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  agent = await startAgentProcess('dp-frontend-1', 'frontend');
  proxy = recordingProxy(agent.adminUrl);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  const node = await admin.nodes.register({
    name: agent.name,
    role: 'FRONTEND',
    adminUrl: `http://127.0.0.1:${port}`,
    token: agent.token,
    allowPlainHttp: true,
  });
  nodeId = node.id;
  await collectOnce(deps);
});
afterAll(async () => {
  proxy?.close();
  await agent?.stop();
  await deps?.dispose();
});

describe('delta pushes', () => {
  it('sends a fresh node the whole snapshot, then only each change on top of the revision it acknowledged', async () => {
    const reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets });
    await collectOnce(deps); // heard from just now: not Down however slow the machine
    const first = await change(30);
    seen.length = 0;
    expect(await reconciler.reconcile()).toEqual([expect.objectContaining({ ok: true, revision: Number(first) })]);
    expect(seen).toEqual([expect.objectContaining({ method: 'PUT', path: '/v1/config', status: 200 })]);
    expect(seen[0]?.body).toMatchObject({ revision: Number(first), accountsReset: true });

    // No collector report in between: the acknowledged revision is the base.
    const second = await change(40);
    seen.length = 0;
    expect(await reconciler.reconcile()).toEqual([expect.objectContaining({ ok: true, revision: Number(second) })]);
    expect(seen).toEqual([expect.objectContaining({ method: 'PATCH', path: '/v1/config', status: 200 })]);
    expect(seen[0]?.body).toEqual({
      base: Number(first),
      revision: Number(second),
      defaults: { prefs: expect.objectContaining({ messagesPerPage: 40 }) },
      domains: [],
      removedDomains: [],
      accounts: [],
    });
    const config = await held();
    expect(config.revision).toBe(Number(second));
    expect(config.defaults.prefs).toMatchObject({ messagesPerPage: 40 });
  });

  it('counts a node as applied from its answer to the push, before the collector reports it', async () => {
    const reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets });
    await collectOnce(deps); // a report from before the change, and the node is not Down
    const revision = await change(50);
    const before = await admin.config.status({ revision });
    expect(before.revision).toMatchObject({ applied: 0, total: 1 });
    await reconciler.reconcile();
    // The collector has not polled since: its stored report is still older.
    const report = await deps.db.prisma.nodeStatus.findUnique({ where: { nodeId } });
    expect(report?.configRevision).toBeLessThan(revision);
    const after = await admin.config.status({ revision });
    expect(after.revision).toMatchObject({ applied: 1, total: 1, lagging: [] });
    expect(after.overall).toMatchObject({ applied: 1, total: 1 });
    // And the collector's report, once it comes, agrees.
    await collectOnce(deps);
    expect((await admin.config.status({ revision })).overall).toMatchObject({ applied: 1, total: 1 });
  });

  it('falls back to the whole snapshot when the node holds another revision than the change is based on', async () => {
    const reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets });
    const holds = (await held()).revision;
    await collectOnce(deps);
    // The console believes the node is one revision behind what it holds (e.g. another console pushed).
    await deps.db.prisma.nodeStatus.update({ where: { nodeId }, data: { configRevision: BigInt(holds - 1) } });
    await deps.db.prisma.nodeConfigPush.delete({ where: { nodeId } });
    const revision = await change(60);
    seen.length = 0;
    expect(await reconciler.reconcile()).toEqual([expect.objectContaining({ ok: true, revision: Number(revision) })]);
    expect(seen.map((s) => [s.method, s.status])).toEqual([
      ['PATCH', 409],
      ['PUT', 200],
    ]);
    expect(seen[0]?.body).toMatchObject({ base: holds - 1 });
    expect(seen[1]?.body).toMatchObject({ revision: Number(revision), accountsReset: true });
    const config = await held();
    expect(config.revision).toBe(Number(revision));
    expect(config.defaults.prefs).toMatchObject({ messagesPerPage: 60 });
  });
});
