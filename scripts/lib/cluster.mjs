// Starts local node agents and the console as child processes. Shared by `npm start`, the Playwright
// harness and the benchmark, so all three run the same real processes over real HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AGENT_MAIN = path.join(ROOT, 'apps/node-agent/src/main.ts');
const FLEET_MAIN = path.join(ROOT, 'apps/node-agent/src/fleet-main.ts');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

/** Builds the console through turbo (a cache hit when nothing changed); returns the exit status. */
export function buildConsole() {
  const turbo = path.join(ROOT, 'node_modules/turbo/bin/turbo');
  const r = spawnSync(process.execPath, [turbo, 'run', 'build', '--filter=@cc/console', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' },
  });
  return r.status ?? 1;
}

/** A port the OS says is free right now (bound and released on 127.0.0.1). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A free port in [24000, 32768): below the kernel's ephemeral range (32768+), so no socket bound to
 * port 0 meanwhile (another agent's client listener, an HTTP client) can take it before its owner
 * binds it. The e2e console uses 20000-23999.
 */
export async function plannedPort(taken = new Set()) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 24000 + Math.floor(Math.random() * 8768);
    if (taken.has(port)) continue;
    const free = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port found in 24000-32767');
}

/**
 * Plans a demo cluster: names, roles, ports and tokens chosen up front so every backend can be told
 * its peers before any of them starts.
 */
export async function planCluster({
  frontends = 2,
  backends = 3,
  dataDir,
  clusterSecret,
  meanSessionMs,
  tls = true,
} = {}) {
  const secret = clusterSecret ?? randomBytes(24).toString('base64url');
  const nodes = [];
  for (let i = 1; i <= backends; i++) nodes.push({ name: `backend-${i}`, role: 'backend' });
  for (let i = 1; i <= frontends; i++) nodes.push({ name: `frontend-${i}`, role: 'frontend' });
  const taken = new Set();
  for (const n of nodes) {
    n.port = await plannedPort(taken);
    n.clientPorts = n.role === 'frontend' ? { imap: 0, pop: 0, smtp: 0, http: 0 } : null;
    for (const protocol of Object.keys(n.clientPorts ?? {})) n.clientPorts[protocol] = await plannedPort(taken);
    // HTTPS with each agent's own certificate (its fingerprint comes in the listening line); plain HTTP
    // only when asked (tls: false), and then registered as the explicit choice it is.
    n.adminUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${n.port}`;
    n.tls = tls;
    n.token = randomBytes(24).toString('base64url');
    n.clusterSecret = secret;
    n.dataDir = path.join(dataDir, 'agents', n.name);
  }
  const backendUrls = nodes.filter((n) => n.role === 'backend').map((n) => n.adminUrl);
  for (const n of nodes) {
    // The token and cluster secret go in the environment (spawnAgent), never on a command line `ps` shows.
    n.args = [
      `--role=${n.role}`,
      `--name=${n.name}`,
      `--admin-port=${n.port}`,
      '--host=127.0.0.1',
      `--data-dir=${n.dataDir}`,
      ...(tls ? [] : ['--plain-http']),
      `--peers=${backendUrls.filter((u) => u !== n.adminUrl).join(',')}`,
      // Shorter sessions make a drain finish in seconds instead of minutes (demos, tests).
      ...(meanSessionMs ? [`--mean-session-ms=${meanSessionMs}`] : []),
      ...Object.entries(n.clientPorts ?? {}).map(([protocol, port]) => `--${protocol}-port=${port}`),
    ];
  }
  return nodes;
}

/** Agent flags whose values are secrets: any user of the host can read a command line (`ps`). */
const SECRET_FLAGS = {
  token: 'CC_AGENT_TOKEN',
  'cluster-secret': 'CC_AGENT_CLUSTER_SECRET',
  'doveadm-key': 'CC_AGENT_DOVEADM_KEY',
  'director-doveadm-key': 'CC_AGENT_DIRECTOR_DOVEADM_KEY',
};

/**
 * The agent's command line and environment: the node's token and cluster secret, and any secret a
 * caller put in `args` as `--flag=value`, move into the environment (readable only by the same user).
 */
export function agentCommand(node) {
  const env = {};
  if (node.token) env.CC_AGENT_TOKEN = node.token;
  if (node.clusterSecret) env.CC_AGENT_CLUSTER_SECRET = node.clusterSecret;
  const args = [];
  for (const arg of node.args) {
    const m = /^--([a-z-]+)=([\s\S]*)$/.exec(arg);
    const variable = m && Object.hasOwn(SECRET_FLAGS, m[1]) ? SECRET_FLAGS[m[1]] : undefined;
    if (variable) env[variable] = m[2];
    else if (Object.hasOwn(SECRET_FLAGS, arg.slice(2))) throw new Error(`${arg} needs its value as ${arg}=VALUE`);
    else args.push(arg);
  }
  return { args: ['--import', 'tsx', AGENT_MAIN, ...args], env };
}

/** Spawns one agent and resolves once it prints its listening line. */
export function spawnAgent(node, { log = () => {}, detached = false } = {}) {
  const command = agentCommand(node);
  // One process (no tsx wrapper) so the PID we kill is the node itself.
  const child = spawn(process.execPath, command.args, {
    cwd: ROOT,
    env: { ...process.env, ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  child.stderr.on('data', (d) => log(`[${node.name}] ${String(d).trimEnd()}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${node.name} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${node.name} exited with code ${code} before listening`));
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.event === 'listening') {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve({ ...node, pid: child.pid, child, fingerprint256: msg.fingerprint256 ?? null });
        }
      } catch {
        log(`[${node.name}] ${line}`);
      }
    });
  });
}

/**
 * GET an agent's admin API path with its token, for scripts and specs that read a node directly. Over
 * https:// the request is written only once the socket shows the certificate the agent printed
 * (`fingerprint256` from its listening line). Resolves { status, json }.
 */
export function agentGet(agent, urlPath, { timeoutMs = 5000 } = {}) {
  const url = new URL(urlPath, agent.adminUrl);
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      { headers: { authorization: `Bearer ${agent.token}` }, agent: false, rejectUnauthorized: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode, json });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (!secure) return req.end();
    req.on('socket', (socket) =>
      socket.once('secureConnect', () => {
        const presented = socket.getPeerCertificate().fingerprint256;
        if (presented === agent.fingerprint256) req.end();
        else
          req.destroy(new Error(`certificate changed: expected fingerprint ${agent.fingerprint256}, got ${presented}`));
      }),
    );
  });
}

/** Starts every planned agent; writes the console's demo-node registration file. */
export async function startAgents(plan, { dataDir, log } = {}) {
  const results = await Promise.allSettled(plan.map((n) => spawnAgent(n, { log })));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    // Leave nothing behind: stop the agents that did start before reporting the failure.
    await Promise.all(results.map((r) => r.status === 'fulfilled' && stopProcess(r.value.pid)));
    throw failed.reason;
  }
  const started = results.map((r) => r.value);
  const demoFile = path.join(dataDir, 'demo-nodes.json');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    demoFile,
    JSON.stringify(
      started.map((n) => ({
        name: n.name,
        role: n.role.toUpperCase(),
        adminUrl: n.adminUrl,
        token: n.token,
        // The fingerprint the agent printed: the demo pins what its own launcher saw.
        ...(n.fingerprint256 ? { tlsFingerprint: n.fingerprint256 } : { allowPlainHttp: true }),
      })),
    ),
    { mode: 0o600 },
  );
  return { agents: started, demoFile };
}

/**
 * Writes the demo's nodes, users and domains into the console's database (scripts/demo-seed.mjs) with
 * the console's environment, before the console starts: the production runtime seeds nothing.
 */
export function seedDemo({ env = {}, nodes, users, domains, log = () => {} }) {
  const args = [path.join(ROOT, 'scripts/demo-seed.mjs')];
  if (nodes) args.push(`--nodes=${nodes}`);
  if (users) args.push(`--users=${users}`);
  if (domains) args.push(`--domains=${domains}`);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log(String(d).trimEnd()));
  child.stderr.on('data', (d) => log(String(d).trimEnd()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`demo seed exited with code ${code}`))));
  });
}

/**
 * Starts `count` simulated nodes in one process (apps/node-agent/src/fleet.ts) and resolves once all
 * listen, with the process and its nodes in the format seedDemo's `nodes` file takes (tokens included).
 */
export function startFleet({ count, dataDir, args = [], log = () => {}, timeoutMs = 180_000 }) {
  const nodesFile = path.join(dataDir, 'nodes.json');
  const child = spawn(
    process.execPath,
    [
      ...profileArgs('fleet'),
      '--import',
      'tsx',
      FLEET_MAIN,
      `--nodes=${count}`,
      `--data-dir=${dataDir}`,
      `--nodes-file=${nodesFile}`,
      ...args,
    ],
    // Each simulated node writes its applied configuration with fsync, as a real node does on its own
    // disk and thread pool: with Node's 4 threads a thousand of them queued behind one another.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, UV_THREADPOOL_SIZE: '32' } },
  );
  child.stderr.on('data', (d) => log(`[fleet] ${String(d).trimEnd()}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fleet of ${count} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet exited with code ${code} before listening`));
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        return log(`[fleet] ${line}`);
      }
      if (msg.event !== 'listening') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ pid: child.pid, child, nodesFile, nodes: JSON.parse(fs.readFileSync(nodesFile, 'utf8')) });
    });
  });
}

/**
 * The console's heap limit (MiB). Its live heap stays near 100 MB even polling 1,000 nodes, but with
 * Node's default limit (a share of the machine's memory) V8 lets garbage pile up to 400-500 MB of
 * resident memory before it collects; capped, it collects sooner and stays near 320 MB (bench/RESULTS.md).
 */
export const CONSOLE_HEAP_MB = 256;

/**
 * What the console process runs with, here and in `npm run serve`. glibc gives each thread that
 * allocates its own arena (up to 64 MB); with Node's worker threads (GC, thread pool) the console held
 * about 130 MB outside the V8 heap at 1,000 nodes. Two arenas: RSS max 438 -> 394 MB, median 401 -> 377,
 * same throughput (bench/RESULTS.md, resources).
 */
export const CONSOLE_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' };

/**
 * BENCH_PROFILE=dir: the console and the fleet write V8 CPU profiles to dir/console and dir/fleet when they exit (open them
 * in Chrome DevTools, or summarise with scripts/profile-top.mjs). Node refuses --cpu-prof in NODE_OPTIONS.
 */
function profileArgs(what) {
  const dir = process.env.BENCH_PROFILE;
  // A directory each: Node names the files by time, pid and thread (tsx's loader thread writes one too).
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, what)}`] : [];
}

/** `next start` of the built console on 127.0.0.1:port with the given environment. */
export function spawnConsole({ port, env = {}, log = () => {} }) {
  const nodeOptions = [process.env.NODE_OPTIONS, env.NODE_OPTIONS, `--max-old-space-size=${CONSOLE_HEAP_MB}`];
  const child = spawn(
    process.execPath,
    [...profileArgs('console'), NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: path.join(ROOT, 'apps/console'),
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        CC_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ...CONSOLE_PROCESS_ENV,
        ...env,
        NODE_OPTIONS: nodeOptions.filter(Boolean).join(' '),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (d) => log(String(d).trimEnd()));
  child.stderr.on('data', (d) => log(String(d).trimEnd()));
  return child;
}

export async function waitForHealth(url, { timeoutMs = 90_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`console exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`console at ${url} not healthy within ${timeoutMs} ms`);
}

/** Stops a process we started, by PID, politely then firmly. */
export async function stopProcess(pid, { graceMs = 5000 } = {}) {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/**
 * The demo's shared domains: example.com holds user1..user1000, the accounts the simulated workload
 * opens sessions for, so "where is this account open" shows real answers. Returns the spec file path.
 */
export function writeDemoDomains(dataDir) {
  const file = path.join(dataDir, 'demo-domains.json');
  const spec = {
    password: 'demo-mail-password',
    domains: [
      { name: 'example.com', accounts: 1000 },
      { name: 'example.net', accounts: 50, settings: { mailboxQuotaMB: 2048 } },
      { name: 'example.org', accounts: 10, prefix: 'staff' },
    ],
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}
