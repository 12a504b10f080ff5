'use client';

import { useMutation } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import { z } from 'zod';

import { ZChannelInput } from '@cc/schemas';
import {
  applyServerErrors,
  CheckboxField,
  Form,
  FormActions,
  FormField,
  PasswordField,
  useZodForm,
  type FormErrorLike,
} from '@cc/ui';

import { Modal } from '~/components/modal';
import { useTRPC } from '~/trpc/react';

export interface ChannelRow {
  id: string;
  name: string;
  kind: 'webhook' | 'email';
  minSeverity: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secretSet: boolean;
  version: number;
}

const str = (v: unknown, d = '') => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : d);
const blank = (s: unknown) => (s === '' ? undefined : s);

interface Values {
  kind: 'webhook' | 'email';
  name: string;
  minSeverity: string;
  enabled: boolean;
  secret: string;
  password: string;
  config: { url: string; host: string; port: string; security: string; user: string; from: string; to: string };
}

/**
 * notifications.createChannel's own input, from the form's text boxes: recipients are one
 * comma-separated box, the port a number, empty secrets and user left out (on edit: the stored one stays).
 */
const ZForm = z.preprocess((raw) => {
  const v = raw as Values;
  const c = v.config;
  const to = c.to
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const config =
    v.kind === 'webhook'
      ? { url: c.url }
      : {
          host: c.host,
          port: c.port === '' ? NaN : Number(c.port),
          security: c.security,
          from: c.from,
          to,
          user: blank(c.user),
        };
  return {
    kind: v.kind,
    name: v.name,
    minSeverity: v.minSeverity,
    enabled: v.enabled,
    config,
    secret: blank(v.secret),
    password: blank(v.password),
  };
}, ZChannelInput) as unknown as z.ZodType<z.output<typeof ZChannelInput>, Values>;

// Server messages about `config` as a whole go to the summary; the browser places them on their box.
const SERVER_FIELDS = ['kind', 'name', 'minSeverity', 'secret', 'password'];

/** Create or edit a channel; secrets are write-only (left empty on edit: the stored one stays). */
export function ChannelForm({
  channel,
  onClose,
  onSaved,
}: {
  channel: ChannelRow | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const trpc = useTRPC();
  const c = channel?.config ?? {};
  const form = useZodForm(ZForm, {
    kind: channel?.kind ?? 'webhook',
    name: channel?.name ?? '',
    minSeverity: channel?.minSeverity ?? 'warning',
    enabled: channel?.enabled ?? true,
    secret: '',
    password: '',
    config: {
      url: str(c.url),
      host: str(c.host),
      port: str(c.port, '25'),
      security: str(c.security, 'starttls'),
      user: str(c.user),
      from: str(c.from),
      to: Array.isArray(c.to) ? (c.to as string[]).join(', ') : '',
    },
  });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const onError = (error: FormErrorLike) => applyServerErrors(form, error, SERVER_FIELDS);
  const create = useMutation(trpc.notifications.createChannel.mutationOptions({ onSuccess: onSaved, onError }));
  const update = useMutation(trpc.notifications.updateChannel.mutationOptions({ onSuccess: onSaved, onError }));
  const keepHint = channel?.secretSet ? 'Set; leave empty to keep it.' : undefined;

  return (
    <Modal open onClose={onClose} title={channel ? `Edit ${channel.name}` : 'Add a notification channel'}>
      <Form
        form={form}
        className="space-y-3"
        onSubmit={(input) => {
          if (channel) update.mutate({ id: channel.id, expectedVersion: channel.version, channel: input });
          else create.mutate(input);
        }}
      >
        {!channel && (
          <FormField name="kind" label="Kind">
            {(control) => (
              <select {...control}>
                <option value="webhook">Webhook (signed JSON)</option>
                <option value="email">E-mail (SMTP relay)</option>
              </select>
            )}
          </FormField>
        )}
        <FormField name="name" label="Name" />
        <FormField name="minSeverity" label="Send findings of at least">
          {(control) => (
            <select {...control}>
              <option value="info">info</option>
              <option value="warning">warning</option>
              <option value="critical">critical</option>
            </select>
          )}
        </FormField>
        <CheckboxField name="enabled" label="Enabled" />
        {kind === 'webhook' ? (
          <>
            <FormField name="config.url" label="URL (http:// or https://)" />
            <PasswordField
              name="secret"
              label="Signing secret"
              autoComplete="off"
              description={keepHint ?? 'At least 16 characters; shown never again.'}
            />
          </>
        ) : (
          <>
            <div className="grid grid-cols-3 gap-2">
              <FormField name="config.host" label="SMTP host" className="col-span-2" />
              <FormField name="config.port" label="Port" type="number" />
            </div>
            <FormField name="config.security" label="Security">
              {(control) => (
                <select {...control}>
                  <option value="starttls">STARTTLS (required)</option>
                  <option value="tls">TLS (port 465)</option>
                  <option value="none">None (plain SMTP)</option>
                </select>
              )}
            </FormField>
            <FormField name="config.user" label="User (optional)" />
            <PasswordField name="password" label="Password" autoComplete="off" description={keepHint} />
            <FormField name="config.from" label="From" />
            <FormField name="config.to" label="To (comma-separated)" />
          </>
        )}
        <FormActions
          submitLabel="Save"
          pending={(channel ? update : create).isPending}
          onCancel={onClose}
          bordered={false}
        />
      </Form>
    </Modal>
  );
}
