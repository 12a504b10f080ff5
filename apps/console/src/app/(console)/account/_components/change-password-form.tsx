'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { z } from 'zod';

import { ZChangeOwnPassword } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, PasswordField, useZodForm } from '@cc/ui';

import { Notice } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

// me.changePassword's input, and the repetition the server never sees.
const ZForm = ZChangeOwnPassword.extend({ repeatPassword: z.string() }).refine(
  (v) => v.newPassword === v.repeatPassword,
  { message: 'The two new passwords differ; type the same one twice.', path: ['repeatPassword'] },
);
const EMPTY = { currentPassword: '', newPassword: '', repeatPassword: '' };

function endedText(n: number): string {
  if (n === 0) return 'You stay signed in here.';
  return `You stay signed in here; ${n} other ${n === 1 ? 'session was' : 'sessions were'} signed out.`;
}

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const form = useZodForm(ZForm, EMPTY);
  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      onSuccess: async ({ otherSessionsEnded }) => {
        form.reset(EMPTY);
        setDone(`Password changed. ${endedText(otherSessionsEnded)}`);
        await queryClient.invalidateQueries(trpc.me.get.queryFilter());
        // The layout's "must change password" banner is rendered on the server: render it again.
        router.refresh();
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );

  return (
    <Form
      form={form}
      onSubmit={({ currentPassword, newPassword }) => {
        setDone(null);
        change.mutate({ currentPassword, newPassword });
      }}
      className="max-w-md"
    >
      {done && (
        <Notice testId="password-changed" onDismiss={() => setDone(null)}>
          {done}
        </Notice>
      )}
      <PasswordField name="currentPassword" label="Current password" autoComplete="current-password" maxLength={256} />
      <PasswordField
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        maxLength={256}
        description="At least 12 characters."
      />
      <PasswordField name="repeatPassword" label="Repeat new password" autoComplete="new-password" maxLength={256} />
      <FormActions
        submitLabel="Change password"
        pendingLabel="Changing…"
        pending={change.isPending}
        bordered={false}
        className="justify-start"
      />
    </Form>
  );
}
