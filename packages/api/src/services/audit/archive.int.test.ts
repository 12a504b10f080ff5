import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callerAs, createTestDeps } from '../../../test/db';
import { archiveExpiredEntries, verifyArchiveFile } from './archive';
import { GENESIS_HASH } from './chain';
import { verifyAuditChain } from './verify';
import { SYSTEM_ACTOR, writeAudit } from './write-audit';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let dataDir: string;
const DAY = 86_400_000;

async function write(n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await writeAudit(deps.db.prisma, SYSTEM_ACTOR, {
      action: `test.${tag}`,
      targetName: `${tag}-${i}`,
      before: { list: [i, { deep: 'ü' }] },
      after: { list: [i + 1] },
      outcome: 'SUCCESS',
    });
  }
}

beforeAll(async () => {
  deps = await createTestDeps();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-archive-test-'));
});
afterAll(async () => {
  await deps?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('retention archive', () => {
  it('does nothing while retention is off', async () => {
    await write(3, 'old');
    expect(await archiveExpiredEntries({ prisma: deps.db.prisma, dataDir })).toBeNull();
  });

  it('moves entries older than the limit to a gzip JSON-lines file, then deletes them; the chain continues', async () => {
    await write(7, 'old');
    const lastOld = await deps.db.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await new Promise((r) => setTimeout(r, 20));
    await write(5, 'new');
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    await admin.audit.updateRetention({ retentionDays: 30, expectedVersion: (await admin.audit.retention()).version });

    // "Now" is 30 days after the last old entry (plus a moment): exactly the old ones are older than 30 days.
    const now = new Date(lastOld.at.getTime() + 30 * DAY + 10);
    const result = await archiveExpiredEntries({ prisma: deps.db.prisma, dataDir, now });
    expect(result).toMatchObject({ count: 10, lastId: lastOld.id.toString() });
    expect(await deps.db.prisma.auditEvent.count({ where: { action: 'test.old' } })).toBe(0);
    expect(await deps.db.prisma.auditEvent.count({ where: { action: 'test.new' } })).toBe(5);

    const archive = await deps.db.prisma.auditArchive.findFirstOrThrow();
    expect(archive).toMatchObject({
      count: 10,
      firstPrevHash: GENESIS_HASH,
      lastHash: lastOld.hash,
      path: result!.file,
    });
    expect(path.dirname(result!.file)).toBe(path.join(dataDir, 'audit-archive'));
    const file = await verifyArchiveFile(result!.file, GENESIS_HASH);
    expect(file).toEqual({ count: 10, lastHash: lastOld.hash, brokenAt: null, sha256: archive.fileSha256 });

    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'audit.archive' } });
    expect(entry.after).toMatchObject({ count: 10, fileSha256: archive.fileSha256, retentionDays: 30 });
    // Verification starts from the archive's last hash: what remains still links up.
    const verified = await verifyAuditChain(deps.db.prisma);
    expect(verified).toMatchObject({ intact: true, startedAfterArchive: lastOld.id });
    expect(verified.checked).toBe(await deps.db.prisma.auditEvent.count());
    expect(await archiveExpiredEntries({ prisma: deps.db.prisma, dataDir, now })).toBeNull();
  });

  it('archives everything when everything is old, and new entries link to the archive', async () => {
    const now = new Date(Date.now() + 31 * DAY);
    const result = await archiveExpiredEntries({ prisma: deps.db.prisma, dataDir, now });
    expect(result!.count).toBeGreaterThanOrEqual(7);
    const archives = await deps.db.prisma.auditArchive.findMany({ orderBy: { lastId: 'asc' } });
    expect(archives).toHaveLength(2);
    expect(archives[1]!.firstPrevHash).toBe(archives[0]!.lastHash);
    // Only the archive's own entry is left, linked to the archive's last hash.
    const left = await deps.db.prisma.auditEvent.findMany();
    expect(left.map((e) => e.action)).toEqual(['audit.archive']);
    expect(left[0]!.prevHash).toBe(archives[1]!.lastHash);
    await write(2, 'after');
    expect(await verifyAuditChain(deps.db.prisma)).toMatchObject({ intact: true, checked: 3 });
  });

  it('refuses to archive a broken chain (the evidence stays in the database)', async () => {
    const target = await deps.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'test.after' } });
    await deps.db.sql.exec(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
      UPDATE audit_event SET "targetName" = 'forged' WHERE id = ${target.id};
      ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;`);
    const now = new Date(Date.now() + 62 * DAY);
    await expect(archiveExpiredEntries({ prisma: deps.db.prisma, dataDir, now })).rejects.toThrow(
      `broken at entry ${target.id}`,
    );
    expect(await deps.db.prisma.auditEvent.count({ where: { id: target.id } })).toBe(1);
    expect(fs.readdirSync(path.join(dataDir, 'audit-archive')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
