'use client';

import { archiveFolderError } from '@cc/settings';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent, type ReactNode } from 'react';

import type { AccountDetail } from '~/components/api-types';
import { setFlash } from '~/components/flash';
import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
import { buttonClass } from '~/components/panel';
import { domainPath } from '~/components/paths';
import { useTRPC } from '~/trpc/react';

type Mailbox = 'keep' | 'archive' | 'remove';

const CHOICES: Array<{ value: Mailbox; label: string; detail: string }> = [
  { value: 'keep', label: 'Keep the mailbox', detail: 'The mail stays on the storage; nobody can sign in to it.' },
  {
    value: 'archive',
    label: 'Archive the mailbox to a folder',
    detail: 'The mail is moved into a named folder of the archive on the storage.',
  },
  { value: 'remove', label: 'Remove the mailbox', detail: 'Every message is deleted from the storage for good.' },
];

/** What the confirmation says will happen to the mail. */
function consequence(mailbox: Mailbox, folder: string): string {
  if (mailbox === 'archive') return `Its mailbox is moved to the archive folder "${folder || '…'}".`;
  return mailbox === 'keep'
    ? 'Its mailbox is kept on the storage.'
    : 'Its mailbox is removed from the storage: the mail is gone.';
}

export function DeleteAccountForm({ account, onCancel }: { account: AccountDetail; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const id = useId();
  const [confirm, setConfirm] = useState('');
  const [mailbox, setMailbox] = useState<Mailbox | null>(null);
  const [folder, setFolder] = useState('');
  const remove = useMutation(
    trpc.accounts.delete.mutationOptions({
      onSuccess: async ({ revision }) => {
        await queryClient.invalidateQueries({ ...trpc.accounts.get.pathFilter(), refetchType: 'none' });
        await queryClient.invalidateQueries(trpc.accounts.list.pathFilter());
        await queryClient.invalidateQueries(trpc.domains.pathFilter());
        const path = domainPath(account.domain);
        const what = mailbox ? ` ${consequence(mailbox, folder.trim())}` : '';
        setFlash({ path, message: `Account ${account.address} deleted.${what}`, revision });
        router.push(path);
      },
    }),
  );
  const errors = fieldErrorsOf(remove.error);
  const folderProblem = mailbox === 'archive' && folder.trim() !== '' ? archiveFolderError(folder.trim()) : null;
  const folderErrors = folderProblem ? [folderProblem] : errors.archiveFolder;
  const matches = confirm.trim().toLowerCase() === account.address;
  const ready = matches && mailbox !== null && (mailbox !== 'archive' || (folder.trim() !== '' && !folderProblem));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!ready || !mailbox) return;
    remove.mutate(
      mailbox === 'archive'
        ? { address: account.address, confirm, mailbox, archiveFolder: folder.trim() }
        : { address: account.address, confirm, mailbox },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5 text-sm">
      <fieldset className="space-y-2" data-testid="delete-mailbox-choice">
        <legend className="font-medium text-foreground">What happens to the mailbox?</legend>
        {CHOICES.map((c) => (
          <label
            key={c.value}
            className={`block cursor-pointer rounded-md border px-3 py-2 ${mailbox === c.value ? 'border-primary bg-primary-soft' : 'border-border bg-card'}`}
          >
            <span className="flex items-center gap-2">
              <input
                type="radio"
                name="mailbox"
                value={c.value}
                checked={mailbox === c.value}
                onChange={() => setMailbox(c.value)}
              />
              <span className="font-medium">{c.label}</span>
            </span>
            <span className="mt-0.5 block pl-6 text-xs text-secondary-foreground">{c.detail}</span>
          </label>
        ))}
        {errors.mailbox && (
          <p data-testid="field-error-mailbox" className="text-xs text-danger-strong">
            {errors.mailbox.join(' ')}
          </p>
        )}
      </fieldset>
      {mailbox === 'archive' && (
        <Field
          id={`${id}-archiveFolder`}
          name="archiveFolder"
          label="Archive folder"
          errors={folderErrors}
          hint='One folder name: letters, digits, ".", "-" and "_".'
        >
          <input
            id={`${id}-archiveFolder`}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            className={inputClass}
            aria-invalid={folderErrors ? true : undefined}
            aria-describedby={folderErrors ? `${id}-archiveFolder-error` : undefined}
          />
        </Field>
      )}
      <p
        role="note"
        data-testid="delete-consequence"
        className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-danger-strong"
      >
        This deletes <strong className="font-semibold">{account.address}</strong> with its settings. Mail for it is no
        longer accepted and its open sessions are ended.{' '}
        {mailbox ? consequence(mailbox, folder.trim()) : 'Choose what happens to its mailbox above.'} This cannot be
        undone.
      </p>
      <Field id={`${id}-confirm`} name="confirm" label={`Type ${account.address} to confirm`} errors={errors.confirm}>
        <input
          id={`${id}-confirm`}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
          aria-invalid={errors.confirm ? true : undefined}
          aria-describedby={errors.confirm ? `${id}-confirm-error` : undefined}
        />
      </Field>
      <ErrorSummary error={remove.error} fields={['confirm', 'mailbox', 'archiveFolder']} />
      <Buttons>
        <button type="button" onClick={onCancel} className={buttonClass.quiet}>
          Cancel
        </button>
        <button
          type="submit"
          disabled={!ready || remove.isPending}
          aria-busy={remove.isPending}
          className={buttonClass.danger}
        >
          {remove.isPending ? 'Deleting…' : 'Delete account'}
        </button>
      </Buttons>
    </form>
  );
}

function Buttons({ children }: { children: ReactNode }) {
  return <div className="flex justify-end gap-2 border-t border-border pt-4">{children}</div>;
}
