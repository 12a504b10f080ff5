'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { blanksOmitted, ZCreateAccount } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, PasswordField, useZodForm } from '@cc/ui';

import { Modal } from '~/components/modal';
import { SecretShown } from '~/components/one-time-secret';
import { buttonClass } from '~/components/panel';
import { accountPath } from '~/components/paths';
import { useTRPC } from '~/trpc/react';

// accounts.create's own input; empty boxes mean "no real name" and "generate a password".
const ZForm = blanksOmitted(ZCreateAccount, ['realName', 'password']);

export function CreateAccountDialog({
  open,
  domain,
  onClose,
  onCreated,
}: {
  open: boolean;
  domain: string;
  onClose: () => void;
  onCreated: (address: string, revision: bigint) => void;
}) {
  return (
    <Modal open={open} onClose={onClose} title={`New account in ${domain}`}>
      {/* Mounted only while open: closing the dialog discards a generated password for good. */}
      <CreateAccountForm domain={domain} onClose={onClose} onCreated={onCreated} />
    </Modal>
  );
}

function CreateAccountForm({
  domain,
  onClose,
  onCreated,
}: {
  domain: string;
  onClose: () => void;
  onCreated: (address: string, revision: bigint) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ address: string; password: string } | null>(null);
  const form = useZodForm(ZForm, { domain, name: '', realName: '', password: '' });
  const create = useMutation(
    trpc.accounts.create.mutationOptions({
      // The result may hold a generated password: do not keep it in the mutation cache after unmount.
      gcTime: 0,
      onSuccess: async (result) => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.accounts.list.pathFilter()),
          queryClient.invalidateQueries(trpc.domains.get.queryFilter({ name: domain })),
          queryClient.invalidateQueries(trpc.domains.list.pathFilter()),
        ]);
        onCreated(result.address, result.revision);
        if (result.generatedPassword) {
          setCreated({ address: result.address, password: result.generatedPassword });
        } else {
          onClose();
        }
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );

  if (created) {
    const localPart = created.address.slice(0, created.address.lastIndexOf('@'));
    return (
      <SecretShown
        testId="account-created"
        label="Generated password"
        secret={created.password}
        onDone={onClose}
        actions={
          <Link href={accountPath(domain, localPart)} className={buttonClass.secondary}>
            Open account
          </Link>
        }
      >
        Account <strong className="font-semibold">{created.address}</strong> created.
      </SecretShown>
    );
  }

  return (
    <Form form={form} onSubmit={(values) => create.mutate(values)}>
      <FormField name="name" label="Account name">
        {(control) => (
          <div className="flex items-center gap-1.5">
            <input {...control} autoComplete="off" spellCheck={false} autoFocus maxLength={64} />
            <span className="shrink-0 text-sm text-muted-foreground">@{domain}</span>
          </div>
        )}
      </FormField>
      <FormField name="realName" label="Real name" description="Optional." autoComplete="off" maxLength={200} />
      <PasswordField
        name="password"
        label="Password"
        autoComplete="new-password"
        maxLength={256}
        description="Leave empty to generate a strong one; it is shown once after creating the account."
      />
      <FormActions
        submitLabel="Create account"
        pendingLabel="Creating…"
        pending={create.isPending}
        onCancel={onClose}
      />
    </Form>
  );
}
