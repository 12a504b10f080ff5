'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
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

type Severity = 'info' | 'warning' | 'critical';
type Security = 'none' | 'starttls' | 'tls';
const str = (v: unknown, d = '') => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : d);

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
  const [kind, setKind] = useState<'webhook' | 'email'>(channel?.kind ?? 'webhook');
  const [name, setName] = useState(channel?.name ?? '');
  const [minSeverity, setMinSeverity] = useState<Severity>((channel?.minSeverity as Severity) ?? 'warning');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [url, setUrl] = useState(str(c.url));
  const [secret, setSecret] = useState('');
  const [host, setHost] = useState(str(c.host));
  const [port, setPort] = useState(str(c.port, '25'));
  const [security, setSecurity] = useState<Security>((str(c.security, 'starttls') as Security) ?? 'starttls');
  const [user, setUser] = useState(str(c.user));
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState(str(c.from));
  const [to, setTo] = useState(Array.isArray(c.to) ? (c.to as string[]).join(', ') : '');
  const create = useMutation(trpc.notifications.createChannel.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.notifications.updateChannel.mutationOptions({ onSuccess: onSaved }));
  const m = channel ? update : create;
  const errors = fieldErrorsOf(m.error);

  const input = () => {
    const common = { name, minSeverity, enabled };
    if (kind === 'webhook') return { kind, ...common, config: { url }, ...(secret && { secret }) };
    const recipients = to
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const config = { host, port: Number(port), security, from, to: recipients, ...(user && { user }) };
    return { kind, ...common, config, ...(password && { password }) };
  };

  return (
    <Modal open onClose={onClose} title={channel ? `Edit ${channel.name}` : 'Add a notification channel'}>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (channel) update.mutate({ id: channel.id, expectedVersion: channel.version, channel: input() });
          else create.mutate(input());
        }}
      >
        {!channel && (
          <Field id="channel-kind" name="kind" label="Kind" errors={errors.kind}>
            <select
              id="channel-kind"
              className={inputClass}
              value={kind}
              onChange={(e) => setKind(e.target.value as 'webhook' | 'email')}
            >
              <option value="webhook">Webhook (signed JSON)</option>
              <option value="email">E-mail (SMTP relay)</option>
            </select>
          </Field>
        )}
        <Field id="channel-name" name="name" label="Name" errors={errors.name}>
          <input id="channel-name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="channel-severity" name="minSeverity" label="Send findings of at least" errors={errors.minSeverity}>
          <select
            id="channel-severity"
            className={inputClass}
            value={minSeverity}
            onChange={(e) => setMinSeverity(e.target.value as Severity)}
          >
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
        {kind === 'webhook' ? (
          <>
            <Field id="channel-url" name="config" label="URL (http:// or https://)" errors={errors.config}>
              <input id="channel-url" className={inputClass} value={url} onChange={(e) => setUrl(e.target.value)} />
            </Field>
            <Field
              id="channel-secret"
              name="secret"
              label="Signing secret"
              errors={errors.secret}
              hint={channel?.secretSet ? 'Set; leave empty to keep it.' : 'At least 16 characters; shown never again.'}
            >
              <input
                id="channel-secret"
                type="password"
                autoComplete="off"
                className={inputClass}
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            </Field>
          </>
        ) : (
          <>
            <div className="grid grid-cols-3 gap-2">
              <div className="col-span-2">
                <Field id="smtp-host" name="config" label="SMTP host" errors={errors.config}>
                  <input id="smtp-host" className={inputClass} value={host} onChange={(e) => setHost(e.target.value)} />
                </Field>
              </div>
              <Field id="smtp-port" name="port" label="Port" errors={undefined}>
                <input
                  id="smtp-port"
                  type="number"
                  className={inputClass}
                  value={port}
                  onChange={(e) => setPort(e.target.value)}
                />
              </Field>
            </div>
            <Field id="smtp-security" name="security" label="Security" errors={undefined}>
              <select
                id="smtp-security"
                className={inputClass}
                value={security}
                onChange={(e) => setSecurity(e.target.value as Security)}
              >
                <option value="starttls">STARTTLS (required)</option>
                <option value="tls">TLS (port 465)</option>
                <option value="none">None (plain SMTP)</option>
              </select>
            </Field>
            <Field id="smtp-user" name="user" label="User (optional)" errors={undefined}>
              <input id="smtp-user" className={inputClass} value={user} onChange={(e) => setUser(e.target.value)} />
            </Field>
            <Field
              id="smtp-password"
              name="password"
              label="Password"
              errors={errors.password}
              hint={channel?.secretSet ? 'Set; leave empty to keep it.' : undefined}
            >
              <input
                id="smtp-password"
                type="password"
                autoComplete="off"
                className={inputClass}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            <Field id="smtp-from" name="from" label="From" errors={undefined}>
              <input id="smtp-from" className={inputClass} value={from} onChange={(e) => setFrom(e.target.value)} />
            </Field>
            <Field id="smtp-to" name="to" label="To (comma-separated)" errors={undefined}>
              <input id="smtp-to" className={inputClass} value={to} onChange={(e) => setTo(e.target.value)} />
            </Field>
          </>
        )}
        <ErrorSummary error={m.error} fields={['name', 'minSeverity', 'config', 'secret', 'password', 'kind']} />
        <div className="flex justify-end gap-2">
          <button type="button" className="rounded border border-input px-3 py-1.5 text-sm" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            disabled={m.isPending}
            className="rounded bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:bg-primary/90 disabled:opacity-60"
          >
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
