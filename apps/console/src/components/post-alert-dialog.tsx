'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useWatch } from 'react-hook-form';

import { blanksOmitted, ZPostAlert } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, useFormat, useZodForm } from '@cc/ui';

import { useTRPC } from '~/trpc/react';

import { SEVERITY_OPTIONS } from './alert-bits';
import { AlertDeliveryLive } from './alert-delivery';
import { Modal } from './modal';
import { buttonClass } from './panel';

/** The API's MAX_ALERT_TEXT (the nodes refuse longer text too). */
const MAX_TEXT = 2000;
// alerts.post's own input; empty boxes are left out. datetime-local is the browser's local time, and
// the schema turns it into a Date here, so the server gets the instant the user meant.
const ZForm = blanksOmitted(ZPostAlert, ['domain', 'address', 'startsAt', 'expiresAt']);

export type AlertPreset = { scope: 'domain'; domain: string } | { scope: 'account'; address: string };

export interface PostAlertPermissions {
  /** Server administrators (domains:manage): the only ones who may post cluster-wide. */
  canPostCluster: boolean;
  /** Domain administrators pick one of their domains instead of typing a name. */
  pickDomain: boolean;
}

export function PostAlertDialog({
  open,
  onClose,
  preset,
  ...permissions
}: PostAlertPermissions & { open: boolean; onClose: () => void; preset?: AlertPreset }) {
  const [posted, setPosted] = useState<string | null>(null);
  const close = () => {
    setPosted(null);
    onClose();
  };
  return (
    <Modal open={open} onClose={close} title={posted ? 'Alert posted' : 'Post alert'} width="max-w-xl">
      {/* Mounted only while open: a reopened dialog starts with an empty form. */}
      {posted ? (
        <PostedStep id={posted} onDone={close} />
      ) : (
        <PostAlertForm {...permissions} preset={preset} onCancel={close} onPosted={setPosted} />
      )}
    </Modal>
  );
}

function PostedStep({ id, onDone }: { id: string; onDone: () => void }) {
  return (
    <div data-testid="alert-posted" className="space-y-4 text-sm">
      <p>The alert is on its way to the nodes. Its users see it while it is in force.</p>
      <AlertDeliveryLive id={id} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <Link href={`/alerts/${id}`} className={buttonClass.secondary}>
          Open alert
        </Link>
        <button type="button" onClick={onDone} autoFocus className={buttonClass.primary}>
          Done
        </button>
      </div>
    </div>
  );
}

function PostAlertForm({
  canPostCluster,
  pickDomain,
  preset,
  onCancel,
  onPosted,
}: PostAlertPermissions & { preset?: AlertPreset | undefined; onCancel: () => void; onPosted: (id: string) => void }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZForm, {
    scope: preset?.scope ?? 'domain',
    domain: preset?.scope === 'domain' ? preset.domain : '',
    address: preset?.scope === 'account' ? preset.address : '',
    text: '',
    severity: 'info',
    startsAt: '',
    expiresAt: '',
  });
  const [scope, text = ''] = useWatch({ control: form.control, name: ['scope', 'text'] }) as [string, string];
  // A domain administrator's own domains (a handful); for others, suggestions for the text field.
  const domains = useQuery(trpc.domains.list.queryOptions({ limit: 200 }));
  const choices = domains.data?.items.map((d) => d.name) ?? [];
  // A domain administrator with one domain has nothing to choose.
  const only = pickDomain && choices.length === 1 ? choices[0] : undefined;
  useEffect(() => {
    if (only && !form.getValues('domain')) form.setValue('domain', only);
  }, [only, form]);

  const post = useMutation(
    trpc.alerts.post.mutationOptions({
      onSuccess: async ({ id: alertId }) => {
        await queryClient.invalidateQueries(trpc.alerts.pathFilter());
        onPosted(alertId);
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  const over = text.length > MAX_TEXT;

  return (
    <Form
      form={form}
      onSubmit={(values) =>
        post.mutate({
          ...values,
          domain: values.scope === 'domain' ? values.domain : undefined,
          address: values.scope === 'account' ? values.address : undefined,
        })
      }
    >
      <div className="grid gap-3.5 sm:grid-cols-2">
        <FormField name="scope" label="Who sees it" rules={{ onChange: () => form.clearErrors() }}>
          {(control) => (
            <select {...control}>
              {canPostCluster && <option value="cluster">Cluster-wide: every shared domain</option>}
              <option value="domain">One domain</option>
              <option value="account">One account</option>
            </select>
          )}
        </FormField>
        <FormField name="severity" label="Severity">
          {(control) => (
            <select {...control}>
              {SEVERITY_OPTIONS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>

      {scope === 'domain' && (
        <FormField name="domain" label="Domain">
          {(control) =>
            pickDomain ? (
              <select {...control}>
                <option value="">{domains.data ? 'Choose a domain…' : 'Loading your domains…'}</option>
                {choices.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            ) : (
              <>
                <input
                  {...control}
                  list={`${control.id}-list`}
                  placeholder="example.com"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={253}
                />
                <datalist id={`${control.id}-list`}>
                  {choices.map((name) => (
                    <option key={name} value={name} />
                  ))}
                </datalist>
              </>
            )
          }
        </FormField>
      )}
      {scope === 'account' && (
        <FormField
          name="address"
          label="Account address"
          placeholder="user@example.com"
          autoComplete="off"
          spellCheck={false}
          maxLength={320}
        />
      )}

      <FormField name="text" label="Text">
        {(control) => (
          <>
            <textarea
              {...control}
              rows={5}
              autoFocus
              className={`${control.className} resize-y`}
              aria-invalid={control['aria-invalid'] ?? (over || undefined)}
              aria-describedby={[`${control.id}-count`, control['aria-describedby']].filter(Boolean).join(' ')}
            />
            <p
              id={`${control.id}-count`}
              data-testid="alert-text-count"
              className="mt-0.5 flex justify-between gap-3 text-xs text-muted-foreground"
            >
              <span>Plain text; users see it exactly as typed.</span>
              <span className={`tabular-nums ${over ? 'font-medium text-danger-strong' : ''}`}>
                {fmt.integer(text.length)} / {fmt.integer(MAX_TEXT)} characters
                {over && ` (${fmt.integer(text.length - MAX_TEXT)} too many)`}
              </span>
            </p>
          </>
        )}
      </FormField>

      <div className="grid gap-3.5 sm:grid-cols-2">
        <FormField
          name="startsAt"
          label="Starts (optional)"
          description="Empty: as soon as it is posted."
          type="datetime-local"
        />
        <FormField
          name="expiresAt"
          label="Expires (optional)"
          description="Empty: until someone removes it."
          type="datetime-local"
        />
      </div>
      <p className="text-xs text-muted-foreground">Times are in your browser&apos;s time zone.</p>

      {/* A domain administrator's domain is chosen from the list: wait for it rather than post without one. */}
      <FormActions
        submitLabel="Post alert"
        pendingLabel="Posting…"
        pending={post.isPending}
        onCancel={onCancel}
        disabled={pickDomain && scope === 'domain' && !domains.data}
      />
    </Form>
  );
}
