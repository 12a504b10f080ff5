// The agent's configuration file (--config FILE or CC_AGENT_CONFIG): one JSON object whose keys are the
// command-line flags in snake_case (`admin_port` for --admin-port), so every flag has a key and a new
// flag gets one without another table. Flags and CC_AGENT_* variables override the file. The admin token
// and the cluster secret never go in it: it names the files that hold them (token_file,
// cluster_secret_file), which may be readable by the agent's user alone.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A configuration file that cannot be used; its message is one line naming the file and the key. */
export class ConfigFileError extends Error {}

/** How a flag's value is written in the file; every value the CLI takes as text arrives as text. */
export type FlagKind = 'string' | 'int' | 'number' | 'list' | 'boolean';

/** The file's values, by flag name (`admin-port`): text as the CLI would read it, booleans as such. */
export type ConfigValues = ReadonlyMap<string, string | boolean>;

export const configKey = (flag: string) => flag.replace(/-/g, '_');

/** Secrets that stay out of the file; the key that names their file instead. */
const IN_OWN_FILE: Record<string, string> = { token: 'token_file', cluster_secret: 'cluster_secret_file' };

const text = z.string({ error: 'expected a string' }).trim().min(1, { error: 'must not be empty' });
const KIND_SCHEMAS: Record<FlagKind, z.ZodType<string | number | boolean | string[]>> = {
  string: text,
  int: z.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' }),
  number: z.number({ error: 'expected a number' }),
  list: z.array(text, { error: 'expected a list of strings, e.g. ["a", "b"]' }),
  boolean: z.boolean({ error: 'expected true or false' }),
};

/** Parses the file's text; throws ConfigFileError naming the first bad key. */
export function parseConfig(json: string, file: string, flags: Readonly<Record<string, FlagKind>>): ConfigValues {
  const fail = (what: string): never => {
    throw new ConfigFileError(`${file}: ${what}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return fail(`not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('must hold one JSON object');
  for (const [key, instead] of Object.entries(IN_OWN_FILE)) {
    if (key in raw) fail(`${key}: keep the secret in a file of its own (mode 0600) and name that file in ${instead}`);
  }
  const shape = Object.fromEntries(Object.entries(flags).map(([flag, kind]) => [configKey(flag), KIND_SCHEMAS[kind]]));
  const parsed = z.strictObject(shape).partial().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys')
      fail(`${issue.keys[0]}: unknown key (the keys are the flags in --help, as snake_case)`);
    fail(`${issue.path.join('.')}: ${issue.message}`);
  }
  const values = new Map<string, string | boolean>();
  for (const [flag, kind] of Object.entries(flags)) {
    const v = (parsed.data as Record<string, unknown>)[configKey(flag)];
    if (v === undefined) continue;
    values.set(flag, kind === 'boolean' ? (v as boolean) : Array.isArray(v) ? v.join(',') : String(v));
  }
  return values;
}

/** Reads and parses the file; an unreadable file is a ConfigFileError too. */
export function readConfigFile(file: string, flags: Readonly<Record<string, FlagKind>>): ConfigValues {
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigFileError(
      `${file}: cannot read the configuration file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      {
        cause: e,
      },
    );
  }
  return parseConfig(json, file, flags);
}
