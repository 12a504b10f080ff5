import { defineConfig } from 'prisma/config';

// Connection URLs are only needed by `prisma migrate` commands; generation and the runtime migrator
// (packages/db/src/migrate.ts) do not read them.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/cluster_console' },
});
