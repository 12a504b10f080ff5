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
      className={`border-b px-6 py-1.5 text-sm ${paused ? 'border-warning-border bg-warning-soft text-warning-strong' : 'border-info-border bg-info-soft text-info-strong'}`}
    >
      Rolling upgrade to <strong>{run.targetVersion}</strong> {paused ? 'paused' : 'in progress'}: {run.done} of{' '}
      {run.nodes} nodes done.{' '}
      <Link href={`/upgrades/${run.id}`} className="font-medium underline">
        Open the run
      </Link>
    </div>
  );
}
