import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureLogs, createLogger } from '@cc/log';

import { createTestDeps } from '../test/db';
import { bootstrapAdmin, INITIAL_ADMIN_FILE } from './bootstrap';

let deps: Awaited<ReturnType<typeof createTestDeps>>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bootstrap-'));

beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the initial administrator', () => {
  it('gets a generated password written only to a 0600 file, never to the log; once', async () => {
    const captured = captureLogs();
    try {
      const log = createLogger('console', { level: 'trace' });
      await bootstrapAdmin(deps.db.prisma, { email: 'first@test.local', password: undefined, dataDir, log });
      await bootstrapAdmin(deps.db.prisma, { email: 'second@test.local', password: undefined, dataDir, log });
    } finally {
      captured.restore();
    }
    const file = path.join(dataDir, INITIAL_ADMIN_FILE);
    const { email, password } = JSON.parse(fs.readFileSync(file, 'utf8')) as { email: string; password: string };
    expect(email).toBe('first@test.local');
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(captured.lines).toHaveLength(1);
    expect(captured.lines[0]).toMatchObject({ level: 'warn', email, file });
    expect(JSON.stringify(captured.lines)).not.toContain(password);
    expect(await deps.db.prisma.user.count()).toBe(1);
  });
});
