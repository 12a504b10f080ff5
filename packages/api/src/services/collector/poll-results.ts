import type { NodeInfo, NodeStatus } from '@cc/node-api';
import type { SqlRunner } from '@cc/db';

export interface PollSuccess {
  nodeId: string;
  at: Date;
  info: NodeInfo;
  status: NodeStatus;
}

export interface PollFailure {
  nodeId: string;
  at: Date;
  error: string;
}

/** What a node's status report sets in its node_status row: one mapping for every writer. */
export function statusColumns(s: NodeStatus) {
  const sessions = s.load.sessions;
  return {
    observedAt: new Date(s.observedAt),
    readiness: s.readiness,
    clusterRole: s.clusterRole,
    drainAtStart: s.drain?.sessionsAtStart ?? null,
    drainRemaining: s.drain?.sessionsRemaining ?? null,
    cpuPercent: s.load.cpuPercent,
    memUsedBytes: s.load.memory.usedBytes,
    memTotalBytes: s.load.memory.totalBytes,
    sessionsImap: sessions.imap,
    sessionsPop: sessions.pop,
    sessionsSmtp: sessions.smtp,
    sessionsHttp: sessions.http,
    sessionsTotal: sessions.imap + sessions.pop + sessions.smtp + sessions.http,
    accountsOpen: s.load.accountsOpen,
    // Null, not 0: a node without a mail queue is not a node with an empty one.
    queueActive: s.queue?.active ?? null,
    queueDeferred: s.queue?.deferred ?? null,
    queueTotal: s.queue?.total ?? null,
    diskUsedBytes: s.load.disk?.usedBytes ?? null,
    diskTotalBytes: s.load.disk?.totalBytes ?? null,
    listeners: s.listeners,
    peers: s.peers,
    configRevision: s.config?.revision ?? 0,
  };
}

/** One node_status row of a report, as it travels in the upsert's JSON parameter. */
function successRecord(r: PollSuccess) {
  return {
    nodeId: r.nodeId,
    lastSeenAt: r.at,
    lastAttemptAt: r.at,
    agentId: r.info.id,
    softwareVersion: r.info.softwareVersion,
    startedAt: new Date(r.info.startedAt),
    // Unsupported features ride along as {feature, reason} objects after the names (see splitCapabilities),
    // then the driver as {driver} (which settings the node enforces: see services/domains/node-drivers.ts).
    capabilities: [...r.info.capabilities, ...(r.info.unsupported ?? []), { driver: r.info.driver }],
    ...statusColumns(r.status),
  };
}

/** Its columns' SQL types for jsonb_to_recordset; the type makes a column missing here a compile error. */
const SUCCESS_COLUMNS: Record<keyof ReturnType<typeof successRecord>, string> = {
  nodeId: 'text',
  lastSeenAt: 'timestamp(3)',
  lastAttemptAt: 'timestamp(3)',
  agentId: 'text',
  softwareVersion: 'text',
  startedAt: 'timestamp(3)',
  capabilities: 'jsonb',
  observedAt: 'timestamp(3)',
  readiness: 'text',
  clusterRole: 'text',
  drainAtStart: 'integer',
  drainRemaining: 'integer',
  cpuPercent: 'double precision',
  memUsedBytes: 'double precision',
  memTotalBytes: 'double precision',
  sessionsImap: 'integer',
  sessionsPop: 'integer',
  sessionsSmtp: 'integer',
  sessionsHttp: 'integer',
  sessionsTotal: 'integer',
  accountsOpen: 'integer',
  queueActive: 'integer',
  queueDeferred: 'integer',
  queueTotal: 'integer',
  diskUsedBytes: 'double precision',
  diskTotalBytes: 'double precision',
  listeners: 'jsonb',
  peers: 'jsonb',
  configRevision: 'bigint',
};

const quoted = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(', ');
const recordType = (types: Record<string, string>) =>
  Object.entries(types)
    .map(([c, t]) => `"${c}" ${t}`)
    .join(', ');

/**
 * A poll that was in flight while an operator changed the node must not undo what the node said
 * later: a report replaces the stored one only if the node observed it no earlier (node clock, so
 * clock skew between machines does not matter).
 *
 * One upsert per flush, all rows in one JSON parameter (jsonb_to_recordset): with a thousand nodes
 * polled every second, per-row round trips would be the collector's whole budget, and 24,000 bound
 * parameters a second cost the console more CPU and garbage than the one JSON string. Times travel as
 * UTC ISO strings, as Prisma stores them.
 */
export async function saveSuccesses(sql: SqlRunner, rows: PollSuccess[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map(successRecord);
  const cols = Object.keys(SUCCESS_COLUMNS);
  const updates = cols.filter((c) => c !== 'nodeId').map((c) => `"${c}" = EXCLUDED."${c}"`);
  await sql.query(
    `INSERT INTO node_status (${quoted(cols)}, "updatedAt")
     SELECT ${quoted(cols)}, now() FROM jsonb_to_recordset($1::jsonb) AS r(${recordType(SUCCESS_COLUMNS)})
     ON CONFLICT ("nodeId") DO UPDATE SET ${updates.join(', ')}, "lastError" = NULL, failures = 0, "updatedAt" = now()
     WHERE node_status."observedAt" IS NULL OR EXCLUDED."observedAt" >= node_status."observedAt"`,
    [JSON.stringify(records)],
  );
}

export async function saveFailures(sql: SqlRunner, rows: PollFailure[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((r) => ({ nodeId: r.nodeId, at: r.at, error: r.error }));
  await sql.query(
    `INSERT INTO node_status ("nodeId", "lastAttemptAt", "lastError", failures, "updatedAt")
     SELECT "nodeId", at, error, 1, now() FROM jsonb_to_recordset($1::jsonb) AS r("nodeId" text, at timestamp(3), error text)
     ON CONFLICT ("nodeId") DO UPDATE SET "lastAttemptAt" = EXCLUDED."lastAttemptAt",
       "lastError" = EXCLUDED."lastError", failures = node_status.failures + 1, "updatedAt" = now()`,
    [JSON.stringify(records)],
  );
}

/** One node_load_sample row per report: every figure the agent sends (queue only where the driver has one). */
const SAMPLE_COLUMNS = {
  nodeId: 'text',
  at: 'timestamp(3)',
  cpuPercent: 'double precision',
  memUsedBytes: 'double precision',
  memTotalBytes: 'double precision',
  sessionsTotal: 'integer',
  sessionsImap: 'integer',
  sessionsPop: 'integer',
  sessionsSmtp: 'integer',
  sessionsHttp: 'integer',
  accountsOpen: 'integer',
  queueTotal: 'integer',
} as const;

export async function saveSamples(sql: SqlRunner, rows: PollSuccess[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((r) => {
    const c = statusColumns(r.status);
    const record: Record<keyof typeof SAMPLE_COLUMNS, unknown> = {
      nodeId: r.nodeId,
      at: r.at,
      cpuPercent: c.cpuPercent,
      memUsedBytes: c.memUsedBytes,
      memTotalBytes: c.memTotalBytes,
      sessionsTotal: c.sessionsTotal,
      sessionsImap: c.sessionsImap,
      sessionsPop: c.sessionsPop,
      sessionsSmtp: c.sessionsSmtp,
      sessionsHttp: c.sessionsHttp,
      accountsOpen: c.accountsOpen,
      queueTotal: c.queueTotal,
    };
    return record;
  });
  const cols = quoted(Object.keys(SAMPLE_COLUMNS));
  await sql.query(
    `INSERT INTO node_load_sample (${cols})
     SELECT ${cols} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType(SAMPLE_COLUMNS)})`,
    [JSON.stringify(records)],
  );
}
