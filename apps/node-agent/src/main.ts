// CLI entry point: a small supervisor that runs the agent in a worker process
// (worker.ts, same arguments) and starts it again when it exits to restart into
// another version (POST /v1/upgrade). Launchers see one stable PID: it prints
// the listening line once, and SIGINT/SIGTERM to it stop the worker and then
// itself. If the supervisor is killed outright, the worker notices and exits.
import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HANDOFF_ENV, isWorkerMessage, RESTART_EXIT_CODE, type RestartHandoff } from './restart-protocol';

// The launcher that read our output may be gone (its pipes closed): a log line must not kill the node.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const self = fileURLToPath(import.meta.url);
// worker.ts under tsx, worker.js if ever compiled.
const WORKER = fileURLToPath(new URL(`./worker${extname(self)}`, import.meta.url));
const STOP_GRACE_MS = 8000;

const logLine = (event: Record<string, unknown>) =>
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);

let worker: ChildProcess | undefined;
let name: string | undefined;
let listening = false;
let stopping = false;

function startWorker(handoff?: RestartHandoff): void {
  const env = { ...process.env };
  delete env[HANDOFF_ENV];
  if (handoff) env[HANDOFF_ENV] = JSON.stringify(handoff);
  // Same arguments and node flags (the tsx loader); stdout for --help, stderr for the logs.
  const child = fork(WORKER, process.argv.slice(2), { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  worker = child;
  let next: RestartHandoff | undefined;
  if (handoff) logLine({ event: 'worker-restarting', name, pid: child.pid });

  child.on('message', (message) => {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'restart') next = message.handoff;
    else if (!listening) {
      listening = true;
      name = message.name;
      const line = { event: 'listening', name, role: message.role, adminUrl: message.adminUrl, pid: process.pid };
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
    // Crashed, or never got going (2: bad flags): the node is down, as a single process would be.
    if (listening) logLine({ event: 'worker-exited', name, pid: child.pid, code, signal });
    process.exit(code ?? 1);
  });
}

const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
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
