// The agent's side of an upgrade restart: what the closing process hands to
// the next one (through the supervisor) and how the next one reads it back.
import { ZSessionCounters, ZSessionProtocol } from '@cc/node-api';
import { z } from 'zod';
import type { NodeDriver } from './drivers';
import type { RestartHandoff, SupervisorState } from './restart-protocol';

export type { RestartHandoff } from './restart-protocol';

const ZPort = z.number().int().min(1).max(65535);
const ZRestartHandoff = z.object({
  adminPort: ZPort,
  clientPorts: z.partialRecord(ZSessionProtocol, ZPort).optional(),
  sessionCounters: ZSessionCounters.optional(),
  cut: z.number().int().nonnegative(),
});

/**
 * Closes the agent and describes it for its successor. The counters are read after the close, when no
 * session can start or end any more; sessions still open then are cut and count as ended abnormally.
 */
export async function handOff(
  driver: NodeDriver,
  adminPort: number,
  close: () => Promise<void>,
): Promise<RestartHandoff> {
  // A driver that cannot answer must not keep the node from restarting: it would stay 'upgrading'.
  const status = () => driver.status().catch(() => undefined);
  const sessions = (await status())?.load.sessions;
  await close();
  const after = await status();
  const handoff: RestartHandoff = {
    adminPort,
    cut: sessions ? sessions.imap + sessions.pop + sessions.smtp + sessions.http : 0,
  };
  if (after?.sessionCounters) handoff.sessionCounters = after.sessionCounters;
  // Only ports the driver opened itself (0 may have picked them); a real mail server keeps its own.
  if (after && driver.capabilities().includes('client-listeners')) {
    handoff.clientPorts = Object.fromEntries(after.listeners.map((l) => [l.protocol, l.port]));
  }
  return handoff;
}

/** The handoff in the environment, if this process was started by an upgrade restart. */
export function readHandoff(json: string | undefined): RestartHandoff | undefined {
  if (json === undefined || json === '') return undefined;
  const parsed = ZRestartHandoff.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`invalid restart handoff: ${parsed.error.message}`);
  return parsed.data;
}

const ZSupervisorState = z.object({
  restarts: z.number().int().nonnegative(),
  lastRestartAt: z.iso.datetime().nullable(),
  lastExitCode: z.number().int().nullable(),
  lastExitSignal: z.string().max(32).nullable(),
  adminPort: ZPort.optional(),
  clientPorts: z.partialRecord(ZSessionProtocol, ZPort).optional(),
});

/** The supervisor's state in the environment, if it has restarted this agent after a crash before. */
export function readSupervisorState(json: string | undefined): SupervisorState | undefined {
  if (json === undefined || json === '') return undefined;
  const parsed = ZSupervisorState.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`invalid supervisor state: ${parsed.error.message}`);
  return parsed.data;
}
