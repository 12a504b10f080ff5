// The browser bundles these schemas: anything server-only they import (Prisma, node: modules, the
// node API client) would break the console's client build or leak into it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const ALLOWED = new Set(['zod', '@cc/permissions', '@cc/settings', '@cc/node-api/contract']);
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)';/gms)].map((m) => m[1]!);

/** Every module a file reaches through relative imports, within its own package. */
function reach(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const spec of importsOf(entry)) {
    if (spec.startsWith('.')) reach(path.resolve(path.dirname(entry), `${spec}.ts`), seen);
  }
  return seen;
}

describe('@cc/schemas is browser-safe', () => {
  it('imports only zod, @cc/permissions, @cc/settings and the node API contract', () => {
    const dir = import.meta.dirname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const spec of importsOf(path.join(dir, file))) {
        if (!spec.startsWith('./')) expect(ALLOWED, `${file} imports ${spec}`).toContain(spec);
      }
    }
  });

  it('the node API contract, the permissions and the settings reach no node: module or other package', () => {
    const entries = [
      path.resolve(import.meta.dirname, '../../permissions/src/index.ts'),
      path.resolve(import.meta.dirname, '../../node-api/src/contract.ts'),
      path.resolve(import.meta.dirname, '../../settings/src/index.ts'),
    ];
    for (const entry of entries) {
      for (const file of reach(entry)) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) expect(spec, `${file} imports ${spec}`).toBe('zod');
        }
      }
    }
  });
});
