import { randomBytes } from 'node:crypto';

import pg from 'pg';

/** With DATABASE_URL set, each end-to-end run gets its own database on that server. */
export async function createFreshDatabase(): Promise<{ url: string } | null> {
  const server = process.env.DATABASE_URL;
  if (!server) return null;
  const name = `cc_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString() };
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const server = process.env.DATABASE_URL;
  if (!server || !/^cc_e2e_[0-9a-f]+$/.test(name)) return;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
