import { handleAuthRequest, requestMeta, withDatabase, withRequestContext } from '@cc/api';
import { getRuntime } from '@cc/api/runtime';

export const dynamic = 'force-dynamic';

/** better-auth, with sign-in, failed sign-in and sign-out recorded in the audit log. */
async function handler(req: Request) {
  // A database outage answers 503 with Retry-After (see @cc/api withDatabase).
  return withRequestContext(req, () =>
    withDatabase(async () => {
      const { auth, db, env } = await getRuntime();
      return handleAuthRequest(
        { auth, prisma: db.prisma, accountLimit: env.CC_SIGNIN_FAILURES_PER_ACCOUNT },
        req,
        requestMeta(req.headers),
      );
    }),
  );
}

export { handler as GET, handler as POST };
