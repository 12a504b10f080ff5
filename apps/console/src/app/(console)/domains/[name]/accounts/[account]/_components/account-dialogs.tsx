'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ZAccountPassword, ZRenameAccount } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, useZodForm } from '@cc/ui';

import type { AccountDetail } from '~/components/api-types';
import type { Change } from '~/components/flash';
import { Modal } from '~/components/modal';
import { NewPasswordForm } from '~/components/new-password-form';
import { SecretShown } from '~/components/one-time-secret';
import { accountPath } from '~/components/paths';
import { useLeavePage } from '~/components/use-leave-page';
import { useTRPC } from '~/trpc/react';

import { DeleteAccountForm } from './delete-account-form';

export type AccountDialog = 'password' | 'rename' | 'delete';

const TITLES: Record<AccountDialog, string> = {
  password: 'Reset password',
  rename: 'Rename account',
  delete: 'Delete account',
};

export function AccountDialogs({
  account,
  open,
  onClose,
  onChange,
}: {
  account: AccountDetail;
  open: AccountDialog | null;
  onClose: () => void;
  onChange: (change: Change) => void;
}) {
  return (
    <Modal open={open !== null} onClose={onClose} title={open ? `${TITLES[open]}: ${account.address}` : ''}>
      {/* Mounted only while open: a generated password is gone once the dialog closes. */}
      {open === 'password' && <ResetPasswordForm account={account} onClose={onClose} onChange={onChange} />}
      {open === 'rename' && <RenameAccountForm account={account} onCancel={onClose} />}
      {open === 'delete' && <DeleteAccountForm account={account} onCancel={onClose} />}
    </Modal>
  );
}

function ResetPasswordForm({
  account,
  onClose,
  onChange,
}: {
  account: AccountDetail;
  onClose: () => void;
  onChange: (change: Change) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [generated, setGenerated] = useState<string | null>(null);
  const reset = useMutation(
    trpc.accounts.resetPassword.mutationOptions({
      // The result may hold the generated password: not kept in the mutation cache after unmount.
      gcTime: 0,
      onSuccess: async (result) => {
        await queryClient.invalidateQueries(trpc.accounts.get.queryFilter({ address: account.address }));
        onChange({ message: 'Password changed.', revision: result.revision });
        if (result.generatedPassword) setGenerated(result.generatedPassword);
        else onClose();
      },
    }),
  );

  if (generated)
    return <SecretShown testId="account-password" label="New password" secret={generated} onDone={onClose} />;
  return (
    <NewPasswordForm
      password={ZAccountPassword}
      pending={reset.isPending}
      onSubmit={(password) => reset.mutateAsync({ address: account.address, password })}
      onCancel={onClose}
    />
  );
}

function RenameAccountForm({ account, onCancel }: { account: AccountDetail; onCancel: () => void }) {
  const trpc = useTRPC();
  const leave = useLeavePage();
  const form = useZodForm(ZRenameAccount, { address: account.address, newName: '', expectedVersion: account.version });
  const rename = useMutation(
    trpc.accounts.rename.mutationOptions({
      onSuccess: ({ address, revision }) =>
        leave({
          gone: [trpc.accounts.get.pathFilter()],
          refresh: [trpc.accounts.list.pathFilter()],
          path: accountPath(account.domain, address.slice(0, address.lastIndexOf('@'))),
          message: `Account ${account.address} renamed to ${address}.`,
          revision,
          replace: true,
        }),
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  return (
    <Form form={form} onSubmit={(values) => rename.mutate(values)} className="text-sm">
      <FormField name="newName" label="New account name">
        {(control) => (
          <div className="flex items-center gap-1.5">
            <input {...control} autoComplete="off" spellCheck={false} autoFocus maxLength={64} />
            <span className="shrink-0 text-muted-foreground">@{account.domain}</span>
          </div>
        )}
      </FormField>
      <FormActions
        submitLabel="Rename account"
        pendingLabel="Renaming…"
        pending={rename.isPending}
        onCancel={onCancel}
      />
    </Form>
  );
}
