// Rolling upgrades of the 5-node demo cluster under its simulated load: through the wizard with a
// pause in the middle, then with the console killed mid-run. Runs after the specs that expect 1.0.0.
import fs from 'node:fs';
import path from 'node:path';

import { expect, test, type APIRequestContext } from '@playwright/test';

import { agentGet, spawnConsole, waitForHealth } from '../../scripts/lib/cluster.mjs';
import { restartAgent, signIn, trpcCall } from '../support/fixtures';
import { readState, writeState, type AgentState } from '../support/state';

test.describe.configure({ mode: 'serial' });

interface NodeStatus {
  readiness: string;
  load: { sessions: Record<string, number> };
  sessionCounters?: { started: number; endedNormally: number; endedByAdmin: number };
  upgrade?: { version: string; state: string };
}

async function agentStatus(a: AgentState): Promise<NodeStatus> {
  const res = await agentGet(a, '/v1/status');
  expect(res.status).toBe(200);
  return res.json as NodeStatus;
}

/** Sessions that ended neither normally nor by an administrator (the agents count them). */
async function abnormal(a: AgentState): Promise<number> {
  const s = await agentStatus(a);
  const c = s.sessionCounters!;
  const open = Object.values(s.load.sessions).reduce((x, y) => x + y, 0);
  return c.started - c.endedNormally - c.endedByAdmin - open;
}

type Run = { state: string; request: string | null; steps: Array<{ phase: string; nodeName: string }> };

async function getRun(request: APIRequestContext, id: string): Promise<Run> {
  const res = await trpcCall(request, 'upgrades.get', { id }, 'query');
  expect(res.status).toBe(200);
  return (res.body as { result: { data: { json: Run } } }).result.data.json;
}

test('an operator upgrades the cluster under load through the wizard, pausing and resuming, with no session cut', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const state = readState();
  const before = await Promise.all(state.agents.map(abnormal));
  expect(before).toEqual(state.agents.map(() => 0));

  await signIn(page, 'operator');
  await page.goto('/upgrades');
  await expect(page.getByTestId('cluster-versions')).toContainText('1.0.0 on 5 nodes');
  await page.getByTestId('plan-upgrade').click();

  // 1. The catalog: only 1.1.0 can be reached from 1.0.0; the others are listed apart, with why.
  await expect(page.getByTestId('release-option')).toHaveCount(1);
  await expect(page.getByTestId('release-option')).toHaveAttribute('data-version', '1.1.0');
  await page.getByTestId('releases-not-offered').getByText('3 versions not offered').click();
  await expect(page.locator('[data-version="1.2.0"] [data-testid="release-blocked"]')).toContainText(
    'upgrade to 1.1.0 first',
  );
  await expect(page.locator('[data-testid="release-unreachable"][data-version="1.0.0"]')).toContainText(
    'Every node already runs 1.0.0 or later.',
  );
  await page.locator('[data-version="1.1.0"] input[type="radio"]').check();
  await page.getByRole('button', { name: 'Next: preflight checks' }).click();

  // 2. Preflight: every check passes, each with its reason.
  const checks = page.getByTestId('preflight-check');
  await expect(checks).toHaveCount(7);
  await expect(page.locator('[data-testid="preflight-check"][data-ok="false"]')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator('[data-check="ready-backends"]')).toContainText('3 Ready backends');
  await page.getByRole('button', { name: 'Next: plan' }).click();

  // 3. Plan: backends first (the Controller last of them), then frontends.
  const plan = page.getByTestId('plan-node');
  await expect(plan).toHaveCount(5);
  const names = await plan.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-node')));
  expect(names.slice(0, 3).every((n) => n?.startsWith('backend'))).toBe(true);
  expect(names.slice(3).every((n) => n?.startsWith('frontend'))).toBe(true);
  await page.getByLabel('Drain deadline per node (seconds)').fill('60');

  // Nothing starts without a confirmation that says what will happen; Cancel leaves everything as it was.
  await page.getByRole('button', { name: 'Start upgrade…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Start the upgrade to 1.1.0?' });
  await expect(confirm).toContainText('5 nodes go from 1.0.0 (5 nodes) to 1.1.0');
  await expect(confirm.getByTestId('confirm-node')).toHaveCount(5);
  expect(await confirm.getByTestId('confirm-node').evaluateAll((li) => li.map((l) => l.textContent))).toEqual(
    names.map((n) => expect.stringContaining(n!)),
  );
  await expect(confirm.getByTestId('confirm-sessions')).toContainText(
    /\d+ open sessions? to drain now\. Each node waits up to 60 s/,
  );
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(page).toHaveURL(/\/upgrades\/new$/);
  const none = await trpcCall(page.request, 'upgrades.active', undefined, 'query');
  expect((none.body as { result: { data: { json: unknown } } }).result.data.json).toBeNull();
  await page.getByRole('button', { name: 'Start upgrade…' }).click();
  await confirm.getByRole('button', { name: 'Upgrade 5 nodes' }).click();

  // 4. The run, live. Pause once the first node is done: the second is finished, then it waits.
  await expect(page).toHaveURL(/\/upgrades\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1)!;
  // While the first node drains: its sessions left, and no time estimate before a node has finished.
  await expect(page.getByTestId('run-eta')).toHaveText('5 nodes to go · estimating…');
  await expect(page.getByTestId('step-drain').first()).toContainText(/\d+ sessions? left of \d+/, { timeout: 30_000 });
  await expect(page.locator('[data-testid="run-step"]').first().getByTestId('step-phase')).toHaveAttribute(
    'data-phase',
    'done',
    { timeout: 60_000 },
  );
  await expect(page.getByTestId('run-eta')).toContainText(/nodes? to go · about .+ left/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
  await expect(page.getByTestId('run-message')).toContainText('Paused after');
  const pausedAt = (await getRun(page.request, id)).steps.map((s) => s.phase);
  expect(pausedAt.filter((p) => p === 'pending').length).toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  expect((await getRun(page.request, id)).steps.map((s) => s.phase)).toEqual(pausedAt);

  // Closing the browser changes nothing: the run lives on the server. Every page says it is paused.
  await page.goto('/nodes');
  await expect(page.getByTestId('upgrade-banner')).toContainText('Rolling upgrade to 1.1.0 paused');
  await page.goto('/upgrades');
  await page.getByRole('link', { name: 'Open the run →' }).click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'completed', { timeout: 150_000 });
  await expect(page.getByTestId('run-progress')).toHaveText('5 of 5 nodes done');
  await expect(page.getByTestId('run-overhead')).toBeVisible();

  for (const a of state.agents) {
    const s = await agentStatus(a);
    expect([a.name, s.readiness, s.upgrade?.version]).toEqual([a.name, 'ready', '1.1.0']);
    expect(await abnormal(a), `${a.name} ended sessions abnormally`).toBe(0);
  }
});

test('an auditor watches runs but gets no controls, and the API refuses them', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto('/upgrades');
  await expect(page.getByTestId('run-row')).not.toHaveCount(0);
  await expect(page.getByTestId('plan-upgrade')).toHaveCount(0);
  await page.getByTestId('run-row').first().getByRole('link').click();
  await expect(page.getByTestId('run-state')).toBeVisible();
  await expect(page.getByRole('button', { name: /Pause|Resume|Abort|Roll back/ })).toHaveCount(0);
  // The console's one Forbidden page (302cd8a), not a redirect: planning needs Can Control Cluster.
  await page.goto('/upgrades/new');
  await expect(page.getByTestId('forbidden')).toContainText('Forbidden');
  const denied = await trpcCall(
    page.request,
    'upgrades.start',
    { targetVersion: '1.2.0', order: [], drainDeadlineSeconds: 60, deadlineAction: 'wait', pauseAfterEachNode: false },
    'mutation',
  );
  expect(denied.status).toBe(403);
  const missing = await trpcCall(page.request, 'upgrades.get', { id: '00000000-0000-4000-8000-000000000000' }, 'query');
  expect(missing.status).toBe(404);
});

test('killing the console mid-run: the restarted console resumes where it stopped and completes', async ({ page }) => {
  test.setTimeout(240_000);
  const state = readState();
  await signIn(page, 'operator');
  const preflight = async () => {
    const res = await trpcCall(page.request, 'upgrades.preflight', { targetVersion: '1.2.0' }, 'query');
    return (res.body as { result: { data: { json: { ok: boolean; plan: { order: Array<{ id: string }> } } } } }).result
      .data.json;
  };
  await expect.poll(async () => (await preflight()).ok, { timeout: 15_000 }).toBe(true);
  const order = (await preflight()).plan.order.map((n) => n.id);
  const started = await trpcCall(
    page.request,
    'upgrades.start',
    { targetVersion: '1.2.0', order, drainDeadlineSeconds: 60, deadlineAction: 'wait', pauseAfterEachNode: false },
    'mutation',
  );
  expect(started.status).toBe(200);
  const id = (started.body as { result: { data: { json: { id: string } } } }).result.data.json.id;

  // Mid-run: the second node is on its way.
  await expect
    .poll(async () => (await getRun(page.request, id)).steps[1]!.phase, { timeout: 60_000, intervals: [200] })
    .not.toBe('pending');
  process.kill(state.consolePid, 'SIGKILL');
  const port = new URL(state.baseURL).port;
  const log = fs.createWriteStream(path.join(state.dataDir, 'console.log'), { flags: 'a' });
  const child = spawnConsole({ port: Number(port), env: state.consoleEnv, log: (l: string) => log.write(`${l}\n`) });
  writeState({ ...state, consolePid: child.pid! });
  child.unref();
  await waitForHealth(state.baseURL, { child });

  await expect
    .poll(async () => (await getRun(page.request, id)).state, { timeout: 150_000, intervals: [1000] })
    .toBe('completed');
  const run = await getRun(page.request, id);
  expect(run.steps.every((s) => s.phase === 'done')).toBe(true);
  for (const a of state.agents) {
    const s = await agentStatus(a);
    expect([a.name, s.readiness, s.upgrade?.version]).toEqual([a.name, 'ready', '1.2.0']);
    expect(await abnormal(a), `${a.name} ended sessions abnormally`).toBe(0);
  }
});

test('a node failing its health check stops the run; the operator rolls it back and aborts, all Ready', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, 'operator');
  type Pre = { ok: boolean; plan: { order: Array<{ id: string; name: string }> } };
  const preflight = async () =>
    (
      (await trpcCall(page.request, 'upgrades.preflight', { targetVersion: '2.0.0' }, 'query')).body as {
        result: { data: { json: Pre } };
      }
    ).result.data.json;
  // The first node of the default plan gets a build of 2.0.0 that fails its health check.
  await expect.poll(async () => (await preflight()).ok, { timeout: 15_000 }).toBe(true);
  const first = (await preflight()).plan.order[0]!.name;
  const state = readState();
  const agent = state.agents.find((a) => a.name === first)!;
  agent.args = [...agent.args, '--fail-health-versions=2.0.0'];
  writeState(state);
  await restartAgent(first);
  await expect.poll(async () => (await preflight()).ok, { timeout: 20_000 }).toBe(true);

  await page.goto('/upgrades/new');
  await page.locator('[data-version="2.0.0"] input[type="radio"]').check();
  await page.getByRole('button', { name: 'Next: preflight checks' }).click();
  await expect(page.locator('[data-check="mixed-window"]')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByRole('button', { name: 'Next: plan' })).toBeEnabled({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Next: plan' }).click();
  await page.getByLabel('Drain deadline per node (seconds)').fill('60');
  await page.getByRole('button', { name: 'Start upgrade…' }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: /^Upgrade \d+ nodes?$/ })
    .click();

  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'failed', { timeout: 90_000 });
  await expect(page.getByTestId('run-message')).toContainText(`${first} failed its health check at 2.0.0`);
  await expect(
    page.locator(`[data-testid="run-step"][data-node="${first}"] [data-testid="step-phase"]`),
  ).toHaveAttribute('data-phase', 'failed');
  expect((await agentStatus(agent)).readiness).not.toBe('ready');

  await page.getByRole('button', { name: `Roll back ${first}` }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
  await expect(
    page.locator(`[data-testid="run-step"][data-node="${first}"] [data-testid="step-phase"]`),
  ).toHaveAttribute('data-phase', 'rolled-back');
  await page.getByRole('button', { name: 'Abort', exact: true }).click();
  await page.getByRole('button', { name: 'Abort run' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'aborted');

  for (const a of readState().agents) {
    const s = await agentStatus(a);
    expect([a.name, s.readiness, s.upgrade?.version]).toEqual([a.name, 'ready', '1.2.0']);
    expect(await abnormal(a), `${a.name} ended sessions abnormally`).toBe(0);
  }
});
