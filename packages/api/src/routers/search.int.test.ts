import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callError } from '../../test/errors';
import { callerAs, createTestDeps, domainAdminCaller } from '../../test/db';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
  await deps.db.prisma.node.create({
    data: { name: 'Palette-BE1', role: 'BACKEND', adminUrl: 'http://127.0.0.1:1', tokenEnc: deps.secrets.seal('t') },
  });
  for (const domain of ['ours.example', 'theirs.example']) {
    await admin.domains.create({ name: domain });
    await admin.accounts.create({ domain, name: 'palette.user' });
  }
});
afterAll(async () => deps?.dispose());

describe('search.palette', () => {
  it('finds nodes (any case), domains and accounts for a server administrator', async () => {
    const hits = await admin.search.palette({ q: 'palette' });
    expect(hits.nodes.map((n) => n.name)).toEqual(['Palette-BE1']);
    expect(hits.accounts.map((a) => a.address).sort()).toEqual([
      'palette.user@ours.example',
      'palette.user@theirs.example',
    ]);
    expect((await admin.search.palette({ q: 'ours' })).domains).toEqual([{ name: 'ours.example' }]);
    const narrowed = await admin.search.palette({ q: 'palette.user@the' });
    expect(narrowed.accounts.map((a) => a.address)).toEqual(['palette.user@theirs.example']);
  });

  it("never shows a domain administrator another domain's accounts or domains, nor nodes", async () => {
    const dora = await domainAdminCaller(deps, ['ours.example']);
    const hits = await dora.search.palette({ q: 'palette' });
    expect(hits.nodes).toEqual([]);
    expect(hits.accounts.map((a) => a.address)).toEqual(['palette.user@ours.example']);
    expect((await dora.search.palette({ q: 'example' })).domains).toEqual([{ name: 'ours.example' }]);
    expect((await dora.search.palette({ q: 'palette.user@theirs' })).accounts).toEqual([]);
  });

  it('refuses an empty query as a field error and a missing session as 401', async () => {
    const err = await callError(admin.search.palette({ q: '   ' }));
    expect(err.code).toBe('BAD_REQUEST');
    const anonymous = await callerAs(deps, null);
    await expect(anonymous.search.palette({ q: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
