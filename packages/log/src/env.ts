// The logging settings, validated in one place (the console also checks CC_LOG_LEVEL at start).
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const ZLogEnv = z.object({ CC_LOG_LEVEL: z.enum(LOG_LEVELS).default('info') });

/** The level loggers start at; a wrong value throws naming the variable. */
export function logLevelFromEnv(source: NodeJS.ProcessEnv = process.env): LogLevel {
  const parsed = ZLogEnv.safeParse({ CC_LOG_LEVEL: source.CC_LOG_LEVEL || undefined });
  if (parsed.success) return parsed.data.CC_LOG_LEVEL;
  throw new Error(`CC_LOG_LEVEL: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}
