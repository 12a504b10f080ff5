// The agent's log: JSON lines on stderr through @cc/log, with the console's fields (time, level,
// component "agent", node). Every part of the agent logs an event object ({ event, name, ... });
// stdout stays for the one listening line launchers read (and --help).
import { createLogger, setLogFd, type Logger } from '@cc/log';

setLogFd(2);
// No pid/hostname on every line: events carry their own pid (a worker's), and one agent runs per host.
let logger: Logger = createLogger('agent', { base: { pid: undefined, hostname: undefined } });

/** Names the node on every later line, once the options are parsed. */
export function setLogNode(node: string): void {
  logger = logger.child({ node });
}

const WARNING = /^(warning|.*-(failed|damaged|superseded|skipped))$/;

/** Logs one agent event at the level its kind implies; the event's name is also the message. */
export function logEvent(event: Record<string, unknown>): void {
  const kind = String(event.event ?? '');
  const level = kind === 'error' ? 'error' : WARNING.test(kind) ? 'warn' : 'info';
  logger[level](event, kind);
}
