import type { ReactNode } from 'react';

import { fieldErrorsOf, summaryOf, type FormErrorLike } from '@cc/ui';

// Reading a tRPC error for a form is the form kit's (packages/ui/src/form/server-errors.ts); the
// console's own Field and ErrorSummary below serve the forms not on the kit yet.
export { errorCodeOf, fieldErrorsOf, summaryOf, type FormErrorLike } from '@cc/ui';

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
