// Accounts as the mail servers need them: every account on a node that starts over (staged in pages),
// and each password change, disable, rename and delete as a change that reaches every node.
import http from 'node:http';

import { createNodeClient, type AccountChange } from '@cc/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verifyMailPassword } from '../domains/password';
import { seedDomains } from '../domains/seed';
import { startAgentProcess, type RunningAgent } from '../../../test/agents';
import { callerAs, collectOnce, createTestDeps } from '../../../test/db';
import { Reconciler } from './reconciler';
import { buildSnapshot } from './snapshot';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;
let agents: RunningAgent[];
let overridesOnly: RunningAgent;
let reconciler: Reconciler;

const client = (a: RunningAgent) => createNodeClient({ baseUrl: a.adminUrl, token: a.token });
const held = async (a: RunningAgent, address: string): Promise<AccountChange | undefined> =>
  (await client(a).getConfig()).accounts.find((x) => x.address === address);
/** Pushes until every node has the newest revision (statuses come from the collector). */
async function settle(): Promise<void> {
  await collectOnce(deps);
  const pushed = await reconciler.reconcile();
  expect(pushed.every((p) => p.ok)).toBe(true);
  await collectOnce(deps);
}

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  // Simulated nodes standing in for mail servers (they keep the whole set), and one that does not.
  agents = await Promise.all(
    ['ap-backend-1', 'ap-backend-2'].map((name) => startAgentProcess(name, 'backend', ['--simulate-account-set'])),
  );
  overridesOnly = await startAgentProcess('ap-backend-3');
  for (const a of [...agents, overridesOnly]) {
    await admin.nodes.register({
      name: a.name,
      role: 'BACKEND',
      adminUrl: a.adminUrl,
      token: a.token,
      allowPlainHttp: true,
    });
  }
  await seedDomains(
    deps.db.prisma,
    [
      { name: 'one.example', accounts: 420 },
      { name: 'two.example', accounts: 310 },
    ],
    'seed-password-123',
  );
  // Small pages, so the whole set takes several.
  reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets, timeoutMs: 5000, stagePageSize: 200 });
});
afterAll(async () => {
  await Promise.all([...(agents ?? []), ...(overridesOnly ? [overridesOnly] : [])].map((a) => a.stop()));
  await deps?.dispose();
});

describe('account propagation', () => {
  it('stages every account on a fresh node before the snapshot: the count matches the database', async () => {
    await settle();
    const total = await deps.db.prisma.mailAccount.count();
    expect(total).toBe(730);
    for (const a of agents) {
      const config = await client(a).getConfig();
      expect(config.accounts).toHaveLength(total);
      const one = config.accounts.find((x) => x.address === 'user7@two.example');
      expect(one).toMatchObject({ enabled: true, settings: {}, passwordHash: expect.stringMatching(/^\{BLF-CRYPT\}/) });
      expect(one?.id).toBe((await admin.accounts.get({ address: 'user7@two.example' })).id);
    }
    // A node that keeps no account set (no 'accounts' capability) is spared the pages.
    expect((await client(overridesOnly).getConfig()).accounts).toHaveLength(0);
    // A reset (seeding a domain) stages the whole set again, new accounts included.
    await seedDomains(deps.db.prisma, [{ name: 'three.example', accounts: 50 }], 'seed-password-123');
    await settle();
    for (const a of agents) expect((await client(a).getConfig()).accounts).toHaveLength(780);
  });

  it('a password change reaches every node as a new {BLF-CRYPT} hash, in a revision of its own', async () => {
    const address = 'user3@one.example';
    const before = (await held(agents[0]!, address))?.passwordHash;
    const { revision } = await admin.accounts.resetPassword({ address, password: 'a-new-password-42' });
    const rev = await deps.db.prisma.configRevision.findUniqueOrThrow({ where: { id: revision } });
    expect(rev).toMatchObject({ scope: 'account', target: address });
    await settle();
    for (const a of agents) {
      const hash = (await held(a, address))?.passwordHash;
      expect(hash).toMatch(/^\{BLF-CRYPT\}\$2b\$10\$/);
      expect(hash).not.toBe(before);
      expect(await verifyMailPassword('a-new-password-42', hash!)).toBe(true);
    }
  });

  it('disable, rename and delete each reach the nodes; the delete carries the mailbox choice', async () => {
    const from = BigInt((await client(agents[0]!).getConfig()).revision);
    await admin.accounts.setEnabled({ address: 'user4@one.example', enabled: false });
    const { id, version } = await admin.accounts.get({ address: 'user5@one.example' });
    await admin.accounts.rename({ address: 'user5@one.example', newName: 'renamed5', expectedVersion: version });
    const gone = await admin.accounts.get({ address: 'user6@one.example' });
    await admin.accounts.delete({
      address: 'user6@one.example',
      confirm: 'user6@one.example',
      mailbox: 'archive',
      archiveFolder: 'user6-archive',
    });
    await admin.accounts.delete({ address: 'user8@one.example', confirm: 'user8@one.example', mailbox: 'remove' });

    const built = await buildSnapshot(deps.db.prisma, from);
    const changes = built?.snapshot.accounts ?? [];
    const change = (address: string) => changes.find((c) => c.address === address);
    expect(change('user4@one.example')).toMatchObject({ enabled: false });
    expect(change('renamed5@one.example')).toMatchObject({ id, renamedFrom: 'user5@one.example' });
    expect(change('user5@one.example')).toEqual({ address: 'user5@one.example', settings: null, enabled: false });
    expect(change('user6@one.example')).toEqual({
      address: 'user6@one.example',
      id: gone.id,
      settings: null,
      enabled: false,
      deleted: { mailbox: 'archive', archiveFolder: 'user6-archive' },
    });
    expect(change('user8@one.example')?.deleted).toEqual({ mailbox: 'remove' });

    await settle();
    for (const a of agents) {
      expect(await held(a, 'user4@one.example')).toMatchObject({ enabled: false });
      expect(await held(a, 'renamed5@one.example')).toMatchObject({ id });
      expect(await held(a, 'user5@one.example')).toBeUndefined();
      expect(await held(a, 'user6@one.example')).toBeUndefined();
      expect(await held(a, 'user8@one.example')).toBeUndefined();
    }
  });

  it('sends a hash the mail servers cannot verify as null: the account is kept, its logins refused', async () => {
    const address = 'user9@one.example';
    const from = BigInt((await client(agents[0]!).getConfig()).revision);
    await deps.db.prisma.mailAccount.updateMany({
      where: { name: 'user9', domain: { name: 'one.example' } },
      data: { passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5' },
    });
    await admin.accounts.setEnabled({ address, enabled: true }); // a revision naming the account
    const built = await buildSnapshot(deps.db.prisma, from);
    expect(built?.snapshot.accounts.find((c) => c.address === address)).toMatchObject({ passwordHash: null });
    await settle();
    expect(await held(agents[1]!, address)).toMatchObject({ passwordHash: null, enabled: true });
  });

  it('stages again when the node answers stage-incomplete', async () => {
    const seen: string[] = [];
    let refused = false;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const json = JSON.parse(body) as { revision: number; page?: number; accounts: unknown[] };
        res.setHeader('content-type', 'application/json');
        if (req.url === '/v1/config/accounts') {
          seen.push(`page ${json.page}`);
          res.end(JSON.stringify({ revision: json.revision, staged: json.accounts.length, complete: true }));
        } else if (!refused) {
          refused = true;
          seen.push('refused');
          res.statusCode = 409;
          res.end(JSON.stringify({ error: { code: 'stage-incomplete', message: 'the node restarted' } }));
        } else {
          seen.push('applied');
          res.end(JSON.stringify({ revision: json.revision, changed: true }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const fake = await deps.db.prisma.node.create({
      data: {
        name: 'ap-restaging',
        role: 'BACKEND',
        adminUrl: `http://127.0.0.1:${port}`,
        tokenEnc: deps.secrets.seal('fake-token'),
        status: { create: { lastSeenAt: new Date(), capabilities: ['accounts'] } },
      },
    });
    try {
      const pushed = await reconciler.reconcile();
      expect(pushed.find((p) => p.node === 'ap-restaging')).toMatchObject({ ok: true });
      const pages = Math.ceil((await deps.db.prisma.mailAccount.count()) / 200);
      const once = Array.from({ length: pages }, (_, i) => `page ${i}`);
      expect(seen).toEqual([...once, 'refused', ...once, 'applied']);
    } finally {
      await deps.db.prisma.node.delete({ where: { id: fake.id } });
      server.close();
    }
  });
});
