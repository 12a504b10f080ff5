import { createAuthClient } from 'better-auth/react';

/** Browser-side auth client: same origin, default /api/auth. */
export const authClient = createAuthClient();
