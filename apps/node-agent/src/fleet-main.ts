// Fleet entry point: `tsx src/fleet-main.ts --nodes 1000` runs that many simulated nodes in this one
// process (fleet.ts), writes their registration file and prints one listening line. No supervisor:
// the PID printed is the process that holds every node; SIGINT/SIGTERM close them all.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { startFleet, type Fleet } from './fleet';
import { FLEET_USAGE, parseFleetCli, type FleetCliResult } from './fleet-cli';
import { logEvent } from './log';

// The launcher that read our output may be gone (its pipes closed): a log line must not kill the fleet.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const logLine = logEvent;

let cli: FleetCliResult;
try {
  cli = parseFleetCli(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`cc-node-fleet: ${(err as Error).message}\n\n${FLEET_USAGE}\n`);
  process.exit(2);
}
if (cli.help) {
  process.stdout.write(`${FLEET_USAGE}\n`);
  process.exit(0);
}

const { options, nodesFile, reportEveryMs, verbose } = cli;
// A thousand nodes each logging their start would drown what matters.
const QUIET = new Set(['started', 'stopped', 'config-applied', 'members-set', 'peer-up', 'readiness']);
const log = (event: Record<string, unknown>) => {
  if (verbose || !QUIET.has(String(event.event))) logLine(event);
};

let fleet: Fleet | undefined;
let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logLine({ event: 'shutdown', signal, nodes: fleet?.nodes.length ?? 0 });
  // A hung close must not keep the process alive forever.
  setTimeout(() => process.exit(1), 10_000).unref();
  (fleet?.close() ?? Promise.resolve()).then(
    () => process.exit(0),
    (err: unknown) => {
      logLine({ event: 'error', message: String(err) });
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  const started = Date.now();
  fleet = await startFleet({ ...options, log });
  const file = resolve(nodesFile);
  await mkdir(dirname(file), { recursive: true });
  // Tokens inside: readable by this user only, written whole or not at all.
  await writeFile(`${file}.tmp`, JSON.stringify(fleet.registrationFile()), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  const frontends = fleet.nodes.filter((n) => n.role === 'frontend').length;
  const line = {
    event: 'listening',
    nodes: fleet.nodes.length,
    frontends,
    backends: fleet.nodes.length - frontends,
    nodesFile: file,
    startedInMs: Date.now() - started,
    pid: process.pid,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (reportEveryMs) reportLoad(reportEveryMs);
} catch (err) {
  logLine({ event: 'error', message: (err as Error).message });
  process.exit(1);
}

/** CPU over each interval as cores (1 = one core busy) and resident memory, for scale runs. */
function reportLoad(everyMs: number) {
  let last = process.cpuUsage();
  let at = performance.now();
  setInterval(() => {
    const usage = process.cpuUsage(last);
    const now = performance.now();
    const cores = (usage.user + usage.system) / 1000 / (now - at);
    logLine({ event: 'fleet-load', cores: Math.round(cores * 100) / 100, rssMiB: rssMiB() });
    last = process.cpuUsage();
    at = now;
  }, everyMs).unref();
}

const rssMiB = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
