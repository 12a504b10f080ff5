'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { get, useWatch } from 'react-hook-form';

import { ZRegisterNodeInput } from '@cc/schemas';
import {
  applyServerErrors,
  Button,
  Form,
  FormActions,
  FormField,
  PasswordField,
  useZodForm,
  type FormErrorLike,
} from '@cc/ui';

import { Modal } from '~/components/modal';
import { useTRPC } from '~/trpc/react';

import { NodeTlsFields, type PresentedCertificate } from './node-tls-fields';

// nodes.register's input; the certificate confirmation and the plain-HTTP choice are set below the fields.
const ZForm = ZRegisterNodeInput.pick({ name: true, role: true, adminUrl: true, token: true });
const FIELDS = ['name', 'role', 'adminUrl', 'token', 'tlsFingerprint', 'allowPlainHttp'];
/** The server's message for a field without its own control (shown by NodeTlsFields). */
const messages = (errors: object, name: string) => {
  const m = (get(errors, name) as { message?: string } | undefined)?.message;
  return m ? [m] : undefined;
};

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
  const form = useZodForm(ZForm, { name: '', role: 'FRONTEND', adminUrl: '', token: '' });
  const adminUrl = useWatch({ control: form.control, name: 'adminUrl' }) ?? '';
  const [tested, setTested] = useState<string | null>(null);
  // The certificate the node presented at the last test, and whether the administrator confirmed it.
  const [certificate, setCertificate] = useState<{ cert: PresentedCertificate; trust: string } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [allowPlainHttp, setAllowPlainHttp] = useState(false);
  const confirmedFingerprint = confirmed && certificate ? certificate.cert.fingerprint256 : undefined;
  const showError = (error: FormErrorLike) => applyServerErrors(form, error, FIELDS);

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
  // An edited field makes the last connection test moot; another address may present another
  // certificate, which must be fetched and confirmed again.
  const edited = (field: 'name' | 'role' | 'adminUrl' | 'token') => ({
    onChange: () => {
      setTested(null);
      if (field === 'adminUrl') {
        setCertificate(null);
        setConfirmed(false);
      }
    },
  });

  const tlsInput = () => ({
    ...(confirmedFingerprint && { tlsFingerprint: confirmedFingerprint }),
    ...(allowPlainHttp && adminUrl.trim().toLowerCase().startsWith('http://') && { allowPlainHttp: true }),
  });
  async function testConnection() {
    setTested(null);
    form.clearErrors();
    // The connection test needs everything but the name.
    if (!(await form.trigger(['role', 'adminUrl', 'token']))) return;
    const { role, adminUrl: url, token } = form.getValues();
    test.mutate({ role, adminUrl: url, token, ...tlsInput() });
  }

  return (
    <Form
      form={form}
      onSubmit={(values) => {
        setTested(null);
        register.mutate({ ...values, ...tlsInput() });
      }}
    >
      <FormField
        name="name"
        label="Name"
        description="How the console lists the node, e.g. backend-3."
        autoComplete="off"
        spellCheck={false}
        autoFocus
        rules={edited('name')}
      />
      <FormField name="role" label="Role" rules={edited('role')}>
        {(control) => (
          <select {...control}>
            <option value="FRONTEND">Frontend</option>
            <option value="BACKEND">Backend</option>
          </select>
        )}
      </FormField>
      <FormField
        name="adminUrl"
        label="Admin URL"
        description="The node agent's admin endpoint, e.g. https://10.0.0.5:4001"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://10.0.0.5:4001"
        rules={edited('adminUrl')}
      />
      <PasswordField
        name="token"
        label="Token"
        description="The node's admin token; stored encrypted."
        autoComplete="new-password"
        rules={edited('token')}
      />

      <NodeTlsFields
        id={id}
        adminUrl={adminUrl}
        certificate={certificate?.cert ?? null}
        trust={certificate?.trust ?? null}
        confirmed={confirmed}
        onConfirm={setConfirmed}
        allowPlainHttp={allowPlainHttp}
        onAllowPlainHttp={(allow) => {
          setAllowPlainHttp(allow);
          form.clearErrors(['adminUrl', 'allowPlainHttp'] as never);
        }}
        errors={{
          tlsFingerprint: messages(form.formState.errors, 'tlsFingerprint'),
          allowPlainHttp: messages(form.formState.errors, 'allowPlainHttp'),
        }}
      />

      {tested && (
        <p
          role="status"
          data-testid="test-connection-ok"
          className="rounded border border-success-border bg-success-soft px-3 py-2 text-sm text-success-strong"
        >
          {tested}
        </p>
      )}

      <FormActions submitLabel="Register" pending={busy} onCancel={onCancel}>
        <Button disabled={busy} onClick={() => void testConnection()} className="mr-auto">
          {test.isPending ? 'Testing…' : 'Test connection'}
        </Button>
      </FormActions>
    </Form>
  );
}
