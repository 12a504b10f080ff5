'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { AccountDetail } from '~/components/api-types';
import { Panel } from '~/components/panel';
import { PropagationStatus } from '~/components/propagation-status';
import { SettingsForm } from '~/components/settings-form';
import { useTRPC } from '~/trpc/react';

/** The account's overrides over its domain's values (and, through those, the cluster defaults). */
export function AccountSettings({
  account,
  canEdit,
  canManage,
  reload,
}: {
  account: AccountDetail;
  canEdit: boolean;
  canManage: boolean;
  reload: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revision, setRevision] = useState<bigint | null>(null);
  const save = useMutation(
    trpc.accounts.updateSettings.mutationOptions({
      onSuccess: async (result) => {
        setRevision(result.revision);
        await queryClient.invalidateQueries(trpc.accounts.get.queryFilter({ address: account.address }));
      },
    }),
  );
  return (
    <Panel title="Settings" testId="account-settings">
      <p className="mb-3 text-xs text-muted-foreground">
        Values set on the account override the domain&apos;s; everything else follows {account.domain} and the
        cluster-wide defaults.
      </p>
      <SettingsForm
        level="account"
        settings={account.settings}
        editable={(def) => canEdit && (canManage || def.domainAdmin)}
        pending={save.isPending}
        error={save.error}
        onSave={(changes) => save.mutateAsync({ address: account.address, expectedVersion: account.version, changes })}
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
