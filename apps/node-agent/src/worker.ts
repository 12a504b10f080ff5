// The agent process proper, started (and after an upgrade restarted) by the
// supervisor in main.ts with the same arguments. It parses the options, runs
// one agent, reports over the IPC channel and closes gracefully on SIGINT/SIGTERM.
// Logs go to stderr as JSON lines; stdout only carries --help.
import { startAgent, type AgentOptions } from './agent';
import { parseCli, USAGE } from './cli';
import { logEvent, setLogNode } from './log';
import { ConfigFileError } from './config-file';
import { readHandoff, readSupervisorState } from './restart';
import {
  HANDOFF_ENV,
  RESTART_EXIT_CODE,
  SUPERVISOR_ENV,
  type RestartHandoff,
  type SupervisorState,
  type WorkerMessage,
} from './restart-protocol';
import { agentEnv } from './env';

// The launcher that read our output may be gone (its pipes closed): a log line must not kill the node.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const logLine = logEvent;

const send = (message: WorkerMessage, then?: () => void) => {
  if (!process.send) return then?.();
  process.send(message, undefined, {}, () => then?.());
};

// A supervisor that dies without a goodbye (SIGKILL) must not leave us holding the node's ports:
// the IPC channel closes at once, and the parent PID changes as a fallback.
if (process.send) {
  const parent = process.ppid;
  process.on('disconnect', () => process.exit(1));
  setInterval(() => process.ppid !== parent && process.exit(1), 500).unref();
}

let parsed: ReturnType<typeof parseCli>;
let handoff: RestartHandoff | undefined;
let supervisor: SupervisorState | undefined;
try {
  parsed = parseCli(process.argv.slice(2), agentEnv(), (message) => logLine({ event: 'warning', message }));
  handoff = readHandoff(agentEnv()[HANDOFF_ENV]);
  supervisor = readSupervisorState(agentEnv()[SUPERVISOR_ENV]);
} catch (err) {
  // A bad configuration file is one line naming the file and key; bad flags also get the usage.
  const usage = err instanceof ConfigFileError ? '' : `\n${USAGE}\n`;
  process.stderr.write(`cc-node-agent: ${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
setLogNode(parsed.options.name);

// After a crash the supervisor hands back the ports the crashed worker had (0 may have picked them).
const { adminPort, clientPorts, ...crashes } = supervisor ?? {};
const options = {
  ...parsed.options,
  ...(adminPort !== undefined && { adminPort }),
  ...(clientPorts && { clientPorts: { ...parsed.options.clientPorts, ...clientPorts } }),
};
// Under a supervisor the status always says how often it had to restart us.
const supervisorStatus = process.send
  ? { restarts: 0, lastRestartAt: null, lastExitCode: null, lastExitSignal: null, ...crashes }
  : undefined;
// Only a supervisor can start us again, so only then is an upgrade possible.
const restart: AgentOptions['restart'] = process.send
  ? (next) => send({ type: 'restart', handoff: next }, () => process.exit(RESTART_EXIT_CODE))
  : undefined;
try {
  const agent = await startAgent({ ...options, log: logLine, restart, handoff, supervisor: supervisorStatus });
  // Only ports the driver opened itself (0 may have picked them); a real mail server keeps its own.
  const listeners = agent.driver.capabilities().includes('client-listeners')
    ? (await agent.driver.status()).listeners
    : [];
  const clientPorts = Object.fromEntries(listeners.map((l) => [l.protocol, l.port]));
  const { fingerprint256 } = agent;
  send({
    type: 'listening',
    name: agent.name,
    role: agent.role,
    adminUrl: agent.adminUrl,
    fingerprint256,
    clientPorts,
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logLine({ event: 'shutdown', name: agent.name, signal });
    // A hung close must not keep the process alive forever.
    setTimeout(() => process.exit(1), 5000).unref();
    agent.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logLine({ event: 'error', name: agent.name, message: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  logLine({ event: 'error', name: options.name, message: (err as Error).message });
  process.exit(1);
}
