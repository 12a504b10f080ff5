/** What better-auth's client returns for a refused call. */
export interface AuthFailure {
  status: number;
  code?: string | undefined;
  message?: string | undefined;
}

/** Plain words for the two-factor endpoints' refusals. */
export function twoFactorMessage(failure: AuthFailure): string {
  switch (failure.code) {
    case 'INVALID_PASSWORD':
      return 'That is not your password.';
    case 'INVALID_CODE':
      return 'That code is not right. Codes change every 30 seconds: type the one your app shows now.';
    case 'TOTP_ALREADY_ENABLED':
      return 'Two-factor sign-in is already on.';
    case 'TWO_FACTOR_NOT_ENABLED':
      return 'Two-factor sign-in is not on.';
  }
  if (failure.status === 429) return 'Too many attempts; wait a few seconds and try again.';
  if (failure.status === 401) return 'Your session ended; sign in again.';
  return failure.message ?? 'The request failed. Try again.';
}
