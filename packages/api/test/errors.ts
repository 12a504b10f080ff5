import { TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';

export type CallError = TRPCError & { fieldErrors: Record<string, string[]> };

/** The TRPCError a call failed with, with per-field messages from zod or the service. */
export async function callError(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as unknown;
    const fieldErrors =
      cause instanceof ZodError
        ? (z.flattenError(cause).fieldErrors as Record<string, string[]>)
        : ((cause as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {});
    return Object.assign(e, { fieldErrors });
  }
  throw new Error('expected the call to fail');
}
