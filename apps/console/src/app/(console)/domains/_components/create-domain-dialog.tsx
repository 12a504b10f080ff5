'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

import { setFlash } from '~/components/flash';
import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { buttonClass } from '~/components/panel';
import { domainPath } from '~/components/paths';
import { useTRPC } from '~/trpc/react';

export function CreateDomainDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="New domain" width="max-w-md">
      {/* Mounted only while open: a reopened form starts empty. */}
      <CreateDomainForm onCancel={onClose} />
    </Modal>
  );
}

function CreateDomainForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.domains.create.mutationOptions({
      onSuccess: async ({ domain, revision }) => {
        await queryClient.invalidateQueries(trpc.domains.list.pathFilter());
        const path = domainPath(domain.name);
        setFlash({ path, message: `Domain ${domain.name} created.`, revision });
        router.push(path);
      },
    }),
  );
  // An edited name's old complaint no longer applies.
  const [editedSinceError, setEditedSinceError] = useState(false);
  const nameErrors = editedSinceError ? undefined : fieldErrorsOf(create.error).name;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setEditedSinceError(false);
    create.mutate({ name });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5">
      <Field
        id={`${id}-name`}
        name="name"
        label="Domain name"
        errors={nameErrors}
        hint="Fully qualified, e.g. example.com. Nodes start serving it once the change has propagated."
      >
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setEditedSinceError(true);
          }}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          required
          maxLength={253}
          className={inputClass}
          aria-invalid={nameErrors ? true : undefined}
          aria-describedby={nameErrors ? `${id}-name-error` : undefined}
        />
      </Field>
      {!editedSinceError && <ErrorSummary error={create.error} fields={['name']} />}
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <button type="button" onClick={onCancel} className={buttonClass.quiet}>
          Cancel
        </button>
        <button type="submit" disabled={create.isPending} aria-busy={create.isPending} className={buttonClass.primary}>
          {create.isPending ? 'Creating…' : 'Create domain'}
        </button>
      </div>
    </form>
  );
}
