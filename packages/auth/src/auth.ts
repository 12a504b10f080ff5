import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { twoFactor } from 'better-auth/plugins';

import type { PrismaClient } from '@cc/db';

import { authLog } from './logger';

export interface AuthConfig {
  prisma: PrismaClient;
  /** At least 32 characters; signs session cookies. */
  secret: string;
  /** The console's public URL (origin checks and cookie security follow from it). */
  baseURL: string;
  /** Extra origins allowed to post sign-in forms (e.g. the same console reached by another name). */
  trustedOrigins?: string[];
  /** Sign-in attempts per IP and minute, and as many second-factor codes (tests raise it; brute force needs it low). */
  signInPerMinute?: number;
}

export const SESSION_TTL_SECONDS = 8 * 60 * 60;

/**
 * The only header better-auth takes the client's address from (per-address limits, sessions' IP). The
 * console's auth route sets it from the address it derived (never X-Forwarded-For as the client sent
 * it) and drops any copy the client sent.
 */
export const CLIENT_IP_HEADER = 'x-cc-client-ip';

/** The name authenticator apps show beside the code. */
export const TWO_FACTOR_ISSUER = 'Cluster Console';

/** Consecutive wrong second-factor codes (any challenge, TOTP or backup code) before the account locks. */
export const TWO_FACTOR_MAX_FAILURES = 10;
export const TWO_FACTOR_LOCK_SECONDS = 15 * 60;

export function createAuth(config: AuthConfig) {
  return betterAuth({
    appName: 'Cluster Console',
    baseURL: config.baseURL,
    secret: config.secret,
    trustedOrigins: config.trustedOrigins ?? [],
    database: prismaAdapter(config.prisma, { provider: 'postgresql' }),
    // Accounts are created by administrators (and the first-start bootstrap), never by sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    session: { expiresIn: SESSION_TTL_SECONDS, updateAge: 15 * 60 },
    user: {
      additionalFields: {
        role: { type: 'string', input: false, required: false },
        disabled: { type: 'boolean', input: false, required: false },
        mustChangePassword: { type: 'boolean', input: false, required: false },
      },
    },
    rateLimit: {
      enabled: true,
      // In the cluster database, so several console processes share one budget.
      storage: 'database',
      customRules: {
        '/sign-in/email': { window: 60, max: config.signInPerMinute ?? 10 },
        // Six digits fall to guessing without a budget: the same one as passwords, per address and path.
        '/two-factor/verify-*': { window: 60, max: config.signInPerMinute ?? 10 },
      },
    },
    plugins: [
      twoFactor({
        issuer: TWO_FACTOR_ISSUER,
        // TOTP needs the secret itself, so it is encrypted with the console secret (the plugin's own
        // choice); the backup codes are too, never plain (the plugin checks them by comparing clear text,
        // so a one-way hash is not an option it offers).
        backupCodeOptions: { storeBackupCodes: 'encrypted', amount: 10, length: 10 },
        // Besides the five tries per sign-in challenge: the account locks after repeated failures.
        accountLockout: {
          enabled: true,
          maxFailedAttempts: TWO_FACTOR_MAX_FAILURES,
          durationSeconds: TWO_FACTOR_LOCK_SECONDS,
        },
        // Five minutes to type the code after the password.
        twoFactorCookieMaxAge: 5 * 60,
      }),
    ],
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: config.baseURL.startsWith('https://'),
      cookiePrefix: 'cc',
    },
    telemetry: { enabled: false },
    logger: { log: authLog },
    databaseHooks: {
      session: {
        create: {
          // A disabled user keeps nothing: refuse the session at the source.
          before: async (session) => {
            const user = await config.prisma.user.findUnique({
              where: { id: session.userId },
              select: { disabled: true },
            });
            return user?.disabled ? false : { data: session };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
