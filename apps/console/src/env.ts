// What the console app itself reads from the environment, validated once. The server runtime's
// settings are @cc/api's env.ts; these are the few the proxy and instrumentation need before it loads.
import { z } from 'zod';

const ZConsoleEnv = z.object({
  /** Set by Next.js: which runtime this bundle runs in. */
  NEXT_RUNTIME: z.enum(['nodejs', 'edge']).optional(),
  CC_PUBLIC_URL: z.string().url().optional(),
  CC_TRUSTED_ORIGINS: z.string().optional(),
});
export type ConsoleEnv = z.infer<typeof ZConsoleEnv>;

let memo: ConsoleEnv | undefined;

export function consoleEnv(): ConsoleEnv {
  if (memo) return memo;
  const parsed = ZConsoleEnv.safeParse({
    NEXT_RUNTIME: process.env.NEXT_RUNTIME,
    CC_PUBLIC_URL: process.env.CC_PUBLIC_URL,
    CC_TRUSTED_ORIGINS: process.env.CC_TRUSTED_ORIGINS,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid console configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  memo = parsed.data;
  return memo;
}
