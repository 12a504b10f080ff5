// CLI entry point: parse options, start one agent, print the listening line,
// close gracefully on SIGINT/SIGTERM. Logs go to stderr as JSON lines so
// stdout carries only the line launchers parse.
import { startAgent } from './agent';
import { parseCli, USAGE } from './cli';

const logLine = (event: Record<string, unknown>) =>
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);

let parsed: ReturnType<typeof parseCli>;
try {
  parsed = parseCli(process.argv.slice(2), process.env);
} catch (err) {
  process.stderr.write(`cc-node-agent: ${(err as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const { options } = parsed;
try {
  const agent = await startAgent({ ...options, log: logLine });
  const listening = {
    event: 'listening',
    name: agent.name,
    role: agent.role,
    adminUrl: agent.adminUrl,
    pid: process.pid,
  };
  process.stdout.write(`${JSON.stringify(listening)}\n`);

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
