import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callError } from '../../test/errors';
import { callerAs, createTestDeps, domainAdminCaller } from '../../test/db';
import { writeAudit, type Actor } from '../services/audit/write-audit';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
type Caller = Awaited<ReturnType<typeof callerAs>>;
let deps: Deps;
let admin: Caller;
let auditor: Caller;

const alice: Actor = { id: 'a', email: 'alice@ops.test', role: 'SERVER_ADMIN', ip: '10.9.0.1', userAgent: 'ua' };
const bob: Actor = { id: 'b', email: 'bob@ops.test', role: 'CLUSTER_OPERATOR', ip: '10.9.0.2', userAgent: 'ua' };

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  auditor = await callerAs(deps, 'AUDITOR');
  await admin.domains.create({ name: 'mine.example' });
  await admin.domains.create({ name: 'theirs.example' });
  const { version } = await admin.domains.get({ name: 'mine.example' });
  await admin.domains.updateSettings({ name: 'mine.example', expectedVersion: version, changes: { language: 'fr' } });
  for (let i = 0; i < 30; i++) {
    await writeAudit(deps.db.prisma, i % 2 ? alice : bob, {
      action: i % 3 ? 'node.make-ready' : 'node.make-non-ready',
      targetType: 'node',
      targetId: `node-${i % 5}`,
      targetName: `mail-${i % 5}`,
      after: { reason: i === 7 ? 'INC-4711 disk swap' : 'routine' },
      outcome: i % 10 === 9 ? 'FAILURE' : 'SUCCESS',
      ...(i % 10 === 9 && { error: 'connection refused' }),
    });
  }
});
afterAll(async () => deps?.dispose());

describe('audit.list', () => {
  it('pages newest first by keyset, without gaps or repeats', async () => {
    const total = await deps.db.prisma.auditEvent.count();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await auditor.audit.list({ limit: 7, ...(cursor && { cursor }) });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(seen.map(BigInt)).toEqual([...seen.map(BigInt)].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  });

  it('filters by actor, action prefix, target (id or name), outcome, domain and type', async () => {
    const ids = async (input: Parameters<Caller['audit']['list']>[0]) =>
      (await auditor.audit.list({ limit: 200, ...input })).items;
    expect((await ids({ actor: 'Alice@ops.test' })).every((e) => e.actorEmail === 'alice@ops.test')).toBe(true);
    expect(await ids({ actor: 'alice@ops.test' })).toHaveLength(15);
    expect(await ids({ action: 'node.make-non' })).toHaveLength(10);
    expect(await ids({ action: 'node.' })).toHaveLength(30);
    expect(await ids({ target: 'node-3' })).toHaveLength(6);
    expect(await ids({ target: 'mail-3', actor: 'bob@ops.test' })).toHaveLength(3);
    expect((await ids({ outcome: 'FAILURE' })).map((e) => e.error)).toEqual(Array(3).fill('connection refused'));
    const mine = await ids({ domain: 'mine.example' });
    expect(mine.map((e) => e.action).sort()).toEqual(['domains.create', 'domains.updateSettings']);
    expect(await ids({ targetType: 'domain', domain: 'theirs.example' })).toHaveLength(1);
    // A literal "%" or "_" is not a wildcard.
    expect(await ids({ action: 'node%' })).toHaveLength(0);
  });

  it('filters by time range', async () => {
    const rows = await deps.db.prisma.auditEvent.findMany({
      where: { action: { startsWith: 'node.' } },
      orderBy: { id: 'asc' },
    });
    const from = rows[10]!.at;
    const to = rows[19]!.at;
    const inRange = rows.filter((r) => r.at >= from && r.at <= to).map((r) => r.id.toString());
    const page = await auditor.audit.list({ from, to, action: 'node.', limit: 200 });
    expect(page.items.map((e) => e.id).sort()).toEqual(inRange.sort());
    expect((await callError(auditor.audit.list({ from: to, to: new Date(from.getTime() - 1) }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('searches free text in names, errors and the before/after values', async () => {
    const hit = await auditor.audit.list({ q: 'inc-4711' });
    expect(hit.items).toHaveLength(1);
    expect(hit.items[0]).toMatchObject({ actorEmail: 'alice@ops.test', targetName: 'mail-2' });
    expect((await auditor.audit.list({ q: 'REFUSED', actor: 'alice@ops.test' })).items).toHaveLength(3);
    expect((await auditor.audit.list({ q: '"language": "fr"' })).items.map((e) => e.action)).toEqual([
      'domains.updateSettings',
    ]);
    expect((await auditor.audit.list({ q: 'no such words anywhere' })).items).toEqual([]);
  });

  it('shows a domain administrator only the entries of their domains', async () => {
    const dora = await domainAdminCaller(deps, ['mine.example']);
    const page = await dora.audit.list({ limit: 200 });
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(page.items.map((e) => e.domain))).toEqual(new Set(['mine.example']));
    expect((await dora.audit.list({ domain: 'theirs.example' })).items).toEqual([]);
    const theirs = await deps.db.prisma.auditEvent.findFirstOrThrow({ where: { domain: 'theirs.example' } });
    expect((await callError(dora.audit.get({ id: theirs.id.toString() }))).code).toBe('NOT_FOUND');
    const nobody = await domainAdminCaller(deps, []);
    expect((await nobody.audit.list({})).items).toEqual([]);
  });

  it('is refused to cluster operators', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    expect((await callError(operator.audit.list({}))).code).toBe('FORBIDDEN');
    expect((await callError(operator.audit.get({ id: '1' }))).code).toBe('FORBIDDEN');
  });
});

describe('audit.get and audit.verify', () => {
  it('returns one entry with its values, hashes and a key-by-key diff', async () => {
    const { items } = await auditor.audit.list({ action: 'domains.updateSettings', domain: 'mine.example' });
    const entry = await auditor.audit.get({ id: items[0]!.id });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.diff).toContainEqual({ path: 'settings.language', before: undefined, after: 'fr', change: 'added' });
    expect(entry.diff.find((d) => d.path === 'revision')?.change).toBe('added');
    expect((await callError(auditor.audit.get({ id: '999999' }))).code).toBe('NOT_FOUND');
  });

  it('says the chain is intact, also after more entries, and reads every entry again when asked', async () => {
    const first = await auditor.audit.verify();
    expect(first).toMatchObject({ intact: true, brokenAt: null });
    await writeAudit(deps.db.prisma, alice, { action: 'test.more', outcome: 'SUCCESS' });
    const next = await auditor.audit.verify();
    expect(next.checked).toBe(first.checked + 1);
    expect(next.fullCheckAt).toEqual(first.fullCheckAt);
    const full = await auditor.audit.verify({ full: true });
    expect(full.checked).toBe(next.checked);
    expect(full.fullCheckAt.getTime()).toBeGreaterThan(first.fullCheckAt.getTime());
  });
});

describe('audit settings', () => {
  it('lets the server administrator set retention, versioned and audited; others are refused', async () => {
    const current = await admin.audit.retention();
    expect(current.retentionDays).toBeNull();
    await admin.audit.updateRetention({ retentionDays: 400, expectedVersion: current.version });
    expect((await admin.audit.retention()).retentionDays).toBe(400);
    const stale = await callError(admin.audit.updateRetention({ retentionDays: 1, expectedVersion: current.version }));
    expect(stale.code).toBe('CONFLICT');
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'audit.updateRetention', outcome: 'SUCCESS' },
    });
    expect(entry).toMatchObject({ before: { retentionDays: null }, after: { retentionDays: 400 } });
    expect((await callError(auditor.audit.retention())).code).toBe('FORBIDDEN');
    expect((await callError(auditor.audit.updateSyslog({} as never))).code).toBe('FORBIDDEN');
    const bad = await callError(
      admin.audit.updateSyslog({
        enabled: true,
        host: '',
        port: 514,
        protocol: 'udp',
        appName: 'has space',
        expectedVersion: 0,
      }),
    );
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['appName', 'host']);
  });
});
