'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';

import { Field, fieldErrorsOf, inputClass, summaryOf, type FormErrorLike } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { OneTimeSecret } from '~/components/one-time-secret';
import { buttonClass } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { DialogButtons, invalidProps, UserFields, type UserFieldValues } from './user-fields';

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
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [values, setValues] = useState<UserFieldValues>({ name: '', role: '', domains: [] });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);

  const shownFields = ['email', 'name', 'role', 'password', ...(values.role === 'DOMAIN_ADMIN' ? ['domains'] : [])];
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
      onError: (error: FormErrorLike) => {
        setErrors(fieldErrorsOf(error));
        setSummary(summaryOf(error, shownFields));
      },
    }),
  );

  if (created) {
    return (
      <div className="space-y-4 text-sm" data-testid="user-created">
        <p>
          User <strong className="font-semibold">{created.email}</strong> created. Give them this password; the console
          asks them to replace it when they sign in.
        </p>
        <OneTimeSecret label="Generated password" secret={created.password} />
        <DialogButtons>
          <button type="button" onClick={onClose} autoFocus className={buttonClass.primary}>
            Done
          </button>
        </DialogButtons>
      </div>
    );
  }

  function clear(field: string) {
    setErrors(({ [field]: _, ...rest }) => rest);
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSummary(null);
    if (values.role === '') {
      setErrors({ role: ['Choose a role.'] });
      return;
    }
    setErrors({});
    create.mutate({
      email: email.trim(),
      name: values.name,
      role: values.role,
      domains: values.role === 'DOMAIN_ADMIN' ? values.domains : [],
      // Empty: the server generates one and returns it once.
      password: password === '' ? undefined : password,
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5">
      <Field id={`${id}-email`} name="email" label="Email" errors={errors.email}>
        <input
          id={`${id}-email`}
          type="email"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            clear('email');
          }}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          maxLength={254}
          className={inputClass}
          {...invalidProps(`${id}-email`, errors.email)}
        />
      </Field>
      <UserFields
        idPrefix={id}
        values={values}
        errors={errors}
        onChange={(field, value) => {
          setValues((v) => ({ ...v, [field]: value }));
          clear(field);
        }}
      />
      <Field
        id={`${id}-password`}
        name="password"
        label="Password"
        errors={errors.password}
        hint="Leave empty to generate a strong one; it is shown once after creating the user."
      >
        <input
          id={`${id}-password`}
          type="password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            clear('password');
          }}
          autoComplete="new-password"
          maxLength={256}
          className={inputClass}
          {...invalidProps(`${id}-password`, errors.password)}
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
      <DialogButtons>
        <button type="button" onClick={onClose} className={buttonClass.quiet}>
          Cancel
        </button>
        <button type="submit" disabled={create.isPending} aria-busy={create.isPending} className={buttonClass.primary}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </button>
      </DialogButtons>
    </form>
  );
}
