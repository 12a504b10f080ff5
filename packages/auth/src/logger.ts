import { databaseHealth } from '@cc/db';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * better-auth's log output, except that a database outage is handed to databaseHealth (one line when
 * it starts) instead of printing a stack trace for every request that tried to read a session.
 */
export function authLog(level: Level, message: string, ...args: unknown[]): void {
  if (level === 'error' && args.some((a) => databaseHealth.failed(a))) return;
  const write = level === 'error' ? console.error : level === 'warn' ? console.warn : console.log;
  write(`[Better Auth]: ${message}`, ...args);
}
