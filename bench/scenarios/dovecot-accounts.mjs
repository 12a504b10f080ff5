// Accounts on a real Dovecot 2.3 cluster (issue 19), measured through the console: 100,000 accounts in
// 100 domains are seeded into the console's database (`npm run seed`; on PGlite with the console
// stopped meanwhile), then a director and two FRESH backends (scripts/lib/dovecot.mjs) get agents that
// are registered through the console's API:
//   1. registration -> the first IMAP login through the director of the last account (the console
//      sends the whole set to the fresh backends, which take sessions only once they hold it);
//   2. at that size, accounts.resetPassword returned -> the first IMAP login with the new password.
// Skipped with a reason row where Dovecot cannot be installed or started (it needs root or Dovecot).
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

import { agentGet, plannedPort, ROOT, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';
import { agentArgs, downCluster, installDovecot, upCluster } from '../../scripts/lib/dovecot.mjs';
import { imapLogin } from '../../scripts/lib/imap.mjs';

export const name = 'dovecot-accounts';
export const description =
  'Real Dovecot director + 2 fresh backends: 100,000 accounts provisioned, one change to login';
// Before account-search (80), which adds a million accounts the fresh backends would then receive too.
export const order = 75;

const ACCOUNTS = Number(process.env.BENCH_DOVECOT_ACCOUNTS ?? 100_000);
const DOMAINS = Number(process.env.BENCH_DOVECOT_DOMAINS ?? 100);
const CHANGES = Number(process.env.BENCH_DOVECOT_CHANGES ?? 20);
const SUFFIX = 'dovecot.bench';
const PASSWORD = 'bench-dovecot-password';
const TOKEN = 'bench-dovecot-agent-token-0123456789';
const fmt = (n) => n.toLocaleString('en-US');

export async function run({ api, dataDir, databaseUrl, restartConsole, log }) {
  const problem = installDovecot({ log });
  if (problem) {
    log(`dovecot-accounts: skipped: ${problem}`);
    return [{ metric: `Not measured: ${problem}`, unit: 'ms', samples: [] }];
  }
  let seeded;
  const env = databaseUrl ? { DATABASE_URL: databaseUrl } : { CC_DATA_DIR: dataDir };
  if (databaseUrl) seeded = await seed(env, log);
  else await restartConsole(async () => (seeded = await seed(env, log)));
  log(`dovecot-accounts: ${fmt(seeded.accounts)} accounts in ${seeded.domains} domains seeded in ${seeded.seconds} s`);

  let cluster;
  const agents = [];
  const registered = [];
  try {
    cluster = await upCluster({ log });
    const director = cluster.nodes.find((n) => n.role === 'director');
    const login = (user, password, timeoutMs) =>
      loginUntil({ host: director.ip, port: cluster.imapPort, user, password }, timeoutMs);
    for (const n of cluster.nodes) {
      const role = n.role === 'director' ? 'frontend' : 'backend';
      const port = await plannedPort();
      const node = {
        name: `bench-dovecot-${n.name}`,
        token: TOKEN,
        args: [
          `--role=${role}`,
          `--name=bench-dovecot-${n.name}`,
          `--admin-port=${port}`,
          `--data-dir=${path.join(dataDir, 'agents', `bench-dovecot-${n.name}`)}`,
          '--plain-http',
          ...agentArgs(cluster, n),
        ],
      };
      agents.push({ ...(await spawnAgent(node)), node, role, token: TOKEN, adminUrl: `http://${n.ip}:${port}` });
    }

    // 1. The fresh nodes registered (director first) -> the last account signs in through the director.
    const t0 = performance.now();
    for (const a of agents) {
      const input = { name: a.node.name, role: a.role.toUpperCase(), adminUrl: a.adminUrl, token: TOKEN };
      registered.push((await api.mutate('nodes.register', { ...input, allowPlainHttp: true })).id);
    }
    const perDomain = Math.floor(ACCOUNTS / DOMAINS);
    await login(`user${perDomain}@d${DOMAINS}.${SUFFIX}`, PASSWORD, 600_000);
    const provisioned = performance.now() - t0;
    log(`dovecot-accounts: provisioned to the first login in ${Math.round(provisioned)} ms`);

    // 2. One change at that size: the console's call returned -> the first login with the new password.
    const changes = [];
    const toBackends = [];
    const backends = agents.filter((a) => a.role === 'backend');
    for (let r = 0; r < CHANGES; r++) {
      const address = `user${1 + Math.floor(Math.random() * perDomain)}@d${1 + (r % DOMAINS)}.${SUFFIX}`;
      const password = `changed-${r}-${Date.now()}`;
      const saved = await api.mutate('accounts.resetPassword', { address, password });
      const t = performance.now();
      const returnedAt = Date.now();
      await login(address, password, 30_000);
      changes.push(performance.now() - t);
      // Where the time goes: the backends' own record of when they wrote the revision (same clock).
      const applied = await Promise.all(backends.map((a) => appliedAt(a, Number(saved.revision))));
      if (applied.every((at) => at !== null)) toBackends.push(Math.max(...applied) - returnedAt);
    }
    return [
      {
        metric: `${fmt(ACCOUNTS)} accounts in ${DOMAINS} domains: registered -> last account's login via director`,
        unit: 'ms',
        samples: [provisioned],
        target: '≤ 30,000',
        check: { stat: 'max', max: 30_000 },
      },
      {
        metric: `Password changed (call returned) -> login via director, ${fmt(ACCOUNTS)} accounts`,
        unit: 'ms',
        samples: changes,
        target: 'p95 ≤ 2,000',
        check: { stat: 'p95', max: 2000 },
      },
      { metric: 'Password changed (call returned) -> written on both backends', unit: 'ms', samples: toBackends },
    ];
  } finally {
    for (const id of registered) await api.mutate('nodes.remove', { id }).catch(() => {});
    await Promise.all(agents.map((a) => stopProcess(a.pid)));
    if (cluster) await downCluster(cluster);
  }
}

/** When the agent applied `revision` (its own clock, this machine's), or null if it has not. */
async function appliedAt(agent, revision) {
  const res = await agentGet(agent, '/v1/status').catch(() => null);
  const config = res?.status === 200 ? res.json.config : null;
  return config && config.revision >= revision ? Date.parse(config.appliedAt) : null;
}

/**
 * Tries to sign in until it works (the change is on its way to the backends). A refused login through
 * the director takes about half a second (Dovecot's proxy), so attempts overlap: a new one every
 * 100 ms, at most 3 open, and the first success ends the wait. More would measure the probe: every
 * refused attempt costs the backend a bcrypt verification, and ten at once took a core of the two
 * from the very push being timed.
 */
function loginUntil(opts, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let open = 0;
    let done = false;
    let lastError = null;
    const attempt = () => {
      open++;
      imapLogin({ ...opts, timeoutMs: 5000 })
        .then((session) => {
          session.destroy();
          if (!done) finish(null);
        })
        .catch((e) => (lastError = e))
        .finally(() => open--);
    };
    const timer = setInterval(() => {
      if (Date.now() > deadline) {
        const e = lastError;
        finish(new Error(`no IMAP login for ${opts.user} within ${timeoutMs} ms: ${e?.message}`, { cause: e }));
      } else if (open < 3) attempt();
    }, 100);
    const finish = (error) => {
      done = true;
      clearInterval(timer);
      if (error) reject(error);
      else resolve();
    };
    attempt();
  });
}

/** `npm run seed` as a child process; resolves with its summary line. */
function seed(env, log) {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'scripts/seed.mjs'),
      `--domains=${DOMAINS}`,
      `--accounts=${ACCOUNTS}`,
      `--suffix=${SUFFIX}`,
      `--password=${PASSWORD}`,
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let summary = null;
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) summary = JSON.parse(line);
    else log(line);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (code !== 0 || !summary) return reject(new Error(`seed exited with ${code ?? signal}: ${stderr}`));
      resolve(summary);
    });
  });
}
