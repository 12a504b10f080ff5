import { createLogger } from '@cc/log';

/**
 * A database outage is an expected state, not a bug: callers answer 503 with a clear message and the
 * process logs one line when it starts and one when it ends, instead of a stack trace per request.
 */

export const DATABASE_UNAVAILABLE_MESSAGE = 'The cluster database is unavailable; retry shortly.';
/** What clients are told to wait before retrying (Retry-After, seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Prisma: can't reach, timed out, server closed the connection, pool timeout.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// @prisma/adapter-pg's classification of the driver's error.
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
// Sockets that never opened or were cut.
const ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
// PostgreSQL: admin/crash shutdown, cannot connect now, too many connections; class 08 is connection trouble.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [
  /Connection terminated/i, // pg
  /Client has encountered a connection error/i, // pg
  /timeout exceeded when trying to connect/i, // pg.Pool
  /PGlite is clos(ed|ing)/, // the embedded database was closed under us
  /Can't reach database server/i,
];

/** True for errors that mean "the database cannot be reached right now", anywhere in the cause chain. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e) || seen.size > 20) continue;
    seen.add(e);
    const x = e as {
      code?: unknown;
      kind?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: unknown;
    };
    const code = typeof x.code === 'string' ? x.code : undefined;
    if (code && (PRISMA_CODES.has(code) || ERRNO.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
      return true;
    if (typeof x.kind === 'string' && ADAPTER_KINDS.has(x.kind)) return true;
    if (x.name === 'PrismaClientInitializationError' || x.name === 'DatabaseUnavailableError') return true;
    if (typeof x.message === 'string' && MESSAGES.some((m) => m.test(x.message as string))) return true;
    queue.push(x.cause, (x.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
    if (Array.isArray((e as { errors?: unknown }).errors)) queue.push(...(e as { errors: unknown[] }).errors);
  }
  return false;
}

/** The short reason for the log line, e.g. "ECONNREFUSED" or "57P01". */
function reasonOf(error: unknown): string {
  for (let e = error, i = 0; typeof e === 'object' && e !== null && i < 6; i++) {
    const x = e as { code?: unknown; kind?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
    const inner = x.meta?.driverAdapterError?.cause as { code?: unknown; kind?: unknown } | undefined;
    const code = inner?.code ?? inner?.kind ?? x.kind ?? x.code;
    if (typeof code === 'string' && !/^P\d{4}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause ?? inner;
  }
  return error instanceof Error ? error.message.split('\n').filter(Boolean).at(-1)!.slice(0, 120) : String(error);
}

interface HealthState {
  downSince: number | null;
  probe: (() => Promise<unknown>) | null;
  timer: NodeJS.Timeout | null;
}

const log = createLogger('db');

// One state per process, whichever bundle (Next.js route, instrumentation) loaded this module.
const KEY = Symbol.for('cluster-console.database-health');
const g = globalThis as { [KEY]?: HealthState };
const state: HealthState = (g[KEY] ??= {
  downSince: null,
  probe: null,
  timer: null,
});

const PROBE_MS = 2000;

export const databaseHealth = {
  /** Called with any error: an outage is logged once, on its first failure; other errors are ignored. */
  failed(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (state.downSince === null) {
      state.downSince = Date.now();
      const since = new Date(state.downSince).toISOString();
      const reason = reasonOf(error);
      log.error({ since, reason }, `database unavailable since ${since} (${reason})`);
      startProbe();
    }
    return true;
  },
  /** Called after a successful use: ends a recorded outage. */
  ok(): void {
    if (state.downSince === null) return;
    const seconds = Math.round((Date.now() - state.downSince) / 100) / 10;
    state.downSince = null;
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    log.warn({ seconds }, `database back after ${seconds} s`);
  },
  isDown: () => state.downSince !== null,
  /** A cheap query run every few seconds during an outage, so recovery is noticed without traffic. */
  setProbe(probe: (() => Promise<unknown>) | null) {
    state.probe = probe;
  },
};

function startProbe() {
  if (!state.probe || state.timer) return;
  state.timer = setInterval(() => {
    state.probe?.().then(
      () => databaseHealth.ok(),
      () => undefined,
    );
  }, PROBE_MS);
  state.timer.unref();
}
