'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { DomainDetail } from '~/components/api-types';
import { Panel } from '~/components/panel';
import { PropagationStatus } from '~/components/propagation-status';
import { SettingsForm } from '~/components/settings-form';
import { useTRPC } from '~/trpc/react';

/**
 * The domain's settings: its own values and what it inherits. Domain administrators change only the
 * settings marked for them; the server enforces the same rule.
 */
export function DomainSettings({
  domain,
  canEdit,
  canManage,
  reload,
}: {
  domain: DomainDetail;
  canEdit: boolean;
  canManage: boolean;
  reload: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revision, setRevision] = useState<bigint | null>(null);
  const save = useMutation(
    trpc.domains.updateSettings.mutationOptions({
      onSuccess: async (result) => {
        setRevision(result.revision);
        await queryClient.invalidateQueries(trpc.domains.get.queryFilter({ name: domain.name }));
        // Accounts inherit from the domain: their pages must not show the old values.
        await queryClient.invalidateQueries(trpc.accounts.get.pathFilter());
      },
    }),
  );
  return (
    <Panel title="Settings" testId="domain-settings">
      <p className="mb-3 text-xs text-muted-foreground">
        Values set here apply to this domain and are the defaults for its accounts; anything not set here comes from the
        cluster-wide defaults.
      </p>
      <SettingsForm
        level="domain"
        settings={domain.settings}
        editable={(def) => canEdit && (canManage || def.domainAdmin)}
        pending={save.isPending}
        error={save.error}
        onSave={(changes) => save.mutateAsync({ name: domain.name, expectedVersion: domain.version, changes })}
        onReload={async () => {
          save.reset();
          setRevision(null);
          await reload();
        }}
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
