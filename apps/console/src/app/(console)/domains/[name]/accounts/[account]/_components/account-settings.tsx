'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { AccountDetail } from '~/components/api-types';
import { ScopedSettings } from '~/components/scoped-settings';
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
  const save = useMutation(
    trpc.accounts.updateSettings.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.accounts.get.queryFilter({ address: account.address }));
      },
    }),
  );
  return (
    <ScopedSettings
      title="Settings"
      testId="account-settings"
      intro={
        <>
          Values set on the account override the domain&apos;s; everything else follows {account.domain} and the
          cluster-wide defaults.
        </>
      }
      level="account"
      settings={account.settings}
      editable={(def) => canEdit && (canManage || def.domainAdmin)}
      save={save}
      onSave={(changes) => save.mutateAsync({ address: account.address, expectedVersion: account.version, changes })}
      reload={reload}
    />
  );
}
