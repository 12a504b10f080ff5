import { expect, test, type Browser, type Page } from '@playwright/test';

import { plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';
import {
  agentArgs,
  downCluster,
  installDovecot,
  provisionTestUsers,
  upCluster,
  usersHashedTo,
  type DovecotCluster,
  type DovecotNode,
} from '../../scripts/lib/dovecot.mjs';
import { imapLogin, type ImapSession } from '../../scripts/lib/imap.mjs';
import { signIn, trpcCall } from '../support/fixtures';
import { readState } from '../support/state';

const unavailable = installDovecot();
if (unavailable) console.warn(`SKIPPED: Dovecot end-to-end spec: ${unavailable}`);

const DEMO = ['backend-1', 'backend-2', 'backend-3', 'frontend-1', 'frontend-2'];
/** Sessions each backend holds during the spec. */
const HELD = { b1: 2, b2: 3 };
const TOKEN = 'dovecot-e2e-token-0123456789';

interface Registered {
  name: string;
  role: 'frontend' | 'backend';
  pid: number;
  adminUrl: string;
}

let cluster: DovecotCluster | undefined;
const agents: Registered[] = [];
const sessions: ImapSession[] = [];

type Listed = { result: { data: { json: { items: Array<{ id: string; name: string }>; total: number } } } };

async function adminPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: readState().baseURL });
  const page = await context.newPage();
  await signIn(page, 'admin');
  return page;
}

/** Starts an agent beside a Dovecot node and registers it through the console's API. */
async function startAndRegister(page: Page, n: DovecotNode, name: string, extra: (args: string[]) => string[]) {
  const role = n.role === 'director' ? 'frontend' : 'backend';
  const port: number = await plannedPort();
  // Plain HTTP, chosen explicitly: this spec is about Dovecot, nodes-tls.spec about certificates.
  const args = extra([
    `--role=${role}`,
    `--name=${name}`,
    `--admin-port=${port}`,
    '--plain-http',
    ...agentArgs(cluster!, n),
  ]);
  const started: { pid: number; child: { unref(): void } } = await spawnAgent({ name, token: TOKEN, args });
  started.child.unref();
  agents.push({ name, role, pid: started.pid, adminUrl: `http://${n.ip}:${port}` });
  const res = await trpcCall(
    page.request,
    'nodes.register',
    { name, role: role.toUpperCase(), adminUrl: `http://${n.ip}:${port}`, token: TOKEN, allowPlainHttp: true },
    'mutation',
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

test.describe('[DOVECOT] real Dovecot nodes in the Single Service Image', () => {
  test.skip(unavailable !== null, `Dovecot is not available: ${unavailable}`);

  test.beforeAll(async ({ browser }) => {
    cluster = await upCluster();
    const page = await adminPage(browser);
    const node = (name: string) => cluster!.nodes.find((n) => n.name === name)!;
    for (const n of cluster.nodes) await startAndRegister(page, n, `dovecot-${n.name}`, (a) => a);
    // The same backend without its director: what it cannot do is greyed out in the console.
    // It shares b1's Dovecot, so it must not write b1's passwd-files either.
    const ownedByB1 = [
      '--director-doveadm-url=',
      '--dovecot-users-dir=',
      '--dovecot-mail-root=',
      '--dovecot-conf=',
      '--dovecot-cluster-conf=',
    ];
    await startAndRegister(page, node('b1'), 'dovecot-b1-alone', (a) =>
      a.filter((x) => !ownedByB1.some((flag) => x.startsWith(flag))),
    );
    // The cluster has no mail users: push test accounts to the backends' agents, at a revision above
    // any the console sends meanwhile (this spec is about sessions, not about provisioning).
    const backends = agents.filter((a) => a.name === 'dovecot-b1' || a.name === 'dovecot-b2');
    await provisionTestUsers(
      backends.map((a) => ({ adminUrl: a.adminUrl, token: TOKEN })),
      { revision: 1_000_000_000 },
    );
    const used = new Set<string>();
    for (const [name, count] of Object.entries(HELD)) {
      for (const u of await usersHashedTo(cluster, node(name).ip, count, used)) {
        used.add(u.user);
        sessions.push(await imapLogin({ host: node('dir').ip, port: cluster.imapPort, ...u }));
      }
    }
    await page.context().close();
  });

  test.afterAll(async ({ browser }) => {
    // Other specs expect exactly the five demo nodes: remove ours first, and check.
    const page = await adminPage(browser);
    const list = await trpcCall(page.request, 'nodes.list', { search: 'dovecot-', pageSize: 50 }, 'query');
    for (const n of (list.body as Listed).result.data.json.items) {
      await trpcCall(page.request, 'nodes.remove', { id: n.id }, 'mutation');
    }
    const after = await trpcCall(page.request, 'nodes.list', { pageSize: 50 }, 'query');
    await page.context().close();
    for (const s of sessions) s.destroy();
    await Promise.all(agents.map((a) => stopProcess(a.pid)));
    if (cluster) await downCluster(cluster);
    expect((after.body as Listed).result.data.json.items.map((n) => n.name).sort()).toEqual(DEMO);
  });

  test('shows the Dovecot director and backends next to the reference agents, with real session counts', async ({
    page,
  }) => {
    await signIn(page, 'admin');
    await page.goto('/nodes');
    const row = (name: string) => page.locator(`[data-testid="node-row"][data-node-name="${name}"]`);
    await expect(page.getByTestId('node-row')).toHaveCount(DEMO.length + 4);
    for (const name of DEMO) await expect(row(name)).toBeVisible();
    const expected = { 'dovecot-b1': HELD.b1, 'dovecot-b2': HELD.b2, 'dovecot-dir': HELD.b1 + HELD.b2 };
    for (const [name, count] of Object.entries(expected)) {
      await expect(row(name)).toHaveAttribute('data-state', 'ready');
      await expect(row(name).getByTestId('node-sessions')).toHaveText(String(count));
      await expect(row(name)).toContainText(/2\.3\.\d/);
    }
    // Dovecot's director places users: its backends take no part in the Controller election.
    await expect(row('dovecot-b1')).toHaveAttribute('data-cluster-role', 'none');
  });

  test('greys out what a Dovecot node cannot do, with the reason', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/nodes');
    await page.locator('[data-testid="node-row"][data-node-name="dovecot-b1-alone"]').getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'dovecot-b1-alone' })).toBeVisible();
    const greyed = page.getByTestId('readiness-unsupported');
    await expect(greyed.getByRole('button', { name: 'Make Non-Ready' })).toBeDisabled();
    await expect(greyed).toContainText('Not supported: no director to withdraw this backend from');
    await expect(page.getByTestId('node-sessions')).toHaveText(String(HELD.b1));
    await expect(page.getByTestId('unsupported-features')).toContainText('cluster-election');
  });
});
