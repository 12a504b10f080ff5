import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { accessFor, can, PROCEDURE_ACCESS, ROLES } from '@cc/permissions';

import { callerAs, createTestDeps } from '../test/db';
import { appRouter } from './root';

/**
 * Every procedure × every role (and anonymous) against the permission table. Calls use an empty
 * input: the access check runs before input validation, so a refusal is the table speaking.
 */
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>);

let deps: Awaited<ReturnType<typeof createTestDeps>>;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps?.dispose());

describe('permission table coverage', () => {
  it('lists every procedure of the router, and nothing else', () => {
    const paths = procedures.map(([path]) => path).sort();
    expect(paths.filter((p) => accessFor(p) === undefined)).toEqual([]);
    expect(Object.keys(PROCEDURE_ACCESS).sort()).toEqual(paths);
  });
});

describe.each([...ROLES, null] as const)('as %s', (role) => {
  it.each(procedures)('%s is allowed or refused as the table says', async (path, proc) => {
    const caller = await callerAs(deps, role);
    const access = accessFor(path)!;
    const allowed = role !== null && (access === 'signed-in' || can(role, access));
    const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
      i: unknown,
    ) => Promise<unknown>;
    let code: string | null = null;
    try {
      const result = await fn({});
      if (proc._def.type === 'subscription') await (result as AsyncIterator<unknown>).return?.();
    } catch (e) {
      if (!(e instanceof TRPCError)) throw e;
      code = e.code;
    }
    if (role === null) expect(code).toBe('UNAUTHORIZED');
    else if (allowed) expect(code === 'FORBIDDEN' || code === 'UNAUTHORIZED').toBe(false);
    else expect(code).toBe('FORBIDDEN');
  });
});
