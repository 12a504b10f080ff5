// The node agent as a mail server gets it: a fresh `npm run build:agent-deb`, installed with dpkg,
// started from its installed path as its own user with a configuration file, registered with the
// console over pinned TLS and polled; then stopped by its PID and purged, leaving the machine as it was.
// No systemd here, so the agent runs as a child process, the way its unit's ExecStart would start it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { afterAll, describe, expect, it } from 'vitest';

import { callerAs, collectOnce, createTestDeps } from '../test/db';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PACKAGE = 'cluster-console-agent';
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'apps/node-agent/package.json'), 'utf8')) as {
    version: string;
  }
).version;

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });
const has = (cmd: string) => run('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Why this machine cannot run the test, or null. */
function skipReason(): string | null {
  if (process.platform !== 'linux' || !fs.existsSync('/etc/debian_version')) return 'not Debian';
  if (process.getuid?.() !== 0) return 'dpkg -i needs root';
  for (const cmd of ['dpkg-deb', 'dpkg', 'runuser', 'adduser']) if (!has(cmd)) return `no ${cmd}`;
  // An agent someone installed on purpose is not ours to remove.
  const status = run('dpkg-query', ['-W', '-f=${Status}', PACKAGE]).stdout;
  if (status.includes('installed')) return `${PACKAGE} is already installed here (left alone)`;
  return null;
}
const skip = skipReason();

function ok(cmd: string, args: string[]): string {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** dpkg, waiting out another package manager (a parallel test file may be installing Dovecot with apt-get). */
async function dpkg(args: string[]): Promise<void> {
  for (let waited = 0; ; waited += 250) {
    const r = run('dpkg', args);
    if (r.status === 0) return;
    if (!/lock/i.test(r.stderr) || waited > 45_000) throw new Error(`dpkg ${args.join(' ')}: ${r.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let deps: Awaited<ReturnType<typeof createTestDeps>> | undefined;
let child: ChildProcess | undefined;
let agentPid: number | undefined;
let installed = false;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-agent-deb-'));

afterAll(async () => {
  if (agentPid !== undefined) {
    try {
      process.kill(agentPid, 'SIGKILL');
    } catch {
      // already stopped
    }
  }
  child?.kill('SIGKILL');
  if (installed) await dpkg(['--purge', PACKAGE]).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  await deps?.dispose();
});

/** Starts the installed agent as cc-agent; resolves with its listening line. */
function startInstalled(config: string): Promise<{ adminUrl: string; fingerprint256: string; pid: number }> {
  const runuser = ok('sh', ['-c', 'command -v runuser']).trim();
  child = spawn(runuser, ['-u', 'cc-agent', '--', '/usr/bin/cc-node-agent', '--config', config], {
    // The node running this test, in case `node` on the PATH is another one.
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', CC_AGENT_NODE: process.execPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child!.once('error', reject);
    child!.once('exit', (code) => reject(new Error(`the installed agent exited early (${code}): ${stderr}`)));
    readline.createInterface({ input: child!.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { event?: string; adminUrl: string; fingerprint256: string; pid: number };
      if (msg.event === 'listening') resolve(msg);
    });
  });
}

describe.skipIf(skip !== null)(`the Debian package${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('installs, runs from its installed path with a configuration file, registers, is polled, and purges', async () => {
    const depsReady = createTestDeps();
    ok(process.execPath, [path.join(ROOT, 'apps/node-agent/scripts/build.mjs'), '--deb']);
    const deb = path.join(ROOT, 'dist', `${PACKAGE}_${VERSION}_all.deb`);
    expect(ok('dpkg-deb', ['-f', deb, 'Architecture'])).toBe('all\n');

    await dpkg(['-i', deb]);
    installed = true;
    for (const file of [
      '/usr/bin/cc-node-agent',
      '/usr/lib/cluster-console-agent/cc-node-agent.mjs',
      '/lib/systemd/system/cluster-console-agent.service',
      '/etc/cluster-console-agent/agent.json.example',
    ]) {
      expect(fs.existsSync(file), file).toBe(true);
    }
    const uid = Number(ok('id', ['-u', 'cc-agent']));

    // The test configuration: the example's keys, with a token file only the agent's user can read.
    const token = 'pkg-test-token-0123456789abcdef';
    const config = {
      ...(JSON.parse(fs.readFileSync('/etc/cluster-console-agent/agent.json.example', 'utf8')) as object),
      name: 'pkg-b1',
      host: '127.0.0.1',
      admin_port: 0,
      token_file: path.join(dir, 'token'),
      data_dir: path.join(dir, 'data'),
    };
    fs.writeFileSync(path.join(dir, 'token'), `${token}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'agent.json'), JSON.stringify(config));
    for (const f of [dir, path.join(dir, 'token'), path.join(dir, 'agent.json')]) fs.chownSync(f, uid, uid);

    const listening = await startInstalled(path.join(dir, 'agent.json'));
    agentPid = listening.pid;
    // The supervisor runs as the package's user, from the installed bundle.
    const status = fs.readFileSync(`/proc/${agentPid}/status`, 'utf8');
    expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s`, 'm'));
    expect(fs.readFileSync(`/proc/${agentPid}/cmdline`, 'utf8')).toContain(
      '/usr/lib/cluster-console-agent/cc-node-agent.mjs',
    );

    deps = await depsReady;
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const node = await admin.nodes.register({
      name: 'pkg-b1',
      role: 'BACKEND',
      adminUrl: listening.adminUrl,
      token,
      tlsFingerprint: listening.fingerprint256,
    });
    await collectOnce(deps);
    expect(await admin.nodes.get({ id: node.id })).toMatchObject({ state: 'ready', lastError: null });

    // Stopped by its PID, as systemd would; then nothing of the package is left.
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    process.kill(agentPid, 'SIGTERM');
    await exited;
    agentPid = undefined;
    await dpkg(['--purge', PACKAGE]);
    installed = false;
    expect(fs.existsSync('/usr/bin/cc-node-agent')).toBe(false);
    expect(fs.existsSync('/etc/cluster-console-agent')).toBe(false);
    expect(run('id', ['cc-agent']).status).not.toBe(0);
  }, 90_000);
});
