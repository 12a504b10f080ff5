// Push outcomes (a node's acknowledged revision, or why a push failed) written
// in batches: a push to 1,000 nodes would otherwise be 1,000 upserts. Rows that
// arrive while a batch is written go out in the next one, so the last node's
// acknowledgement is stored one write after it arrives, and live views are told
// at once (status.ts counts an acknowledgement before the collector's next report).
import { Prisma, type PrismaClient } from '@cc/db';
import { createLogger } from '@cc/log';

import { errorMessage } from '../../errors';
import { announceStatusChange } from '../collector/events';

const log = createLogger('reconciler');

export interface PushRecord {
  nodeId: string;
  revision: bigint;
  at: Date;
  ok: boolean;
  /** The failure, or on success a note (objects the revision went out without). */
  error: string | null;
}

export class PushRecorder {
  private pending = new Map<string, PushRecord>();
  private writing: Promise<void> | null = null;

  constructor(private readonly prisma: PrismaClient) {}

  add(record: PushRecord): void {
    this.pending.set(record.nodeId, record);
    this.kick();
  }

  /** Resolves once everything added so far is written. */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private kick(): void {
    if (this.writing || this.pending.size === 0) return;
    this.writing = this.drain().finally(() => {
      this.writing = null;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      await writePushRecords(this.prisma, batch).catch((e: unknown) =>
        log.error({ err: errorMessage(e), nodes: batch.length }, 'could not record push outcomes'),
      );
      announceStatusChange();
    }
  }
}

/** One upsert for the batch; nodes removed meanwhile are skipped (their record went with them). */
export async function writePushRecords(prisma: PrismaClient, rows: PushRecord[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(
    // timestamp(3) without time zone holds UTC, as Prisma writes it: the ISO text's offset is ignored.
    (r) =>
      Prisma.sql`(${r.nodeId}::text, ${r.revision}::bigint, ${r.at.toISOString()}::timestamp(3), ${r.ok}::boolean, ${r.error}::text)`,
  );
  await prisma.$executeRaw`
    INSERT INTO node_config_push ("nodeId", revision, at, ok, error)
    SELECT v.node_id, v.revision, v.at, v.ok, v.error
    FROM (VALUES ${Prisma.join(values)}) AS v (node_id, revision, at, ok, error)
    WHERE EXISTS (SELECT 1 FROM node WHERE node.id = v.node_id)
    ON CONFLICT ("nodeId") DO UPDATE
    SET revision = EXCLUDED.revision, at = EXCLUDED.at, ok = EXCLUDED.ok, error = EXCLUDED.error`;
}
