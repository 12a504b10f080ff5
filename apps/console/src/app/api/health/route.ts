import { getRuntime } from '@cc/api/runtime';

export const dynamic = 'force-dynamic';

/** For load balancers and launchers: 200 once the database is open and migrated. */
export async function GET() {
  try {
    const runtime = await getRuntime();
    await runtime.db.sql.query('SELECT 1');
    return Response.json({ ok: true, collector: runtime.collector?.isLeader() ?? false });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
