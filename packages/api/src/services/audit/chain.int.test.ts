import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { applyMigrations, openDatabase, readMigrations } from '@cc/db';

import { createTestDeps } from '../../../test/db';
import { canonicalJson, entryHash, GENESIS_HASH, storableJson } from './chain';
import { verifyAuditChain } from './verify';
import { SYSTEM_ACTOR, writeAudit, type Actor } from './write-audit';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;

const actor: Actor = { id: 'u1', email: 'ann@test.local', role: 'SERVER_ADMIN', ip: '10.0.0.1', userAgent: 'vitest' };

/** Values that must survive jsonb and still hash the same: nesting, unicode, numbers, escapes. */
const AWKWARD = {
  z: 1,
  a: { y: [3, 2, 1, { b: null, a: [] }], x: {} },
  numbers: [0, -0, 0.1, 0.1 + 0.2, 1e21, 1e-7, -123.456, 2 ** 53 + 2, 1.7976931348623157e308, 5e-324],
  text: ['Zürich', 'Ελληνικά', '日本語', '👩‍💻 emoji', 'e\u0301', 'مرحبا', 'quote " backslash \\ tab \t nl \n', '\u001f'],
  keys: { é: 1, e: 2, E: 3, '10': 4, '9': 5, '': 6, 'a b': 7 },
  flags: [true, false],
  revision: 12345678901234567890n,
  when: new Date('2026-01-02T03:04:05.678Z'),
  dropped: undefined,
};

async function tamper(deps: Deps, sql: string) {
  await deps.db.sql.exec(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
    ${sql};
    ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;`);
}

async function writeSome(deps: Deps, n: number): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      await writeAudit(deps.db.prisma, actor, {
        action: 'test.write',
        targetType: 'node',
        targetName: `n${i}`,
        before: { i },
        after: { i: i + 1, nested: { list: [i] } },
        outcome: 'SUCCESS',
      }),
    );
  }
  return ids;
}

describe('canonical JSON', () => {
  it('sorts keys recursively, keeps array order, writes bigints and dates as strings', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 2 }], a: 1n, when: new Date(0), gone: undefined })).toBe(
      '{"a":"1","b":[2,{"c":2,"d":1}],"when":"1970-01-01T00:00:00.000Z"}',
    );
    expect(canonicalJson([Number.NaN, Infinity, -0])).toBe('[null,null,0]');
  });

  it('makes text storable: NUL and lone surrogates become U+FFFD, pairs stay', () => {
    expect(storableJson({ s: 'a\u0000b', t: '\ud800x', ok: '😀' })).toEqual({ s: 'a\uFFFDb', t: '\uFFFDx', ok: '😀' });
  });
});

describe('the chain in the database', () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => deps?.dispose());

  it('reads back from jsonb to the same canonical text and hash', async () => {
    const id = await writeAudit(deps.db.prisma, actor, {
      action: 'test.awkward',
      before: AWKWARD,
      after: { ...AWKWARD, text: ['nul \u0000 here', 'lone \udc00 surrogate'] },
      outcome: 'SUCCESS',
      error: 'multi\nline \u0000 error',
    });
    const row = await deps.db.prisma.auditEvent.findUniqueOrThrow({ where: { id } });
    expect(canonicalJson(row.before)).toBe(canonicalJson(storableJson(AWKWARD)));
    expect((row.after as { text: string[] }).text).toEqual(['nul \uFFFD here', 'lone \uFFFD surrogate']);
    expect(row.prevHash).toBe(GENESIS_HASH);
    expect(entryHash(row.prevHash, row)).toBe(row.hash);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('links every entry to the one before, also when many are written at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writeAudit(deps.db.prisma, SYSTEM_ACTOR, {
          action: 'test.concurrent',
          targetId: String(i),
          outcome: 'SUCCESS',
        }),
      ),
    );
    // Inside callers' transactions too, rolled back or not.
    await deps.db.prisma.$transaction((tx) => writeAudit(tx, actor, { action: 'test.in-tx', outcome: 'SUCCESS' }));
    await expect(
      deps.db.prisma.$transaction(async (tx) => {
        await writeAudit(tx, actor, { action: 'test.rolled-back', outcome: 'SUCCESS' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const rows = await deps.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(rows.some((r) => r.action === 'test.rolled-back')).toBe(false);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(rows[i]!.at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.at.getTime());
    }
    expect(await verifyAuditChain(deps.db.prisma)).toMatchObject({ intact: true, checked: rows.length });
  });

  it('refuses UPDATE, DELETE and TRUNCATE, also with the archive flag but no archive', async () => {
    const [id] = await writeSome(deps, 1);
    await expect(deps.db.sql.exec(`UPDATE audit_event SET error = 'x' WHERE id = ${id}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(deps.db.sql.exec(`DELETE FROM audit_event WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    await expect(deps.db.sql.exec('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    await expect(
      deps.db.sql.exec(`BEGIN; SET LOCAL cc.audit_archiving = 'on'; DELETE FROM audit_event WHERE id = ${id}; COMMIT;`),
    ).rejects.toThrow(/append-only/);
    await deps.db.sql.exec('ROLLBACK').catch(() => undefined);
    expect(await deps.db.prisma.auditEvent.count({ where: { id } })).toBe(1);
  });
});

describe('tampering through raw SQL is detected', () => {
  let deps: Deps;
  afterEach(async () => deps?.dispose());

  it('an altered `after` breaks the chain at that entry', async () => {
    deps = await createTestDeps();
    const ids = await writeSome(deps, 7);
    expect(await verifyAuditChain(deps.db.prisma)).toMatchObject({ intact: true, checked: 7 });
    const target = ids[3]!;
    await tamper(deps, `UPDATE audit_event SET "after" = '{"i": 999, "nested": {"list": [3]}}' WHERE id = ${target}`);
    const result = await verifyAuditChain(deps.db.prisma);
    expect(result).toMatchObject({ intact: false, brokenAt: target, checked: 3 });
    expect(result.reason).toMatch(/content does not match/);
  });

  it('a deleted entry in the middle breaks the chain at the entry after it', async () => {
    deps = await createTestDeps();
    const ids = await writeSome(deps, 7);
    await tamper(deps, `DELETE FROM audit_event WHERE id = ${ids[4]}`);
    const result = await verifyAuditChain(deps.db.prisma);
    expect(result).toMatchObject({ intact: false, brokenAt: ids[5] });
    expect(result.reason).toMatch(/previous hash does not match/);
  });

  it('an entry rewritten along with its own hash is caught by the next link', async () => {
    deps = await createTestDeps();
    const ids = await writeSome(deps, 4);
    const row = await deps.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: ids[1]! } });
    const forged = entryHash(row.prevHash, { ...row, actorEmail: 'someone-else@test.local' });
    await tamper(
      deps,
      `UPDATE audit_event SET "actorEmail" = 'someone-else@test.local', hash = '${forged}' WHERE id = ${ids[1]}`,
    );
    expect(await verifyAuditChain(deps.db.prisma)).toMatchObject({ intact: false, brokenAt: ids[2] });
    // Verifying from a later entry trusts that entry's link and passes.
    expect(await verifyAuditChain(deps.db.prisma, { fromId: ids[2]! })).toMatchObject({ intact: true, checked: 2 });
  });
});

describe('a database with entries from before the chain', () => {
  it('keeps them as unchained history; the chain starts after them', async () => {
    const db = await openDatabase({ dataDir: 'memory://', migrate: false });
    try {
      const all = readMigrations();
      const at = all.findIndex((m) => m.name.endsWith('_audit_hash_chain'));
      await applyMigrations(db.sql, all.slice(0, at));
      await db.sql.exec(`INSERT INTO audit_event (action, outcome, "after")
        VALUES ('old.one', 'SUCCESS', '{"a": 1}'), ('old.two', 'DENIED', NULL)`);
      await applyMigrations(db.sql, all);
      expect(await db.prisma.auditConfig.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ legacyUpTo: 2n });
      const id = await writeAudit(db.prisma, actor, { action: 'new.one', outcome: 'SUCCESS' });
      expect((await db.prisma.auditEvent.findUniqueOrThrow({ where: { id } })).prevHash).toBe(GENESIS_HASH);
      expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: true, checked: 1, unchained: 2 });
      // An old entry edited is not evidence (it never had a hash); a new one without a hash is.
      await db.sql.exec(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
        UPDATE audit_event SET hash = '' WHERE id = ${id};
        ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;`);
      expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: false, brokenAt: id });
    } finally {
      await db.close();
    }
  });
});
