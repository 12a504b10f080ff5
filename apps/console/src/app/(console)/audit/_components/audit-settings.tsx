'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';

import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
import { buttonClass, Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import type { RetentionSettings, SyslogSettings } from './types';
import { useFormat } from '@cc/ui';

/** Server administrators: forwarding to syslog / a SIEM, and how long entries stay in the database. */
export function AuditSettings() {
  const trpc = useTRPC();
  const syslog = useQuery(trpc.audit.syslogSettings.queryOptions());
  const retention = useQuery(trpc.audit.retention.queryOptions());
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel title="Syslog forwarding" testId="audit-syslog">
        {syslog.data ? (
          <SyslogForm key={syslog.data.version} current={syslog.data} />
        ) : (
          <p className="text-sm">Loading…</p>
        )}
      </Panel>
      <Panel title="Retention" testId="audit-retention">
        {retention.data ? (
          <RetentionForm key={retention.data.version} current={retention.data} />
        ) : (
          <p className="text-sm">Loading…</p>
        )}
      </Panel>
    </div>
  );
}

function useInvalidateSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.audit.syslogSettings.queryFilter()),
      queryClient.invalidateQueries(trpc.audit.retention.queryFilter()),
      queryClient.invalidateQueries(trpc.audit.list.pathFilter()),
    ]);
}

function SyslogForm({ current }: { current: SyslogSettings }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const id = useId();
  const invalidate = useInvalidateSettings();
  const [form, setForm] = useState({
    enabled: current.enabled,
    host: current.host,
    port: String(current.port),
    protocol: current.protocol,
    appName: current.appName,
  });
  const save = useMutation(trpc.audit.updateSyslog.mutationOptions({ onSuccess: invalidate }));
  const errors = fieldErrorsOf(save.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ ...form, port: Number(form.port), expectedVersion: current.version });
  }
  const f = current.forwarder;
  return (
    <form onSubmit={submit} noValidate className="space-y-3 text-sm">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
        />
        Forward new entries as RFC 5424 messages
      </label>
      <div className="grid grid-cols-[1fr_6rem_6rem] gap-2">
        <Field id={`${id}-host`} name="host" label="Host" errors={errors.host}>
          <input
            id={`${id}-host`}
            value={form.host}
            onChange={(e) => setForm({ ...form, host: e.target.value })}
            className={inputClass}
          />
        </Field>
        <Field id={`${id}-port`} name="port" label="Port" errors={errors.port}>
          <input
            id={`${id}-port`}
            inputMode="numeric"
            value={form.port}
            onChange={(e) => setForm({ ...form, port: e.target.value })}
            className={inputClass}
          />
        </Field>
        <Field id={`${id}-protocol`} name="protocol" label="Protocol" errors={errors.protocol}>
          <select
            id={`${id}-protocol`}
            value={form.protocol}
            onChange={(e) => setForm({ ...form, protocol: e.target.value === 'tcp' ? 'tcp' : 'udp' })}
            className={inputClass}
          >
            <option value="udp">UDP</option>
            <option value="tcp">TCP</option>
          </select>
        </Field>
      </div>
      <Field id={`${id}-app`} name="appName" label="App name" errors={errors.appName}>
        <input
          id={`${id}-app`}
          value={form.appName}
          onChange={(e) => setForm({ ...form, appName: e.target.value })}
          className={inputClass}
        />
      </Field>
      <ErrorSummary error={save.error} fields={['host', 'port', 'protocol', 'appName']} />
      <p className="text-xs text-muted-foreground">
        {f.lastError
          ? `Failing since ${fmt.dateTime(f.lastErrorAt)}: ${f.lastError}`
          : f.lastSentAt
            ? `Sent up to entry ${f.lastId} (${fmt.dateTime(f.lastSentAt)}).`
            : 'Nothing sent yet.'}
      </p>
      <button type="submit" disabled={save.isPending} className={buttonClass.primary}>
        Save forwarding
      </button>
    </form>
  );
}

function RetentionForm({ current }: { current: RetentionSettings }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const id = useId();
  const invalidate = useInvalidateSettings();
  const [days, setDays] = useState(current.retentionDays === null ? '' : String(current.retentionDays));
  const save = useMutation(trpc.audit.updateRetention.mutationOptions({ onSuccess: invalidate }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ retentionDays: days.trim() ? Number(days) : null, expectedVersion: current.version });
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-3 text-sm">
      <Field
        id={`${id}-days`}
        name="retentionDays"
        label="Keep entries in the database for (days)"
        errors={fieldErrorsOf(save.error).retentionDays}
        hint="Empty keeps everything. Older entries are moved to a digest-checked archive file, never just deleted."
      >
        <input
          id={`${id}-days`}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          className={inputClass}
        />
      </Field>
      <ErrorSummary error={save.error} fields={['retentionDays']} />
      <button type="submit" disabled={save.isPending} className={buttonClass.primary}>
        Save retention
      </button>
      {current.archives.length > 0 && (
        <ul className="space-y-1 text-xs text-secondary-foreground">
          {current.archives.map((a) => (
            <li key={a.id} className="break-all">
              Entries {a.firstId}–{a.lastId} ({fmt.integer(a.count)}) archived {fmt.dateTime(a.createdAt)} to {a.host}:
              {a.path}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
