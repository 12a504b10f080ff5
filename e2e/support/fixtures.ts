import net from 'node:net';

import { expect, type APIRequestContext, type Page } from '@playwright/test';

import { spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

import { readState, writeState, type E2EState } from './state';

export type UserKey = keyof E2EState['users'];

/** Signs in through the auth API (faster and steadier than the form, which has its own spec). */
export async function signIn(page: Page, who: UserKey): Promise<void> {
  const { users, baseURL } = readState();
  const res = await page.request.post('/api/auth/sign-in/email', {
    data: users[who],
    headers: { origin: baseURL },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** tRPC over HTTP as the page's signed-in user (or anonymous), for API-level assertions. */
export async function trpcCall(request: APIRequestContext, path: string, input: unknown, kind: 'query' | 'mutation') {
  const { baseURL } = readState();
  const payload = encodeURIComponent(JSON.stringify({ json: input }));
  const res =
    kind === 'query'
      ? await request.get(`/api/trpc/${path}?input=${payload}`)
      : await request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: baseURL } });
  return { status: res.status(), body: (await res.json()) as unknown };
}

/** Kills a demo agent's process (SIGKILL: no goodbye, like a crash). */
export async function killAgent(name: string): Promise<void> {
  const state = readState();
  const agent = state.agents.find((a) => a.name === name);
  if (!agent) throw new Error(`no agent ${name}`);
  process.kill(agent.pid, 'SIGKILL');
}

/** Starts the agent again with its original arguments (same port, token and data dir). */
export async function restartAgent(name: string): Promise<void> {
  const state = readState();
  const agent = state.agents.find((a) => a.name === name);
  if (!agent) throw new Error(`no agent ${name}`);
  await stopProcess(agent.pid, { graceMs: 100 });
  const started = await spawnAgent({ ...agent }, { detached: false });
  started.child.unref();
  agent.pid = started.pid;
  writeState(state);
}

/** A node's id and listeners as the console reports them (through the signed-in page's session). */
export async function nodeByName(request: APIRequestContext, name: string) {
  const list = await trpcCall(request, 'nodes.list', { search: name, pageSize: 10 }, 'query');
  const items = (list.body as { result: { data: { json: { items: Array<{ id: string; name: string }> } } } }).result
    .data.json.items;
  const id = items.find((n) => n.name === name)?.id;
  if (!id) throw new Error(`node ${name} not listed`);
  const detail = await trpcCall(request, 'nodes.get', { id }, 'query');
  return (
    detail.body as {
      result: { data: { json: { id: string; listeners: Array<{ protocol: string; port: number; open: boolean }> } } };
    }
  ).result.data.json;
}

/** TCP connect from the test process: 'open' or 'refused'. */
export function tcpConnect(port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve('open')));
    socket.once('error', () => resolve('refused'));
  });
}
