import path from 'node:path';

import { defineConfig } from 'vitest/config';

// The console's own logic: plain modules (*.test.ts) in Node, components (*.test.tsx) in jsdom with
// Testing Library. `~/` is the app's source root, as in tsconfig.json.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: { '~': path.resolve(import.meta.dirname, 'src') } },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['./vitest.setup.ts'],
        },
      },
    ],
  },
});
