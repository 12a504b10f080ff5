'use client';

import { useState, type FormEvent } from 'react';

import { authClient } from '@cc/auth/client';

import { safeNextPath } from '~/components/safe-next';

interface Failure {
  status: number;
  code?: string | undefined;
  message?: string | undefined;
}

function waitText(retryAfter: number | null): string {
  return retryAfter !== null && retryAfter < 60
    ? `wait ${retryAfter} ${retryAfter === 1 ? 'second' : 'seconds'}`
    : 'wait a minute';
}

/** What a refused sign-in tells the user; better-auth's own messages are not always meant for people. */
function failureMessage(failure: Failure, retryAfter: number | null) {
  if (failure.status === 429) return `Too many sign-in attempts; ${waitText(retryAfter)} and try again.`;
  // The session hook in packages/auth refuses disabled users; this is what better-auth makes of that.
  if (failure.code === 'FAILED_TO_CREATE_SESSION')
    return 'Sign-in refused: this user is disabled. Ask a server administrator.';
  return failure.message ?? 'Sign-in failed.';
}

/** The second step's refusals. `restart`: the challenge is spent, so the password is asked again. */
function codeFailure(failure: Failure, retryAfter: number | null): { message: string; restart: boolean } {
  switch (failure.code) {
    case 'ACCOUNT_TEMPORARILY_LOCKED':
      return {
        message: 'Too many wrong codes: sign-in to this account is locked for a while. Try again later.',
        restart: true,
      };
    case 'INVALID_CODE':
      return {
        message: 'That code is not right. Codes change every 30 seconds: type the one your app shows now.',
        restart: false,
      };
    case 'INVALID_BACKUP_CODE':
      return { message: 'That backup code is not right, or it has been used already.', restart: false };
    case 'INVALID_TWO_FACTOR_COOKIE':
      return { message: 'This sign-in took too long. Enter your password again.', restart: true };
    case 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE':
      return { message: 'Too many wrong codes for this sign-in. Enter your password again.', restart: true };
  }
  if (failure.status === 429) {
    return { message: `Too many attempts; ${waitText(retryAfter)} and try again.`, restart: false };
  }
  return { message: failureMessage(failure, retryAfter), restart: false };
}

/** better-auth's rate limiter says how long the block lasts; the error object does not carry it. */
function retryAfterOf(response: Response): number | null {
  const seconds = Number(response.headers.get('x-retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

type CallOptions = { onError: (context: { response: Response }) => void };

/** One step's request state: a better-auth call in flight, and the message of its last refusal. */
function useAuthCall() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function call<T>(
    request: (options: CallOptions) => Promise<T>,
  ): Promise<{ result: T; retryAfter: number | null }> {
    setPending(true);
    setError(null);
    let retryAfter: number | null = null;
    try {
      const result = await request({ onError: ({ response }) => void (retryAfter = retryAfterOf(response)) });
      return { result, retryAfter };
    } finally {
      setPending(false);
    }
  }
  return { error, setError, pending, call };
}

const inputClass = 'mt-1 w-full rounded border border-input px-3 py-2';

function FormAlert({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded bg-danger-soft px-3 py-2 text-sm text-danger-strong">
      {error}
    </p>
  );
}

function SubmitButton({ pending, children }: { pending: boolean; children: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="w-full rounded bg-primary px-3 py-2 font-medium text-primary-foreground hover:bg-primary/90 disabled:opacity-60"
    >
      {children}
    </button>
  );
}

export function SignInForm({ next }: { next: string }) {
  const [step, setStep] = useState<'password' | 'code'>('password');
  const { error, setError, pending, call } = useAuthCall();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const { result, retryAfter } = await call((options) =>
      authClient.signIn.email(
        { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
        options,
      ),
    );
    const { data, error: failure } = result;
    if (failure) {
      setError(failureMessage(failure, retryAfter));
      return;
    }
    // The password was right, and the account asks for a second factor: no session until then.
    if (data && 'twoFactorRedirect' in data && data.twoFactorRedirect) {
      setStep('code');
      return;
    }
    window.location.assign(safeNextPath(next));
  }

  if (step === 'code') {
    return (
      <SecondFactorForm
        next={next}
        onRestart={(message) => {
          setStep('password');
          setError(message);
        }}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <label className="block text-sm font-medium">
        Email
        <input name="email" type="email" autoComplete="username" required className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </label>
      <FormAlert error={error} />
      <SubmitButton pending={pending}>{pending ? 'Signing in…' : 'Sign in'}</SubmitButton>
    </form>
  );
}

/** The second step: a code from the authenticator app, or one of the backup codes. */
function SecondFactorForm({ next, onRestart }: { next: string; onRestart: (message: string | null) => void }) {
  const [backup, setBackup] = useState(false);
  const [code, setCode] = useState('');
  const { error, setError, pending, call } = useAuthCall();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const typed = backup ? code.trim() : code.replace(/\s/g, '');
    if (!backup && !/^\d{6}$/.test(typed)) {
      setError('Enter the 6 digits your authenticator app shows.');
      return;
    }
    if (backup && typed === '') {
      setError('Enter one of your backup codes.');
      return;
    }
    const { result, retryAfter } = await call((options) =>
      backup
        ? authClient.twoFactor.verifyBackupCode({ code: typed }, options)
        : authClient.twoFactor.verifyTotp({ code: typed }, options),
    );
    const failure = result.error;
    if (!failure) {
      window.location.assign(safeNextPath(next));
      return;
    }
    const { message, restart } = codeFailure(failure, retryAfter);
    if (restart) onRestart(message);
    else setError(message);
    setCode('');
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate data-testid="second-factor">
      <div>
        <h2 className="text-sm font-semibold">Two-factor authentication</h2>
        <p className="mt-1 text-sm text-secondary-foreground">
          {backup
            ? 'Enter one of the backup codes you stored when you set up two-factor sign-in. Each works once.'
            : 'Enter the 6-digit code from your authenticator app.'}
        </p>
      </div>
      <label className="block text-sm font-medium">
        {backup ? 'Backup code' : 'Authentication code'}
        <input
          key={backup ? 'backup' : 'totp'}
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          inputMode={backup ? 'text' : 'numeric'}
          maxLength={backup ? 32 : 8}
          autoFocus
          required
          className={`${inputClass} font-mono tracking-widest`}
        />
      </label>
      <FormAlert error={error} />
      <SubmitButton pending={pending}>{pending ? 'Checking…' : 'Verify'}</SubmitButton>
      <div className="flex justify-between text-sm">
        <button
          type="button"
          onClick={() => {
            setBackup((b) => !b);
            setCode('');
            setError(null);
          }}
          className="font-medium text-primary hover:underline"
        >
          {backup ? 'Use your authenticator app' : 'Use a backup code'}
        </button>
        <button type="button" onClick={() => onRestart(null)} className="text-secondary-foreground hover:underline">
          Start over
        </button>
      </div>
    </form>
  );
}
