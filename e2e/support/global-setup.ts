import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {
  planCluster,
  seedDemo,
  spawnConsole,
  startAgents,
  stopProcess,
  waitForHealth,
  writeDemoDomains,
} from '../../scripts/lib/cluster.mjs';

import { createFreshDatabase } from './database';
import { writeState, type E2EState } from './state';

const PASSWORD = 'e2e-password-0123456789';

/** A real demo cluster for the specs: 5 agent processes and the built console on a fresh database. */
export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-'));
  const started: number[] = [];
  try {
    await assertPortFree(port);
    await startCluster(port, dataDir, started);
  } catch (e) {
    // Leave nothing running: teardown only knows what a completed setup wrote down.
    await Promise.all(started.map((pid) => stopProcess(pid)));
    const log = path.join(dataDir, 'console.log');
    if (fs.existsSync(log)) console.error(`console log (${log}):\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
    throw e;
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', () => reject(new Error(`E2E_PORT ${port} is in use; set E2E_PORT to a free port`)));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

async function startCluster(port: number, dataDir: string, started: number[]) {
  const plan = await planCluster({ frontends: 2, backends: 3, dataDir, meanSessionMs: 4000 });
  const agentLog = fs.createWriteStream(path.join(dataDir, 'agents.log'));
  const { agents, demoFile } = await startAgents(plan, { dataDir, log: (line: string) => agentLog.write(`${line}\n`) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  started.push(...agents.map((a: any) => a.pid as number));
  const users: E2EState['users'] = {
    admin: { email: 'admin@e2e.test', password: PASSWORD },
    operator: { email: 'operator@e2e.test', password: PASSWORD },
    auditor: { email: 'auditor@e2e.test', password: PASSWORD },
    domainAdmin: { email: 'domain-admin@e2e.test', password: PASSWORD },
  };
  const usersFile = path.join(dataDir, 'demo-users.json');
  fs.writeFileSync(
    usersFile,
    JSON.stringify([
      { ...users.operator, name: 'Olga Operator', role: 'CLUSTER_OPERATOR' },
      { ...users.auditor, name: 'Aldo Auditor', role: 'AUDITOR' },
      { ...users.domainAdmin, name: 'Dora Domainadmin', role: 'DOMAIN_ADMIN', domains: ['example.com'] },
    ]),
  );
  const database = await createFreshDatabase();
  const logFile = fs.createWriteStream(path.join(dataDir, 'console.log'));
  const consoleEnv: Record<string, string> = {
    CC_DATA_DIR: dataDir,
    CC_ADMIN_EMAIL: users.admin.email,
    CC_ADMIN_PASSWORD: users.admin.password,
    CC_SIGNIN_PER_MINUTE: '1000',
    // A killed console's claim on a running upgrade lapses quickly (upgrades.spec kills it mid-run).
    CC_UPGRADE_LEASE_MS: '5000',
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  // The demo data goes in first (the administrator, then the nodes, domains and one user per role).
  await seedDemo({
    env: consoleEnv,
    nodes: demoFile,
    users: usersFile,
    domains: writeDemoDomains(dataDir),
    log: (line: string) => logFile.write(`${line}\n`),
  });
  const consoleProc = spawnConsole({ port, env: consoleEnv, log: (line: string) => logFile.write(`${line}\n`) });
  started.push(consoleProc.pid!);
  await waitForHealth(`http://127.0.0.1:${port}`, { child: consoleProc });
  writeState({
    baseURL: `http://127.0.0.1:${port}`,
    dataDir,
    databaseUrl: database?.url ?? null,
    consolePid: consoleProc.pid!,
    consoleEnv,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    agents: agents.map((a: any) => ({
      name: a.name,
      role: a.role,
      adminUrl: a.adminUrl,
      token: a.token,
      fingerprint256: a.fingerprint256,
      clusterSecret: a.clusterSecret,
      args: a.args,
      pid: a.pid,
    })),
    users,
  });
  // The runner would otherwise wait on the children's pipes; they are stopped by PID in teardown.
  consoleProc.unref();
  for (const a of agents) a.child.unref();
}
