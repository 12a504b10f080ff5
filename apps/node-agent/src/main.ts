// CLI entry point: a small supervisor that runs the agent in a worker process
// (worker.ts, same arguments) and starts it again when it exits to restart into
// another version (POST /v1/upgrade), or when it crashes (with backoff, on the
// same ports, counted in /v1/status). Launchers see one stable PID: it prints
// the listening line once, and SIGINT/SIGTERM to it stop the worker and then
// itself. If the supervisor is killed outright, the worker notices and exits.
import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CRASH_BACKOFF,
  crashRestartDelayMs,
  HANDOFF_ENV,
  isWorkerMessage,
  RESTART_EXIT_CODE,
  SUPERVISOR_ENV,
  type RestartHandoff,
  type SupervisorState,
  type WorkerMessage,
} from './restart-protocol';
import { logEvent, setLogNode } from './log';
import { agentEnv } from './env';

// The launcher that read our output may be gone (its pipes closed): a log line must not kill the node.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const self = fileURLToPath(import.meta.url);
// worker.ts under tsx, worker.js if ever compiled.
const WORKER = fileURLToPath(new URL(`./worker${extname(self)}`, import.meta.url));
const STOP_GRACE_MS = 8000;

const logLine = logEvent;

let worker: ChildProcess | undefined;
let name: string | undefined;
let listening = false;
let stopping = false;
let restartTimer: NodeJS.Timeout | undefined;
/** Crash restarts so far, reported by every later worker in its status. */
const crashes: SupervisorState = { restarts: 0, lastRestartAt: null, lastExitCode: null, lastExitSignal: null };
/** Crashes in a row without a worker that stayed up CRASH_BACKOFF.resetAfterMs. */
let quickCrashes = 0;
/** The ports the running worker took, to take again after a crash. */
let ports: Pick<SupervisorState, 'adminPort' | 'clientPorts'> = {};

function startWorker(handoff?: RestartHandoff, afterCrash = false): void {
  const env = { ...agentEnv() };
  delete env[HANDOFF_ENV];
  delete env[SUPERVISOR_ENV];
  if (handoff) env[HANDOFF_ENV] = JSON.stringify(handoff);
  if (crashes.restarts > 0) env[SUPERVISOR_ENV] = JSON.stringify({ ...crashes, ...(afterCrash && ports) });
  const startedAt = Date.now();
  // Same arguments and node flags (the tsx loader); stdout for --help, stderr for the logs.
  const child = fork(WORKER, process.argv.slice(2), { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  worker = child;
  let next: RestartHandoff | undefined;
  if (handoff) logLine({ event: 'worker-restarting', name, pid: child.pid });

  child.on('message', (message) => {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'restart') next = message.handoff;
    else rememberPorts(message);
    if (message.type === 'listening' && !listening) {
      listening = true;
      name = message.name;
      setLogNode(name);
      const { role, adminUrl, fingerprint256 } = message;
      const line = {
        event: 'listening',
        name,
        role,
        adminUrl,
        ...(fingerprint256 && { fingerprint256 }),
        pid: process.pid,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  });
  child.on('error', (err) => {
    logLine({ event: 'error', name, message: `agent worker: ${err.message}` });
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    worker = undefined;
    if (stopping) process.exit(code === 0 || code === RESTART_EXIT_CODE ? 0 : 1);
    if (code === RESTART_EXIT_CODE && next) return startWorker(next);
    // Never got going (2: bad flags), or stopped on its own (0): nothing to restart.
    if (!listening || code === 0) process.exit(code ?? 1);
    // Crashed: the node comes back on its own, quickly at first, then backing off.
    quickCrashes = Date.now() - startedAt >= CRASH_BACKOFF.resetAfterMs ? 1 : quickCrashes + 1;
    const delayMs = crashRestartDelayMs(quickCrashes);
    logLine({ event: 'worker-exited', name, pid: child.pid, code, signal, restartInMs: delayMs });
    restartTimer = setTimeout(() => {
      crashes.restarts += 1;
      crashes.lastRestartAt = new Date().toISOString();
      crashes.lastExitCode = code;
      crashes.lastExitSignal = signal;
      startWorker(undefined, true);
    }, delayMs);
  });
}

function rememberPorts(message: Extract<WorkerMessage, { type: 'listening' }>): void {
  const adminPort = Number(new URL(message.adminUrl).port);
  ports = { adminPort, ...(message.clientPorts && { clientPorts: message.clientPorts }) };
}

const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  clearTimeout(restartTimer);
  if (!worker) process.exit(0);
  worker.kill('SIGTERM');
  // The worker gives itself 5 s; never outlive it by much.
  setTimeout(() => {
    logLine({ event: 'error', name, message: `agent worker did not stop within ${STOP_GRACE_MS} ms of ${signal}` });
    worker?.kill('SIGKILL');
    process.exit(1);
  }, STOP_GRACE_MS).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

startWorker();
