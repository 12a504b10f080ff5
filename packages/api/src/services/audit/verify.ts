import type { PrismaClient } from '@cc/db';

import { entryHash, GENESIS_HASH } from './chain';

export interface VerifyResult {
  intact: boolean;
  /** Chained entries whose links were recomputed. */
  checked: number;
  /** Entries from before the chain existed (no hash; see AuditConfig.legacyUpTo). */
  unchained: number;
  /** The first entry whose link does not hold. */
  brokenAt?: bigint;
  reason: string;
  /** Where verification started: after this archive's last entry. */
  startedAfterArchive?: bigint;
  /** The last entry verified and its hash: a later check can resume from there. */
  lastId?: bigint;
  lastHash?: string;
}

/** Continue an intact result: only entries after `afterId` are read, expecting `hash` as their link. */
export interface Resume {
  afterId: bigint;
  hash: string;
  checked: number;
  unchained: number;
}

const BATCH = 5000;

/**
 * Recomputes the chain in id order, a batch at a time (keyset on id, never the whole table in memory).
 * An entry is broken when its stored content no longer gives its hash (changed), or its prevHash is
 * not the hash of the entry before it (an entry before it was removed, inserted or changed along
 * with its hash). Verification starts after the newest retention archive, from its last hash, or at
 * `fromId`, trusting that entry's prevHash.
 */
export async function verifyAuditChain(
  prisma: PrismaClient,
  opts: { fromId?: bigint; resume?: Resume; onProgress?: (checked: number) => void } = {},
): Promise<VerifyResult> {
  const [config, archive] = await Promise.all([
    prisma.auditConfig.findUnique({ where: { id: 1 }, select: { legacyUpTo: true } }),
    prisma.auditArchive.findFirst({ orderBy: { lastId: 'desc' }, select: { lastId: true, lastHash: true } }),
  ]);
  const legacyUpTo = config?.legacyUpTo ?? 0n;
  let after = archive?.lastId ?? 0n;
  let expected: string | null = archive?.lastHash || GENESIS_HASH;
  if (opts.fromId !== undefined && opts.fromId - 1n > after) {
    after = opts.fromId - 1n;
    expected = null; // trust the first entry's prevHash
  }
  let checked = 0;
  let unchained = 0;
  if (opts.resume) {
    ({ checked, unchained } = opts.resume);
    after = opts.resume.afterId;
    expected = opts.resume.hash;
  }
  let lastHash = expected ?? undefined;
  const broken = (id: bigint, reason: string): VerifyResult => ({
    intact: false,
    checked,
    unchained,
    brokenAt: id,
    reason,
    ...(archive && { startedAfterArchive: archive.lastId }),
  });
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    for (const row of rows) {
      after = row.id;
      if (row.id <= legacyUpTo && row.hash === '') {
        unchained += 1;
        continue;
      }
      if (row.hash === '') return broken(row.id, 'the entry carries no hash (written outside the chain)');
      if (expected !== null && row.prevHash !== expected) {
        return broken(row.id, 'its previous hash does not match: an entry before it was removed, added or altered');
      }
      if (entryHash(row.prevHash, row) !== row.hash) {
        return broken(row.id, 'its content does not match its hash: the entry was altered');
      }
      expected = row.hash;
      lastHash = row.hash;
      checked += 1;
    }
    opts.onProgress?.(checked);
    if (rows.length < BATCH) break;
  }
  return {
    intact: true,
    checked,
    unchained,
    reason: checked === 0 ? 'no chained entries yet' : 'every link holds',
    ...(archive && { startedAfterArchive: archive.lastId }),
    lastId: after,
    ...(lastHash !== undefined && { lastHash }),
  };
}
