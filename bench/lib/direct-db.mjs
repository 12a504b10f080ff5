// Direct access to the bench console's database, for scenarios that write large fixtures in bulk:
// a pg client on PostgreSQL, or the PGlite directory itself (only while the console is stopped).
export async function withPostgres(url, fn) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn({ exec: (sql) => client.query(sql), rows: async (sql) => (await client.query(sql)).rows });
  } finally {
    await client.end();
  }
}

export async function withPglite(dir, fn) {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir);
  try {
    return await fn({
      exec: (sql) => db.exec(sql),
      rows: async (sql) => (await db.query(sql)).rows,
      checkpoint: () => db.exec('CHECKPOINT'),
    });
  } finally {
    await db.close();
  }
}
