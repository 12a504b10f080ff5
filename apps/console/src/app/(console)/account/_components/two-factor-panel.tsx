'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';

import { authClient } from '@cc/auth/client';
import { Form, FormActions, PasswordField, useZodForm } from '@cc/ui';

import { buttonClass, Notice, Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { BackupCodes } from './backup-codes';
import { twoFactorMessage, type AuthFailure } from './two-factor-errors';
import { TwoFactorSetup } from './two-factor-setup';

/**
 * What the panel is doing. The secret and backup codes come from /api/auth straight to this component
 * (never through tRPC), live only in this state and are gone once the step is left.
 */
type Step =
  | { kind: 'idle' }
  | { kind: 'password'; purpose: 'enable' | 'disable' | 'codes' }
  | { kind: 'scan'; totpURI: string; backupCodes: string[] }
  | { kind: 'codes'; backupCodes: string[]; enabled: boolean };

const PURPOSE = {
  enable: { intro: 'Confirm your password to set up two-factor sign-in.', submit: 'Continue', busy: 'Checking…' },
  disable: {
    intro: 'Confirm your password to turn two-factor sign-in off. Signing in will need only your password.',
    submit: 'Turn off',
    busy: 'Turning off…',
  },
  codes: {
    intro: 'Confirm your password to get 10 new backup codes. The old ones stop working.',
    submit: 'Get new backup codes',
    busy: 'Generating…',
  },
} as const;

export function TwoFactorPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.me.get.queryOptions());
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [done, setDone] = useState<string | null>(null);
  const on = me.data?.twoFactorEnabled;
  const refresh = () => queryClient.invalidateQueries(trpc.me.get.queryFilter());

  async function withPassword(purpose: 'enable' | 'disable' | 'codes', password: string): Promise<AuthFailure | null> {
    if (purpose === 'enable') {
      const { data, error } = await authClient.twoFactor.enable({ password, method: 'totp' });
      if (error) return error;
      if (data.method !== 'totp') return { status: 500, message: 'The server did not set up an authenticator.' };
      setStep({ kind: 'scan', totpURI: data.totpURI, backupCodes: data.backupCodes });
    } else if (purpose === 'disable') {
      const { error } = await authClient.twoFactor.disable({ password });
      if (error) return error;
      setStep({ kind: 'idle' });
      setDone('Two-factor sign-in is off. Signing in needs only your password now.');
      await refresh();
    } else {
      const { data, error } = await authClient.twoFactor.generateBackupCodes({ password });
      if (error) return error;
      setStep({ kind: 'codes', backupCodes: data.backupCodes, enabled: false });
    }
    return null;
  }

  return (
    <Panel title="Two-factor authentication" testId="two-factor">
      <div className="space-y-4 text-sm">
        {done && (
          <Notice testId="two-factor-notice" onDismiss={() => setDone(null)}>
            {done}
          </Notice>
        )}
        <p data-testid="two-factor-status" data-enabled={on === undefined ? undefined : String(on)}>
          {on === undefined ? (
            <span className="text-muted-foreground">Loading…</span>
          ) : on ? (
            <>
              <span className="font-medium text-success-strong">On.</span> Signing in asks for a code from your
              authenticator app after your password.
            </>
          ) : (
            <>
              <span className="font-medium">Off.</span> Add a code from an authenticator app to your password, so a
              stolen password alone cannot sign in.
            </>
          )}
        </p>

        {step.kind === 'idle' && on !== undefined && (
          <div className="flex flex-wrap gap-2">
            {on ? (
              <>
                <button
                  type="button"
                  onClick={() => setStep({ kind: 'password', purpose: 'codes' })}
                  className={buttonClass.secondary}
                >
                  New backup codes
                </button>
                <button
                  type="button"
                  onClick={() => setStep({ kind: 'password', purpose: 'disable' })}
                  className={buttonClass.dangerOutline}
                >
                  Turn off two-factor
                </button>
              </>
            ) : (
              <button
                type="button"
                onClick={() => {
                  setDone(null);
                  setStep({ kind: 'password', purpose: 'enable' });
                }}
                className={buttonClass.primary}
              >
                Turn on two-factor
              </button>
            )}
          </div>
        )}

        {step.kind === 'password' && (
          <PasswordStep
            purpose={step.purpose}
            onSubmit={(password) => withPassword(step.purpose, password)}
            onCancel={() => setStep({ kind: 'idle' })}
          />
        )}
        {step.kind === 'scan' && (
          <TwoFactorSetup
            totpURI={step.totpURI}
            onCancel={() => setStep({ kind: 'idle' })}
            onVerified={() => {
              setStep({ kind: 'codes', backupCodes: step.backupCodes, enabled: true });
              void refresh();
            }}
          />
        )}
        {step.kind === 'codes' && (
          <div className="space-y-3">
            {step.enabled && (
              <p role="status" data-testid="two-factor-enabled" className="font-medium text-success-strong">
                Two-factor sign-in is on.
              </p>
            )}
            <BackupCodes codes={step.backupCodes} onDone={() => setStep({ kind: 'idle' })} />
          </div>
        )}
      </div>
    </Panel>
  );
}

// Better-auth checks the password; the form only asks that one was typed.
const ZPasswordStep = z.object({ password: z.string().min(1, 'Enter your password.').max(256) });

function PasswordStep({
  purpose,
  onSubmit,
  onCancel,
}: {
  purpose: 'enable' | 'disable' | 'codes';
  onSubmit: (password: string) => Promise<AuthFailure | null>;
  onCancel: () => void;
}) {
  const text = PURPOSE[purpose];
  const form = useZodForm(ZPasswordStep, { password: '' });
  return (
    <Form
      form={form}
      onSubmit={async ({ password }) => {
        const failure = await onSubmit(password);
        if (failure) form.setError('password', { message: twoFactorMessage(failure) });
      }}
      className="max-w-md space-y-3"
      data-testid={`two-factor-${purpose}`}
    >
      <p className="text-secondary-foreground">{text.intro}</p>
      <PasswordField name="password" label="Your password" autoComplete="current-password" autoFocus maxLength={256} />
      <FormActions
        submitLabel={text.submit}
        pendingLabel={text.busy}
        onCancel={onCancel}
        variant={purpose === 'disable' ? 'danger' : 'primary'}
        bordered={false}
        className="justify-start"
      />
    </Form>
  );
}
