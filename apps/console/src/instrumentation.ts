/** Starts the server runtime (migrations, bootstrap, collector) when the process boots, not on first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getRuntime } = await import('@cc/api/runtime');
  const runtime = await getRuntime();
  console.log(`[console] ready on ${runtime.env.CC_PUBLIC_URL} (database: ${runtime.db.description})`);
  const stop = () => void runtime.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
