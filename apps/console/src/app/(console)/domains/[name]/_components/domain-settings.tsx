'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { DomainDetail } from '~/components/api-types';
import { ScopedSettings } from '~/components/scoped-settings';
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
  const save = useMutation(
    trpc.domains.updateSettings.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.domains.get.queryFilter({ name: domain.name }));
        // Accounts inherit from the domain: their pages must not show the old values.
        await queryClient.invalidateQueries(trpc.accounts.get.pathFilter());
      },
    }),
  );
  return (
    <ScopedSettings
      title="Settings"
      testId="domain-settings"
      intro={
        <>
          Values set here apply to this domain and are the defaults for its accounts; anything not set here comes from
          the cluster-wide defaults.
        </>
      }
      level="domain"
      settings={domain.settings}
      editable={(def) => canEdit && (canManage || def.domainAdmin)}
      save={save}
      onSave={(changes) => save.mutateAsync({ name: domain.name, expectedVersion: domain.version, changes })}
      reload={reload}
    />
  );
}
