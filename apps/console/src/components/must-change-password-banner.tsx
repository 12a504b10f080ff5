import Link from 'next/link';

/** Shown on every console page while the user still signs in with a password someone else chose. */
export function MustChangePasswordBanner() {
  return (
    <div
      role="status"
      data-testid="must-change-password"
      className="border-b border-warning-border bg-warning-soft px-6 py-2 text-center text-sm text-warning-strong"
    >
      You are using a password someone else chose; change it before anything else.{' '}
      <Link href="/account" className="font-medium underline hover:text-warning-strong">
        Change your password
      </Link>
    </div>
  );
}
