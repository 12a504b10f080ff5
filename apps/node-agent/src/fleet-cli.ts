// Command-line parsing for the fleet entry point (fleet-main.ts).
import { parseArgs } from 'node:util';
import type { FleetOptions } from './fleet';

export const FLEET_USAGE = `Usage: cc-node-fleet --nodes N [options]

Runs N simulated nodes in one process, each with its own admin port on 127.0.0.1, identity (data dir),
token and role, for scale tests and benchmarks. Prints one JSON line to stdout once every node listens:
{"event":"listening","nodes","frontends","backends","nodesFile","pid"}; SIGINT/SIGTERM stop them all.

  --nodes            how many nodes (required, 1-10000)
  --frontends        how many of them are frontends (default a third)
  --data-dir         one sub-directory per node, and the secret every token derives from (default .data/fleet)
  --nodes-file       writes the nodes (name, role, adminUrl, token) there, mode 0600, in the console's
                     demo-seed --nodes format (default <data-dir>/nodes.json)
  --prefix           node names are PREFIX-fe-0001, PREFIX-be-0001, ... (default fleet)
  --election-group   backends that elect a Controller and Backup among themselves (default 3)
  --base-port        node i listens on BASE+i (default: free ports the system picks)
  --mean-session-ms  simulated sessions last 0.5-1.5x this many ms
  --scale            multiplies each node's simulated arrival rate (default 1)
  --seed             makes the simulation reproducible
  --report-every-ms  logs the process's CPU (as cores) and resident memory this often
  --verbose          logs every node's events (default: errors and role changes only)`;

export interface FleetCli {
  options: Omit<FleetOptions, 'log'>;
  nodesFile: string;
  reportEveryMs?: number;
  verbose: boolean;
}

export type FleetCliResult = { help: true } | ({ help: false } & FleetCli);

/** Throws an Error with a one-line explanation on bad input. */
export function parseFleetCli(argv: string[]): FleetCliResult {
  const str = { type: 'string' } as const;
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: str,
      frontends: str,
      'data-dir': str,
      'nodes-file': str,
      prefix: str,
      'election-group': str,
      'base-port': str,
      'mean-session-ms': str,
      scale: str,
      seed: str,
      'report-every-ms': str,
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  const int = (flag: keyof typeof values): number | undefined => {
    const v = values[flag];
    if (v === undefined || typeof v !== 'string') return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${flag} must be a whole number, got "${v}"`);
    return Number(v);
  };
  const nodes = int('nodes');
  if (nodes === undefined) throw new Error('--nodes is required');
  const dataDir = values['data-dir'] ?? '.data/fleet';
  const prefix = values.prefix ?? 'fleet';
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(prefix))
    throw new Error(`--prefix must be lower-case letters, digits and "-", got "${prefix}"`);
  const scale = values.scale;
  if (scale !== undefined && !/^\d+(\.\d+)?$/.test(scale)) throw new Error(`--scale must be a number, got "${scale}"`);
  const options: FleetCli['options'] = { nodes, dataDir, prefix };
  const set = <K extends keyof FleetCli['options']>(key: K, value: FleetCli['options'][K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('frontends', int('frontends'));
  set('electionGroup', int('election-group'));
  set('basePort', int('base-port'));
  set('meanSessionMs', int('mean-session-ms'));
  set('seed', int('seed'));
  if (scale !== undefined) options.scale = Number(scale);
  const reportEveryMs = int('report-every-ms');
  return {
    help: false,
    options,
    nodesFile: values['nodes-file'] ?? `${dataDir}/nodes.json`,
    ...(reportEveryMs !== undefined && { reportEveryMs }),
    verbose: values.verbose ?? false,
  };
}
