// `npm run serve`: the production console's settings, from the environment and an optional env file,
// checked before Next.js boots so a wrong or missing value is one line naming the variable (exit 2).
// scripts/serve.mjs calls this through tsx, then starts `next start`; the runtime checks them again.
import fs from 'node:fs';
import { parseEnv } from 'node:util';

import { dbEnv } from '@cc/db';
import { logLevelFromEnv } from '@cc/log';

import { ENV_VARIABLES, readEnv } from './env';

export interface ServeConfig {
  /** The console's environment: the file's settings under the process's own (those win, as with node --env-file). */
  env: Record<string, string>;
  port: number;
  host: string;
}

/** The db package's and the serve script's own variables, besides @cc/api's schema. */
const OTHER_VARIABLES = ['CC_DB_POOL_MAX', 'CC_MIGRATIONS_DIR', 'CC_ENV_FILE', 'CC_LOG_LEVEL'];
const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=/;

/** Throws an Error whose message is the one line to print (`VARIABLE: reason` or `file:line: reason`). */
export function resolveServeConfig(argv: string[], processEnv: NodeJS.ProcessEnv): ServeConfig {
  let file = processEnv.CC_ENV_FILE || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--env-file(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument "${arg}" (usage: npm run serve [-- --env-file <path>])`);
    file = m[1] ?? argv[++i];
    if (!file) throw new Error('--env-file needs a path');
  }
  const fromFile = file ? readEnvFile(file) : {};
  const env: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;

  // Each package's schema, in the order the console would meet them; the first problem stops it.
  const settings = readEnv(env);
  try {
    dbEnv(env);
    logLevelFromEnv(env);
  } catch (e) {
    throw new Error((e as Error).message.replace(/^Invalid database configuration: /, ''), { cause: e });
  }
  return { env, port: settings.CC_PORT, host: settings.CC_HOST };
}

/** KEY=value lines (comments and blank lines allowed); anything else, or an unknown CC_ name, is refused. */
function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the env file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      cause: e,
    });
  }
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    if (!ASSIGNMENT.test(line)) throw new Error(`${file}:${i + 1}: not a KEY=value line`);
  });
  const vars = parseEnv(text) as Record<string, string>;
  const known = new Set([...ENV_VARIABLES, ...OTHER_VARIABLES]);
  for (const key of Object.keys(vars)) {
    // A misspelt setting would otherwise be ignored and its default used without a word.
    if (key.startsWith('CC_') && !known.has(key)) throw new Error(`${key}: unknown setting (in ${file})`);
  }
  return vars;
}
