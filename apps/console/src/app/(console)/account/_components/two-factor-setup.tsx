'use client';

import { useId, useMemo, useState, type FormEvent } from 'react';
import { renderSVG } from 'uqr';

import { authClient } from '@cc/auth/client';

import { Field, inputClass } from '~/components/form-errors';
import { buttonClass } from '~/components/panel';

import { twoFactorMessage } from './two-factor-errors';

/** The secret in groups of four, as authenticator apps accept it typed by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Step two of turning two-factor on: the new secret as a QR code (an <img> with a data: URL, which the
 * console's Content-Security-Policy allows for images; no inline markup or script) and as text, then a
 * first code from the app. Only a right code turns it on.
 */
export function TwoFactorSetup({
  totpURI,
  onVerified,
  onCancel,
}: {
  totpURI: string;
  onVerified: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const qr = useMemo(
    () => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(totpURI, { border: 2 }))}`,
    [totpURI],
  );
  const secret = useMemo(() => new URL(totpURI).searchParams.get('secret') ?? '', [totpURI]);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const typed = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(typed)) {
      setError('Enter the 6 digits your authenticator app shows.');
      return;
    }
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.twoFactor.verifyTotp({ code: typed });
    setPending(false);
    if (failure) {
      setError(twoFactorMessage(failure));
      setCode('');
      return;
    }
    onVerified();
  }

  return (
    <div className="space-y-4 text-sm" data-testid="two-factor-setup">
      <ol className="list-decimal space-y-1 pl-5 text-secondary-foreground">
        <li>Scan this QR code with an authenticator app (any app for time-based codes, RFC 6238).</li>
        <li>Type the 6-digit code it shows below. Two-factor sign-in is on once the code is right.</li>
      </ol>
      <div className="flex flex-wrap items-start gap-6">
        <img
          src={qr}
          alt="QR code with the new two-factor secret for your authenticator app"
          width={176}
          height={176}
          data-testid="two-factor-qr"
          className="rounded border border-border bg-card"
        />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="text-xs text-muted-foreground">Cannot scan? Enter this key in the app instead (time-based):</p>
          <code
            data-testid="two-factor-secret"
            className="block select-all break-all rounded border border-border bg-muted/60 px-2 py-1 font-mono text-sm"
          >
            {grouped(secret)}
          </code>
        </div>
      </div>
      <form onSubmit={onSubmit} noValidate className="max-w-xs space-y-3">
        <Field id={`${id}-code`} name="code" label="Code from the app" errors={error ? [error] : undefined}>
          <input
            id={`${id}-code`}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={8}
            autoFocus
            className={`${inputClass} font-mono tracking-widest`}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-code-error` : undefined}
          />
        </Field>
        <div className="flex gap-2">
          <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass.primary}>
            {pending ? 'Checking…' : 'Verify and turn on'}
          </button>
          <button type="button" onClick={onCancel} className={buttonClass.quiet}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
