'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';

import { ZDeleteDomain, ZRenameDomain } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, useFormat, useZodForm } from '@cc/ui';

import type { DomainDetail } from '~/components/api-types';
import { Modal } from '~/components/modal';
import { buttonClass, Panel } from '~/components/panel';
import { domainPath } from '~/components/paths';
import { useLeavePage } from '~/components/use-leave-page';
import { useTRPC } from '~/trpc/react';

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
  const leave = useLeavePage();
  const form = useZodForm(ZRenameDomain, { name: domain.name, newName: '', expectedVersion: domain.version });
  const rename = useMutation(
    trpc.domains.rename.mutationOptions({
      onSuccess: ({ name, revision }) =>
        leave({
          gone: [trpc.domains.get.pathFilter()],
          refresh: [trpc.domains.list.pathFilter()],
          path: domainPath(name),
          message: `Domain ${domain.name} renamed to ${name}.`,
          revision,
          replace: true,
        }),
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  return (
    <Form form={form} onSubmit={(values) => rename.mutate(values)} className="text-sm">
      <p className="text-secondary-foreground">
        Every account address changes from <code>…@{domain.name}</code> to the new name. Nodes drop their cached account
        data for the domain.
      </p>
      <FormField
        name="newName"
        label="New domain name"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        maxLength={253}
      />
      <FormActions
        submitLabel="Rename domain"
        pendingLabel="Renaming…"
        pending={rename.isPending}
        onCancel={onCancel}
        variant="danger"
      />
    </Form>
  );
}

function DeleteDomainForm({ domain, onCancel }: { domain: DomainDetail; onCancel: () => void }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const leave = useLeavePage();
  const form = useZodForm(ZDeleteDomain, { name: domain.name, confirm: '' });
  const confirm = useWatch({ control: form.control, name: 'confirm' }) ?? '';
  const remove = useMutation(
    trpc.domains.delete.mutationOptions({
      onSuccess: ({ accounts, revision }) =>
        leave({
          gone: [trpc.domains.get.pathFilter(), trpc.accounts.pathFilter()],
          refresh: [trpc.domains.list.pathFilter()],
          path: '/domains',
          message: `Domain ${domain.name} deleted with ${fmt.integer(accounts)} ${accounts === 1 ? 'account' : 'accounts'}.`,
          revision,
        }),
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  return (
    <Form form={form} onSubmit={(values) => remove.mutate(values)} className="text-sm">
      <p role="note" className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-danger-strong">
        This deletes <strong className="font-semibold">{domain.name}</strong> and{' '}
        <strong data-testid="delete-account-count" className="font-semibold">
          {domain.accounts === 0
            ? 'no accounts'
            : `all ${fmt.integer(domain.accounts)} ${domain.accounts === 1 ? 'account' : 'accounts'}`}
        </strong>{' '}
        in it. Their mail is no longer accepted. This cannot be undone.
      </p>
      <FormField
        name="confirm"
        label={`Type ${domain.name} to confirm`}
        autoComplete="off"
        spellCheck={false}
        autoFocus
      />
      <FormActions
        submitLabel="Delete domain"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        onCancel={onCancel}
        variant="danger"
        // Enabled once the typed name matches, as the schema checks it.
        disabled={confirm.trim().toLowerCase() !== domain.name}
      />
    </Form>
  );
}
