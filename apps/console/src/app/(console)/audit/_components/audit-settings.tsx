'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { ZRetentionSettings, ZSyslogSettings } from '@cc/schemas';
import {
  applyServerErrors,
  CheckboxField,
  Form,
  FormActions,
  FormField,
  useFormat,
  useZodForm,
  type FormErrorLike,
} from '@cc/ui';

import { Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import type { RetentionSettings, SyslogSettings } from './types';

// audit.updateRetention's input; an empty box keeps everything (null).
const ZRetentionForm = ZRetentionSettings.extend({
  retentionDays: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : Number(v)) : v),
    ZRetentionSettings.shape.retentionDays,
  ),
});

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
  const invalidate = useInvalidateSettings();
  const form = useZodForm(ZSyslogSettings, {
    enabled: current.enabled,
    host: current.host,
    port: current.port,
    protocol: current.protocol,
    appName: current.appName,
    expectedVersion: current.version,
  });
  const save = useMutation(
    trpc.audit.updateSyslog.mutationOptions({
      onSuccess: invalidate,
      onError: (error: FormErrorLike) => applyServerErrors(form, error),
    }),
  );
  const f = current.forwarder;
  return (
    <Form form={form} onSubmit={(values) => save.mutate(values)} className="space-y-3 text-sm">
      <CheckboxField name="enabled" label="Forward new entries as RFC 5424 messages" />
      <div className="grid grid-cols-[1fr_6rem_6rem] gap-2">
        <FormField name="host" label="Host" />
        <FormField name="port" label="Port" inputMode="numeric" rules={{ valueAsNumber: true }} />
        <FormField name="protocol" label="Protocol">
          {(control) => (
            <select {...control}>
              <option value="udp">UDP</option>
              <option value="tcp">TCP</option>
            </select>
          )}
        </FormField>
      </div>
      <FormField name="appName" label="App name" />
      <p className="text-xs text-muted-foreground">
        {f.lastError
          ? `Failing since ${fmt.dateTime(f.lastErrorAt)}: ${f.lastError}`
          : f.lastSentAt
            ? `Sent up to entry ${f.lastId} (${fmt.dateTime(f.lastSentAt)}).`
            : 'Nothing sent yet.'}
      </p>
      <FormActions submitLabel="Save forwarding" pending={save.isPending} bordered={false} className="justify-start" />
    </Form>
  );
}

function RetentionForm({ current }: { current: RetentionSettings }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const invalidate = useInvalidateSettings();
  const form = useZodForm(ZRetentionForm, {
    retentionDays: current.retentionDays === null ? '' : String(current.retentionDays),
    expectedVersion: current.version,
  });
  const save = useMutation(
    trpc.audit.updateRetention.mutationOptions({
      onSuccess: invalidate,
      onError: (error: FormErrorLike) => applyServerErrors(form, error),
    }),
  );
  return (
    <Form form={form} onSubmit={(values) => save.mutate(values)} className="space-y-3 text-sm">
      <FormField
        name="retentionDays"
        label="Keep entries in the database for (days)"
        description="Empty keeps everything. Older entries are moved to a digest-checked archive file, never just deleted."
        inputMode="numeric"
      />
      <FormActions submitLabel="Save retention" pending={save.isPending} bordered={false} className="justify-start" />
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
    </Form>
  );
}
