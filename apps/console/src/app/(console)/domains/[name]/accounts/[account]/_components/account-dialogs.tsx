'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent, type ReactNode } from 'react';

import type { AccountDetail } from '~/components/api-types';
import { setFlash, type Change } from '~/components/flash';
import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { OneTimeSecret } from '~/components/one-time-secret';
import { buttonClass } from '~/components/panel';
import { accountPath } from '~/components/paths';
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
  const id = useId();
  const [password, setPassword] = useState('');
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
  const errors = fieldErrorsOf(reset.error);

  if (generated) {
    return (
      <div className="space-y-4 text-sm">
        <OneTimeSecret label="New password" secret={generated} />
        <Buttons>
          <button type="button" onClick={onClose} autoFocus className={buttonClass.primary}>
            Done
          </button>
        </Buttons>
      </div>
    );
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    reset.mutate({ address: account.address, password: password === '' ? undefined : password });
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5 text-sm">
      <Field
        id={`${id}-password`}
        name="password"
        label="New password"
        errors={errors.password}
        hint="Leave empty to generate a strong one; it is shown once."
      >
        <input
          id={`${id}-password`}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          autoFocus
          maxLength={256}
          className={inputClass}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? `${id}-password-error` : undefined}
        />
      </Field>
      <ErrorSummary error={reset.error} fields={['password']} />
      <Buttons>
        <button type="button" onClick={onClose} className={buttonClass.quiet}>
          Cancel
        </button>
        <button type="submit" disabled={reset.isPending} aria-busy={reset.isPending} className={buttonClass.primary}>
          {password === '' ? 'Generate new password' : 'Set password'}
        </button>
      </Buttons>
    </form>
  );
}

function RenameAccountForm({ account, onCancel }: { account: AccountDetail; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const id = useId();
  const [newName, setNewName] = useState('');
  const rename = useMutation(
    trpc.accounts.rename.mutationOptions({
      onSuccess: async ({ address, revision }) => {
        // Marked stale, not refetched: the old address answers 404 now, and this page is about to leave.
        await queryClient.invalidateQueries({ ...trpc.accounts.get.pathFilter(), refetchType: 'none' });
        await queryClient.invalidateQueries(trpc.accounts.list.pathFilter());
        const path = accountPath(account.domain, address.slice(0, address.lastIndexOf('@')));
        setFlash({ path, message: `Account ${account.address} renamed to ${address}.`, revision });
        router.replace(path);
      },
    }),
  );
  const errors = fieldErrorsOf(rename.error);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    rename.mutate({ address: account.address, newName, expectedVersion: account.version });
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5 text-sm">
      <Field id={`${id}-newName`} name="newName" label="New account name" errors={errors.newName}>
        <div className="flex items-center gap-1.5">
          <input
            id={`${id}-newName`}
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            maxLength={64}
            className={inputClass}
            aria-invalid={errors.newName ? true : undefined}
            aria-describedby={errors.newName ? `${id}-newName-error` : undefined}
          />
          <span className="shrink-0 text-muted-foreground">@{account.domain}</span>
        </div>
      </Field>
      <ErrorSummary error={rename.error} fields={['newName']} />
      <Buttons>
        <button type="button" onClick={onCancel} className={buttonClass.quiet}>
          Cancel
        </button>
        <button type="submit" disabled={rename.isPending} aria-busy={rename.isPending} className={buttonClass.primary}>
          {rename.isPending ? 'Renaming…' : 'Rename account'}
        </button>
      </Buttons>
    </form>
  );
}

function Buttons({ children }: { children: ReactNode }) {
  return <div className="flex justify-end gap-2 border-t border-border pt-4">{children}</div>;
}
