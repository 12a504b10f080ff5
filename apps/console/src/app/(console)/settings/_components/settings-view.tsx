'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { Family } from '@cc/settings';

import type { ClusterDefaultsFamily } from '~/components/api-types';
import { ErrorPanel, Panel } from '~/components/panel';
import { PropagationStatus } from '~/components/propagation-status';
import { SettingsForm } from '~/components/settings-form';
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
  const [revision, setRevision] = useState<bigint | null>(null);
  const save = useMutation(
    trpc.settings.updateClusterDefaults.mutationOptions({
      onSuccess: async (result) => {
        setRevision(result.revision);
        await queryClient.invalidateQueries(trpc.settings.clusterDefaults.queryFilter());
        // Domains and accounts that inherit show the new value on their pages.
        await queryClient.invalidateQueries(trpc.domains.get.pathFilter());
        await queryClient.invalidateQueries(trpc.accounts.get.pathFilter());
      },
    }),
  );
  return (
    <Panel
      title={TITLES[family.family]}
      testId={`defaults-${family.family}`}
      actions={
        <span className="text-xs text-muted-foreground">
          Version {family.version}
          {family.updatedAt && ` · changed ${fmt.dateTime(family.updatedAt)}`}
        </span>
      }
    >
      <SettingsForm
        level="cluster"
        settings={family.settings}
        editable={() => canManage}
        pending={save.isPending}
        error={save.error}
        onSave={(changes) => save.mutateAsync({ family: family.family, expectedVersion: family.version, changes })}
        onReload={async () => {
          save.reset();
          setRevision(null);
          await reload();
        }}
        testId={`settings-form-${family.family}`}
      />
      {revision !== null && !save.error && (
        <div className="mt-3">
          <p role="status" className="mb-1.5 text-sm text-success-strong">
            Saved.
          </p>
          <PropagationStatus revision={revision} />
        </div>
      )}
    </Panel>
  );
}
