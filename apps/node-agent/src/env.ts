// The agent's one door to its environment. CC_AGENT_* variables are the flags' other spelling and are
// validated with them (cli.ts, zod); the supervisor and its worker hand state over in two variables of
// their own (restart-protocol.ts); PATH finds the mail server's programs.
import { delimiter } from 'node:path';

/** The process environment, for the CLI parser and for the worker processes the supervisor starts. */
export function agentEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/** Directories to look for a program in: PATH, then `extra` (sbin is often missing from a service's PATH). */
export function programDirs(extra: readonly string[] = []): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extra];
}
