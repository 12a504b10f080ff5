// In-process agents for the tests against real mail servers, started from the same flags the CLI
// takes (scripts/lib/dovecot.mjs prints them), on plain HTTP: these tests speak to the agents
// directly on loopback addresses, not through the console.
import { startAgent, type AgentOptions, type RunningAgent } from '../agent';
import { parseCli } from '../cli';
import { tempDir, TOKEN } from '../test-helpers';

export async function startAgentFromFlags(args: string[], dataDir?: string): Promise<RunningAgent> {
  const cli = parseCli(args, {});
  if (cli.help) throw new Error('unexpected --help');
  const options: Record<string, unknown> = { ...cli.options, token: TOKEN, dataDir: dataDir ?? (await tempDir()) };
  delete options.tls;
  return startAgent(options as unknown as AgentOptions);
}
