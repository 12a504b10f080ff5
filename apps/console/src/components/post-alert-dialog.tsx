'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';

import { useTRPC } from '~/trpc/react';

import { SEVERITY_OPTIONS } from './alert-bits';
import { AlertDeliveryLive } from './alert-delivery';
import type { AlertView } from './api-types';
import { ErrorSummary, Field, fieldErrorsOf, inputClass, type FormErrorLike } from './form-errors';
import { Modal } from './modal';
import { buttonClass } from './panel';
import { useFormat } from '@cc/ui';

/** The API's MAX_ALERT_TEXT (the nodes refuse longer text too). */
const MAX_TEXT = 2000;
const FIELDS = ['scope', 'domain', 'address', 'text', 'severity', 'startsAt', 'expiresAt'] as const;
type FieldName = (typeof FIELDS)[number];
type Scope = AlertView['scope'];

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
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({
    scope: preset?.scope ?? 'domain',
    domain: preset?.scope === 'domain' ? preset.domain : '',
    address: preset?.scope === 'account' ? preset.address : '',
    text: '',
    severity: 'info',
    startsAt: '',
    expiresAt: '',
  });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  // A domain administrator's own domains (a handful); for others, suggestions for the text field.
  const domains = useQuery(trpc.domains.list.queryOptions({ limit: 200 }));
  const choices = domains.data?.items.map((d) => d.name) ?? [];
  // A domain administrator with one domain has nothing to choose.
  const domain = values.domain || (pickDomain && choices.length === 1 ? (choices[0] ?? '') : '');

  const post = useMutation(
    trpc.alerts.post.mutationOptions({
      onSuccess: async ({ id: alertId }) => {
        await queryClient.invalidateQueries(trpc.alerts.pathFilter());
        onPosted(alertId);
      },
      onError: (error: FormErrorLike) => setFieldErrors(fieldErrorsOf(error)),
    }),
  );

  function set(field: FieldName, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    // An edited field's old complaint no longer applies; another scope shows other fields altogether.
    setFieldErrors(({ [field]: _, ...rest }) => (field === 'scope' ? {} : rest));
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFieldErrors({});
    const scope = values.scope as Scope;
    post.mutate({
      scope,
      ...(scope === 'domain' && domain && { domain }),
      ...(scope === 'account' && values.address.trim() && { address: values.address.trim() }),
      text: values.text,
      severity: values.severity as AlertView['severity'],
      // datetime-local is the browser's local time; Date carries it to the server as an instant.
      ...(values.startsAt && { startsAt: new Date(values.startsAt) }),
      ...(values.expiresAt && { expiresAt: new Date(values.expiresAt) }),
    });
  }
  const invalid = (f: FieldName) =>
    fieldErrors[f] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${f}-error` } : {};
  const over = values.text.length > MAX_TEXT;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5">
      <div className="grid gap-3.5 sm:grid-cols-2">
        <Field id={`${id}-scope`} name="scope" label="Who sees it" errors={fieldErrors.scope}>
          <select
            id={`${id}-scope`}
            value={values.scope}
            onChange={(e) => set('scope', e.target.value)}
            className={inputClass}
            {...invalid('scope')}
          >
            {canPostCluster && <option value="cluster">Cluster-wide: every shared domain</option>}
            <option value="domain">One domain</option>
            <option value="account">One account</option>
          </select>
        </Field>
        <Field id={`${id}-severity`} name="severity" label="Severity" errors={fieldErrors.severity}>
          <select
            id={`${id}-severity`}
            value={values.severity}
            onChange={(e) => set('severity', e.target.value)}
            className={inputClass}
            {...invalid('severity')}
          >
            {SEVERITY_OPTIONS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
      </div>

      {values.scope === 'domain' && (
        <Field id={`${id}-domain`} name="domain" label="Domain" errors={fieldErrors.domain}>
          {pickDomain ? (
            <select
              id={`${id}-domain`}
              value={domain}
              onChange={(e) => set('domain', e.target.value)}
              className={inputClass}
              {...invalid('domain')}
            >
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
                id={`${id}-domain`}
                value={values.domain}
                onChange={(e) => set('domain', e.target.value)}
                list={`${id}-domains`}
                placeholder="example.com"
                autoComplete="off"
                spellCheck={false}
                maxLength={253}
                className={inputClass}
                {...invalid('domain')}
              />
              <datalist id={`${id}-domains`}>
                {choices.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      )}
      {values.scope === 'account' && (
        <Field id={`${id}-address`} name="address" label="Account address" errors={fieldErrors.address}>
          <input
            id={`${id}-address`}
            value={values.address}
            onChange={(e) => set('address', e.target.value)}
            placeholder="user@example.com"
            autoComplete="off"
            spellCheck={false}
            maxLength={320}
            className={inputClass}
            {...invalid('address')}
          />
        </Field>
      )}

      <Field id={`${id}-text`} name="text" label="Text" errors={fieldErrors.text}>
        <textarea
          id={`${id}-text`}
          value={values.text}
          onChange={(e) => set('text', e.target.value)}
          rows={5}
          autoFocus
          className={`${inputClass} resize-y`}
          aria-invalid={fieldErrors.text || over ? true : undefined}
          aria-describedby={`${id}-text-count${fieldErrors.text ? ` ${id}-text-error` : ''}`}
        />
        <p
          id={`${id}-text-count`}
          data-testid="alert-text-count"
          className="mt-0.5 flex justify-between gap-3 text-xs text-muted-foreground"
        >
          <span>Plain text; users see it exactly as typed.</span>
          <span className={`tabular-nums ${over ? 'font-medium text-danger-strong' : ''}`}>
            {fmt.integer(values.text.length)} / {fmt.integer(MAX_TEXT)} characters
            {over && ` (${fmt.integer(values.text.length - MAX_TEXT)} too many)`}
          </span>
        </p>
      </Field>

      <div className="grid gap-3.5 sm:grid-cols-2">
        <Field
          id={`${id}-startsAt`}
          name="startsAt"
          label="Starts (optional)"
          errors={fieldErrors.startsAt}
          hint="Empty: as soon as it is posted."
        >
          <input
            id={`${id}-startsAt`}
            type="datetime-local"
            value={values.startsAt}
            onChange={(e) => set('startsAt', e.target.value)}
            className={inputClass}
            {...invalid('startsAt')}
          />
        </Field>
        <Field
          id={`${id}-expiresAt`}
          name="expiresAt"
          label="Expires (optional)"
          errors={fieldErrors.expiresAt}
          hint="Empty: until someone removes it."
        >
          <input
            id={`${id}-expiresAt`}
            type="datetime-local"
            value={values.expiresAt}
            onChange={(e) => set('expiresAt', e.target.value)}
            className={inputClass}
            {...invalid('expiresAt')}
          />
        </Field>
      </div>
      <p className="text-xs text-muted-foreground">Times are in your browser&apos;s time zone.</p>

      {/* Refusals (403) and other failures; field errors stay with their fields. */}
      <ErrorSummary error={post.error} fields={FIELDS} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <button type="button" onClick={onCancel} className={buttonClass.quiet}>
          Cancel
        </button>
        {/* A domain administrator's domain is chosen from the list: wait for it rather than post without one. */}
        <button
          type="submit"
          disabled={post.isPending || (pickDomain && values.scope === 'domain' && !domains.data)}
          aria-busy={post.isPending}
          className={buttonClass.primary}
        >
          {post.isPending ? 'Posting…' : 'Post alert'}
        </button>
      </div>
    </form>
  );
}
