'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';

import { Field, fieldErrorsOf, inputClass, summaryOf, type FormErrorLike } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { OneTimeSecret } from '~/components/one-time-secret';
import { buttonClass } from '~/components/panel';
import { accountPath } from '~/components/paths';
import { useTRPC } from '~/trpc/react';

const FIELDS = ['name', 'realName', 'password'] as const;
type FieldName = (typeof FIELDS)[number];

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
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({ name: '', realName: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [created, setCreated] = useState<{ address: string; password: string } | null>(null);

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
      onError: (error: FormErrorLike) => {
        setFieldErrors(fieldErrorsOf(error));
        setSummary(summaryOf(error, FIELDS));
      },
    }),
  );

  if (created) {
    return (
      <div className="space-y-4 text-sm" data-testid="account-created">
        <p>
          Account <strong className="font-semibold">{created.address}</strong> created.
        </p>
        <OneTimeSecret label="Generated password" secret={created.password} />
        <div className="flex justify-end gap-2 border-t border-border pt-4">
          <Link
            href={accountPath(domain, created.address.slice(0, created.address.lastIndexOf('@')))}
            className={buttonClass.secondary}
          >
            Open account
          </Link>
          <button type="button" onClick={onClose} autoFocus className={buttonClass.primary}>
            Done
          </button>
        </div>
      </div>
    );
  }

  function set(field: FieldName, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setFieldErrors(({ [field]: _, ...rest }) => rest);
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFieldErrors({});
    setSummary(null);
    create.mutate({
      domain,
      name: values.name,
      realName: values.realName.trim() || undefined,
      // Empty: the server generates one and returns it once.
      password: values.password === '' ? undefined : values.password,
    });
  }
  const invalid = (f: FieldName) =>
    fieldErrors[f] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${f}-error` } : {};

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5">
      <Field id={`${id}-name`} name="name" label="Account name" errors={fieldErrors.name}>
        <div className="flex items-center gap-1.5">
          <input
            id={`${id}-name`}
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            required
            maxLength={64}
            className={inputClass}
            {...invalid('name')}
          />
          <span className="shrink-0 text-sm text-muted-foreground">@{domain}</span>
        </div>
      </Field>
      <Field id={`${id}-realName`} name="realName" label="Real name" errors={fieldErrors.realName} hint="Optional.">
        <input
          id={`${id}-realName`}
          value={values.realName}
          onChange={(e) => set('realName', e.target.value)}
          autoComplete="off"
          maxLength={200}
          className={inputClass}
          {...invalid('realName')}
        />
      </Field>
      <Field
        id={`${id}-password`}
        name="password"
        label="Password"
        errors={fieldErrors.password}
        hint="Leave empty to generate a strong one; it is shown once after creating the account."
      >
        <input
          id={`${id}-password`}
          type="password"
          value={values.password}
          onChange={(e) => set('password', e.target.value)}
          autoComplete="new-password"
          maxLength={256}
          className={inputClass}
          {...invalid('password')}
        />
      </Field>
      {summary && (
        <p
          role="alert"
          className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong"
        >
          {summary}
        </p>
      )}
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <button type="button" onClick={onClose} className={buttonClass.quiet}>
          Cancel
        </button>
        <button type="submit" disabled={create.isPending} aria-busy={create.isPending} className={buttonClass.primary}>
          {create.isPending ? 'Creating…' : 'Create account'}
        </button>
      </div>
    </form>
  );
}
