'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { useTRPC } from '~/trpc/react';

/** On every page while an upgrade runs or is paused: nodes going Non-Ready then are expected. */
export function UpgradeBanner() {
  const trpc = useTRPC();
  const pathname = usePathname();
  const active = useQuery(trpc.upgrades.active.queryOptions(undefined, { refetchInterval: 5000 }));
  const run = active.data;
  if (!run || pathname.startsWith('/upgrades')) return null;
  const paused = run.state === 'paused';
  return (
    <div
      role="status"
      data-testid="upgrade-banner"
      className={`border-b px-6 py-1.5 text-sm ${paused ? 'border-amber-200 bg-amber-50 text-amber-900' : 'border-sky-200 bg-sky-50 text-sky-900'}`}
    >
      Rolling upgrade to <strong>{run.targetVersion}</strong> {paused ? 'paused' : 'in progress'}: {run.done} of{' '}
      {run.nodes} nodes done.{' '}
      <Link href={`/upgrades/${run.id}`} className="font-medium underline">
        Open the run
      </Link>
    </div>
  );
}
