import { databaseHealth } from '@cc/db';
import { createLogger } from '@cc/log';

type Level = 'debug' | 'info' | 'warn' | 'error';

const log = createLogger('auth');

/**
 * better-auth's log output as JSON lines, except that a database outage is handed to databaseHealth
 * (one line when it starts) instead of a stack trace for every request that tried to read a session.
 */
export function authLog(level: Level, message: string, ...args: unknown[]): void {
  if (level === 'error' && args.some((a) => databaseHealth.failed(a))) return;
  const err = args.find((a) => a instanceof Error);
  const details = args.filter((a) => a !== err);
  log[level]({ ...(err !== undefined && { err }), ...(details.length > 0 && { details }) }, message);
}
