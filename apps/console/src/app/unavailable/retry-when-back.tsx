'use client';

import { useEffect } from 'react';

/** Polls /api/health (200 once the database answers) and then goes back to the page asked for. */
export function RetryWhenBack({ target, intervalMs }: { target: string; intervalMs: number }) {
  useEffect(() => {
    const timer = setInterval(() => {
      void fetch('/api/health', { cache: 'no-store' }).then(
        (res) => res.ok && window.location.replace(target),
        () => undefined,
      );
    }, intervalMs);
    return () => clearInterval(timer);
  }, [target, intervalMs]);
  return (
    <a href={target} className="mt-4 inline-block text-sm font-medium text-foreground underline">
      Try again now
    </a>
  );
}
