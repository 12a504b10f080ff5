// One JSON logger for the console, the collector and the agent: the same fields everywhere (time,
// level, component, requestId and actor inside a request) and secrets redacted by configuration.
import { hostname } from 'node:os';

import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';

import { requestContext } from './context';
import { logLevelFromEnv, type LogLevel } from './env';
import { REDACTED, redactPaths } from './redact';

export type { Logger } from 'pino';

interface Sink {
  /** Where every logger of this process writes; tests swap it (captureLogs). */
  stream: DestinationStream | null;
  fd: 1 | 2;
}
const KEY = Symbol.for('cluster-console.log-sink');
const g = globalThis as { [KEY]?: Sink };
const sink: Sink = (g[KEY] ??= { stream: null, fd: 1 });

/** The console and collector log to stdout; the agent keeps stdout for its listening line (fd 2). */
export function setLogFd(fd: 1 | 2): void {
  sink.fd = fd;
  sink.stream = null;
}

function currentStream(): DestinationStream {
  // Synchronous: a line written just before process.exit() is not lost.
  sink.stream ??= pino.destination({ dest: sink.fd, sync: true });
  return sink.stream;
}

/** Forwards to the current sink, so a test can capture loggers made before it started. */
const destination: DestinationStream = { write: (line: string) => currentStream().write(line) };

export interface LoggerOptions {
  level?: LogLevel;
  /** Fields on every line (the agent's node name). */
  base?: Record<string, unknown>;
}

/** A logger for one part of the system: `component` is on every line it writes. */
export function createLogger(component: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? logLevelFromEnv(),
      // pid and host tell apart the consoles behind one load balancer.
      base: { component, pid: process.pid, hostname: hostname(), ...options.base },
      timestamp: stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: REDACTED },
      // Inside an HTTP request: its id, and who is asking once the session is known.
      mixin: () => {
        const ctx = requestContext.get();
        if (!ctx) return {};
        return ctx.actor ? { requestId: ctx.requestId, actor: ctx.actor } : { requestId: ctx.requestId };
      },
    },
    destination,
  );
}

export interface CapturedLogs {
  /** Each line written since the capture began, parsed. */
  lines: Array<Record<string, unknown>>;
  restore(): void;
}

/** Tests: collect every line any logger writes until restore(). */
export function captureLogs(): CapturedLogs {
  const previous = sink.stream;
  const lines: Array<Record<string, unknown>> = [];
  sink.stream = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  return {
    lines,
    restore: () => {
      sink.stream = previous;
    },
  };
}
