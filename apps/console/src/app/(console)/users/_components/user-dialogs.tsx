'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ZCreateUser, ZUserPassword } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, useZodForm } from '@cc/ui';

import { ConfirmStep } from '~/components/confirm-step';
import { Modal } from '~/components/modal';
import { NewPasswordForm } from '~/components/new-password-form';
import { SecretShown } from '~/components/one-time-secret';
import { useTRPC } from '~/trpc/react';

import type { UserRow } from './types';
import { domainsFor, UserFields } from './user-fields';

// users.update takes these fields (name and role required in the dialog).
const ZEditForm = ZCreateUser.pick({ name: true, role: true, domains: true });

export type UserAction = 'edit' | 'disable' | 'enable' | 'reset' | 'resetTwoFactor' | 'signOut';

const TITLES: Record<UserAction, string> = {
  edit: 'Edit user',
  disable: 'Disable user',
  enable: 'Enable user',
  reset: 'Reset password',
  resetTwoFactor: 'Reset two-factor',
  signOut: 'Sign out everywhere',
};

interface Props {
  user: UserRow;
  isSelf: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function UserDialogs({
  action,
  ...props
}: Omit<Props, 'user'> & { action: { kind: UserAction; user: UserRow } | null }) {
  return (
    <Modal
      open={action !== null}
      onClose={props.onClose}
      title={action ? `${TITLES[action.kind]}: ${action.user.email}` : ''}
      width="max-w-md"
    >
      {/* Mounted only while open: a generated password is gone once the dialog closes. */}
      {action?.kind === 'edit' && <EditUserForm user={action.user} {...props} />}
      {(action?.kind === 'disable' || action?.kind === 'enable') && (
        <SetDisabledConfirm user={action.user} disabled={action.kind === 'disable'} {...props} />
      )}
      {action?.kind === 'reset' && <ResetPasswordForm user={action.user} {...props} />}
      {action?.kind === 'resetTwoFactor' && <ResetTwoFactorConfirm user={action.user} {...props} />}
      {action?.kind === 'signOut' && <SignOutEverywhereConfirm user={action.user} {...props} />}
    </Modal>
  );
}

function useInvalidateUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.users.list.pathFilter());
}

function EditUserForm({ user, isSelf, onClose, onDone }: Props) {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const form = useZodForm(ZEditForm, { name: user.name, role: user.role, domains: user.domains });
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onDone(`Saved changes to ${user.email}.`);
        onClose();
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  return (
    <Form
      form={form}
      onSubmit={(values) => {
        const role = isSelf ? user.role : values.role;
        update.mutate({ id: user.id, name: values.name, role, domains: domainsFor({ role, domains: values.domains }) });
      }}
    >
      <UserFields autoFocusName roleLocked={isSelf} />
      <FormActions submitLabel="Save changes" pendingLabel="Saving…" pending={update.isPending} onCancel={onClose} />
    </Form>
  );
}

function SetDisabledConfirm({ user, isSelf, disabled, onClose, onDone }: Props & { disabled: boolean }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const setDisabled = useMutation(
    trpc.users.setDisabled.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onDone(disabled ? `User ${user.email} disabled and signed out everywhere.` : `User ${user.email} enabled.`);
        onClose();
      },
    }),
  );
  return (
    <ConfirmStep
      error={setDisabled.error}
      pending={setDisabled.isPending}
      confirmLabel={disabled ? 'Disable user' : 'Enable user'}
      pendingLabel={disabled ? 'Disabling…' : 'Enabling…'}
      onCancel={onClose}
      onConfirm={() => setDisabled.mutate({ id: user.id, disabled })}
    >
      {disabled ? (
        <>
          Disable <strong className="font-semibold">{user.email}</strong>
          {isSelf && ' (your own user)'}? They are signed out at once and cannot sign in until enabled again.
        </>
      ) : (
        <>
          Enable <strong className="font-semibold">{user.email}</strong> again? They can sign in with their current
          password.
        </>
      )}
    </ConfirmStep>
  );
}

function ResetPasswordForm({ user, isSelf, onClose, onDone }: Props) {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const [generated, setGenerated] = useState<string | null>(null);
  // Resetting your own password ended this session too.
  const finish = () => (isSelf ? window.location.assign('/sign-in') : onClose());
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      // The result may hold the generated password: not kept in the mutation cache after unmount.
      gcTime: 0,
      onSuccess: async (result) => {
        await invalidate();
        onDone(`Password of ${user.email} reset; they were signed out everywhere.`);
        if (result.generatedPassword) setGenerated(result.generatedPassword);
        else finish();
      },
    }),
  );

  if (generated) return <SecretShown testId="password-reset" label="New password" secret={generated} onDone={finish} />;
  return (
    <NewPasswordForm
      password={ZUserPassword}
      pending={reset.isPending}
      onSubmit={(password) => reset.mutateAsync({ id: user.id, password })}
      onCancel={onClose}
      intro={
        <>
          Every session of this user ends now, and they must choose their own password at the next sign-in.
          {isSelf && ' This is your own user: you will be signed out too.'}
        </>
      }
    />
  );
}

function SignOutEverywhereConfirm({ user, isSelf, onClose, onDone }: Props) {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const signOut = useMutation(
    trpc.users.signOutEverywhere.mutationOptions({
      onSuccess: async ({ ended }) => {
        // This browser's session was one of them.
        if (isSelf) return window.location.assign('/sign-in');
        await invalidate();
        onDone(`Signed ${user.email} out everywhere: ${ended} ${ended === 1 ? 'session' : 'sessions'} ended.`);
        onClose();
      },
    }),
  );
  return (
    <ConfirmStep
      error={signOut.error}
      pending={signOut.isPending}
      confirmLabel="Sign out everywhere"
      pendingLabel="Signing out…"
      onCancel={onClose}
      onConfirm={() => signOut.mutate({ id: user.id })}
    >
      End every session of <strong className="font-semibold">{user.email}</strong>
      {isSelf && ', including this one'}? They stay able to sign in again with their password.
    </ConfirmStep>
  );
}

function ResetTwoFactorConfirm({ user, onClose, onDone }: Props) {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const reset = useMutation(
    trpc.users.resetTwoFactor.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onDone(`Two-factor sign-in of ${user.email} turned off; they sign in with their password alone.`);
        onClose();
      },
    }),
  );
  return (
    <ConfirmStep
      error={reset.error}
      pending={reset.isPending}
      confirmLabel="Turn off two-factor"
      pendingLabel="Turning off…"
      onCancel={onClose}
      onConfirm={() => reset.mutate({ id: user.id })}
    >
      Turn off two-factor sign-in for <strong className="font-semibold">{user.email}</strong>? Use this when they lost
      their authenticator: their secret and backup codes are deleted, and they sign in with their password alone until
      they set it up again on their account page. Make sure the request really comes from them.
    </ConfirmStep>
  );
}
