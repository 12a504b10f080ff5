#!/usr/bin/env node
// `npm run audit:verify [-- --from=<id>] [-- --archives]`: checks the audit log's hash chain in the
// console's database and prints "chain intact (N entries)" (exit 0) or "broken at entry N: reason"
// (exit 1). Same DATABASE_URL / CC_DATA_DIR as the console. The check is packages/api/src/audit-cli.ts.
import { register } from 'tsx/esm/api';

register();
const { runAuditVerify } = await import('../packages/api/src/audit-cli.ts');
process.exitCode = await runAuditVerify(process.argv.slice(2));
