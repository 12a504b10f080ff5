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
    listeners: s.listeners,
    configRevision: s.config?.revision ?? 0,
  };
}

/**
 * A poll that was in flight while an operator changed the node must not undo what the node said
 * later: a report replaces the stored one only if the node observed it no earlier (node clock, so
 * clock skew between machines does not matter).
 *
 * One multi-row upsert per tick instead of one statement per node: with a thousand nodes polled every
 * second, per-row round trips would be the collector's whole budget.
 */
export async function saveSuccesses(sql: SqlRunner, rows: PollSuccess[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((r) => ({
    nodeId: r.nodeId,
    lastSeenAt: r.at,
    lastAttemptAt: r.at,
    agentId: r.info.id,
    softwareVersion: r.info.softwareVersion,
    startedAt: new Date(r.info.startedAt),
    // Unsupported features ride along as {feature, reason} objects after the names (see splitCapabilities).
    capabilities: [...r.info.capabilities, ...(r.info.unsupported ?? [])],
    ...statusColumns(r.status),
  }));
  const cols = Object.keys(records[0]!) as Array<keyof (typeof records)[number]>;
  const params: unknown[] = [];
  const tuples = records.map((record) => {
    const start = params.length;
    // Json columns (listeners, capabilities) travel as text in raw SQL.
    for (const c of cols) params.push(Array.isArray(record[c]) ? JSON.stringify(record[c]) : record[c]);
    return `(${cols.map((_, i) => `$${start + i + 1}`).join(', ')}, now())`;
  });
  const quoted = cols.map((c) => `"${c}"`);
  const updates = cols.filter((c) => c !== 'nodeId').map((c) => `"${c}" = EXCLUDED."${c}"`);
  await sql.query(
    `INSERT INTO node_status (${quoted.join(', ')}, "updatedAt") VALUES ${tuples.join(', ')}
     ON CONFLICT ("nodeId") DO UPDATE SET ${updates.join(', ')}, "lastError" = NULL, failures = 0, "updatedAt" = now()
     WHERE node_status."observedAt" IS NULL OR EXCLUDED."observedAt" >= node_status."observedAt"`,
    params,
  );
}

export async function saveFailures(sql: SqlRunner, rows: PollFailure[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    params.push(r.nodeId, r.at, r.error);
    const n = params.length;
    return `($${n - 2}, $${n - 1}, $${n}, 1, now())`;
  });
  await sql.query(
    `INSERT INTO node_status ("nodeId", "lastAttemptAt", "lastError", failures, "updatedAt") VALUES ${tuples.join(', ')}
     ON CONFLICT ("nodeId") DO UPDATE SET "lastAttemptAt" = EXCLUDED."lastAttemptAt",
       "lastError" = EXCLUDED."lastError", failures = node_status.failures + 1, "updatedAt" = now()`,
    params,
  );
}

export async function saveSamples(sql: SqlRunner, rows: PollSuccess[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const c = statusColumns(r.status);
    params.push(r.nodeId, r.at, c.cpuPercent, c.memUsedBytes, c.sessionsTotal, c.accountsOpen);
    const n = params.length;
    return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await sql.query(
    `INSERT INTO node_load_sample ("nodeId", at, "cpuPercent", "memUsedBytes", "sessionsTotal", "accountsOpen")
     VALUES ${tuples.join(', ')}`,
    params,
  );
}
