// A local Dovecot 2.3 cluster for development and tests: one director and two backends on their
// own loopback addresses (the director needs one address per backend, all on the same ports), on
// shared maildir storage, in a fresh run directory. Used by scripts/dovecot-cluster.mjs and by the
// Dovecot integration tests and end-to-end spec. Stopped by the masters' PIDs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { backendConfig, directorConfig } from './dovecot-config.mjs';
import { findProgram, isRoot, MAIL_USER, run, unavailableReason } from './dovecot-install.mjs';

import { downPostfix, postfixUnavailableReason, upPostfix } from './postfix.mjs';

export { findProgram, installDovecot, MAIL_USER, PACKAGES, unavailableReason } from './dovecot-install.mjs';
export { postfixUnavailableReason } from './postfix.mjs';

/** Whether host:port can be bound right now. */
function canBind(host, port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** A port that is free on every one of the hosts (Dovecot binds it later). */
async function freePortOn(hosts, taken) {
  for (let attempt = 0; attempt < 100; attempt++) {
    // Below the e2e console (20000+), the planned agent ports (24000+) and the ephemeral range.
    const port = 10000 + Math.floor(Math.random() * 10000);
    if (taken.has(port)) continue;
    let free = true;
    for (const h of hosts) free = free && (await canBind(h, port));
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no port free on ${hosts.join(', ')}`);
}

/** One doveadm HTTP API command (one per request: batched errors come back as invalid JSON). */
export async function doveadm(url, apiKey, command, params = {}, timeoutMs = 3000) {
  const res = await fetch(`${url}/doveadm/v1`, {
    method: 'POST',
    headers: {
      authorization: `X-Dovecot-API ${Buffer.from(apiKey).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify([[command, params, 'c']]),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`doveadm ${command}: HTTP ${res.status}`);
  const [[kind, result]] = await res.json();
  // Failures arrive with HTTP 200 and an exit code.
  if (kind === 'error') throw new Error(`doveadm ${command}: ${result.type} exit code ${result.exitCode}`);
  return result;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts one director and two backends with no mail users: every user comes from a configuration
 * revision the backends' node agents write into passwd-files. Options: ips (director first),
 * imapPort, popPort, lmtpPort, stateFile. Resolves once every doveadm API answers and the ring is synced.
 */
export async function upCluster({
  ips = ['127.0.0.10', '127.0.0.11', '127.0.0.12'],
  imapPort,
  popPort,
  lmtpPort,
  postfix = false,
  postfixIp = '127.0.0.13',
  smtpPort,
  stateFile,
  log = () => {},
} = {}) {
  if (postfix) {
    const why = postfixUnavailableReason();
    if (why) throw new Error(why);
  }
  const problem = unavailableReason();
  if (problem) throw new Error(problem);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-dovecot-'));
  const id = path.basename(runDir).slice('cc-dovecot-'.length);
  const taken = new Set();
  const user = isRoot() ? MAIL_USER : os.userInfo().username;
  const shared = {
    user,
    apiKey: randomBytes(18).toString('base64url'),
    doveadmPassword: randomBytes(18).toString('base64url'),
    imapPort: imapPort ?? (await freePortOn(ips, taken)),
    popPort: popPort ?? (await freePortOn(ips, taken)),
    lmtpPort: lmtpPort ?? (await freePortOn(ips, taken)),
    shared: path.join(runDir, 'shared'),
  };
  fs.mkdirSync(shared.shared);
  const names = ['dir', 'b1', 'b2'];
  const nodes = [];
  for (const [i, name] of names.entries()) {
    const dir = path.join(runDir, name);
    fs.mkdirSync(path.join(dir, 'run'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'state'));
    fs.writeFileSync(path.join(dir, 'readiness.conf'), '');
    const o = {
      ...shared,
      name: `cc-${id}-${name}`,
      dir,
      usersDir: path.join(dir, 'users'),
      ip: ips[i],
      doveadmPort: await freePortOn(['127.0.0.1'], taken),
    };
    const role = i === 0 ? 'director' : 'backend';
    if (role === 'backend') fs.mkdirSync(o.usersDir);
    const ringPort = role === 'director' ? await freePortOn([ips[0]], taken) : undefined;
    const config = path.join(dir, 'dovecot.conf');
    fs.writeFileSync(
      config,
      role === 'director' ? directorConfig({ ...o, ringPort, backendIps: ips.slice(1) }) : backendConfig(o),
    );
    nodes.push({
      name,
      role,
      ip: ips[i],
      doveadmUrl: `http://127.0.0.1:${o.doveadmPort}`,
      config,
      readinessConf: path.join(dir, 'readiness.conf'),
      ...(role === 'backend' && { usersDir: o.usersDir, clusterConf: path.join(dir, 'cluster.conf') }),
      log: path.join(dir, 'dovecot.log'),
      ringPort,
      pid: 0,
    });
  }
  if (isRoot()) run('chown', ['-R', `${user}:`, runDir], log);
  fs.chmodSync(runDir, 0o755);
  const state = {
    runDir,
    apiKey: shared.apiKey,
    imapPort: shared.imapPort,
    popPort: shared.popPort,
    lmtpPort: shared.lmtpPort,
    mailRoot: shared.shared,
    nodes,
  };
  const dovecot = findProgram('dovecot');
  try {
    for (const n of nodes) {
      const args = ['-c', n.config];
      // The master daemonizes; a configuration error still shows as a non-zero exit.
      if (isRoot()) run('runuser', ['-u', user, '--', dovecot, ...args], log, { detaches: true });
      else run(dovecot, args, log, { detaches: true });
      n.pid = await masterPid(n);
    }
    await waitUntilReady(state);
    if (postfix) {
      const port = smtpPort ?? (await freePortOn([postfixIp], taken));
      state.postfix = await upPostfix({
        dir: path.join(runDir, 'pf'),
        ip: postfixIp,
        port,
        lmtpHost: ips[0],
        lmtpPort: shared.lmtpPort,
        log,
      });
    }
  } catch (e) {
    await downCluster(state);
    throw e;
  }
  if (stateFile) fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  return state;
}

const pidFile = (node) => path.join(path.dirname(node.config), 'run', 'master.pid');

/** The daemonized master writes its PID file a moment after `dovecot` returns. */
async function masterPid(node, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = Number(fs.existsSync(pidFile(node)) ? fs.readFileSync(pidFile(node), 'utf8') : 0);
    if (pid > 0) return pid;
    if (Date.now() > deadline) throw new Error(`${node.name}: no ${pidFile(node)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitUntilReady(state, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      for (const n of state.nodes) {
        if (n.role === 'backend') await doveadm(n.doveadmUrl, state.apiKey, 'who', { separateConnections: true });
        else {
          const ring = await doveadm(n.doveadmUrl, state.apiKey, 'directorRingStatus');
          if (!ring.some((r) => r.status === 'ring synced')) throw new Error('director ring not synced');
        }
      }
      return;
    } catch (e) {
      if (Date.now() > deadline) {
        throw new Error(`Dovecot cluster not ready after ${timeoutMs} ms: ${e.message}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** PIDs of a process's descendants (login and mail processes outlive the master with shutdown_clients = no). */
function descendants(pid) {
  const parent = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found = [];
  const walk = (p) => {
    for (const [child, pp] of parent) {
      if (pp !== p) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Stops every node's master (SIGTERM, in parallel), then anything of theirs still running, and removes the run directory. */
export async function downCluster(state, { keep = false } = {}) {
  await downPostfix(state.postfix);
  // A start that failed half-way may not have recorded every PID yet.
  for (const n of state.nodes) if (!n.pid && fs.existsSync(pidFile(n))) n.pid = await masterPid(n).catch(() => 0);
  const stops = state.nodes
    .filter((n) => n.pid && alive(n.pid))
    .map(async (n) => {
      const children = descendants(n.pid);
      try {
        process.kill(n.pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      const deadline = Date.now() + 10_000;
      while (alive(n.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      for (const pid of [n.pid, ...children]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // exited between the check and the kill
        }
      }
    });
  await Promise.all(stops);
  if (!keep) fs.rmSync(state.runDir, { recursive: true, force: true });
}

/**
 * The node agent's flags for one node (--role, --name, --token and --admin-port are the caller's):
 * the agent listens on the node's own address, beside its Dovecot.
 */
export function postfixAgentArgs(state) {
  const pf = state.postfix;
  return ['--driver=postfix', `--host=${pf.ip}`, `--smtp-port=${pf.port}`, `--postfix-config-dir=${pf.configDir}`];
}

export function agentArgs(state, node) {
  const director = state.nodes.find((n) => n.role === 'director');
  return [
    '--driver=dovecot',
    `--host=${node.ip}`,
    `--doveadm-url=${node.doveadmUrl}`,
    `--doveadm-key=${state.apiKey}`,
    `--imap-port=${state.imapPort}`,
    `--pop-port=${state.popPort}`,
    ...(node.role === 'director'
      ? [`--dovecot-readiness-conf=${node.readinessConf}`]
      : [
          `--director-doveadm-url=${director.doveadmUrl}`,
          `--dovecot-users-dir=${node.usersDir}`,
          `--dovecot-mail-root=${state.mailRoot}`,
          `--dovecot-conf=${node.config}`,
          `--dovecot-cluster-conf=${node.clusterConf}`,
        ]),
  ];
}

/** Test accounts (not provisioned: push them with testAccountsSnapshot): user001..userNNN@example.com, password pw-<n>. */
export function testUsers(count = 300) {
  return Array.from({ length: count }, (_, i) => ({
    user: `user${String(i + 1).padStart(3, '0')}@example.com`,
    password: `pw-${i + 1}`,
  }));
}

/**
 * A configuration snapshot holding `users` (from testUsers) in example.com, as the console would push
 * it. {PLAIN} hashes keep tests fast; the console itself sends {BLF-CRYPT}.
 */
export function testAccountsSnapshot(revision, users = testUsers(), settings = {}) {
  return {
    revision,
    defaults: { domain: {}, account: {}, prefs: {} },
    domains: [{ name: 'example.com', settings: {} }],
    accounts: users.map((u) => ({
      address: u.user,
      id: u.user.split('@')[0],
      settings,
      enabled: true,
      passwordHash: `{PLAIN}${u.password}`,
    })),
    accountsReset: true,
    alerts: [],
  };
}

/** Pushes testAccountsSnapshot to node agents (PUT /v1/config), as the console would. */
export async function provisionTestUsers(agents, { revision = 1, users = testUsers() } = {}) {
  const body = JSON.stringify(testAccountsSnapshot(revision, users));
  for (const a of agents) {
    const res = await fetch(`${a.adminUrl}/v1/config`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      body,
      // A backend may be busy with the console's own first push (the whole account set) meanwhile.
      signal: AbortSignal.timeout(60_000),
    });
    if (!res.ok) throw new Error(`provisioning test users on ${a.adminUrl}: HTTP ${res.status} ${await res.text()}`);
  }
}

/**
 * `count` of `candidates` the director has not assigned yet and would send to the backend at `ip`
 * now (its hash), skipping `exclude`: so a test knows where a new login lands.
 */
export async function usersHashedTo(state, ip, count, exclude = new Set(), candidates = testUsers()) {
  const director = state.nodes.find((n) => n.role === 'director');
  const found = [];
  for (const u of candidates) {
    if (found.length === count) break;
    if (exclude.has(u.user)) continue;
    const [where] = await doveadm(director.doveadmUrl, state.apiKey, 'directorStatus', { user: u.user });
    if (where.status === 'n/a' && where.hashed === ip) found.push(u);
  }
  if (found.length < count) throw new Error(`only ${found.length} unassigned users hash to ${ip}`);
  return found;
}

/** One line per node: whether its master runs and what its doveadm API says. */
export async function clusterStatus(state) {
  const lines = [];
  for (const n of state.nodes) {
    let what;
    try {
      if (n.role === 'director') {
        const hosts = await doveadm(n.doveadmUrl, state.apiKey, 'directorStatus');
        const proxied = await doveadm(n.doveadmUrl, state.apiKey, 'proxyList');
        what = `${hosts.map((h) => `${h['mail server ip']} vhosts=${h.vhosts} ${h.state} users=${h.users}`).join('; ')}; proxied sessions=${proxied.filter((p) => p.username !== 'username').length}`;
      } else {
        what = `sessions=${(await doveadm(n.doveadmUrl, state.apiKey, 'who', { separateConnections: true })).length}`;
      }
    } catch (e) {
      what = `doveadm: ${e.message}`;
    }
    lines.push(
      `${n.name.padEnd(3)} ${n.role.padEnd(8)} ${n.ip} pid ${n.pid} ${alive(n.pid) ? 'running' : 'stopped'} doveadm ${n.doveadmUrl} ${what}`,
    );
  }
  return lines;
}
