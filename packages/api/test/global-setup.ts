import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase } from '@cc/db';

/**
 * PGlite's initdb takes seconds: build one migrated database once, and let each test file start
 * from a copy of its data directory.
 */
export default async function setup() {
  if (process.env.DATABASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-pglite-template-'));
  const db = await openDatabase({ dataDir: dir });
  await db.close();
  process.env.CC_TEST_PGLITE_TEMPLATE = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
