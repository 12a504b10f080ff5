import type { ReactNode } from 'react';

/** The parts of a tRPC client error forms use; the API's errorFormatter adds `data.fieldErrors`. */
export interface FormErrorLike {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null; code?: string } | null;
}

/** The tRPC error code ('CONFLICT', 'NOT_FOUND', 'FORBIDDEN', …), if the error came from the API. */
export function errorCodeOf(error: FormErrorLike | null | undefined): string | undefined {
  return error?.data?.code ?? undefined;
}

export function fieldErrorsOf(error: FormErrorLike | null | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(error?.data?.fieldErrors ?? {})) {
    if (messages && messages.length > 0) out[field] = messages;
  }
  return out;
}

/**
 * The one-line summary for a form. Input-validation failures carry zod's JSON dump as `message`,
 * which is not for humans: summarise those and leave the detail to the fields.
 */
export function summaryOf(error: FormErrorLike, knownFields: readonly string[]): string {
  const fields = fieldErrorsOf(error);
  const stray = Object.entries(fields)
    .filter(([field]) => !knownFields.includes(field))
    .flatMap(([, messages]) => messages);
  if (stray.length > 0) return stray.join(' ');
  const message = error.message.trim();
  if (message && !message.startsWith('[') && !message.startsWith('{')) return message;
  return Object.keys(fields).length > 0 ? 'Check the highlighted fields.' : 'The request failed. Try again.';
}

/** Label, control, and the field's server-side errors underneath (linked for screen readers). */
export function Field({
  id,
  name,
  label,
  errors,
  hint,
  children,
}: {
  id: string;
  name: string;
  label: string;
  errors: string[] | undefined;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-foreground">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint && !errors && <p className="mt-1 text-xs text-muted-foreground">{hint}</p>}
      {errors && (
        <p id={`${id}-error`} data-testid={`field-error-${name}`} className="mt-1 text-xs text-danger-strong">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** The failure line under a small form; messages that belong to its fields stay with them. */
export function ErrorSummary({ error, fields }: { error: FormErrorLike | null; fields: readonly string[] }) {
  if (!error) return null;
  const fieldErrors = fieldErrorsOf(error);
  const known = Object.keys(fieldErrors);
  if (known.length > 0 && known.every((f) => fields.includes(f))) return null;
  return (
    <p role="alert" className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong">
      {summaryOf(error, fields)}
    </p>
  );
}

/** Border, padding and focus ring without a width, for controls that size themselves. */
export const inputBaseClass =
  'rounded border border-input bg-card px-2.5 py-1.5 text-sm shadow-xs focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary/20 aria-invalid:border-danger';

export const inputClass = `w-full ${inputBaseClass}`;
