'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

import type { DomainDetail } from '~/components/api-types';
import { setFlash } from '~/components/flash';
import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { buttonClass, Panel } from '~/components/panel';
import { domainPath } from '~/components/paths';
import { useTRPC } from '~/trpc/react';
import { useFormat } from '@cc/ui';

/** Rename and delete: server administrators only (domains:manage). */
export function DomainDangerZone({ domain }: { domain: DomainDetail }) {
  const [open, setOpen] = useState<'rename' | 'delete' | null>(null);
  const close = () => setOpen(null);
  return (
    <Panel title="Danger zone" danger testId="danger-zone">
      <div className="flex flex-wrap items-center gap-3 text-sm text-secondary-foreground">
        <p className="min-w-0 flex-1">
          Renaming changes every address in the domain; deleting removes the domain and all its accounts.
        </p>
        <button type="button" onClick={() => setOpen('rename')} className={buttonClass.dangerOutline}>
          Rename domain
        </button>
        <button type="button" onClick={() => setOpen('delete')} className={buttonClass.danger}>
          Delete domain
        </button>
      </div>
      <Modal open={open === 'rename'} onClose={close} title={`Rename ${domain.name}`} width="max-w-md">
        <RenameDomainForm domain={domain} onCancel={close} />
      </Modal>
      <Modal open={open === 'delete'} onClose={close} title={`Delete ${domain.name}`} width="max-w-md">
        <DeleteDomainForm domain={domain} onCancel={close} />
      </Modal>
    </Panel>
  );
}

function RenameDomainForm({ domain, onCancel }: { domain: DomainDetail; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const id = useId();
  const [newName, setNewName] = useState('');
  const rename = useMutation(
    trpc.domains.rename.mutationOptions({
      onSuccess: async ({ name, revision }) => {
        // Marked stale, not refetched: the old name answers 404 now, and this page is about to leave.
        await queryClient.invalidateQueries({ ...trpc.domains.get.pathFilter(), refetchType: 'none' });
        await queryClient.invalidateQueries(trpc.domains.list.pathFilter());
        const path = domainPath(name);
        setFlash({ path, message: `Domain ${domain.name} renamed to ${name}.`, revision });
        router.replace(path);
      },
    }),
  );
  const errors = fieldErrorsOf(rename.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    rename.mutate({ name: domain.name, newName, expectedVersion: domain.version });
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5 text-sm">
      <p className="text-secondary-foreground">
        Every account address changes from <code>…@{domain.name}</code> to the new name. Nodes drop their cached account
        data for the domain.
      </p>
      <Field id={`${id}-newName`} name="newName" label="New domain name" errors={errors.newName}>
        <input
          id={`${id}-newName`}
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          maxLength={253}
          className={inputClass}
          aria-invalid={errors.newName ? true : undefined}
          aria-describedby={errors.newName ? `${id}-newName-error` : undefined}
        />
      </Field>
      <ErrorSummary error={rename.error} fields={['newName']} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <button type="button" onClick={onCancel} className={buttonClass.quiet}>
          Cancel
        </button>
        <button type="submit" disabled={rename.isPending} aria-busy={rename.isPending} className={buttonClass.danger}>
          {rename.isPending ? 'Renaming…' : 'Rename domain'}
        </button>
      </div>
    </form>
  );
}

function DeleteDomainForm({ domain, onCancel }: { domain: DomainDetail; onCancel: () => void }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const id = useId();
  const [confirm, setConfirm] = useState('');
  const remove = useMutation(
    trpc.domains.delete.mutationOptions({
      onSuccess: async ({ accounts, revision }) => {
        await queryClient.invalidateQueries({ ...trpc.domains.get.pathFilter(), refetchType: 'none' });
        await queryClient.invalidateQueries({ ...trpc.accounts.pathFilter(), refetchType: 'none' });
        await queryClient.invalidateQueries(trpc.domains.list.pathFilter());
        setFlash({
          path: '/domains',
          message: `Domain ${domain.name} deleted with ${fmt.integer(accounts)} ${accounts === 1 ? 'account' : 'accounts'}.`,
          revision,
        });
        router.push('/domains');
      },
    }),
  );
  const errors = fieldErrorsOf(remove.error);
  const matches = confirm.trim().toLowerCase() === domain.name;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (matches) remove.mutate({ name: domain.name, confirm });
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5 text-sm">
      <p role="note" className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-danger-strong">
        This deletes <strong className="font-semibold">{domain.name}</strong> and{' '}
        <strong data-testid="delete-account-count" className="font-semibold">
          {domain.accounts === 0
            ? 'no accounts'
            : `all ${fmt.integer(domain.accounts)} ${domain.accounts === 1 ? 'account' : 'accounts'}`}
        </strong>{' '}
        in it. Their mail is no longer accepted. This cannot be undone.
      </p>
      <Field id={`${id}-confirm`} name="confirm" label={`Type ${domain.name} to confirm`} errors={errors.confirm}>
        <input
          id={`${id}-confirm`}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          className={inputClass}
          aria-invalid={errors.confirm ? true : undefined}
          aria-describedby={errors.confirm ? `${id}-confirm-error` : undefined}
        />
      </Field>
      <ErrorSummary error={remove.error} fields={['confirm']} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <button type="button" onClick={onCancel} className={buttonClass.quiet}>
          Cancel
        </button>
        <button
          type="submit"
          disabled={!matches || remove.isPending}
          aria-busy={remove.isPending}
          className={buttonClass.danger}
        >
          {remove.isPending ? 'Deleting…' : 'Delete domain'}
        </button>
      </div>
    </form>
  );
}
