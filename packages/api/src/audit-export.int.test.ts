import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUserWithPassword } from '@cc/auth';
import type { Role } from '@cc/db';

import { callerAs, createTestDeps } from '../test/db';
import { handleAuditExport } from './audit-export';
import { entryHash } from './services/audit/chain';
import { CSV_COLUMNS } from './services/audit/export';
import { SYSTEM_ACTOR, writeAudit } from './services/audit/write-audit';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
const BASE = 'http://127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';
let n = 0;

/** A signed-in user's cookie, through better-auth itself. */
async function cookieFor(role: Role, domains: string[] = []): Promise<string> {
  n += 1;
  const email = `export-${n}@test.local`;
  const user = await createUserWithPassword(deps.db.prisma, { email, name: role, role, password: PASSWORD });
  const ds = await deps.db.prisma.sharedDomain.findMany({ where: { name: { in: domains } } });
  await deps.db.prisma.domainAdmin.createMany({ data: ds.map((d) => ({ userId: user.id, domainId: d.id })) });
  const res = await deps.auth.handler(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': `10.8.0.${n}` },
      body: JSON.stringify({ email, password: PASSWORD }),
    }),
  );
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

function exportAs(cookie: string | null, query: string) {
  return handleAuditExport(
    deps,
    new Request(`${BASE}/api/audit/export?${query}`, { headers: cookie ? { cookie } : {} }),
  );
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ',' && !(c === '\r' && text[i + 1] === '\n'))) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else {
      row.push(field);
      field = '';
      if (c === '\r') {
        rows.push(row);
        row = [];
        i++;
      }
    }
  }
  return rows;
}

beforeAll(async () => {
  deps = await createTestDeps();
  const admin = await callerAs(deps, 'SERVER_ADMIN');
  await admin.domains.create({ name: 'one.example' });
  await admin.domains.create({ name: 'two.example' });
  for (let i = 0; i < 1203; i++) {
    await writeAudit(deps.db.prisma, SYSTEM_ACTOR, {
      action: 'test.bulk',
      targetName: i === 5 ? 'tricky, "quoted"\nname' : `t${i}`,
      ...(i === 6 && { targetName: '=HYPERLINK("x")' }),
      after: { i },
      outcome: 'SUCCESS',
    });
  }
});
afterAll(async () => deps?.dispose());

describe('GET /api/audit/export', () => {
  it('answers 401 without a session and 403 for a role without audit:read, as JSON', async () => {
    const anonymous = await exportAs(null, 'format=csv');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'Sign in first.' });
    const operator = await exportAs(await cookieFor('CLUSTER_OPERATOR'), 'format=csv');
    expect(operator.status).toBe(403);
    const bad = await exportAs(await cookieFor('AUDITOR'), 'format=xml');
    expect(bad.status).toBe(400);
  });

  it('refuses what the database cannot hold with 400 and the field: NUL in text, dates beyond 1970-9999', async () => {
    const cookie = await cookieFor('AUDITOR');
    const cases: [string, string][] = [
      ['q=a%00b', 'q'],
      ['actor=%00', 'actor'],
      ['target=x%01', 'target'],
      [`from=${encodeURIComponent('+275760-09-13T00:00:00.000Z')}`, 'from'],
      ['to=0000-01-01T00:00:00Z', 'to'],
    ];
    for (const [query, field] of cases) {
      const res = await exportAs(cookie, `format=csv&${query}`);
      expect(res.status, query).toBe(400);
      expect(Object.keys(((await res.json()) as { fieldErrors: object }).fieldErrors), query).toEqual([field]);
    }
  });

  it('streams the filtered entries as CSV across several pages, quoted per RFC 4180', async () => {
    const res = await exportAs(await cookieFor('AUDITOR'), 'format=csv&action=test.bulk&actor=system');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1203);
    const col = (name: (typeof CSV_COLUMNS)[number]) => header!.indexOf(name);
    expect(rows.map((r) => r[col('action')])).toEqual(Array(1203).fill('test.bulk'));
    expect(rows.map((r) => r[col('targetName')])).toContain('tricky, "quoted"\nname');
    expect(rows.map((r) => r[col('targetName')])).toContain(`'=HYPERLINK("x")`);
    expect(rows[0]![col('after')]).toBe('{"i":1202}');
    const ids = rows.map((r) => BigInt(r[col('id')]!));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
  });

  it('streams JSON lines whose every line still matches its hash, and audits the export', async () => {
    const res = await exportAs(await cookieFor('SERVER_ADMIN'), 'format=jsonl&action=test.&q=t120');
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.targetName).sort()).toEqual(['t120', 't1200', 't1201', 't1202']);
    for (const l of lines) expect(entryHash(l.prevHash, { ...l, id: BigInt(l.id), at: new Date(l.at) })).toBe(l.hash);
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'audit.export' },
      orderBy: { id: 'desc' },
    });
    expect(entry.after).toMatchObject({ format: 'jsonl', filter: { q: 't120' } });
  });

  it('gives a domain administrator only their domains, whatever the filter says', async () => {
    const res = await exportAs(await cookieFor('DOMAIN_ADMIN', ['one.example']), 'format=jsonl&domain=two.example');
    expect(await res.text()).toBe('');
    const mine = await exportAs(await cookieFor('DOMAIN_ADMIN', ['one.example']), 'format=jsonl');
    const lines = (await mine.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.action, l.domain])).toEqual([['domains.create', 'one.example']]);
  });
});
