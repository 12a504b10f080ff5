import { twoFactorClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/**
 * Browser-side auth client: same origin, default /api/auth. The sign-in form reads `twoFactorRedirect`
 * from the password step's answer itself, so the plugin is given no redirect page.
 */
export const authClient = createAuthClient({ plugins: [twoFactorClient()] });
