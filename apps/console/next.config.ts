import path from 'node:path';

import type { NextConfig } from 'next';

const root = path.resolve(import.meta.dirname, '../..');

const config: NextConfig = {
  // Native/wasm database drivers load their own files at run time: keep them out of the bundle.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    'pg',
    '@prisma/adapter-pg',
    '@prisma/client',
  ],
  transpilePackages: [
    '@cc/api',
    '@cc/auth',
    '@cc/db',
    '@cc/log',
    '@cc/node-api',
    '@cc/permissions',
    '@cc/ports',
    '@cc/settings',
    '@cc/sizing',
    '@cc/schemas',
    '@cc/ui',
  ],
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default config;
