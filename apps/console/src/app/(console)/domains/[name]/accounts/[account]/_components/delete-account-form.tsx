'use client';

import { useMutation } from '@tanstack/react-query';
import { useFormContext, useWatch } from 'react-hook-form';

import { ZDeleteAccount } from '@cc/schemas';
import { applyServerErrors, FieldMessage, Form, FormActions, FormField, useFieldError, useZodForm } from '@cc/ui';

import type { AccountDetail } from '~/components/api-types';
import { domainPath } from '~/components/paths';
import { useLeavePage } from '~/components/use-leave-page';
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
  const leave = useLeavePage();
  const form = useZodForm(ZDeleteAccount, {
    address: account.address,
    confirm: '',
    mailbox: undefined,
    archiveFolder: '',
  });
  const [confirm = '', mailbox, folder = ''] = useWatch({
    control: form.control,
    name: ['confirm', 'mailbox', 'archiveFolder'],
  });
  const remove = useMutation(
    trpc.accounts.delete.mutationOptions({
      onSuccess: ({ revision }) => {
        const what = mailbox ? ` ${consequence(mailbox, folder.trim())}` : '';
        return leave({
          gone: [trpc.accounts.get.pathFilter()],
          refresh: [trpc.accounts.list.pathFilter(), trpc.domains.pathFilter()],
          path: domainPath(account.domain),
          message: `Account ${account.address} deleted.${what}`,
          revision,
        });
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  const folderError = useFieldError('archiveFolder', 'archiveFolder', form.control).error;
  const ready =
    confirm.trim().toLowerCase() === account.address &&
    // No radio chosen reads as null (react-hook-form) or undefined (the default).
    mailbox != null &&
    (mailbox !== 'archive' || (folder.trim() !== '' && !folderError));
  return (
    <Form
      form={form}
      // The schema's output drops the confirmation; the procedure checks it again, so send what was typed.
      onSubmit={() => remove.mutate(form.getValues() as Parameters<typeof remove.mutate>[0])}
      className="text-sm"
    >
      <MailboxChoice />
      {mailbox === 'archive' && (
        <FormField
          name="archiveFolder"
          label="Archive folder"
          description='One folder name: letters, digits, ".", "-" and "_".'
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          // Checked as it is typed, with the schema's rule.
          rules={{ onChange: () => void form.trigger('archiveFolder') }}
        />
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
      <FormField name="confirm" label={`Type ${account.address} to confirm`} autoComplete="off" spellCheck={false} />
      <FormActions
        submitLabel="Delete account"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        onCancel={onCancel}
        variant="danger"
        disabled={!ready}
      />
    </Form>
  );
}

function MailboxChoice() {
  const { register } = useFormContext();
  const mailbox = useWatch({ name: 'mailbox' }) as Mailbox | undefined;
  const { error, errorId } = useFieldError('mailbox', 'mailbox');
  return (
    <fieldset className="space-y-2" data-testid="delete-mailbox-choice" aria-describedby={error ? errorId : undefined}>
      <legend className="font-medium text-foreground">What happens to the mailbox?</legend>
      {CHOICES.map((c) => (
        <label
          key={c.value}
          className={`block cursor-pointer rounded-md border px-3 py-2 ${mailbox === c.value ? 'border-primary bg-primary-soft' : 'border-border bg-card'}`}
        >
          <span className="flex items-center gap-2">
            <input type="radio" value={c.value} {...register('mailbox')} />
            <span className="font-medium">{c.label}</span>
          </span>
          <span className="mt-0.5 block pl-6 text-xs text-secondary-foreground">{c.detail}</span>
        </label>
      ))}
      <FieldMessage name="mailbox" errorId={errorId} error={error} />
    </fieldset>
  );
}
