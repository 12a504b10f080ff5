'use client';

import { useState, type FormEvent } from 'react';

import { authClient } from '@cc/auth/client';

/** What a refused sign-in tells the user; better-auth's own messages are not always meant for people. */
function failureMessage(failure: { status: number; code?: string; message?: string }, retryAfter: number | null) {
  if (failure.status === 429) {
    const wait =
      retryAfter !== null && retryAfter < 60
        ? `wait ${retryAfter} ${retryAfter === 1 ? 'second' : 'seconds'}`
        : 'wait a minute';
    return `Too many sign-in attempts; ${wait} and try again.`;
  }
  // The session hook in packages/auth refuses disabled users; this is what better-auth makes of that.
  if (failure.code === 'FAILED_TO_CREATE_SESSION')
    return 'Sign-in refused: this user is disabled. Ask a server administrator.';
  return failure.message ?? 'Sign-in failed.';
}

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    let retryAfter: number | null = null;
    const { error: failure } = await authClient.signIn.email(
      { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
      {
        // better-auth's rate limiter says how long the block lasts; the error object does not carry it.
        onError: ({ response }) => {
          const seconds = Number(response.headers.get('x-retry-after'));
          if (Number.isFinite(seconds) && seconds > 0) retryAfter = seconds;
        },
      },
    );
    setPending(false);
    if (failure) {
      setError(failureMessage(failure, retryAfter));
      return;
    }
    window.location.assign(next);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <label className="block text-sm font-medium">
        Email
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </label>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
