'use client';

import { useQuery } from '@tanstack/react-query';

import { SCOPES } from '@cc/permissions';

import { ErrorPanel, Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { ChangePasswordForm } from './change-password-form';
import { FormatPreferences } from './format-preferences';
import { TwoFactorPanel } from './two-factor-panel';

export function AccountView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());

  return (
    <div className="max-w-3xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Your account</h1>
        <p className="text-sm text-muted-foreground">
          Who you are signed in as, what your role allows, your password and two-factor sign-in.
        </p>
      </div>

      {me.error && !me.data ? (
        <ErrorPanel>Could not load your account: {me.error.message}</ErrorPanel>
      ) : (
        <Panel title="Signed in as" testId="whoami">
          {!me.data ? (
            <p className="text-sm text-muted-foreground">Loading…</p>
          ) : (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="text-muted-foreground">Email</dt>
              <dd data-testid="me-email" className="font-medium">
                {me.data.email}
              </dd>
              <dt className="text-muted-foreground">Name</dt>
              <dd>{me.data.name}</dd>
              <dt className="text-muted-foreground">Role</dt>
              <dd data-testid="me-role">{me.data.roleLabel}</dd>
              <dt className="text-muted-foreground">Your role may</dt>
              <dd>
                <ul data-testid="me-scopes" className="list-disc space-y-0.5 pl-4">
                  {me.data.scopes.map((s) => (
                    <li key={s} data-scope={s}>
                      {SCOPES[s]}
                    </li>
                  ))}
                </ul>
              </dd>
            </dl>
          )}
        </Panel>
      )}

      <Panel title="Change password" testId="change-password">
        <ChangePasswordForm />
      </Panel>

      <TwoFactorPanel />

      <Panel title="Date and number format" testId="format-preferences">
        <FormatPreferences />
      </Panel>
    </div>
  );
}
