import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database; two at a time suits a 2-core machine.
    maxWorkers: 2,
    // Quiet runs: only warnings and errors from the JSON logs (tests that assert on info lines set their own).
    env: { CC_LOG_LEVEL: process.env.CC_LOG_LEVEL ?? 'warn' },
  },
});
