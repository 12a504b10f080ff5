'use client';

import { DRIVER_LABELS, notEnforcedOn, type SettingDef } from '@cc/settings';
import { useQuery } from '@tanstack/react-query';

import { useTRPC } from '~/trpc/react';

/** "Not enforced on Dovecot nodes" under a setting that the cluster's kinds of node accept but ignore. */
export function NotEnforcedNote({ def }: { def: Pick<SettingDef, 'enforcedBy'> }) {
  const trpc = useTRPC();
  // One request per page (rows share the query); node kinds change rarely.
  const drivers = useQuery(trpc.settings.nodeDrivers.queryOptions(undefined, { staleTime: 60_000 }));
  const missing = notEnforcedOn(def, drivers.data ?? []);
  if (missing.length === 0) return null;
  return (
    <p data-testid="setting-not-enforced" className="mt-0.5 text-xs text-warning-strong">
      Not enforced on {missing.map((d) => DRIVER_LABELS[d]).join(' and ')} nodes
    </p>
  );
}
