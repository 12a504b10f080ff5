#!/usr/bin/env node
// `npm run collector`: polls every node and writes their status, outside the console's web process.
// Same DATABASE_URL and CC_SECRET_KEY (or CC_DATA_DIR) as the consoles; start those with
// CC_COLLECTOR=off. The work is packages/api/src/collector-cli.ts.
import { register } from 'tsx/esm/api';

register();
const { runCollectorProcess } = await import('../packages/api/src/collector-cli.ts');
const stop = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => stop.abort());
process.exitCode = await runCollectorProcess({ signal: stop.signal });
