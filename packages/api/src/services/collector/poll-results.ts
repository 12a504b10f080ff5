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
  const cols = [
    'nodeId',
    'observedAt',
    'lastSeenAt',
    'lastAttemptAt',
    'agentId',
    'softwareVersion',
    'startedAt',
    'readiness',
    'clusterRole',
    'drainAtStart',
    'drainRemaining',
    'cpuPercent',
    'memUsedBytes',
    'memTotalBytes',
    'sessionsImap',
    'sessionsPop',
    'sessionsSmtp',
    'sessionsHttp',
    'sessionsTotal',
    'accountsOpen',
    'listeners',
    'capabilities',
  ];
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const s = r.status;
    const sessions = s.load.sessions;
    const values = [
      r.nodeId,
      new Date(s.observedAt),
      r.at,
      r.at,
      r.info.id,
      r.info.softwareVersion,
      new Date(r.info.startedAt),
      s.readiness,
      s.clusterRole,
      s.drain?.sessionsAtStart ?? null,
      s.drain?.sessionsRemaining ?? null,
      s.load.cpuPercent,
      s.load.memory.usedBytes,
      s.load.memory.totalBytes,
      sessions.imap,
      sessions.pop,
      sessions.smtp,
      sessions.http,
      sessions.imap + sessions.pop + sessions.smtp + sessions.http,
      s.load.accountsOpen,
      JSON.stringify(s.listeners),
      JSON.stringify(r.info.capabilities),
    ];
    const start = params.length;
    params.push(...values);
    return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')}, now())`;
  });
  const quoted = cols.map((c) => `"${c}"`);
  const updates = cols.slice(1).map((c) => `"${c}" = EXCLUDED."${c}"`);
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
    const load = r.status.load;
    const s = load.sessions;
    params.push(
      r.nodeId,
      r.at,
      load.cpuPercent,
      load.memory.usedBytes,
      s.imap + s.pop + s.smtp + s.http,
      load.accountsOpen,
    );
    const n = params.length;
    return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await sql.query(
    `INSERT INTO node_load_sample ("nodeId", at, "cpuPercent", "memUsedBytes", "sessionsTotal", "accountsOpen")
     VALUES ${tuples.join(', ')}`,
    params,
  );
}
