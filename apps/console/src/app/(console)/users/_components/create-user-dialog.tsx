'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { blankAsUndefined, ZCreateUser, ZUserPassword } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, PasswordField, useZodForm } from '@cc/ui';

import { Modal } from '~/components/modal';
import { SecretShown } from '~/components/one-time-secret';
import { useTRPC } from '~/trpc/react';

import { domainsFor, UserFields } from './user-fields';

// The procedure's own input; an empty password box means "generate one".
const ZForm = ZCreateUser.extend({ password: blankAsUndefined(ZUserPassword) });

export function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (message: string) => void;
}) {
  return (
    <Modal open={open} onClose={onClose} title="New user">
      {/* Mounted only while open: closing the dialog discards a generated password for good. */}
      <CreateUserForm onClose={onClose} onCreated={onCreated} />
    </Modal>
  );
}

function CreateUserForm({ onClose, onCreated }: { onClose: () => void; onCreated: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const form = useZodForm(ZForm, {
    email: '',
    name: '',
    role: '' as never /* no role until chosen: the schema says "Choose a role." */,
    domains: [],
    password: '',
  });
  const create = useMutation(
    trpc.users.create.mutationOptions({
      // The result may hold a generated password: not kept in the mutation cache after unmount.
      gcTime: 0,
      onSuccess: async (result, input) => {
        await queryClient.invalidateQueries(trpc.users.list.pathFilter());
        onCreated(`User ${input.email} created; they must choose their own password at first sign-in.`);
        if (result.generatedPassword) setCreated({ email: input.email, password: result.generatedPassword });
        else onClose();
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );

  if (created) {
    return (
      <SecretShown testId="user-created" label="Generated password" secret={created.password} onDone={onClose}>
        User <strong className="font-semibold">{created.email}</strong> created. Give them this password; the console
        asks them to replace it when they sign in.
      </SecretShown>
    );
  }

  return (
    <Form form={form} onSubmit={(values) => create.mutate({ ...values, domains: domainsFor(values) })}>
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        maxLength={254}
      />
      <UserFields />
      <PasswordField
        name="password"
        label="Password"
        autoComplete="new-password"
        maxLength={256}
        description="Leave empty to generate a strong one; it is shown once after creating the user."
      />
      <FormActions submitLabel="Create user" pendingLabel="Creating…" pending={create.isPending} onCancel={onClose} />
    </Form>
  );
}
