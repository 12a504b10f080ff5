'use client';

import { authClient } from '@cc/auth/client';

export function SignOutButton() {
  return (
    <button
      type="button"
      className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
      onClick={async () => {
        await authClient.signOut();
        window.location.assign('/sign-in');
      }}
    >
      Sign out
    </button>
  );
}
