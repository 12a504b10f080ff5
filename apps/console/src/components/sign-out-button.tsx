'use client';

import { authClient } from '@cc/auth/client';

export function SignOutButton() {
  return (
    <button
      type="button"
      className="rounded border border-input px-2 py-1 hover:bg-muted"
      onClick={async () => {
        await authClient.signOut();
        window.location.assign('/sign-in');
      }}
    >
      Sign out
    </button>
  );
}
