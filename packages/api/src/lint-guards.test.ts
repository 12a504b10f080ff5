// The lint rules that keep the sweep's defects from coming back, checked against the repository's own
// eslint.config.js: a service importing an app or tRPC, settings read past env.ts, a promise nobody
// awaits. (Before, a later no-restricted-imports block silently dropped the apps ban for services.)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

async function rulesHit(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const SERVICE = 'packages/api/src/services/nodes/node-state.ts';

describe('lint guards', () => {
  it('a service may import neither an app nor @trpc/server', async () => {
    expect(
      await rulesHit(SERVICE, "import x from '../../../../../apps/console/src/env';\nexport const y = x;\n"),
    ).toEqual(['no-restricted-imports']);
    expect(await rulesHit(SERVICE, "import { TRPCError } from '@trpc/server';\nexport const y = TRPCError;\n")).toEqual(
      ['no-restricted-imports'],
    );
  }, 60_000);

  it('process.env is read only in an env.ts', async () => {
    const code = 'export const y = process.env.CC_ANYTHING;\n';
    expect(await rulesHit(SERVICE, code)).toEqual(['no-restricted-syntax']);
    expect(await rulesHit('apps/node-agent/src/server.ts', code)).toEqual(['no-restricted-syntax']);
    expect(await rulesHit('packages/api/src/env.ts', code)).toEqual([]);
  }, 60_000);

  it('a floating or misused promise is an error', async () => {
    expect(await rulesHit(SERVICE, 'async function f() {\n  return 1;\n}\nf();\nexport {};\n')).toEqual([
      '@typescript-eslint/no-floating-promises',
    ]);
    const misused = 'async function f() {\n  return 1;\n}\nexport const ok = [1].filter(f);\n';
    expect(await rulesHit(SERVICE, misused)).toEqual(['@typescript-eslint/no-misused-promises']);
  }, 60_000);
});
