'use client';

import { useMemo, type ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import { z } from 'zod';

import { blankAsUndefined } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, PasswordField, useZodForm, type FormErrorLike } from '@cc/ui';

/**
 * Set a new password, or leave it empty to have the server generate one (shown once by the caller).
 * `password` is the procedure's own password schema; `onSubmit` is the mutation (mutateAsync), whose
 * field errors land on the field.
 */
export function NewPasswordForm({
  password,
  intro,
  pending,
  onSubmit,
  onCancel,
}: {
  password: z.ZodType<string>;
  intro?: ReactNode;
  pending: boolean;
  onSubmit: (password: string | undefined) => Promise<unknown>;
  onCancel: () => void;
}) {
  const schema = useMemo(() => z.object({ password: blankAsUndefined(password) }), [password]);
  const form = useZodForm(schema, { password: '' });
  const typed = useWatch({ control: form.control, name: 'password' });
  return (
    <Form
      form={form}
      onSubmit={(values) =>
        onSubmit(values.password as string | undefined).catch((error: FormErrorLike) => applyServerErrors(form, error))
      }
      className="text-sm"
    >
      {intro && <p className="text-secondary-foreground">{intro}</p>}
      <PasswordField
        name="password"
        label="New password"
        autoComplete="new-password"
        autoFocus
        maxLength={256}
        description="Leave empty to generate a strong one; it is shown once."
      />
      <FormActions
        submitLabel={typed ? 'Set password' : 'Generate new password'}
        pending={pending}
        onCancel={onCancel}
      />
    </Form>
  );
}
