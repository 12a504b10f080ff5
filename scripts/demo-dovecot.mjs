#!/usr/bin/env node
// `npm run demo:dovecot` (as root): a real mail cluster run by the console. Installs Dovecot and
// Postfix from the Debian packages when missing, starts a Dovecot 2.3 director and two backends on
// shared storage and a Postfix SMTP frontend (scripts/lib/dovecot.mjs), a node agent beside each
// (driver dovecot / postfix), and the console on the embedded database with those four nodes
// registered and one demo domain. Every mail user comes from the console. Ctrl-C stops everything.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {
  buildConsole,
  freePort,
  plannedPort,
  ROOT,
  seedDemo,
  spawnAgent,
  spawnConsole,
  stopProcess,
  waitForHealth,
} from './lib/cluster.mjs';
import { agentArgs, downCluster, installDovecot, postfixAgentArgs, upCluster } from './lib/dovecot.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
const dataDir = path.resolve(process.env.CC_DATA_DIR ?? path.join(ROOT, '.data', 'dovecot-demo'));
const say = (msg) => console.log(`[demo:dovecot] ${msg}`);
const DEMO_DOMAIN = 'demo.test';
const DEMO_ACCOUNTS = 5;

if (process.getuid?.() !== 0) {
  console.error('[demo:dovecot] run as root: it installs Debian packages and starts Postfix (its master needs root).');
  process.exit(1);
}

const stateFile = path.join(dataDir, 'dovecot-cluster.json');
const children = [];
let cluster;
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(children.map((c) => stopProcess(c.pid)));
  if (cluster) await downCluster(cluster).catch((e) => console.error(`[demo:dovecot] ${e.message}`));
  fs.rmSync(stateFile, { force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** The demo domain's accounts share one password, chosen at the first start and kept (mode 0600). */
function demoDomains() {
  const file = path.join(dataDir, 'demo-domains.json');
  if (!fs.existsSync(file)) {
    const spec = {
      password: `demo-${randomBytes(6).toString('base64url')}`,
      domains: [{ name: DEMO_DOMAIN, accounts: DEMO_ACCOUNTS, settings: { mailboxQuotaMB: 50 } }],
    };
    fs.writeFileSync(file, JSON.stringify(spec), { mode: 0o600 });
  }
  return { file, password: JSON.parse(fs.readFileSync(file, 'utf8')).password };
}

try {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  say('installing Dovecot and Postfix when missing…');
  const problem = installDovecot({ log: (l) => say(l), postfix: true });
  if (problem) throw new Error(problem);

  say('building the console (cached when nothing changed)…');
  if (buildConsole() !== 0) throw new Error('the console build failed');

  // A cluster left by a run that was killed: stop it first.
  if (fs.existsSync(stateFile)) {
    await downCluster(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).catch(() => {});
    fs.rmSync(stateFile, { force: true });
  }
  cluster = await upCluster({ postfix: true, stateFile });
  say(`Dovecot director + 2 backends and Postfix are up (run directory ${cluster.runDir})`);

  const planned = [
    ...cluster.nodes.map((n) => ({
      name: `dovecot-${n.name}`,
      role: n.role === 'director' ? 'frontend' : 'backend',
      host: n.ip,
      args: agentArgs(cluster, n),
    })),
    { name: 'postfix', role: 'frontend', host: cluster.postfix.ip, args: postfixAgentArgs(cluster) },
  ];
  const taken = new Set();
  const nodes = [];
  for (const p of planned) {
    const port = await plannedPort(taken);
    const token = randomBytes(24).toString('base64url');
    const node = {
      name: p.name,
      token,
      args: [
        `--role=${p.role}`,
        `--name=${p.name}`,
        `--admin-port=${port}`,
        `--data-dir=${path.join(dataDir, 'agents', p.name)}`,
        ...p.args,
      ],
    };
    const started = await spawnAgent(node, { log: (l) => console.error(l) });
    children.push(started.child);
    // HTTPS with the agent's own certificate when it printed one (the console pins that fingerprint).
    const fingerprint = started.fingerprint256;
    nodes.push({
      name: p.name,
      role: p.role.toUpperCase(),
      adminUrl: `${fingerprint ? 'https' : 'http'}://${p.host}:${port}`,
      token,
      ...(fingerprint ? { tlsFingerprint: fingerprint } : { allowPlainHttp: true }),
    });
  }
  const demoNodes = path.join(dataDir, 'demo-nodes.json');
  fs.writeFileSync(demoNodes, JSON.stringify(nodes), { mode: 0o600 });
  say(`started ${nodes.length} node agents: ${nodes.map((n) => `${n.name} (${n.adminUrl})`).join(', ')}`);

  const domains = demoDomains();
  const port = Number(process.env.PORT ?? 0) || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = { CC_DATA_DIR: dataDir };
  await seedDemo({ env, nodes: demoNodes, domains: domains.file, log: (l) => console.log(l) });
  const consoleProc = spawnConsole({ port, env, log: (l) => console.log(l) });
  children.push(consoleProc);
  consoleProc.on(
    'exit',
    (code) => !stopping && (console.error(`[demo:dovecot] console exited (${code})`), void stopAll(1)),
  );
  await waitForHealth(url, { child: consoleProc });

  const dir = cluster.nodes.find((n) => n.role === 'director');
  const pf = cluster.postfix;
  const credsFile = path.join(dataDir, 'initial-admin.json');
  console.log('');
  say(`Cluster Console is running at ${url}`);
  if (fs.existsSync(credsFile)) {
    const { email, password } = JSON.parse(fs.readFileSync(credsFile, 'utf8'));
    say(`sign in as ${email} / ${password}`);
  } else {
    say('sign in with the administrator account you configured (CC_ADMIN_EMAIL / CC_ADMIN_PASSWORD).');
  }
  say(
    `mail accounts user1..user${DEMO_ACCOUNTS}@${DEMO_DOMAIN}, password ${domains.password} (or create your own in the console)`,
  );
  say(`IMAP ${dir.ip}:${cluster.imapPort}  POP3 ${dir.ip}:${cluster.popPort}  (the director)`);
  say(`SMTP ${pf.ip}:${pf.port}  (Postfix; delivers over LMTP to the director)`);
  say('try it:');
  console.log(`  printf 'Subject: hello\\r\\n\\r\\nhi\\r\\n' > /tmp/msg.txt`);
  console.log(
    `  curl -s smtp://${pf.ip}:${pf.port} --mail-from someone@example.org --mail-rcpt user1@${DEMO_DOMAIN} -T /tmp/msg.txt`,
  );
  console.log(
    `  curl -s 'imap://${dir.ip}:${cluster.imapPort}/INBOX;UID=1' -u 'user1@${DEMO_DOMAIN}:${domains.password}'`,
  );
  say('press Ctrl-C to stop the console, the agents, Dovecot and Postfix.');
} catch (e) {
  console.error(`[demo:dovecot] ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
}
