import { defineConfig } from 'vitest/config';

// Real HTTP servers and child processes: allow for a busy CI machine.
export default defineConfig({ test: { testTimeout: 20_000, hookTimeout: 20_000 } });
