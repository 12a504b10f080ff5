// Who a log line is about: the HTTP request it belongs to and, once known, the signed-in actor.
// One AsyncLocalStorage per process (on globalThis: Next.js route bundles each load this module).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
  /** The signed-in user's e-mail, set once the session is read. */
  actor?: string;
}

const KEY = Symbol.for('cluster-console.request-context');
const g = globalThis as { [KEY]?: AsyncLocalStorage<RequestContext> };
const storage: AsyncLocalStorage<RequestContext> = (g[KEY] ??= new AsyncLocalStorage<RequestContext>());

/** A request id a trusted proxy may hand us: short, printable, no separators a log reader would trip on. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestContext = {
  /** Runs `fn` with this request's context; everything it logs (services too) carries the id. */
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  /** Records the actor for the rest of the request (after the session was resolved). */
  setActor(actor: string | null | undefined): void {
    const store = storage.getStore();
    if (store && actor) store.actor = actor;
  },
};

/**
 * The id for a new request: the one a trusted proxy sent in X-Request-Id (when well-formed), so a line
 * in the proxy's log and ours match; otherwise a fresh one. Never a client's own header.
 */
export function requestIdFor(header: string | null | undefined, fromTrustedProxy: boolean): string {
  if (fromTrustedProxy && header && REQUEST_ID.test(header)) return header;
  return randomUUID();
}
