/** Errors services raise; the tRPC layer maps `code` to a status. Services never import tRPC. */
export type AppErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'TOO_MANY_REQUESTS' | 'UNAVAILABLE';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Per-field messages for forms (same shape as zod's flattened fieldErrors). */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function fieldError(code: AppErrorCode, field: string, message: string): AppError {
  return new AppError(code, message, { [field]: [message] });
}

/** The text of anything thrown, for audit entries, per-node results and logs. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
