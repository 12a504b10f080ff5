import { consoleEnv } from './env';

/** Starts the server runtime (migrations, bootstrap, collector) when the process boots, not on first request. */
export async function register() {
  if (consoleEnv().NEXT_RUNTIME !== 'nodejs') return;
  // Route handlers never see the socket: the server stamps each request with its peer's address
  // (the client IP, or the proxy's when CC_TRUSTED_PROXIES names it). Before anything slow.
  const [{ Server }, { installPeerAddressHeader }, { createLogger }] = await Promise.all([
    import('node:http'),
    import('@cc/api'),
    import('@cc/log'),
  ]);
  installPeerAddressHeader(Server.prototype);
  const { getRuntime } = await import('@cc/api/runtime');
  let runtime: Awaited<ReturnType<typeof getRuntime>>;
  try {
    runtime = await getRuntime();
  } catch (e) {
    // A wrong setting is one line naming the variable (npm run serve checks the same before Next.js boots).
    if (e instanceof Error && e.name === 'ConfigError') {
      process.stderr.write(`cluster-console: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  createLogger('console', { level: runtime.env.CC_LOG_LEVEL }).info(
    { url: runtime.env.CC_PUBLIC_URL, database: runtime.db.description },
    'console ready',
  );
  const stop = () => void runtime.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
