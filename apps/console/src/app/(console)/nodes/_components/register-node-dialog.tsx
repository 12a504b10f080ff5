'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';

import type { NodeRole } from '~/components/api-types';
import { Field, fieldErrorsOf, inputClass, summaryOf, type FormErrorLike } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { useTRPC } from '~/trpc/react';

import { NodeTlsFields, type PresentedCertificate } from './node-tls-fields';

const FIELDS = ['name', 'role', 'adminUrl', 'token', 'tlsFingerprint', 'allowPlainHttp'] as const;
type FieldName = 'name' | 'role' | 'adminUrl' | 'token';

interface Values {
  name: string;
  role: NodeRole;
  adminUrl: string;
  token: string;
}

const EMPTY: Values = { name: '', role: 'FRONTEND', adminUrl: '', token: '' };

export function RegisterNodeDialog({
  open,
  onClose,
  onRegistered,
}: {
  open: boolean;
  onClose: () => void;
  onRegistered: (name: string) => void;
}) {
  return (
    <Modal open={open} onClose={onClose} title="Register node">
      {/* Mounted only while open, so a reopened form starts clean (no stale token in memory). */}
      <RegisterNodeForm onCancel={onClose} onRegistered={onRegistered} />
    </Modal>
  );
}

function RegisterNodeForm({ onCancel, onRegistered }: { onCancel: () => void; onRegistered: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [values, setValues] = useState<Values>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  // The certificate the node presented at the last test, and whether the administrator confirmed it.
  const [certificate, setCertificate] = useState<{ cert: PresentedCertificate; trust: string } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [allowPlainHttp, setAllowPlainHttp] = useState(false);
  const confirmedFingerprint = confirmed && certificate ? certificate.cert.fingerprint256 : undefined;

  function showError(error: FormErrorLike) {
    setFieldErrors(fieldErrorsOf(error));
    setSummary(summaryOf(error, FIELDS));
  }
  function clearFeedback() {
    setFieldErrors({});
    setSummary(null);
    setTested(null);
  }

  const test = useMutation(
    trpc.nodes.test.mutationOptions({
      onSuccess: ({ info, certificate: cert, trust }) => {
        const sameCert = cert && cert.fingerprint256 === certificate?.cert.fingerprint256;
        setCertificate(cert ? { cert, trust } : null);
        if (!sameCert) setConfirmed(false);
        setTested(
          info
            ? `Connected to ${info.name} (${info.role}, version ${info.softwareVersion}, ${info.driver} driver).`
            : 'A node agent answered. Compare its certificate fingerprint below, confirm it, and test again.',
        );
      },
      onError: showError,
    }),
  );
  const register = useMutation(
    trpc.nodes.register.mutationOptions({
      onSuccess: async (node) => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.nodes.list.pathFilter()),
          queryClient.invalidateQueries(trpc.cluster.overview.pathFilter()),
        ]);
        onRegistered(node.name);
      },
      onError: showError,
    }),
  );
  const busy = test.isPending || register.isPending;

  function set<K extends FieldName>(field: K, value: Values[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    // An edited field's old complaint no longer applies; the connection test result neither.
    setFieldErrors((errors) => {
      const next = { ...errors };
      delete next[field];
      return next;
    });
    setTested(null);
    // Another address may present another certificate: it must be fetched and confirmed again.
    if (field === 'adminUrl') {
      setCertificate(null);
      setConfirmed(false);
    }
  }

  const tlsInput = () => ({
    ...(confirmedFingerprint && { tlsFingerprint: confirmedFingerprint }),
    ...(allowPlainHttp && values.adminUrl.trim().toLowerCase().startsWith('http://') && { allowPlainHttp: true }),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clearFeedback();
    register.mutate({ ...values, ...tlsInput() });
  }

  const invalid = (f: FieldName) =>
    fieldErrors[f] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${f}-error` } : {};

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3.5">
      <Field
        id={`${id}-name`}
        name="name"
        label="Name"
        errors={fieldErrors.name}
        hint="How the console lists the node, e.g. backend-3."
      >
        <input
          id={`${id}-name`}
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus
          className={inputClass}
          {...invalid('name')}
        />
      </Field>
      <Field id={`${id}-role`} name="role" label="Role" errors={fieldErrors.role}>
        <select
          id={`${id}-role`}
          value={values.role}
          onChange={(e) => set('role', e.target.value as NodeRole)}
          className={inputClass}
          {...invalid('role')}
        >
          <option value="FRONTEND">Frontend</option>
          <option value="BACKEND">Backend</option>
        </select>
      </Field>
      <Field
        id={`${id}-adminUrl`}
        name="adminUrl"
        label="Admin URL"
        errors={fieldErrors.adminUrl}
        hint="The node agent's admin endpoint, e.g. https://10.0.0.5:4001"
      >
        <input
          id={`${id}-adminUrl`}
          type="url"
          inputMode="url"
          value={values.adminUrl}
          onChange={(e) => set('adminUrl', e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://10.0.0.5:4001"
          required
          className={inputClass}
          {...invalid('adminUrl')}
        />
      </Field>
      <Field
        id={`${id}-token`}
        name="token"
        label="Token"
        errors={fieldErrors.token}
        hint="The node's admin token; stored encrypted."
      >
        <input
          id={`${id}-token`}
          type="password"
          value={values.token}
          onChange={(e) => set('token', e.target.value)}
          autoComplete="new-password"
          required
          className={inputClass}
          {...invalid('token')}
        />
      </Field>

      <NodeTlsFields
        id={id}
        adminUrl={values.adminUrl}
        certificate={certificate?.cert ?? null}
        trust={certificate?.trust ?? null}
        confirmed={confirmed}
        onConfirm={setConfirmed}
        allowPlainHttp={allowPlainHttp}
        onAllowPlainHttp={(allow) => {
          setAllowPlainHttp(allow);
          setFieldErrors((errors) => {
            const next = { ...errors };
            delete next.adminUrl;
            return next;
          });
        }}
        errors={fieldErrors}
      />

      {summary && (
        <p
          role="alert"
          className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong"
        >
          {summary}
        </p>
      )}
      {tested && (
        <p
          role="status"
          data-testid="test-connection-ok"
          className="rounded border border-success-border bg-success-soft px-3 py-2 text-sm text-success-strong"
        >
          {tested}
        </p>
      )}

      <div className="flex items-center gap-2 border-t border-border pt-4">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            clearFeedback();
            test.mutate({ role: values.role, adminUrl: values.adminUrl, token: values.token, ...tlsInput() });
          }}
          className="rounded border border-input bg-card px-3 py-1.5 text-sm font-medium text-secondary-foreground hover:bg-muted/60 disabled:opacity-60"
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <div className="ml-auto flex gap-2">
          <button
            type="button"
            onClick={onCancel}
            className="rounded px-3 py-1.5 text-sm text-secondary-foreground hover:bg-muted"
          >
            Cancel
          </button>
          <button
            type="submit"
            disabled={busy}
            aria-busy={register.isPending}
            className="rounded bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:bg-primary/90 disabled:opacity-60"
          >
            Register
          </button>
        </div>
      </div>
    </form>
  );
}
