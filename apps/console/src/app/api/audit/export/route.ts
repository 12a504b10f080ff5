import { handleAuditExport, withDatabase, withRequestContext } from '@cc/api';
import { getRuntime } from '@cc/api/runtime';

export const dynamic = 'force-dynamic';

/** The audit log under the current filter, streamed as CSV or JSON lines (see @cc/api audit-export). */
export function GET(req: Request) {
  return withRequestContext(req, () => withDatabase(async () => handleAuditExport(await getRuntime(), req)));
}
