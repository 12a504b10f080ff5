// Command-line and environment parsing for the agent. Every flag can also be
// given as CC_AGENT_<FLAG> (e.g. CC_AGENT_ADMIN_PORT) or as a key of the
// configuration file (config-file.ts, e.g. admin_port); flags win, then the
// environment. Secrets go in the environment or a file (--token-file), never
// on the command line that `ps` shows every user of the host.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SESSION_PROTOCOLS } from '@cc/node-api';
import type { AgentOptions } from './agent';
import { ConfigFileError, configKey, readConfigFile, type ConfigValues, type FlagKind } from './config-file';

const STRING_FLAGS = [
  'role',
  'name',
  'admin-port',
  'host',
  'token',
  'token-hash',
  'token-file',
  'cluster-secret-file',
  'data-dir',
  'software-version',
  'driver',
  'peers',
  'cluster-secret',
  'seed',
  'imap-port',
  'pop-port',
  'smtp-port',
  'http-port',
  'mean-session-ms',
  'scale',
  'doveadm-url',
  'doveadm-key',
  'director-doveadm-url',
  'director-doveadm-key',
  'dovecot-host',
  'dovecot-readiness-conf',
  'dovecot-users-dir',
  'dovecot-mail-root',
  'dovecot-conf',
  'dovecot-cluster-conf',
  'postfix-config-dir',
  'tls-cert',
  'tls-key',
  'fail-health-versions',
] as const;
type Flag = (typeof STRING_FLAGS)[number];
const BOOLEAN_FLAGS = ['plain-http', 'simulate-account-set'] as const;
/** How the configuration file writes a flag's value; unlisted flags are strings. */
const FLAG_KINDS: Partial<Record<Flag, FlagKind>> = {
  'admin-port': 'int',
  seed: 'int',
  'imap-port': 'int',
  'pop-port': 'int',
  'smtp-port': 'int',
  'http-port': 'int',
  'mean-session-ms': 'int',
  scale: 'number',
  peers: 'list',
  'fail-health-versions': 'list',
};
/** Every flag with a key in the configuration file (all of them but --config and --help). */
export const CONFIG_FLAGS: Readonly<Record<string, FlagKind>> = {
  ...Object.fromEntries(STRING_FLAGS.map((f) => [f, FLAG_KINDS[f] ?? 'string'])),
  ...Object.fromEntries(BOOLEAN_FLAGS.map((f) => [f, 'boolean'])),
};

export const USAGE = `Usage: cc-node-agent --role frontend|backend --name NAME (--token TOKEN | --token-hash SHA256HEX) [options]
       cc-node-agent --config /etc/cluster-console-agent/agent.json [options]

  --config            JSON file with any of the options below as keys in snake_case (admin_port, token_file,
                      plain_http: true, peers: ["https://..."]); flags and CC_AGENT_* variables override it.
                      token and cluster_secret are refused there: name their files in token_file and
                      cluster_secret_file. Also CC_AGENT_CONFIG.
  --role              frontend or backend (required)
  --name              node name, also the default data dir name (required)
  --admin-port        admin API port; 0 picks a free one (default 0)
  --host              address to listen on (default 127.0.0.1)
  --token             admin bearer token; only its SHA-256 is kept. Visible in ps: prefer CC_AGENT_TOKEN
  --token-file        file holding the admin token (first line), instead of --token
  --token-hash        SHA-256 hex of the admin token, instead of --token
  --data-dir          where the node id is kept (default .data/agents/<name>)
  --tls-cert, --tls-key  PEM certificate and key for the admin API's HTTPS (default: the agent makes a
                      self-signed one on first start, kept in <data-dir>/tls; the console pins its fingerprint)
  --plain-http        serve the admin API over plain HTTP (the console must be told so per node: the token
                      then crosses the network in clear text)
  --software-version  version to report (default 1.0.0)
  --driver            mail server driver: simulated (default), dovecot or postfix
  --peers             comma-separated admin URLs of the other nodes
  --cluster-secret    shared secret for node-to-node calls (required with --peers); prefer
                      CC_AGENT_CLUSTER_SECRET or --cluster-secret-file (a flag is visible in ps)
  --cluster-secret-file  file holding the cluster secret (first line)
  --seed              number; makes the simulation reproducible
  --imap-port, --pop-port, --smtp-port, --http-port
                      frontends: client listener ports; 0 picks a free one (default 0)
  --mean-session-ms   simulated sessions last 0.5-1.5x this many ms, so drains end quickly (demos, tests)
  --scale             multiplies the simulated arrival rate (default 1; 0 = real connections only)
  --simulate-account-set  the simulated node keeps every account like a mail server, so the console
                      sends it the whole account set when it starts over (Dovecot and Postfix always do)

  --driver dovecot (Dovecot 2.3 beside the agent; --imap-port/--pop-port name Dovecot's listeners):
  --doveadm-url       this node's doveadm HTTP API, e.g. http://127.0.0.1:8080 (required)
  --doveadm-key       its doveadm_api_key (required; best as CC_AGENT_DOVEADM_KEY)
  --director-doveadm-url  backends: the director's doveadm HTTP API (Make Non-Ready = vhost count 0)
  --director-doveadm-key  the director's doveadm_api_key (default --doveadm-key)
  --dovecot-host      backends: this node's address in director_mail_servers (default --host)
  --dovecot-readiness-conf  frontends: a file dovecot.conf includes last; Non-Ready closes listeners there
  --dovecot-users-dir backends: where the agent writes one passwd-file per domain from each revision
  --dovecot-mail-root backends: the shared mail storage (homes <root>/<domain>/<account id>; archives under _archive)
  --dovecot-conf      backends: dovecot.conf, checked with doveconf -n before a generated include is kept
  --dovecot-cluster-conf  backends: a file dovecot.conf includes; the agent writes the cluster defaults there

  --driver postfix (a Postfix SMTP frontend; --host and --smtp-port name its smtpd listener in master.cf):
  --postfix-config-dir  the instance's config directory (postfix -c DIR); the agent writes its maps there

  Test only:
  --fail-health-versions  comma-separated versions whose health check fails after an upgrade (state failed,
                      /healthz 503, Make Ready refused), to exercise rollbacks

Every option can also be set as CC_AGENT_<NAME>, e.g. CC_AGENT_TOKEN, CC_AGENT_ADMIN_PORT.
On start one JSON line is printed to stdout: {"event":"listening","name","role","adminUrl","fingerprint256","pid"}
(fingerprint256: the admin certificate's SHA-256, to compare with what the console shows at registration). The pid is a
supervisor's that stays the same when POST /v1/upgrade restarts the agent's worker process into another version;
signal it to stop the node. An upgraded version is kept in the data dir and wins over --software-version unless
that flag changes.`;

export const envName = (flag: string) => `CC_AGENT_${flag.toUpperCase().replace(/-/g, '_')}`;

export type CliResult = { help: true } | { help: false; options: AgentOptions };

/** Secrets that are readable by every user of the host (`ps`, /proc/PID/cmdline) when given as flags. */
const SECRET_FLAGS = ['token', 'cluster-secret', 'doveadm-key', 'director-doveadm-key'] as const;

/**
 * Throws an Error with a one-line explanation on bad input. `warn` hears about secrets given as
 * flags (they still work).
 */
export function parseCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void = () => {},
): CliResult {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])),
      ...Object.fromEntries(BOOLEAN_FLAGS.map((f) => [f, { type: 'boolean' as const }])),
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  const configPath = values.config ?? (env.CC_AGENT_CONFIG?.trim() || undefined);
  const file: ConfigValues = configPath === undefined ? new Map() : readConfigFile(configPath, CONFIG_FLAGS);
  const given = (flag: string): unknown => (values as Record<string, unknown>)[flag];
  const nonEmpty = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const get = (flag: Flag): string | undefined =>
    nonEmpty(given(flag)) ?? nonEmpty(env[envName(flag)]) ?? nonEmpty(file.get(flag));
  /** Where a flag's value came from, for error messages: the flag, its variable or the file's key. */
  const origin = (flag: Flag): string =>
    nonEmpty(given(flag)) !== undefined || nonEmpty(env[envName(flag)]) !== undefined
      ? `--${flag}`
      : `${configPath}: ${configKey(flag)}`;
  /** A bad value: a ConfigFileError (one line, no usage) when it came from the configuration file. */
  const bad = (flag: Flag, what: string, cause?: unknown): Error => {
    const from = origin(flag);
    if (from.startsWith('--')) return new Error(`${from}${/^must /.test(what) ? '' : ':'} ${what}`, { cause });
    return new ConfigFileError(`${from}: ${what}`, { cause });
  };
  for (const flag of SECRET_FLAGS) {
    if ((values as Record<string, unknown>)[flag] !== undefined) {
      warn(`--${flag} is visible to every user of this host in ps; use ${envName(flag)} or a file instead`);
    }
  }
  /** A secret from its flag or variable, or from the file named by --<flag>-file (first line). */
  const secret = (flag: 'token' | 'cluster-secret'): string | undefined => {
    const secretFile = get(`${flag}-file`);
    const direct = get(flag);
    if (secretFile === undefined) return direct;
    // A flag or variable overrides the file named in the configuration file, but two direct ones contradict.
    if (direct !== undefined && origin(`${flag}-file`).startsWith('--'))
      throw new Error(`give either --${flag} or --${flag}-file, not both`);
    if (direct !== undefined) return direct;
    let text: string;
    try {
      text = readFileSync(secretFile, 'utf8');
    } catch (e) {
      throw bad(`${flag}-file`, `cannot read ${secretFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, e);
    }
    const value = text.split(/\r?\n/, 1)[0]!.trim();
    if (value === '') throw bad(`${flag}-file`, `${secretFile} is empty`);
    return value;
  };
  const int = (flag: Flag): number | undefined => {
    const v = get(flag);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw bad(flag, `must be a whole number, got "${v}"`);
    return Number(v);
  };

  /** A switch: the flag, else its variable (1/true/yes), else the file's boolean. */
  const bool = (flag: (typeof BOOLEAN_FLAGS)[number]): boolean => {
    if (given(flag) === true) return true;
    const fromEnv = nonEmpty(env[envName(flag)]);
    return fromEnv !== undefined ? /^(1|true|yes)$/i.test(fromEnv) : file.get(flag) === true;
  };

  const role = get('role');
  if (!role) throw new Error('--role is required (frontend or backend; role in a --config file)');
  if (role !== 'frontend' && role !== 'backend') throw bad('role', `must be frontend or backend, got "${role}"`);
  const name = get('name');
  if (!name) throw new Error('--name is required (name in a --config file)');

  const options: AgentOptions = { role, name };
  const set = <K extends keyof AgentOptions>(key: K, value: AgentOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('adminPort', int('admin-port'));
  set('host', get('host'));
  set('token', secret('token'));
  set('tokenHash', get('token-hash'));
  set('dataDir', get('data-dir'));
  set('softwareVersion', get('software-version'));
  // HTTPS unless plain HTTP is asked for; a supplied certificate needs both halves.
  const plainHttp = bool('plain-http');
  const tlsCert = get('tls-cert');
  const tlsKey = get('tls-key');
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    throw new Error('give both --tls-cert and --tls-key, or neither');
  if (plainHttp && tlsCert) throw new Error('--plain-http and --tls-cert contradict each other: choose one');
  if (!plainHttp) options.tls = tlsCert && tlsKey ? { certFile: tlsCert, keyFile: tlsKey } : {};
  set('driver', get('driver'));
  set('clusterSecret', secret('cluster-secret'));
  set('seed', int('seed'));
  set('meanSessionMs', int('mean-session-ms'));
  if (bool('simulate-account-set')) options.simulateAccountSet = true;
  const scale = get('scale');
  if (scale !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(scale)) throw new Error(`--scale must be a number, got "${scale}"`);
    options.scale = Number(scale);
  }
  const doveadmUrl = get('doveadm-url');
  const doveadmKey = get('doveadm-key');
  if (doveadmUrl !== undefined || doveadmKey !== undefined || options.driver === 'dovecot') {
    options.dovecot = {
      doveadmUrl: doveadmUrl ?? '',
      doveadmKey: doveadmKey ?? '',
      directorUrl: get('director-doveadm-url'),
      directorKey: get('director-doveadm-key'),
      mailHost: get('dovecot-host'),
      readinessConf: get('dovecot-readiness-conf'),
      usersDir: get('dovecot-users-dir'),
      mailRoot: get('dovecot-mail-root'),
      dovecotConf: get('dovecot-conf'),
      clusterConf: get('dovecot-cluster-conf'),
    };
  }
  const postfixDir = get('postfix-config-dir');
  if (postfixDir !== undefined) options.postfix = { configDir: postfixDir };
  const clientPorts: NonNullable<AgentOptions['clientPorts']> = {};
  for (const protocol of SESSION_PROTOCOLS) {
    const port = int(`${protocol}-port`);
    if (port !== undefined) clientPorts[protocol] = port;
  }
  if (Object.keys(clientPorts).length > 0) options.clientPorts = clientPorts;
  const list = (flag: Flag) =>
    get(flag)
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  set('peers', list('peers'));
  set('failHealthVersions', list('fail-health-versions'));
  return { help: false, options };
}
