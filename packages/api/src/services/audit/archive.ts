// Retention: entries older than the configured number of days move to a gzip
// JSON-lines file (one canonical entry per line) in <data dir>/audit-archive/,
// recorded in audit_archive with the file's sha256 and the hashes that join it
// to the chain, and only then leave audit_event, in one transaction that the
// append-only trigger lets through (cc.audit_archiving + the archive row).
// Verification of what remains starts from the archive's last hash.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

import type { AuditEventModel as AuditEvent, PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { canonicalJson, entryHash, GENESIS_HASH } from './chain';
import { SYSTEM_ACTOR, writeAudit, type Actor } from './write-audit';

const BATCH = 2000;
const DAY_MS = 86_400_000;

export interface ArchiveOptions {
  prisma: PrismaClient;
  /** CC_DATA_DIR: files go to <dataDir>/audit-archive/. */
  dataDir: string;
  actor?: Actor;
  now?: Date;
}

export interface ArchiveResult {
  firstId: string;
  lastId: string;
  count: number;
  file: string;
  fileSha256: string;
  lastHash: string;
}

/** Archives what the retention setting says is old; null when retention is off or nothing is old. */
export async function archiveExpiredEntries(opts: ArchiveOptions): Promise<ArchiveResult | null> {
  const { prisma } = opts;
  const config = await prisma.auditConfig.findUnique({ where: { id: 1 } });
  if (!config?.retentionDays) return null;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - config.retentionDays * DAY_MS);
  // Everything before the first entry at or after the cutoff (at never decreases along id).
  const keep = await prisma.auditEvent.findFirst({
    where: { at: { gte: cutoff } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  const first = await prisma.auditEvent.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
  const last = keep ? keep.id - 1n : (await prisma.auditEvent.findFirst({ orderBy: { id: 'desc' } }))?.id;
  if (!first || last === undefined || last < first.id) return null;

  const previous = await prisma.auditArchive.findFirst({ orderBy: { lastId: 'desc' } });
  const dir = path.join(opts.dataDir, 'audit-archive');
  fs.mkdirSync(dir, { recursive: true });
  // Unique, so a process that loses a race never removes the winner's file.
  const file = path.join(dir, `audit-${first.id}-${last}-${randomBytes(4).toString('hex')}.jsonl.gz`);
  const written = await writeSegment(prisma, file, first.id, last, {
    expected: previous?.lastHash || GENESIS_HASH,
    legacyUpTo: config.legacyUpTo,
  });
  try {
    await prisma.$transaction(
      async (tx) => {
        // No entry can be appended meanwhile; the trigger lets exactly the recorded range go.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x43430002})`;
        await tx.$executeRaw`SELECT set_config('cc.audit_archiving', 'on', true)`;
        const archive = await tx.auditArchive.create({
          data: {
            firstId: first.id,
            lastId: last,
            count: written.count,
            firstPrevHash: written.firstPrevHash,
            lastHash: written.lastHash,
            host: os.hostname(),
            path: file,
            fileSha256: written.sha256,
            actorEmail: (opts.actor ?? SYSTEM_ACTOR).email,
          },
        });
        const deleted = await tx.auditEvent.deleteMany({ where: { id: { gte: first.id, lte: last } } });
        if (deleted.count !== written.count)
          throw new Error(`archived ${written.count} entries but ${deleted.count} matched`);
        await writeAudit(tx, opts.actor ?? SYSTEM_ACTOR, {
          action: 'audit.archive',
          targetType: 'audit-archive',
          targetId: String(archive.id),
          after: {
            firstId: first.id,
            lastId: last,
            count: written.count,
            olderThan: cutoff,
            retentionDays: config.retentionDays,
            host: archive.host,
            file,
            fileSha256: written.sha256,
            lastHash: written.lastHash,
          },
          outcome: 'SUCCESS',
        });
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
  return {
    firstId: first.id.toString(),
    lastId: last.toString(),
    count: written.count,
    file,
    fileSha256: written.sha256,
    lastHash: written.lastHash,
  };
}

/** Streams the range into the file, checking every link on the way: a broken chain is never archived. */
async function writeSegment(
  prisma: PrismaClient,
  file: string,
  firstId: bigint,
  lastId: bigint,
  chain: { expected: string; legacyUpTo: bigint },
) {
  const tmp = `${file}.tmp`;
  const digest = createHash('sha256');
  let count = 0;
  let expected = chain.expected;
  let firstPrevHash: string | null = null;
  async function* lines() {
    let after = firstId - 1n;
    for (;;) {
      const rows = await prisma.auditEvent.findMany({
        where: { id: { gt: after, lte: lastId } },
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      for (const row of rows) {
        if (!(row.hash === '' && row.id <= chain.legacyUpTo)) {
          if (row.prevHash !== expected || entryHash(row.prevHash, row) !== row.hash) {
            throw new AppError('CONFLICT', `The audit chain is broken at entry ${row.id}: not archiving it.`);
          }
          expected = row.hash;
        }
        firstPrevHash ??= row.prevHash;
        count += 1;
        yield `${archiveLine(row)}\n`;
      }
      if (rows.length < BATCH) return;
      after = rows.at(-1)!.id;
    }
  }
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  const gzip = zlib.createGzip();
  gzip.on('data', (chunk: Buffer) => digest.update(chunk));
  try {
    await pipeline(lines, gzip, out);
    fs.renameSync(tmp, file);
  } catch (e) {
    // The stream may still be opening the file when the pipeline fails: remove it once closed.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { count, firstPrevHash: firstPrevHash ?? expected, lastHash: expected, sha256: digest.digest('hex') };
}

function archiveLine(row: AuditEvent): string {
  return canonicalJson({ ...row, id: row.id.toString() });
}

/** Re-reads an archive file: its sha256, and every link inside it starting from `expected`. */
export async function verifyArchiveFile(file: string, expected: string) {
  const sha = createHash('sha256');
  const input = fs.createReadStream(file);
  input.on('data', (chunk) => sha.update(chunk));
  const rl = readline.createInterface({ input: input.pipe(zlib.createGunzip()), crlfDelay: Infinity });
  let count = 0;
  let lastHash = expected;
  let brokenAt: string | null = null;
  for await (const line of rl) {
    if (!line) continue;
    const e = JSON.parse(line) as AuditEvent & { id: string; at: string };
    count += 1;
    if (brokenAt || e.hash === '') continue;
    const row = { ...e, id: BigInt(e.id), at: new Date(e.at) };
    if (e.prevHash !== lastHash || entryHash(e.prevHash, row) !== e.hash) brokenAt = e.id;
    else lastHash = e.hash;
  }
  return { count, lastHash, brokenAt, sha256: sha.digest('hex') };
}
