#!/usr/bin/env node
// Bench rows for accounts on a real Dovecot 2.3 cluster (root or Dovecot installed):
//   1. N accounts in D domains provisioned to fresh backends: the whole set staged in pages
//      (PUT /v1/config/accounts) and applied, until the first IMAP login through the director works;
//   2. at that size, one account change (a new password) from the push to the first successful IMAP
//      login through the director with the new password: p50/p95 over R changes.
// Usage: node scripts/bench-dovecot.mjs [--accounts 100000] [--domains 100] [--changes 20]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import bcrypt from 'bcryptjs';

import { plannedPort, spawnAgent, stopProcess } from './lib/cluster.mjs';
import { agentArgs, downCluster, installDovecot, upCluster } from './lib/dovecot.mjs';
import { imapLogin } from './lib/imap.mjs';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    domains: { type: 'string', default: '100' },
    changes: { type: 'string', default: '20' },
  },
});
const N = Number(values.accounts);
const D = Number(values.domains);
const R = Number(values.changes);
const PAGE = 5000;
const ms = (t) => Math.round(performance.now() - t);

const problem = installDovecot();
if (problem) {
  console.error(`bench-dovecot: ${problem}`);
  process.exit(1);
}

const hash = (pw) => `{BLF-CRYPT}${bcrypt.hashSync(pw, 10)}`;
const shared = hash('bench-password');
const domainOf = (i) => `d${i % D}.bench.test`;
const account = (i, passwordHash = shared) => ({
  address: `u${i}@${domainOf(i)}`,
  id: `a${i}`,
  settings: {},
  enabled: true,
  passwordHash,
});
const base = (revision) => ({
  revision,
  defaults: { domain: {}, account: {}, prefs: {} },
  domains: Array.from({ length: D }, (_, i) => ({ name: `d${i}.bench.test`, settings: {} })),
  accounts: [],
  accountsReset: false,
  alerts: [],
});

async function call(agent, method, route, body) {
  const res = await fetch(`${agent.adminUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok) throw new Error(`${route} on ${agent.name}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function loginUntil(cluster, user, password, timeoutMs = 60_000) {
  const dir = cluster.nodes.find((n) => n.role === 'director');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const s = await imapLogin({ host: dir.ip, port: cluster.imapPort, user, password, timeoutMs: 5000 });
      s.destroy();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

// The bench talks to its own agents on loopback addresses: plain HTTP keeps the client simple.
process.env.CC_AGENT_PLAIN_HTTP = '1';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-dovecot-'));
let cluster;
const agents = [];
try {
  cluster = await upCluster();
  const taken = new Set();
  for (const n of cluster.nodes.filter((x) => x.role === 'backend')) {
    const port = await plannedPort(taken);
    const token = randomBytes(18).toString('base64url');
    const name = `bench-${n.name}`;
    const args = [`--role=backend`, `--name=${name}`, `--admin-port=${port}`, `--data-dir=${path.join(dataDir, name)}`];
    const started = await spawnAgent({ name, token, args: [...args, ...agentArgs(cluster, n)] });
    agents.push({ ...started, adminUrl: `http://${n.ip}:${port}`, token });
  }

  // 1. Provisioning a fresh backend pair.
  const t0 = performance.now();
  let revision = 1;
  await Promise.all(
    agents.map(async (a) => {
      for (let page = 0; page * PAGE < N; page++) {
        const accounts = [];
        for (let i = page * PAGE; i < Math.min(N, (page + 1) * PAGE); i++) accounts.push(account(i));
        await call(a, 'PUT', '/v1/config/accounts', { revision, page, accounts, last: (page + 1) * PAGE >= N });
      }
      await call(a, 'PUT', '/v1/config', { ...base(revision), accountsReset: true, accountsStaged: N });
    }),
  );
  const applied = ms(t0);
  await loginUntil(cluster, account(N - 1).address, 'bench-password');
  const provisioned = ms(t0);

  // 2. One change at that size, to the first login with the new password.
  const samples = [];
  for (let r = 0; r < R; r++) {
    const i = Math.floor(Math.random() * N);
    const password = `changed-${r}`;
    const change = account(i, hash(password));
    revision++;
    const t = performance.now();
    await Promise.all(agents.map((a) => call(a, 'PUT', '/v1/config', { ...base(revision), accounts: [change] })));
    await loginUntil(cluster, change.address, password, 10_000);
    samples.push(ms(t));
  }
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
  console.log(
    JSON.stringify({
      accounts: N,
      domains: D,
      backends: agents.length,
      provisionAppliedMs: applied,
      provisionToFirstLoginMs: provisioned,
      changeToLoginMs: { n: samples.length, p50: pct(50), p95: pct(95), max: samples.at(-1) },
    }),
  );
} finally {
  await Promise.all(agents.map((a) => stopProcess(a.pid)));
  if (cluster) await downCluster(cluster);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
