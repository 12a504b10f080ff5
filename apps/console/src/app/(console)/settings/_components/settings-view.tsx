'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { Family } from '@cc/settings';

import type { ClusterDefaultsFamily } from '~/components/api-types';
import { ErrorPanel, Panel } from '~/components/panel';
import { PropagationStatus } from '~/components/propagation-status';
import { ScopedSettings } from '~/components/scoped-settings';
import { useTRPC } from '~/trpc/react';

import { RecentChanges, RECENT_LIMIT } from './recent-changes';
import { useFormat } from '@cc/ui';

const TITLES: Record<Family, string> = {
  domain: 'Default Domain Settings',
  account: 'Default Account Settings',
  prefs: 'Default WebUser Preferences',
};

export function SettingsView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  // No background refetch: each family saves against the version it was loaded at (conflicts are reported).
  const defaults = useQuery(
    trpc.settings.clusterDefaults.queryOptions(undefined, { refetchOnWindowFocus: false, refetchOnReconnect: false }),
  );
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-muted-foreground">
          Cluster-wide defaults: every domain and account inherits these unless it sets its own value.
          {!canManage && ' Read-only for your role.'}
        </p>
      </div>

      {defaults.error && !defaults.data ? (
        <ErrorPanel>Could not load the cluster defaults: {defaults.error.message}</ErrorPanel>
      ) : !defaults.data ? (
        <p className="text-sm text-muted-foreground">Loading settings…</p>
      ) : (
        defaults.data.map((family) => (
          <FamilyDefaults key={family.family} family={family} canManage={canManage} reload={() => defaults.refetch()} />
        ))
      )}

      <Panel title="Propagation" testId="propagation-panel">
        <p className="mb-2 text-xs text-muted-foreground">
          Every node applies each configuration change; a node that is down catches up when it returns.
        </p>
        <PropagationStatus limit={RECENT_LIMIT} />
      </Panel>
      <RecentChanges />
    </div>
  );
}

function FamilyDefaults({
  family,
  canManage,
  reload,
}: {
  family: ClusterDefaultsFamily;
  canManage: boolean;
  reload: () => Promise<unknown>;
}) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.settings.updateClusterDefaults.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.settings.clusterDefaults.queryFilter());
        // Domains and accounts that inherit show the new value on their pages.
        await queryClient.invalidateQueries(trpc.domains.get.pathFilter());
        await queryClient.invalidateQueries(trpc.accounts.get.pathFilter());
      },
    }),
  );
  return (
    <ScopedSettings
      title={TITLES[family.family]}
      testId={`defaults-${family.family}`}
      actions={
        <span className="text-xs text-muted-foreground">
          Version {family.version}
          {family.updatedAt && ` · changed ${fmt.dateTime(family.updatedAt)}`}
        </span>
      }
      level="cluster"
      settings={family.settings}
      editable={() => canManage}
      save={save}
      onSave={(changes) => save.mutateAsync({ family: family.family, expectedVersion: family.version, changes })}
      reload={reload}
      formTestId={`settings-form-${family.family}`}
    />
  );
}
