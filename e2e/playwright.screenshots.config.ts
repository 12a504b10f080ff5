import { defineConfig } from '@playwright/test';

import base from './playwright.config';

// The docs screenshots (docs/screenshots/*.png) against the same demo cluster as the specs. Kept out of
// the spec run (testDir ./tests): `npx playwright test -c playwright.screenshots.config.ts`, with
// SHOTS_PREFIX=before to capture the light-only "before" set.
export default defineConfig({
  ...base,
  testDir: './docs-screenshots',
  reporter: [['list']],
  use: { ...base.use, viewport: { width: 1280, height: 800 } },
});
