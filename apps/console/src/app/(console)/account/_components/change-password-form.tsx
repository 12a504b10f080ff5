'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

import { Field, fieldErrorsOf, inputClass, summaryOf, type FormErrorLike } from '~/components/form-errors';
import { buttonClass, Notice } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

const FIELDS = ['currentPassword', 'newPassword', 'repeatPassword'] as const;
type FieldName = (typeof FIELDS)[number];
const EMPTY: Record<FieldName, string> = { currentPassword: '', newPassword: '', repeatPassword: '' };

function endedText(n: number): string {
  if (n === 0) return 'You stay signed in here.';
  return `You stay signed in here; ${n} other ${n === 1 ? 'session was' : 'sessions were'} signed out.`;
}

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      onSuccess: async ({ otherSessionsEnded }) => {
        setValues(EMPTY);
        setDone(`Password changed. ${endedText(otherSessionsEnded)}`);
        await queryClient.invalidateQueries(trpc.me.get.queryFilter());
        // The layout's "must change password" banner is rendered on the server: render it again.
        router.refresh();
      },
      onError: (error: FormErrorLike) => {
        setErrors(fieldErrorsOf(error));
        setSummary(summaryOf(error, FIELDS));
      },
    }),
  );

  function set(field: FieldName, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _, ...rest }) => rest);
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    setSummary(null);
    // Checked here because the server never sees the repetition.
    if (values.newPassword !== values.repeatPassword) {
      setErrors({ repeatPassword: ['The two new passwords differ; type the same one twice.'] });
      return;
    }
    setErrors({});
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  }
  const input = (field: FieldName, label: string, autoComplete: string, hint?: string) => {
    const inputId = `${id}-${field}`;
    return (
      <Field id={inputId} name={field} label={label} errors={errors[field]} hint={hint}>
        <input
          id={inputId}
          type="password"
          value={values[field]}
          onChange={(e) => set(field, e.target.value)}
          autoComplete={autoComplete}
          maxLength={256}
          className={inputClass}
          aria-invalid={errors[field] ? true : undefined}
          aria-describedby={errors[field] ? `${inputId}-error` : undefined}
        />
      </Field>
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-md space-y-3.5">
      {done && (
        <Notice testId="password-changed" onDismiss={() => setDone(null)}>
          {done}
        </Notice>
      )}
      {input('currentPassword', 'Current password', 'current-password')}
      {input('newPassword', 'New password', 'new-password', 'At least 12 characters.')}
      {input('repeatPassword', 'Repeat new password', 'new-password')}
      {summary && (
        <p
          role="alert"
          className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong"
        >
          {summary}
        </p>
      )}
      <button type="submit" disabled={change.isPending} aria-busy={change.isPending} className={buttonClass.primary}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
