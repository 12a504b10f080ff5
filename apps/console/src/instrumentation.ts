import { consoleEnv } from './env';

/** Starts the server runtime (migrations, bootstrap, collector) when the process boots, not on first request. */
export async function register() {
  if (consoleEnv().NEXT_RUNTIME !== 'nodejs') return;
  // Route handlers never see the socket: the server stamps each request with its peer's address
  // (the client IP, or the proxy's when CC_TRUSTED_PROXIES names it). Before anything slow.
  const [{ Server }, { installPeerAddressHeader }] = await Promise.all([import('node:http'), import('@cc/api')]);
  installPeerAddressHeader(Server.prototype);
  const { getRuntime } = await import('@cc/api/runtime');
  const runtime = await getRuntime();
  console.log(`[console] ready on ${runtime.env.CC_PUBLIC_URL} (database: ${runtime.db.description})`);
  const stop = () => void runtime.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
